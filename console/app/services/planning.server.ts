// Issue 5: the professionals' diaries, as the service's opening slots per day and per week, with the visits
// booked in them; from a visit to schedule, a free slot books it (the visit workflow's scheduleVisit, as the
// visit page sends it). Diaries are the service's opening hours for every professional: personal hours,
// leave and rooms are not modelled yet.
import { assignableProfessionalWhere, delegationCheckFor } from '../../../activities/domain/delegation.js';
import { DomainError } from '../../../activities/domain/errors.js';
import { protocolConfigOf } from '../../../activities/domain/protocol.js';
import { frenchDate, isCivilDate, mondayOf, parisCivilDate, plusDays, type CivilDate } from '../../../workflows/rules/calendar.js';
import { roleLabels, visitTypeLabels } from '../../../workflows/rules/labels.js';
import { isProfessionalRole, roleMayPerform, type VisitType } from '../../../workflows/rules/visit-types.js';
import type { SignedInProfessional } from './auth.server.js';
import { consoleContext } from './context.server.js';
import { scheduleVisit } from './decisions.server.js';
import { personName } from './format.server.js';
import { parisInstant, parisLocalInput } from './paris-time.server.js';

/** Opening periods, Monday to Friday, Paris time. */
const OPENING_PERIODS = [
  { from: 9 * 60, to: 12 * 60 },
  { from: 14 * 60, to: 17 * 60 + 30 },
] as const;
export const SLOT_MINUTES = 30;
const WORKING_DAYS = 5;
const weekdayFormat = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', timeZone: 'UTC' });

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const SLOT_TIMES = OPENING_PERIODS.flatMap(({ from, to }) =>
  Array.from({ length: (to - from) / SLOT_MINUTES }, (_, index) => hhmm(from + index * SLOT_MINUTES)),
);

/** The slot an appointment falls in: its Paris day and the start of its half hour. */
function slotOf(instant: Date): string {
  const local = parisLocalInput(instant);
  const minutes = Number(local.slice(11, 13)) * 60 + Number(local.slice(14, 16));
  return `${local.slice(0, 10)}T${hhmm(minutes - (minutes % SLOT_MINUTES))}`;
}

export interface PlanningQuery {
  view: 'jour' | 'semaine';
  /** The day shown, or any day of the week shown. */
  date: CivilDate;
  professionalId?: string;
  /** The visit being booked, when the planning was opened from it. */
  visitId?: string;
}

export function parsePlanningQuery(searchParams: URLSearchParams, now = new Date()): PlanningQuery {
  const date = searchParams.get('date') ?? '';
  return {
    view: searchParams.get('vue') === 'jour' ? 'jour' : 'semaine',
    date: isCivilDate(date) ? date : parisCivilDate(now),
    professionalId: searchParams.get('professionnel') || undefined,
    visitId: searchParams.get('visite') || undefined,
  };
}

/** The planning's URL for a query: its day, week and booking links. */
export function planningHref(query: PlanningQuery): string {
  const params = new URLSearchParams({ vue: query.view, date: query.date });
  if (query.professionalId) params.set('professionnel', query.professionalId);
  if (query.visitId) params.set('visite', query.visitId);
  return `/planning?${params.toString()}`;
}

export interface PlanningSlot {
  /** The Paris wall-clock start, as the scheduling form sends it. */
  local: string;
  time: string;
  booked: { visitId: string; label: string }[];
  /** Free, in the future, and open to the visit being booked (role, R-DEL-1 protocol on that day). */
  bookable: boolean;
  /** Why a free slot cannot be booked: past, or closed to the visit being booked. */
  closedBecause?: string;
}

const visitToBookSelect = {
  id: true,
  type: true,
  status: true,
  performer: true,
  modality: true,
  remoteProposedBy: true,
  protocolVersion: true,
  reorientationWorkflowId: true,
  employee: { select: { firstNames: true, birthName: true, usedName: true } },
} as const;

async function visitToBook(visitId: string) {
  const visit = await consoleContext().db.visit.findUnique({ where: { id: visitId }, select: visitToBookSelect });
  if (!visit) throw new DomainError('NOT_FOUND', 'Visite introuvable.');
  if ((visit.status !== 'TO_SCHEDULE' && visit.status !== 'SCHEDULED') || visit.reorientationWorkflowId) {
    throw new DomainError('CONFLICT', 'Cette visite ne se planifie plus : elle est close ou réorientée vers le médecin.');
  }
  return visit;
}

export async function loadPlanning(query: PlanningQuery, now = new Date()) {
  const { db } = consoleContext();
  const days = query.view === 'jour' ? [query.date] : Array.from({ length: WORKING_DAYS }, (_, index) => plusDays(mondayOf(query.date), index));
  const visit = query.visitId ? await visitToBook(query.visitId) : null;
  const everyone = await db.professional.findMany({
    where: assignableProfessionalWhere,
    select: { id: true, displayName: true, role: true },
    orderBy: { displayName: 'asc' },
  });
  const professionals = everyone.filter(
    (professional) =>
      isProfessionalRole(professional.role) &&
      (!query.professionalId || professional.id === query.professionalId) &&
      (!visit || roleMayPerform(professional.role, visit.performer)),
  );
  const booked = await db.visit.findMany({
    where: {
      status: 'SCHEDULED',
      assignedProfessionalId: { in: professionals.map((professional) => professional.id) },
      appointmentAt: { gte: new Date(parisInstant(`${days[0]}T00:00`)), lt: new Date(parisInstant(`${plusDays(days.at(-1)!, 1)}T00:00`)) },
    },
    select: { id: true, appointmentAt: true, assignedProfessionalId: true, type: true, modality: true, employee: { select: { firstNames: true, birthName: true, usedName: true } } },
    orderBy: { appointmentAt: 'asc' },
  });
  const bookedBySlot = new Map<string, PlanningSlot['booked']>();
  for (const appointment of booked) {
    const key = `${appointment.assignedProfessionalId}|${slotOf(appointment.appointmentAt!)}`;
    const label = `${personName(appointment.employee)} — ${visitTypeLabels[appointment.type]}${appointment.modality === 'REMOTE' ? ' (téléconsultation)' : ''}`;
    bookedBySlot.set(key, [...(bookedBySlot.get(key) ?? []), { visitId: appointment.id, label }]);
  }
  // Outside the opening slots (an appointment fixed at 8:00 or 12:15): shown with its day, never hidden.
  const slotKeys = new Set(professionals.flatMap((professional) => days.flatMap((day) => SLOT_TIMES.map((time) => `${professional.id}|${day}T${time}`))));

  const rows = await Promise.all(
    professionals.map(async (professional) => {
      const delegated = visit ? await delegationCheckFor(db, professional.id) : null;
      const coverage = (type: VisitType, day: CivilDate): string | undefined => {
        try {
          delegated?.(type, day);
          return undefined;
        } catch (error) {
          if (error instanceof DomainError) return 'Hors protocole de délégation ce jour-là (R-DEL-1)';
          throw error;
        }
      };
      return {
        id: professional.id,
        label: `${professional.displayName} — ${roleLabels[professional.role as keyof typeof roleLabels]}`,
        days: days.map((day) => {
          const closedBecause = visit ? coverage(visit.type, day) : undefined;
          const slots: PlanningSlot[] = SLOT_TIMES.map((time) => {
            const local = `${day}T${time}`;
            const taken = bookedBySlot.get(`${professional.id}|${local}`) ?? [];
            const future = new Date(parisInstant(local)) > now;
            const closed = future ? closedBecause : 'Passé';
            return { local, time, booked: taken, bookable: Boolean(visit) && taken.length === 0 && !closed, closedBecause: taken.length === 0 ? closed : undefined };
          });
          const outside = [...bookedBySlot].flatMap(([key, entries]) =>
            key.startsWith(`${professional.id}|${day}T`) && !slotKeys.has(key) ? entries.map((entry) => ({ ...entry, time: key.slice(-5) })) : [],
          );
          return { day, slots, outside, closedBecause, free: slots.filter((slot) => slot.booked.length === 0 && slot.closedBecause === undefined).length };
        }),
      };
    }),
  );

  const reasons = visit?.status === 'SCHEDULED' ? (await protocolConfigOf(db, visit.protocolVersion)).steeringReasons.RESCHEDULE : null;
  return {
    query,
    days: days.map((day) => ({ day, label: `${weekdayFormat.format(new Date(`${day}T12:00:00Z`))} ${frenchDate(day)}` })),
    rows,
    slotMinutes: SLOT_MINUTES,
    professionalOptions: everyone.map((professional) => ({ id: professional.id, label: professional.displayName })),
    booking: visit
      ? { id: visit.id, employee: personName(visit.employee), type: visitTypeLabels[visit.type], rescheduling: visit.status === 'SCHEDULED', remote: visit.modality === 'REMOTE', reasons }
      : null,
    links: {
      previous: planningHref({ ...query, date: plusDays(query.date, query.view === 'jour' ? -1 : -7) }),
      next: planningHref({ ...query, date: plusDays(query.date, query.view === 'jour' ? 1 : 7) }),
      week: planningHref({ ...query, view: 'semaine' }),
    },
  };
}
export type Planning = Awaited<ReturnType<typeof loadPlanning>>;

/**
 * Books the visit into the slot chosen on the planning: `slot` is « professional|Paris wall-clock start ». The
 * visit keeps its modality; a slot taken meanwhile is refused. Returns the visit's id.
 */
export async function bookSlot(request: Request, actor: SignedInProfessional, fields: Record<string, FormDataEntryValue>): Promise<string> {
  const visit = await visitToBook(String(fields.visitId ?? ''));
  const [professionalId = '', local = ''] = String(fields.slot ?? '').split('|');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) throw new DomainError('VALIDATION', 'Choisissez un créneau du planning.');
  const start = new Date(parisInstant(local));
  const taken = await consoleContext().db.visit.count({
    where: { status: 'SCHEDULED', assignedProfessionalId: professionalId, appointmentAt: { gte: start, lt: new Date(start.getTime() + SLOT_MINUTES * 60_000) }, id: { not: visit.id } },
  });
  if (taken > 0) throw new DomainError('CONFLICT', 'Ce créneau vient d’être pris : choisissez-en un autre.');
  await scheduleVisit(request, actor, visit.id, {
    appointmentAt: local,
    professionalId,
    modality: visit.modality,
    remoteProposedBy: visit.remoteProposedBy ?? undefined,
    reasonCode: fields.reasonCode,
    reasonDetails: fields.reasonDetails,
  });
  return visit.id;
}
