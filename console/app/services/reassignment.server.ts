// Issue 5: scheduled visits given to another professional, one from its page or many from a filter of the list
// (« every scheduled return-to-work visit of Dr X to Dr Y »). The appointment and its modality stay; the change
// travels as the workflow's scheduleVisit update, so the workflow and R-DEL-1 judge it as they judge any move.
// In bulk a simulation (dry run) comes first: which visits would change, and why each other one would not;
// applying checks that the simulated selection still holds, then sends each visit's decision, audited one by one.
import { createHash } from 'node:crypto';
import { delegationCheckFor } from '../../../activities/domain/delegation.js';
import { DomainError } from '../../../activities/domain/errors.js';
import { parseInput } from '../../../activities/domain/input.js';
import { publishedProtocol } from '../../../activities/domain/protocol.js';
import { filterCondition, type VisitFilters } from '../../../activities/domain/visit-filters.js';
import { sendWorkflowUpdate } from '../../../activities/domain/visits.js';
import { Prisma } from '../../../prisma/generated/client.js';
import { parisCivilDate, type CivilDate } from '../../../workflows/rules/calendar.js';
import { visitTypeLabels } from '../../../workflows/rules/labels.js';
import { isProfessionalRole, roleMayPerform, type ProfessionalRole, type VisitType } from '../../../workflows/rules/visit-types.js';
import { scheduleFormSchema } from '../../../workflows/visit/forms.js';
import { scheduleVisitUpdate } from '../../../workflows/visit/messages.js';
import { reassignFieldsSchema } from '../forms/reassign-form.js';
import type { SignedInProfessional } from './auth.server.js';
import { consoleContext } from './context.server.js';
import { actorOf, codedReason, decide } from './decisions.server.js';
import { frenchShortDateTime, personName } from './format.server.js';

/** One request applies a batch; past this the coordinator narrows the filter. */
export const BULK_REASSIGN_LIMIT = 500;
/** Decisions in flight at once: each waits for its workflow's write, and the worker's slots are shared. */
const CONCURRENCY = 4;

const candidateSelect = {
  id: true,
  workflowId: true,
  type: true,
  performer: true,
  status: true,
  appointmentAt: true,
  modality: true,
  remoteProposedBy: true,
  assignedProfessionalId: true,
  reorientationWorkflowId: true,
  protocolVersion: true,
  employee: { select: { firstNames: true, birthName: true, usedName: true, frozenAt: true } },
  assignedProfessional: { select: { displayName: true } },
} satisfies Prisma.VisitSelect;
type Candidate = Prisma.VisitGetPayload<{ select: typeof candidateSelect }>;

const skipLabels = {
  FROZEN: 'dossier gelé à la demande du salarié (R-DATA-3)',
  NOT_SCHEDULED: 'plus de rendez-vous en cours (à replanifier, conclue ou annulée)',
  REORIENTED: 'réorientée vers le médecin, qui la conclut',
  APPOINTMENT_PASSED: 'rendez-vous déjà passé',
  ALREADY_HELD: 'déjà confiée à ce professionnel',
  DOCTOR_REQUIRED: 'un médecin du travail est requis pour ce type de visite',
  NOT_DELEGATED: 'aucun protocole de délégation de cet(te) infirmier(ère) ne la couvre à la date du rendez-vous (R-DEL-1)',
} as const;
type Skip = keyof typeof skipLabels;

interface Target {
  id: string;
  role: ProfessionalRole;
  displayName: string;
  /** R-DEL-1: throws the refusal for a nurse no protocol covers; the schedule update's `delegated` flag otherwise. */
  delegated: (type: VisitType, day: CivilDate) => boolean;
}

async function targetOf(professionalId: string): Promise<Target> {
  const professional = await consoleContext().db.professional.findUnique({ where: { id: professionalId }, select: { role: true, displayName: true } });
  if (!professional || !isProfessionalRole(professional.role)) {
    throw new DomainError('VALIDATION', 'Certaines données sont invalides.', { professionalId: 'Choisissez un professionnel de la liste' });
  }
  // R-DEL-5: an establishment's nurse is refused here, for the whole batch.
  const delegated = await delegationCheckFor(consoleContext().db, professionalId);
  return { id: professionalId, role: professional.role, displayName: professional.displayName, delegated };
}

/** Why this visit would not change; checked by the simulation and again just before each decision is sent. */
function skipOf(visit: Candidate, target: Target, now: Date): Skip | undefined {
  if (visit.employee.frozenAt) return 'FROZEN';
  if (visit.status !== 'SCHEDULED' || !visit.appointmentAt) return 'NOT_SCHEDULED';
  if (visit.reorientationWorkflowId) return 'REORIENTED';
  if (visit.appointmentAt <= now) return 'APPOINTMENT_PASSED';
  if (visit.assignedProfessionalId === target.id) return 'ALREADY_HELD';
  if (!roleMayPerform(target.role, visit.performer)) return 'DOCTOR_REQUIRED';
  try {
    target.delegated(visit.type, parisCivilDate(visit.appointmentAt));
  } catch (error) {
    if (error instanceof DomainError) return 'NOT_DELEGATED';
    throw error;
  }
  return undefined;
}

/** The decision for one visit, audited `visit.reassign` (or `.refused`, with the reason the visit could not change). */
async function sendReassignment(request: Request, actor: SignedInProfessional, visit: Candidate, target: Target, reason: { text: string; audited: string }) {
  await decide(
    request,
    actor,
    'visit.reassign',
    visit.id,
    async () => {
      const skip = skipOf(visit, target, new Date());
      if (skip) throw new DomainError('REFUSED', `Cette visite ne peut pas être confiée à ${target.displayName} : ${skipLabels[skip]}.`);
      const appointmentAt = visit.appointmentAt!;
      const form = parseInput(scheduleFormSchema, {
        appointmentAt: appointmentAt.toISOString(),
        professionalId: target.id,
        reason: reason.text,
        modality: visit.modality,
        remoteProposedBy: visit.remoteProposedBy ?? undefined,
      });
      const delegated = target.delegated(visit.type, parisCivilDate(appointmentAt));
      return sendWorkflowUpdate(consoleContext().temporal, visit.workflowId, scheduleVisitUpdate, { actor: actorOf(actor), form, professionalRole: target.role, delegated });
    },
    reason.audited,
  );
}

/** From the visit's page: the reason comes from the list of the visit's own protocol version. Returns who now holds it. */
export async function reassignVisit(request: Request, actor: SignedInProfessional, visitId: string, fields: unknown): Promise<string> {
  const form = parseInput(reassignFieldsSchema, fields);
  const visit = await consoleContext().db.visit.findUnique({ where: { id: visitId }, select: candidateSelect });
  if (!visit) throw new DomainError('NOT_FOUND', 'Visite introuvable.');
  const target = await targetOf(form.professionalId);
  await sendReassignment(request, actor, visit, target, await codedReason(visit.protocolVersion, 'REASSIGN', form));
  return target.displayName;
}

export interface ReassignmentPlan {
  target: string;
  /** Scheduled visits of the filter. */
  considered: number;
  /** The visits that will change, by appointment. */
  changes: { id: string; employee: string; type: string; appointment: string; from: string | null; remote: boolean }[];
  skipped: { reason: string; count: number }[];
  /** Ties the confirmation to this exact selection: applying refuses a selection that changed meanwhile. */
  fingerprint: string;
}

/** The scheduled visits the filter selects, at most the batch limit. */
async function scheduledVisitsOf(filters: VisitFilters, now: Date): Promise<Candidate[]> {
  const { db } = consoleContext();
  const ids = await db.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Visit" WHERE ${filterCondition(filters, parisCivilDate(now))} AND "status" = 'SCHEDULED'
    ORDER BY "deadline", "id" LIMIT ${BULK_REASSIGN_LIMIT + 1}`;
  if (ids.length > BULK_REASSIGN_LIMIT) {
    throw new DomainError(
      'VALIDATION',
      `Plus de ${BULK_REASSIGN_LIMIT} visites planifiées correspondent à ce filtre : affinez-le (professionnel, type, échéance) et réaffectez-les en plusieurs fois.`,
    );
  }
  const rows = await db.visit.findMany({ where: { id: { in: ids.map(({ id }) => id) } }, select: candidateSelect });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap(({ id }) => byId.get(id) ?? []);
}

/** The number of scheduled visits a filter selects, shown before anything is chosen. */
export async function scheduledVisitCount(filters: VisitFilters, now = new Date()): Promise<number> {
  const [row] = await consoleContext().db.$queryRaw<[{ count: number }]>`
    SELECT count(*)::int AS "count" FROM "Visit" WHERE ${filterCondition(filters, parisCivilDate(now))} AND "status" = 'SCHEDULED'`;
  return row.count;
}

interface PlannedBatch {
  plan: ReassignmentPlan;
  target: Target;
  visits: Candidate[];
}

async function planBatch(filters: VisitFilters, professionalId: string, now: Date): Promise<PlannedBatch> {
  const target = await targetOf(professionalId);
  const considered = await scheduledVisitsOf(filters, now);
  const skips = new Map<Skip, number>();
  const visits: Candidate[] = [];
  for (const visit of considered) {
    const skip = skipOf(visit, target, now);
    if (skip) skips.set(skip, (skips.get(skip) ?? 0) + 1);
    else visits.push(visit);
  }
  // In the order the professional will see them in their diary.
  visits.sort((a, b) => a.appointmentAt!.getTime() - b.appointmentAt!.getTime() || a.id.localeCompare(b.id));
  const changes = visits.map((visit) => ({
    id: visit.id,
    employee: personName(visit.employee),
    type: visitTypeLabels[visit.type],
    appointment: frenchShortDateTime(visit.appointmentAt!),
    from: visit.assignedProfessional?.displayName ?? null,
    remote: visit.modality === 'REMOTE',
  }));
  const fingerprint = createHash('sha256')
    .update([target.id, ...visits.map((visit) => visit.id)].join(','))
    .digest('base64url');
  const skipped = [...skips].map(([skip, count]) => ({ reason: skipLabels[skip], count }));
  return { plan: { target: target.displayName, considered: considered.length, changes, skipped, fingerprint }, target, visits };
}

/** The dry run: nothing is sent. */
export async function simulateReassignment(filters: VisitFilters, fields: unknown, now = new Date()): Promise<ReassignmentPlan> {
  const form = parseInput(reassignFieldsSchema, fields);
  return (await planBatch(filters, form.professionalId, now)).plan;
}

export type BulkReassignment =
  | { kind: 'selection-changed'; plan: ReassignmentPlan }
  | { kind: 'applied'; target: string; changed: number; failures: { id: string; employee: string; message: string }[] };

/**
 * Applies the simulated batch, if the filter still selects the same visits for the same professional; otherwise
 * returns the new simulation to confirm. Each visit is its own decision: one refused leaves the others applied.
 */
export async function applyReassignment(request: Request, actor: SignedInProfessional, filters: VisitFilters, fields: Record<string, unknown>): Promise<BulkReassignment> {
  const form = parseInput(reassignFieldsSchema, fields);
  const { plan, target, visits } = await planBatch(filters, form.professionalId, new Date());
  if (plan.fingerprint !== fields.fingerprint) return { kind: 'selection-changed', plan };
  const { version } = await publishedProtocol(consoleContext().db);
  const reason = await codedReason(version, 'REASSIGN', form);
  const batchReason = { text: reason.text, audited: `${reason.audited} (réaffectation groupée de ${visits.length} visites)` };
  const failures: { id: string; employee: string; message: string }[] = [];
  const queue = [...visits];
  const sendNext = async (): Promise<void> => {
    for (let visit = queue.shift(); visit; visit = queue.shift()) {
      try {
        await sendReassignment(request, actor, visit, target, batchReason);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        failures.push({ id: visit.id, employee: personName(visit.employee), message: error.message });
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, sendNext));
  return { kind: 'applied', target: target.displayName, changed: visits.length - failures.length, failures };
}
