// One remote appointment of a visit (R-TELE), a child of the visit workflow: convocation and pre-call, consent,
// connection details a few minutes before the slot, waiting room, identity check and admission, third parties,
// then the end with its report, or a refusal, an interruption, a technical failure, or the visit moving on.
// Like the visit, steps are applied one at a time by the main loop, each update returning once its effect is in
// PostgreSQL. Messages leave in the background, so a slow mail server never holds a step; the session closes
// (and the visit learns its result) once they are out.
import { allHandlersFinished, ApplicationFailure, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type {
  EmployeeMessage,
  TeleconsultationActivities,
  TeleconsultationSettings,
  TeleconsultationStep,
} from '../../activities/teleconsultation-activities.js';
import { databaseActivityOptions } from '../activity-options.js';
import { parisCivilDate } from '../rules/calendar.js';
import { interruptionFormSchema, preCallFormSchema, refusalFormSchema, reportFormSchema, technicalFailureFormSchema, thirdPartyFormSchema } from './forms.js';
import {
  closedRefusal,
  refuseAdmission,
  refuseConsent,
  refuseEnd,
  refuseInterruption,
  refusePreCall,
  refuseRefusal,
  refuseTechnicalFailure,
  refuseThirdParty,
  refuseUnjudgedAdmission,
  refuseWaitingRoom,
  replanAfterInterruption,
  type Refusal,
} from './guards.js';
import {
  admitEmployeeUpdate,
  completePreCallUpdate,
  endTeleconsultationUpdate,
  interruptTeleconsultationUpdate,
  inviteThirdPartyUpdate,
  joinWaitingRoomUpdate,
  recordConsentUpdate,
  refuseTeleconsultationUpdate,
  reportTechnicalFailureUpdate,
  teleconsultationQuery,
  teleconsultationSupersededSignal,
  type AdmitEmployeeArgs,
  type CompletePreCallArgs,
  type EndTeleconsultationArgs,
  type InterruptTeleconsultationArgs,
  type InviteThirdPartyArgs,
  type RecordConsentArgs,
  type RefuseTeleconsultationArgs,
  type ReportTechnicalFailureArgs,
  type TeleconsultationResult,
  type TeleconsultationSnapshot,
  type TeleconsultationWorkflowInput,
} from './messages.js';

const activities = proxyActivities<TeleconsultationActivities>(databaseActivityOptions);

type Decision =
  | { kind: 'consent'; args: RecordConsentArgs }
  | { kind: 'refuse'; args: RefuseTeleconsultationArgs }
  | { kind: 'preCall'; args: CompletePreCallArgs }
  | { kind: 'join' }
  | { kind: 'admit'; args: AdmitEmployeeArgs }
  | { kind: 'invite'; args: InviteThirdPartyArgs }
  | { kind: 'interrupt'; args: InterruptTeleconsultationArgs }
  | { kind: 'failure'; args: ReportTechnicalFailureArgs }
  | { kind: 'end'; args: EndTeleconsultationArgs }
  // Not requests: the visit moved on, or a message is due; queued so they apply between steps, and so a session
  // superseded before it opened sends no convocation.
  | { kind: 'superseded'; reason: string }
  | { kind: 'convoke' }
  | { kind: 'connect' };

export async function teleconsultationWorkflow(input: TeleconsultationWorkflowInput): Promise<TeleconsultationResult> {
  const snapshot: TeleconsultationSnapshot = { status: 'AWAITING_CONSENT', preCallDone: false, connectionDetailsSent: false, identityChecked: false, thirdParties: 0 };
  const pending: { decision: Decision; refusal?: string; applied: boolean; participantId?: string }[] = [];
  const deliveries: Promise<void>[] = [];
  let session: { teleconsultationId: string; settings: TeleconsultationSettings } | undefined;
  let result: TeleconsultationResult | undefined;

  /** Queues a step and resolves when the main loop has written it, or fails with the reason it could not. */
  async function submit(decision: Decision): Promise<(typeof pending)[number]> {
    const entry: (typeof pending)[number] = { decision, applied: false };
    pending.push(entry);
    await condition(() => entry.applied);
    if (entry.refusal) throw ApplicationFailure.create({ type: 'DecisionRefused', message: entry.refusal, nonRetryable: true });
    return entry;
  }
  const snapshotAfter = async (decision: Decision) => {
    await submit(decision);
    return { ...snapshot };
  };
  const enqueue = (decision: Decision) => pending.push({ decision, applied: false });

  /** Why a step cannot apply to the session as it is now; run at validation and again when applied. */
  function refusal(decision: Decision): string | undefined {
    // The row appears an instant before the workflow knows its settings: a step arriving then waits in the queue,
    // which runs only once the session is open, and is checked there.
    if (!session) return undefined;
    const context = { input, settings: session.settings, snapshot, now: new Date() };
    switch (decision.kind) {
      case 'consent':
        return refuseConsent(context, decision.args);
      case 'refuse':
        return refuseRefusal(context, decision.args);
      case 'preCall':
        return refusePreCall(context, decision.args);
      case 'join':
        return refuseWaitingRoom(context);
      case 'admit':
        return refuseAdmission(context, decision.args);
      case 'invite':
        return refuseThirdParty(context, decision.args);
      case 'interrupt':
        return refuseInterruption(context, decision.args);
      case 'failure':
        return refuseTechnicalFailure(context, decision.args);
      case 'end':
        return refuseEnd(context, decision.args);
      case 'superseded':
      case 'convoke':
      case 'connect':
        return closedRefusal(snapshot);
    }
  }
  const validated = (decision: Decision, upfrontRefusal?: Refusal) => {
    const reason = refusal(decision) ?? upfrontRefusal;
    if (reason) throw new Error(reason);
  };

  setHandler(teleconsultationQuery, () => ({ ...snapshot }));
  setHandler(recordConsentUpdate, (args) => snapshotAfter({ kind: 'consent', args }), { validator: (args) => validated({ kind: 'consent', args }) });
  setHandler(refuseTeleconsultationUpdate, (args) => snapshotAfter({ kind: 'refuse', args }), { validator: (args) => validated({ kind: 'refuse', args }) });
  setHandler(completePreCallUpdate, (args) => snapshotAfter({ kind: 'preCall', args }), { validator: (args) => validated({ kind: 'preCall', args }) });
  setHandler(joinWaitingRoomUpdate, () => snapshotAfter({ kind: 'join' }), { validator: () => validated({ kind: 'join' }) });
  setHandler(admitEmployeeUpdate, (args) => snapshotAfter({ kind: 'admit', args }), { validator: (args) => validated({ kind: 'admit', args }, refuseUnjudgedAdmission(args)) });
  setHandler(
    inviteThirdPartyUpdate,
    async (args) => ({ participantId: (await submit({ kind: 'invite', args })).participantId! }),
    { validator: (args) => validated({ kind: 'invite', args }) },
  );
  setHandler(interruptTeleconsultationUpdate, (args) => snapshotAfter({ kind: 'interrupt', args }), { validator: (args) => validated({ kind: 'interrupt', args }) });
  setHandler(reportTechnicalFailureUpdate, (args) => snapshotAfter({ kind: 'failure', args }), { validator: (args) => validated({ kind: 'failure', args }) });
  setHandler(endTeleconsultationUpdate, (args) => snapshotAfter({ kind: 'end', args }), { validator: (args) => validated({ kind: 'end', args }) });
  setHandler(teleconsultationSupersededSignal, ({ reason }) => {
    enqueue({ kind: 'superseded', reason });
  });

  session = await activities.openTeleconsultation({
    workflowId: workflowInfo().workflowId,
    visitId: input.visit.visitId,
    revision: input.revision,
    appointmentAt: input.appointmentAt,
    professionalId: input.professionalId,
    proposedBy: input.proposedBy,
    protocolVersion: input.visit.protocolVersion,
    today: parisCivilDate(new Date()),
  });
  const { teleconsultationId, settings } = session;
  enqueue({ kind: 'convoke' });
  const connection = sendConnectionDetailsBeforeTheSlot();

  while (!result) {
    await condition(() => pending.length > 0);
    const entry = pending.shift()!;
    // Re-checked at apply time: an earlier queued step may have changed the session.
    entry.refusal = refusal(entry.decision);
    if (!entry.refusal) entry.participantId = await apply(entry.decision);
    entry.applied = true;
  }
  // Let every step queued behind the last one learn why it did not apply.
  for (const entry of pending.splice(0)) {
    entry.refusal = closedRefusal(snapshot);
    entry.applied = true;
  }
  await connection;
  await Promise.all(deliveries);
  await condition(allHandlersFinished);
  return result;

  function notify(message: EmployeeMessage, channel: 'EMAIL' | 'SMS' = 'EMAIL', reason?: string): void {
    deliveries.push(activities.notifyEmployee({ teleconsultationId, message, channel, reason }));
  }

  function finish(status: TeleconsultationResult['status'], replan: TeleconsultationResult['replan'], reason?: string): void {
    snapshot.status = status;
    result = { status, replan, ...(reason !== undefined && { reason }) };
  }

  /** R-TELE-5: `connectionLeadMinutes` before the slot, by Temporal's clock; at once for a slot closer than that. */
  async function sendConnectionDetailsBeforeTheSlot(): Promise<void> {
    const dueInMs = Date.parse(input.appointmentAt) - settings.connectionLeadMinutes * 60_000 - Date.now();
    if (dueInMs > 0 && (await condition(() => result !== undefined, dueInMs))) return;
    enqueue({ kind: 'connect' });
  }

  /** Applies a step that passed its checks; returns the new participant's id for an invitation. */
  async function apply(decision: Decision): Promise<string | undefined> {
    const at = new Date().toISOString();
    const record = (step: TeleconsultationStep) => activities.recordTeleconsultationStep({ teleconsultationId, step });
    switch (decision.kind) {
      case 'consent': {
        const { channel, textVersion, ip, actor } = decision.args;
        await record({ kind: 'CONSENT', at, channel, textVersion, ip, actorId: actor?.id });
        snapshot.consent = { channel, textVersion, at };
        snapshot.status = 'CONSENTED';
        return;
      }
      case 'refuse': {
        const { channel, actor } = decision.args;
        const { reason } = refusalFormSchema.parse(decision.args.form);
        await record({ kind: 'REFUSAL', at, channel, reason, actorId: actor?.id });
        finish('REFUSED', 'IN_PERSON', reason);
        notify('TELECONSULTATION_IN_PERSON');
        return;
      }
      case 'preCall':
        await record({ kind: 'PRE_CALL', at, actorId: decision.args.actor.id, form: preCallFormSchema.parse(decision.args.form) });
        snapshot.preCallDone = true;
        return;
      case 'join':
        // Back after a dropped connection: the employee is already waiting, or already admitted.
        if (snapshot.status !== 'CONSENTED') return;
        await record({ kind: 'WAITING_ROOM', at });
        snapshot.status = 'WAITING_ROOM';
        return;
      case 'admit':
        await record({ kind: 'ADMISSION', at, actorId: decision.args.actor.id, identity: decision.args.identity });
        snapshot.identityChecked = true;
        snapshot.status = 'IN_PROGRESS';
        return;
      case 'invite': {
        snapshot.thirdParties += 1;
        const form = thirdPartyFormSchema.parse(decision.args.form);
        const participantId = await activities.addThirdParty({ teleconsultationId, occurrence: snapshot.thirdParties, actorId: decision.args.actor.id, form, at });
        if (form.email) deliveries.push(activities.inviteThirdParty({ participantId }));
        return participantId;
      }
      case 'interrupt': {
        const { by, actor } = decision.args;
        const replan = replanAfterInterruption(decision.args);
        const { reason } = interruptionFormSchema.parse(decision.args.form);
        await record({ kind: 'INTERRUPTION', at, by, reason, actorId: actor?.id, replan });
        finish('INTERRUPTED', replan, reason);
        // The employee is told who stopped, not why: the reason may be clinical and email is no place for it.
        notify('TELECONSULTATION_REPLANNED', 'EMAIL', by === 'EMPLOYEE' ? 'à votre demande' : 'à l’initiative du professionnel de santé');
        return;
      }
      case 'failure': {
        const { description } = technicalFailureFormSchema.parse(decision.args.form);
        await record({ kind: 'TECHNICAL_FAILURE', at, actorId: decision.args.actor.id, description });
        // R-TELE-13: planned again; a phone call is not a teleconsultation.
        finish('FAILED', 'REMOTE', description);
        notify('TELECONSULTATION_REPLANNED', 'EMAIL', 'incident technique');
        return;
      }
      case 'end':
        await activities.endTeleconsultation({ teleconsultationId, actorId: decision.args.actor.id, report: reportFormSchema.parse(decision.args.form), at });
        finish('ENDED', 'NONE');
        return;
      case 'superseded':
        await record({ kind: 'SUPERSEDED', at, reason: decision.reason });
        finish('SUPERSEDED', 'NONE', decision.reason);
        return;
      case 'convoke':
        notify('TELECONSULTATION_CONVOCATION');
        return;
      case 'connect':
        // Sent even before consent: the page the link opens asks for it first (no consent, no video).
        for (const channel of settings.connectionChannels) notify('TELECONSULTATION_CONNECTION', channel);
        snapshot.connectionDetailsSent = true;
        return;
    }
  }
}
