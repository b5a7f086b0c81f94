// Human decisions sent to a visit's workflow. The forms were validated in the browser; every field
// is parsed again here with the same schemas, then the workflow has the last word (its refusal
// comes back as a French message, shown on the form).
import { assertDelegationCovers, concludeReorientation } from '../../../activities/domain/delegation.js';
import { DomainError } from '../../../activities/domain/errors.js';
import { parseInput } from '../../../activities/domain/input.js';
import { sendWorkflowUpdate } from '../../../activities/domain/visits.js';
import { parisCivilDate } from '../../../workflows/rules/calendar.js';
import { reorientationReasonLabels } from '../../../workflows/rules/labels.js';
import {
  cancelVisitUpdate,
  concludeVisitUpdate,
  excuseAbsenceUpdate,
  recordNoShowUpdate,
  reorientToDoctorUpdate,
  scheduleVisitUpdate,
  type Actor,
} from '../../../workflows/visit/messages.js';
import {
  absenceExcuseFormSchema,
  cancellationFormSchema,
  conclusionFormSchema,
  reorientationFormSchema,
  scheduleFormSchema,
} from '../../../workflows/visit/forms.js';
import { scheduleFieldsSchema } from '../forms/schedule-form.js';
import { audit, type AuditAction } from './audit.server.js';
import type { SignedInProfessional } from './auth.server.js';
import { consoleContext } from './context.server.js';
import { parisInstant } from './paris-time.server.js';
import { isTemporalUnavailable, temporalUnavailableMessage } from './temporal-errors.server.js';

function actorOf(professional: SignedInProfessional): Actor {
  return { id: professional.id, role: professional.role, displayName: professional.displayName };
}

async function visitWorkflowId(visitId: string): Promise<string> {
  const visit = await consoleContext().db.visit.findUnique({ where: { id: visitId }, select: { workflowId: true } });
  if (!visit) throw new DomainError('NOT_FOUND', 'Visite introuvable.');
  return visit.workflowId;
}

/** Sends the decision and audits its outcome, accepted or refused; an unreachable engine becomes a 503. */
async function decide(
  request: Request,
  actor: SignedInProfessional,
  action: Extract<AuditAction, 'visit.schedule' | 'visit.cancel' | 'visit.conclude' | 'visit.excuse-absence' | 'visit.no-show' | 'visit.reorient'>,
  visitId: string,
  send: () => Promise<unknown>,
  reason?: string,
): Promise<void> {
  try {
    await send();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'REFUSED') {
      await audit(request, { actor, action: `${action}.refused`, entityType: 'Visit', entityId: visitId, reason: error.message });
      throw error;
    }
    if (isTemporalUnavailable(error)) throw new DomainError('UNAVAILABLE', temporalUnavailableMessage, undefined, { cause: error });
    throw error;
  }
  await audit(request, { actor, action, entityType: 'Visit', entityId: visitId, reason });
}

export async function scheduleVisit(request: Request, actor: SignedInProfessional, visitId: string, fields: unknown): Promise<void> {
  const { db, temporal } = consoleContext();
  const local = parseInput(scheduleFieldsSchema, fields);
  const form = parseInput(scheduleFormSchema, { ...local, appointmentAt: parisInstant(local.appointmentAt) });
  const workflowId = await visitWorkflowId(visitId);
  const professional = await db.professional.findUnique({ where: { id: form.professionalId }, select: { role: true } });
  if (!professional) {
    throw new DomainError('VALIDATION', 'Certaines données sont invalides.', { professionalId: 'Choisissez un professionnel de la liste' });
  }
  // R-DEL-1: the protocol check happens here (the workflow cannot read protocols); its refusal is audited like the workflow's.
  const { type } = await db.visit.findUniqueOrThrow({ where: { id: visitId }, select: { type: true } });
  await decide(request, actor, 'visit.schedule', visitId, async () => {
    const delegated = await assertDelegationCovers(db, form.professionalId, type, parisCivilDate(new Date(form.appointmentAt)));
    return sendWorkflowUpdate(temporal, workflowId, scheduleVisitUpdate, { actor: actorOf(actor), form, professionalRole: professional.role, delegated });
  }, form.reason);
}

export async function cancelVisit(request: Request, actor: SignedInProfessional, visitId: string, fields: unknown): Promise<void> {
  const form = parseInput(cancellationFormSchema, fields);
  const workflowId = await visitWorkflowId(visitId);
  await decide(
    request,
    actor,
    'visit.cancel',
    visitId,
    () => sendWorkflowUpdate(consoleContext().temporal, workflowId, cancelVisitUpdate, { actor: actorOf(actor), form }),
    form.reason,
  );
}

/** R-OPS-1: the workflow bills the employer when the excuse comes less than the protocol's hours ahead. */
export async function excuseAbsence(request: Request, actor: SignedInProfessional, visitId: string, fields: unknown): Promise<void> {
  const form = parseInput(absenceExcuseFormSchema, fields);
  const workflowId = await visitWorkflowId(visitId);
  await decide(
    request,
    actor,
    'visit.excuse-absence',
    visitId,
    () => sendWorkflowUpdate(consoleContext().temporal, workflowId, excuseAbsenceUpdate, { actor: actorOf(actor), form }),
    form.reason,
  );
}

export async function recordNoShow(request: Request, actor: SignedInProfessional, visitId: string): Promise<void> {
  const workflowId = await visitWorkflowId(visitId);
  await decide(request, actor, 'visit.no-show', visitId, () =>
    sendWorkflowUpdate(consoleContext().temporal, workflowId, recordNoShowUpdate, { actor: actorOf(actor) }),
  );
}

/** The open task a conclusion or a re-orientation is sent from, of one of `kinds`. */
async function openTask(taskId: string, kinds: readonly ('CONSULTATION' | 'REORIENTATION')[]) {
  const task = await consoleContext().db.humanTask.findUnique({
    where: { id: taskId },
    select: { kind: true, status: true, visit: { select: { id: true, workflowId: true } } },
  });
  const kind = kinds.find((candidate) => candidate === task?.kind);
  if (!task || !kind) throw new DomainError('NOT_FOUND', 'Consultation introuvable.');
  if (task.status !== 'OPEN') throw new DomainError('CONFLICT', 'Cette consultation n’est plus ouverte : la visite a été replanifiée, annulée ou conclue.');
  return { kind, visit: task.visit };
}

/**
 * Concludes the consultation of an open CONSULTATION task, or the doctor's consultation of a re-oriented
 * visit (R-DEL-2), sent to its re-orientation workflow; returns the visit to show next.
 */
export async function concludeTask(request: Request, actor: SignedInProfessional, taskId: string, fields: Record<string, FormDataEntryValue>): Promise<string> {
  const { db, temporal } = consoleContext();
  // A ticked checkbox posts "on" and an unticked one nothing; the schema wants a boolean.
  const form = parseInput(conclusionFormSchema, { ...fields, coupledMidCareer: fields.coupledMidCareer === 'on' });
  const { kind, visit } = await openTask(taskId, ['CONSULTATION', 'REORIENTATION']);
  await decide(request, actor, 'visit.conclude', visit.id, () =>
    kind === 'REORIENTATION'
      ? concludeReorientation(db, temporal, visit.id, { actor: actorOf(actor), form })
      : sendWorkflowUpdate(temporal, visit.workflowId, concludeVisitUpdate, { actor: actorOf(actor), form }),
  );
  return visit.id;
}

/** R-DEL-2..4: the nurse hands the consultation of an open CONSULTATION task over to the doctor; returns the visit. */
export async function reorientToDoctor(request: Request, actor: SignedInProfessional, taskId: string, fields: unknown): Promise<string> {
  const form = parseInput(reorientationFormSchema, fields);
  const { visit } = await openTask(taskId, ['CONSULTATION']);
  // The reason's label only: the details are health data, kept in the visit's file, not in the audit trail.
  await decide(
    request,
    actor,
    'visit.reorient',
    visit.id,
    () => sendWorkflowUpdate(consoleContext().temporal, visit.workflowId, reorientToDoctorUpdate, { actor: actorOf(actor), form }),
    reorientationReasonLabels[form.reason],
  );
  return visit.id;
}
