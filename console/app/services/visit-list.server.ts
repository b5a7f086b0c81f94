// Issue 5: the coordinators' visit list (/visites), its CSV export and the cockpit's counts (/pilotage),
// all read through the filters of activities/domain/visit-filters.ts.
import { assignableProfessionalWhere } from '../../../activities/domain/delegation.js';
import { civilFromDbDate, frenchDate, mondayOf, parisCivilDate, plusDays, type CivilDate } from '../../../workflows/rules/calendar.js';
import { visitStatusLabels, visitTypeLabels } from '../../../workflows/rules/labels.js';
import {
  countVisits,
  filterCondition,
  listHref,
  OPEN_STATUS_LITERALS,
  OPEN_STATUSES,
  watchedVisits,
  type VisitFilters,
  type VisitListQuery,
} from '../../../activities/domain/visit-filters.js';
import { Prisma } from '../../../prisma/generated/client.js';
import type { VisitStatus } from '../../../prisma/generated/enums.js';
import { consoleContext } from './context.server.js';
import { csvDocument } from './csv.server.js';
import { frenchDbDate, frenchShortDateTime, personName } from './format.server.js';
import { modalityLabels } from './labels.server.js';

const PAGE_SIZE = 25;
/** A spreadsheet, not a data dump: past this the export asks for narrower filters. */
export const CSV_EXPORT_LIMIT = 10_000;

/** Overdue as the workflow flags it, or past the deadline while its flag is still on its way. */
export function isOverdue(visit: { overdue: boolean; status: string; deadline: Date }, today: CivilDate): boolean {
  return visit.overdue || ((OPEN_STATUSES as readonly string[]).includes(visit.status) && civilFromDbDate(visit.deadline) < today);
}

export interface VisitListRow {
  id: string;
  employee: string;
  employer: string;
  type: string;
  status: VisitStatus;
  statusLabel: string;
  modality: string;
  appointment: string | null;
  dueDate: string;
  deadline: string;
  overdue: boolean;
  billable: boolean;
  professional: string | null;
}

/** Up to `size` visits after the cursor, by (deadline, id), and the cursor of the next ones. */
async function visitPage(filters: VisitFilters, after: string | undefined, size: number, today: CivilDate) {
  const { db } = consoleContext();
  let condition = filterCondition(filters, today);
  if (after) {
    // Keyset pagination: stable while visits are added, and as fast on page 100 as on page 1.
    const [deadline, id] = after.split('_') as [string, string];
    condition = Prisma.sql`${condition} AND ("deadline", "id") > (${deadline}::date, ${id})`;
  }
  const pageIds = await db.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Visit" WHERE ${condition} ORDER BY "deadline", "id" LIMIT ${size + 1}`;
  const found = await db.visit.findMany({
    where: { id: { in: pageIds.map(({ id }) => id) } },
    select: {
      id: true,
      type: true,
      status: true,
      modality: true,
      appointmentAt: true,
      dueDate: true,
      deadline: true,
      overdue: true,
      billable: true,
      employee: { select: { firstNames: true, birthName: true, usedName: true, employer: { select: { name: true } } } },
      assignedProfessional: { select: { displayName: true } },
    },
  });
  const byId = new Map(found.map((visit) => [visit.id, visit]));
  const visits = pageIds.flatMap(({ id }) => byId.get(id) ?? []);
  const page = visits.slice(0, size);
  const last = page.at(-1);
  return {
    rows: page.map(
      (visit): VisitListRow => ({
        id: visit.id,
        employee: personName(visit.employee),
        employer: visit.employee.employer.name,
        type: visitTypeLabels[visit.type],
        status: visit.status,
        statusLabel: visitStatusLabels[visit.status],
        modality: modalityLabels[visit.modality],
        appointment: visit.appointmentAt ? frenchShortDateTime(visit.appointmentAt) : null,
        dueDate: frenchDbDate(visit.dueDate),
        deadline: frenchDbDate(visit.deadline),
        overdue: isOverdue(visit, today),
        billable: visit.billable,
        professional: visit.assignedProfessional?.displayName ?? null,
      }),
    ),
    nextCursor: visits.length > size && last ? `${civilFromDbDate(last.deadline)}_${last.id}` : null,
  };
}

export async function listVisits(query: VisitListQuery, now = new Date()): Promise<{ rows: VisitListRow[]; nextCursor: string | null }> {
  const { apres, ...filters } = query;
  return visitPage(filters, apres, PAGE_SIZE, parisCivilDate(now));
}

/** The professionals a visit can be assigned to, for the list's filter. */
export async function assignableProfessionals(): Promise<{ id: string; label: string }[]> {
  const professionals = await consoleContext().db.professional.findMany({
    where: assignableProfessionalWhere,
    select: { id: true, displayName: true, role: true },
    orderBy: { displayName: 'asc' },
  });
  return professionals.map(({ id, displayName, role }) => ({ id, label: `${displayName} (${role === 'DOCTOR' ? 'médecin' : 'infirmier·ère'})` }));
}

const CSV_HEADER = ['Salarié', 'Employeur', 'Type', 'Statut', 'Modalité', 'Rendez-vous', 'Date cible', 'Échéance', 'En retard', 'Professionnel', 'Facturable'];
const yesNo = (value: boolean) => (value ? 'oui' : 'non');

/**
 * The filtered visits as CSV, in the list's order, read by keyset pages. Administrative fields only: no
 * outcome, no clinical note. `truncated` when more than CSV_EXPORT_LIMIT visits match.
 */
export async function visitsCsv(filters: VisitFilters, now = new Date()): Promise<{ csv: string; rows: number; truncated: boolean }> {
  const today = parisCivilDate(now);
  const rows: VisitListRow[] = [];
  let after: string | undefined;
  do {
    const page = await visitPage(filters, after, Math.min(1_000, CSV_EXPORT_LIMIT - rows.length), today);
    rows.push(...page.rows);
    after = page.nextCursor ?? undefined;
  } while (after && rows.length < CSV_EXPORT_LIMIT);
  const lines = rows.map((row) => [
    row.employee,
    row.employer,
    row.type,
    row.statusLabel,
    row.modality,
    row.appointment,
    row.dueDate,
    row.deadline,
    yesNo(row.overdue),
    row.professional,
    yesNo(row.billable),
  ]);
  return { csv: csvDocument([CSV_HEADER, ...lines]), rows: rows.length, truncated: Boolean(after) };
}

export interface CockpitCount {
  label: string;
  hint: string;
  count: number;
  href: string;
}

export interface CockpitWeek {
  label: string;
  count: number;
  href: string;
}

export const COCKPIT_HORIZONS = [7, 14, 30] as const;
const CHART_WEEKS = 8;

/**
 * The cockpit: open visits counted by what a coordinator acts on, each count a link to the list showing
 * exactly those visits, and open visits by week of deadline over the next weeks.
 */
export async function loadCockpit(horizonDays: number, now = new Date()): Promise<{ counts: CockpitCount[]; weeks: CockpitWeek[] }> {
  const today = parisCivilDate(now);
  const { db } = consoleContext();
  const tiles: { label: string; hint: string; filters: VisitFilters }[] = [
    { label: 'À planifier', hint: 'aucun rendez-vous fixé', filters: { statut: 'TO_SCHEDULE' } },
    { label: 'Planifiées', hint: 'rendez-vous fixé, visite à réaliser', filters: { statut: 'SCHEDULED' } },
    { label: `Échéance dans les ${horizonDays} jours`, hint: 'ouvertes, échéance d’ici là', filters: watchedVisits.dueWithin(today, horizonDays) },
    { label: 'En retard', hint: 'ouvertes, échéance dépassée', filters: watchedVisits.overdue },
    { label: 'Sans professionnel', hint: 'ouvertes, personne ne la tient', filters: watchedVisits.unassigned },
    { label: 'En attente du consentement', hint: 'téléconsultation que le salarié n’a pas encore acceptée', filters: watchedVisits.awaitingConsent },
    { label: 'Réorientées vers un médecin', hint: 'en attente de la conclusion du médecin', filters: watchedVisits.reoriented },
  ];
  const firstMonday = mondayOf(today);
  const chartEnd = plusDays(firstMonday, CHART_WEEKS * 7);
  const [counts, weekly] = await Promise.all([
    Promise.all(
      tiles.map(async (tile) => {
        return { label: tile.label, hint: tile.hint, count: await countVisits(db, tile.filters, today), href: listHref(tile.filters) };
      }),
    ),
    db.$queryRaw<{ week: string; count: number }[]>`
      SELECT to_char(date_trunc('week', "deadline"), 'YYYY-MM-DD') AS "week", count(*)::int AS "count" FROM "Visit"
      WHERE "status" IN (${OPEN_STATUS_LITERALS}) AND "deadline" >= ${firstMonday}::date AND "deadline" < ${chartEnd}::date
      GROUP BY 1`,
  ]);
  const byWeek = new Map(weekly.map((row) => [row.week, row.count]));
  const weeks = Array.from({ length: CHART_WEEKS }, (_, index) => {
    const monday = plusDays(firstMonday, index * 7);
    const sunday = plusDays(monday, 6);
    return {
      label: `Semaine du ${frenchDate(monday)}`,
      count: byWeek.get(monday) ?? 0,
      href: listHref({ ouvertes: '1', echeanceDu: monday, echeanceAu: sunday }),
    };
  });
  return { counts, weeks };
}
