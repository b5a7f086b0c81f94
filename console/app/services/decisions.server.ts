// Human decisions sent to a visit's workflow. The forms were validated in the browser; every field
// is parsed again here with the same schemas, then the workflow has the last word (its refusal
// comes back as a French message, shown on the form).
import { assertVisitNotFrozen } from '../../../activities/domain/data-rights.js';
import { assertDelegationCovers, concludeReorientation } from '../../../activities/domain/delegation.js';
import { DomainError } from '../../../activities/domain/errors.js';
import { protocolConfigOf } from '../../../activities/domain/protocol.js';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { parseInput } from '../../../activities/domain/input.js';
import { sendWorkflowUpdate } from '../../../activities/domain/visits.js';
import { parisCivilDate } from '../../../workflows/rules/calendar.js';
import { reorientationReasonLabels } from '../../../workflows/rules/labels.js';
import type { SteeringKind } from '../../../workflows/rules/protocol-config.js';
import { isProfessionalRole } from '../../../workflows/rules/visit-types.js';
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
  maternityRequestFormSchema,
  reorientationFormSchema,
  scheduleFormSchema,
  type ReorientationForm,
} from '../../../workflows/visit/forms.js';
import { codedReasonSchema, reasonText, type CodedReason } from '../forms/coded-reason.js';
import { rescheduleFieldsSchema, scheduleFieldsSchema } from '../forms/schedule-form.js';
import {
  completePreCallUpdate,
  endTeleconsultationUpdate,
  admitEmployeeUpdate,
  interruptTeleconsultationUpdate,
  inviteThirdPartyUpdate,
  joinWaitingRoomUpdate,
  recordConsentUpdate,
  refuseTeleconsultationUpdate,
  reportTechnicalFailureUpdate,
} from '../../../workflows/teleconsultation/messages.js';
import {
  identityCheckFormSchema,
  interruptionFormSchema,
  preCallFormSchema,
  refusalFormSchema,
  reportFormSchema,
  technicalFailureFormSchema,
  thirdPartyFormSchema,
} from '../../../workflows/teleconsultation/forms.js';
import { personalLink, personalToken } from '../../../activities/teleconsultation/links.js';
import { audit, clientAddress, type AuditAction, type AuditEntry, type LinkHolder, type TeleconsultationDecision } from './audit.server.js';
import type { SignedInProfessional } from './auth.server.js';
import { consoleContext } from './context.server.js';
import { parisInstant } from './paris-time.server.js';
import { isTemporalUnavailable, temporalUnavailableMessage } from './temporal-errors.server.js';

export function actorOf(professional: SignedInProfessional): Actor {
  return { id: professional.id, role: professional.role, displayName: professional.displayName };
}

async function steeredVisit(visitId: string) {
  const visit = await consoleContext().db.visit.findUnique({ where: { id: visitId }, select: { workflowId: true, status: true, type: true, protocolVersion: true } });
  if (!visit) throw new DomainError('NOT_FOUND', 'Visite introuvable.');
  return visit;
}

async function visitWorkflowId(visitId: string): Promise<string> {
  return (await steeredVisit(visitId)).workflowId;
}

/**
 * Issue 5: the coded reason, checked against the list of the visit's protocol version. `text` is what the
 * workflow and the visit's history record; `audited` adds the code, for the audit trail.
 */
export async function codedReason(protocolVersion: number, kind: SteeringKind, form: CodedReason): Promise<{ text: string; audited: string }> {
  const options = (await protocolConfigOf(consoleContext().db, protocolVersion)).steeringReasons[kind];
  const option = options.find((candidate) => candidate.code === form.reasonCode);
  if (!option) throw new DomainError('VALIDATION', 'Certaines données sont invalides.', { reasonCode: 'Choisissez un motif dans la liste' });
  const text = reasonText(option, form.reasonDetails);
  return { text, audited: `[${option.code}] ${text}` };
}

type VisitDecision = Extract<AuditAction, 'visit.schedule' | 'visit.reassign' | 'visit.cancel' | 'visit.conclude' | 'visit.excuse-absence' | 'visit.no-show' | 'visit.reorient'>;

/** Sends the decision and audits its outcome, accepted or refused; an unreachable engine becomes a 503. */
async function sendDecision<Result>(
  request: Request,
  actor: AuditEntry['actor'],
  action: VisitDecision | TeleconsultationDecision,
  entity: Pick<AuditEntry, 'entityType' | 'entityId'>,
  send: () => Promise<Result>,
  reason?: string,
): Promise<Result> {
  let result: Result;
  try {
    result = await send();
  } catch (error) {
    if (error instanceof DomainError && (error.code === 'REFUSED' || error.code === 'FROZEN')) {
      await audit(request, { actor, action: `${action}.refused`, ...entity, reason: error.message });
      throw error;
    }
    if (isTemporalUnavailable(error)) throw new DomainError('UNAVAILABLE', temporalUnavailableMessage, undefined, { cause: error });
    throw error;
  }
  await audit(request, { actor, action, ...entity, reason });
  return result;
}

export async function decide(
  request: Request,
  actor: AuditEntry['actor'],
  action: VisitDecision,
  visitId: string,
  send: () => Promise<unknown>,
  reason?: string,
): Promise<void> {
  // R-DATA-3: no decision on the visit of a frozen record; the refusal is audited like the workflow's.
  const sendUnlessFrozen = async () => {
    await assertVisitNotFrozen(consoleContext().db, visitId);
    return send();
  };
  await sendDecision(request, actor, action, { entityType: 'Visit', entityId: visitId }, sendUnlessFrozen, reason);
}

export async function scheduleVisit(request: Request, actor: SignedInProfessional, visitId: string, fields: unknown): Promise<void> {
  const { db, temporal } = consoleContext();
  const { workflowId, status, type, protocolVersion } = await steeredVisit(visitId);
  const rescheduling = status === 'SCHEDULED';
  // Every field of the form checked at once, the reason with the appointment; the workflow's schema drops the reason fields.
  const local = parseInput(rescheduling ? rescheduleFieldsSchema : scheduleFieldsSchema, fields);
  const reason = rescheduling ? await codedReason(protocolVersion, 'RESCHEDULE', parseInput(codedReasonSchema, fields)) : undefined;
  const form = parseInput(scheduleFormSchema, { ...local, appointmentAt: parisInstant(local.appointmentAt), reason: reason?.text });
  const professional = await db.professional.findUnique({ where: { id: form.professionalId }, select: { role: true } });
  if (!professional || !isProfessionalRole(professional.role)) {
    throw new DomainError('VALIDATION', 'Certaines données sont invalides.', { professionalId: 'Choisissez un professionnel de la liste' });
  }
  const professionalRole = professional.role;
  if (form.modality === 'REMOTE' && !(await protocolConfigOf(db, protocolVersion)).teleconsultation.remoteVisitTypes.includes(type)) {
    throw new DomainError('VALIDATION', 'Certaines données sont invalides.', {
      modality: `Le protocole (version ${protocolVersion}) ne propose pas la téléconsultation pour ce type de visite : planifiez-la en présentiel.`,
    });
  }
  // R-DEL-1: the protocol check happens here (the workflow cannot read protocols); its refusal is audited like the workflow's.
  await decide(request, actor, 'visit.schedule', visitId, async () => {
    const delegated = await assertDelegationCovers(db, form.professionalId, type, parisCivilDate(new Date(form.appointmentAt)));
    return sendWorkflowUpdate(temporal, workflowId, scheduleVisitUpdate, { actor: actorOf(actor), form, professionalRole, delegated });
  }, reason?.audited);
}

export async function cancelVisit(request: Request, actor: SignedInProfessional, visitId: string, fields: unknown): Promise<void> {
  const coded = parseInput(codedReasonSchema, fields);
  const { workflowId, protocolVersion } = await steeredVisit(visitId);
  const reason = await codedReason(protocolVersion, 'CANCEL', coded);
  const form = parseInput(cancellationFormSchema, { reason: reason.text });
  await decide(
    request,
    actor,
    'visit.cancel',
    visitId,
    () => sendWorkflowUpdate(consoleContext().temporal, workflowId, cancelVisitUpdate, { actor: actorOf(actor), form }),
    reason.audited,
  );
}

/** R-OPS-1: the workflow bills the employer when the excuse comes less than the protocol's hours ahead. */
export async function excuseAbsence(request: Request, actor: SignedInProfessional, visitId: string, fields: unknown): Promise<void> {
  const coded = parseInput(codedReasonSchema, fields);
  const { workflowId, protocolVersion } = await steeredVisit(visitId);
  const reason = await codedReason(protocolVersion, 'EXCUSE_ABSENCE', coded);
  const form = parseInput(absenceExcuseFormSchema, { reason: reason.text });
  await decide(
    request,
    actor,
    'visit.excuse-absence',
    visitId,
    () => sendWorkflowUpdate(consoleContext().temporal, workflowId, excuseAbsenceUpdate, { actor: actorOf(actor), form }),
    reason.audited,
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
  const form = parseInput(conclusionFormSchema, { ...fields, coupledMidCareer: fields.coupledMidCareer === 'on', inaptitudeRisk: fields.inaptitudeRisk === 'on' });
  const { kind, visit } = await openTask(taskId, ['CONSULTATION', 'REORIENTATION']);
  await decide(request, actor, 'visit.conclude', visit.id, () =>
    kind === 'REORIENTATION'
      ? concludeReorientation(db, temporal, visit.id, { actor: actorOf(actor), form })
      : sendWorkflowUpdate(temporal, visit.workflowId, concludeVisitUpdate, { actor: actorOf(actor), form }),
  );
  return visit.id;
}

/** Sends a re-orientation; the audit keeps the reason's label only: the details are health data, kept in the visit's file. */
function sendReorientation(request: Request, auditActor: AuditEntry['actor'], actor: Actor, visit: { id: string; workflowId: string }, form: ReorientationForm) {
  return decide(
    request,
    auditActor,
    'visit.reorient',
    visit.id,
    () => sendWorkflowUpdate(consoleContext().temporal, visit.workflowId, reorientToDoctorUpdate, { actor, form }),
    reorientationReasonLabels[form.reason],
  );
}

/** R-DEL-2..4: the nurse hands the consultation of an open CONSULTATION task over to the doctor; returns the visit. */
export async function reorientToDoctor(request: Request, actor: SignedInProfessional, taskId: string, fields: unknown): Promise<string> {
  const form = parseInput(reorientationFormSchema, fields);
  const { visit } = await openTask(taskId, ['CONSULTATION']);
  await sendReorientation(request, actor, actorOf(actor), visit, form);
  return visit.id;
}

/** R-DEL-4: a pregnant, post-partum or breastfeeding worker asks to see the doctor; relayed from the visit page at any time. */
export async function relayMaternityRequest(request: Request, actor: SignedInProfessional, visitId: string, fields: unknown): Promise<void> {
  const { details } = parseInput(maternityRequestFormSchema, fields);
  const visit = { id: visitId, workflowId: await visitWorkflowId(visitId) };
  await sendReorientation(request, actor, actorOf(actor), visit, { reason: 'MATERNITY_REQUEST', details });
}

/** R-DEL-4 through the API: the service's or the company's system relays the worker's request, traced under its key. */
export async function relayMaternityRequestByApiKey(request: Request, apiKeyId: string, visitId: string, body: unknown): Promise<void> {
  const { details } = parseInput(maternityRequestFormSchema, body);
  const visit = { id: visitId, workflowId: await visitWorkflowId(visitId) };
  const actor: Actor = { id: `api-key:${apiKeyId}`, role: 'ASSISTANT', displayName: 'Interface de programmation' };
  await sendReorientation(request, { linkHolder: `Clé d’API ${apiKeyId}` }, actor, visit, { reason: 'MATERNITY_REQUEST', details });
}

// ————— Teleconsultation (R-TELE-*): decisions sent to the session's own workflow —————

/** A ticked checkbox posts "on" and an unticked one nothing; the schemas want booleans. */
function checkboxes(fields: Record<string, FormDataEntryValue>, names: readonly string[]): Record<string, unknown> {
  return { ...fields, ...Object.fromEntries(names.map((name) => [name, fields[name] === 'on' || fields[name] === 'true'])) };
}

/** The visit's latest session (one per appointment revision): the one a decision is about. */
async function currentSession(visitId: string) {
  const session = await consoleContext().db.teleconsultation.findFirst({
    where: { visitId },
    orderBy: { revision: 'desc' },
    select: { id: true, workflowId: true, visitId: true },
  });
  if (!session) throw new DomainError('NOT_FOUND', 'Aucune téléconsultation n’est prévue pour cette visite.');
  await assertVisitNotFrozen(consoleContext().db, visitId);
  return session;
}

/** An open PRE_CALL task (R-TELE-4) and its visit's current session. */
async function openPreCallTask(taskId: string) {
  const task = await consoleContext().db.humanTask.findUnique({ where: { id: taskId }, select: { kind: true, status: true, visitId: true } });
  if (!task || task.kind !== 'PRE_CALL') throw new DomainError('NOT_FOUND', 'Tâche introuvable.');
  if (task.status !== 'OPEN') throw new DomainError('CONFLICT', 'Cet appel n’est plus à faire : la téléconsultation a été déplacée, annulée ou l’appel est déjà enregistré.');
  return currentSession(task.visitId);
}

const sessionEntity = (session: { id: string }) => ({ entityType: 'Teleconsultation' as const, entityId: session.id });

/** R-TELE-4: the assistant's call is done; returns the visit. */
export async function completePreCall(request: Request, actor: SignedInProfessional, taskId: string, fields: Record<string, FormDataEntryValue>): Promise<string> {
  const form = parseInput(preCallFormSchema, checkboxes(fields, ['administrativeFileUpdated']));
  const session = await openPreCallTask(taskId);
  await sendDecision(request, actor, 'teleconsultation.pre-call', sessionEntity(session), () =>
    sendWorkflowUpdate(consoleContext().temporal, session.workflowId, completePreCallUpdate, { actor: actorOf(actor), form }),
  );
  return session.visitId;
}

const textVersionSchema = z.object({ textVersion: z.string({ required_error: 'Version du texte manquante' }).trim().min(1, 'Version du texte manquante').max(40) });

/** R-TELE-1, R-TELE-4: the employee agreed on the phone, to the text the assistant read. */
export async function recordOralConsent(request: Request, actor: SignedInProfessional, taskId: string, fields: unknown): Promise<void> {
  const { textVersion } = parseInput(textVersionSchema, fields);
  const session = await openPreCallTask(taskId);
  await sendDecision(
    request,
    actor,
    'teleconsultation.consent',
    sessionEntity(session),
    () => sendWorkflowUpdate(consoleContext().temporal, session.workflowId, recordConsentUpdate, { channel: 'ORAL', textVersion, actor: actorOf(actor) }),
    `Consentement oral, texte ${textVersion}`,
  );
}

/** R-TELE-2: the employee refused on the phone; the visit turns in person. */
export async function refuseOrally(request: Request, actor: SignedInProfessional, taskId: string, fields: unknown): Promise<string> {
  const form = parseInput(refusalFormSchema, fields);
  const session = await openPreCallTask(taskId);
  await sendDecision(request, actor, 'teleconsultation.refuse', sessionEntity(session), () =>
    sendWorkflowUpdate(consoleContext().temporal, session.workflowId, refuseTeleconsultationUpdate, { channel: 'ORAL', form, actor: actorOf(actor) }),
  'Refus oral');
  return session.visitId;
}

/** R-TELE-6/7: the professional admits the employee once the identity is checked. */
export async function admitEmployee(request: Request, actor: SignedInProfessional, visitId: string, fields: Record<string, FormDataEntryValue>): Promise<void> {
  const identity = parseInput(identityCheckFormSchema, checkboxes(fields, ['photoIdSeen', 'identityConfirmed', 'remoteSuitable']));
  const session = await currentSession(visitId);
  await sendDecision(request, actor, 'teleconsultation.admit', sessionEntity(session), () =>
    sendWorkflowUpdate(consoleContext().temporal, session.workflowId, admitEmployeeUpdate, { actor: actorOf(actor), identity }),
  );
}

/** R-TELE-9: returns the third party's personal link, for the professional to pass on. */
export async function inviteThirdParty(request: Request, actor: SignedInProfessional, visitId: string, fields: Record<string, FormDataEntryValue>): Promise<string> {
  const form = parseInput(thirdPartyFormSchema, checkboxes(fields, ['employeeConsented']));
  const session = await currentSession(visitId);
  const { participantId } = await sendDecision(
    request,
    actor,
    'teleconsultation.invite',
    sessionEntity(session),
    () => sendWorkflowUpdate(consoleContext().temporal, session.workflowId, inviteThirdPartyUpdate, { actor: actorOf(actor), form }),
    form.role,
  );
  const { env } = consoleContext();
  return personalLink(env.PUBLIC_URL, 'third-party', personalToken(env.LINK_SECRET, 'third-party', participantId));
}

/** R-TELE-10: the professional stops; the reason is kept with the session, not in the audit trail. */
export async function interruptByProfessional(request: Request, actor: SignedInProfessional, visitId: string, fields: Record<string, FormDataEntryValue>): Promise<void> {
  const form = parseInput(interruptionFormSchema, checkboxes(fields, ['remoteInadequate']));
  const session = await currentSession(visitId);
  await sendDecision(
    request,
    actor,
    'teleconsultation.interrupt',
    sessionEntity(session),
    () => sendWorkflowUpdate(consoleContext().temporal, session.workflowId, interruptTeleconsultationUpdate, { by: 'PROFESSIONAL', actor: actorOf(actor), form }),
    form.remoteInadequate ? 'Par le professionnel : téléconsultation plus adaptée' : 'Par le professionnel',
  );
}

/** R-TELE-13 */
export async function reportTechnicalFailure(request: Request, actor: SignedInProfessional, visitId: string, fields: unknown): Promise<void> {
  const form = parseInput(technicalFailureFormSchema, fields);
  const session = await currentSession(visitId);
  await sendDecision(request, actor, 'teleconsultation.technical-failure', sessionEntity(session), () =>
    sendWorkflowUpdate(consoleContext().temporal, session.workflowId, reportTechnicalFailureUpdate, { actor: actorOf(actor), form }),
  );
}

/** R-TELE-11: the session ends with its report; the visit is then concluded from its consultation task. */
export async function endTeleconsultation(request: Request, actor: SignedInProfessional, visitId: string, fields: unknown): Promise<void> {
  const form = parseInput(reportFormSchema, fields);
  const session = await currentSession(visitId);
  await sendDecision(request, actor, 'teleconsultation.end', sessionEntity(session), () =>
    sendWorkflowUpdate(consoleContext().temporal, session.workflowId, endTeleconsultationUpdate, { actor: actorOf(actor), form }),
  );
}

/** The employee on the page of their personal link (no account). */
export const EMPLOYEE_LINK: LinkHolder = { linkHolder: 'Salarié (lien personnel)' };

interface LinkSession {
  id: string;
  workflowId: string;
}

/** R-TELE-1: consent on the personal link, to the text version the page showed; the address is kept with it. */
export async function recordLinkConsent(request: Request, session: LinkSession, fields: unknown): Promise<void> {
  const { textVersion } = parseInput(textVersionSchema, fields);
  const ip = clientAddress(request) ?? undefined;
  await sendDecision(
    request,
    EMPLOYEE_LINK,
    'teleconsultation.consent',
    sessionEntity(session),
    () => sendWorkflowUpdate(consoleContext().temporal, session.workflowId, recordConsentUpdate, { channel: 'LINK', textVersion, ip }),
    `Consentement sur le lien personnel, texte ${textVersion}`,
  );
}

/** R-TELE-2 */
export async function refuseByLink(request: Request, session: LinkSession, fields: unknown): Promise<void> {
  const form = parseInput(refusalFormSchema, fields);
  await sendDecision(
    request,
    EMPLOYEE_LINK,
    'teleconsultation.refuse',
    sessionEntity(session),
    () => sendWorkflowUpdate(consoleContext().temporal, session.workflowId, refuseTeleconsultationUpdate, { channel: 'LINK', form }),
    'Refus sur le lien personnel',
  );
}

/** R-TELE-6: the access code was checked by the caller. */
export async function joinWaitingRoom(request: Request, session: LinkSession): Promise<void> {
  await sendDecision(request, EMPLOYEE_LINK, 'teleconsultation.join', sessionEntity(session), async () => {
    try {
      return await consoleContext().temporal.client.workflow.getHandle(session.workflowId).executeUpdate(joinWaitingRoomUpdate);
    } catch (error) {
      // As sendWorkflowUpdate does for updates with an argument: the workflow's refusal, in French.
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) throw new DomainError('REFUSED', error.cause.message);
      if (error instanceof WorkflowNotFoundError) throw new DomainError('REFUSED', 'Cette téléconsultation est close.');
      throw error;
    }
  });
}

/** R-TELE-10: the employee stops from their page. */
export async function interruptByEmployee(request: Request, session: LinkSession, fields: unknown): Promise<void> {
  const form = parseInput(interruptionFormSchema, { ...(fields as object), remoteInadequate: false });
  await sendDecision(
    request,
    EMPLOYEE_LINK,
    'teleconsultation.interrupt',
    sessionEntity(session),
    () => sendWorkflowUpdate(consoleContext().temporal, session.workflowId, interruptTeleconsultationUpdate, { by: 'EMPLOYEE', form }),
    'Par le salarié',
  );
}
