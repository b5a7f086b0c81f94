// One parametrised visit lifecycle for every visit type: request → scheduling → consultation → outcome →
// document → closed; per-type rules (outcomes, performer, next-due date) come from the pure rules.
// Human decisions arrive as updates, applied one at a time by the main loop so concurrent decisions
// cannot interleave their writes; each update returns once its effect is in PostgreSQL. A remote appointment
// runs as a teleconsultation child workflow (R-TELE), whose result comes back through the same queue.
import {
  ApplicationFailure,
  condition,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { signalIfRunning } from '../signal-if-running.js';
import { databaseActivityOptions } from '../activity-options.js';
import type { ConvocationActivities } from '../../activities/convocation-activities.js';
import type { TeleconsultationActivities } from '../../activities/teleconsultation-activities.js';
import type { VisitActivities } from '../../activities/visit-activities.js';
import { visitClosedSignal } from '../follow-up/messages.js';
import { parisCivilDate } from '../rules/calendar.js';
import { visitStatusKey } from '../search-attributes.js';
import type { RemoteProposer } from '../teleconsultation/forms.js';
import { teleconsultationSupersededSignal, type TeleconsultationResult } from '../teleconsultation/messages.js';
import { teleconsultationWorkflow } from '../teleconsultation/teleconsultation-workflow.js';
import {
  absenceIsBillable,
  conclusionReorientation,
  refuseAbsenceExcuse,
  refuseCancellation,
  refuseConclusion,
  refuseNoShow,
  refuseReorientation,
  refuseSchedule,
  refuseUndelegated,
} from './guards.js';
import {
  cancelVisitUpdate,
  concludeVisitUpdate,
  employeeDepartedSignal,
  visitSupersededSignal,
  excuseAbsenceUpdate,
  recordNoShowUpdate,
  reorientToDoctorUpdate,
  scheduleVisitUpdate,
  visitSnapshotQuery,
  type Actor,
  type CancelVisitArgs,
  type ConcludeVisitArgs,
  type ExcuseAbsenceArgs,
  type RecordNoShowArgs,
  type ReorientationResult,
  type ReorientToDoctorArgs,
  type ScheduleVisitArgs,
  type VisitSnapshot,
  type VisitStatus,
  type VisitWorkflowInput,
} from './messages.js';
import { conclusionFormSchema, scheduleFormSchema, type ReorientationForm } from './forms.js';
import { reorientationWorkflow } from './reorientation-workflow.js';

const activities = proxyActivities<VisitActivities>(databaseActivityOptions);
const teleconsultationActivities = proxyActivities<TeleconsultationActivities>(databaseActivityOptions);
const convocationActivities = proxyActivities<ConvocationActivities>(databaseActivityOptions);

const FOLLOW_UP_ACTOR: Actor = { id: 'follow-up', role: 'ADMIN', displayName: 'Suivi automatique' };

type Decision =
  | { kind: 'schedule'; args: ScheduleVisitArgs }
  | { kind: 'conclude'; args: ConcludeVisitArgs }
  | { kind: 'cancel'; args: CancelVisitArgs }
  | { kind: 'excuse'; args: ExcuseAbsenceArgs }
  | { kind: 'noShow'; args: RecordNoShowArgs }
  | { kind: 'reorient'; args: ReorientToDoctorArgs }
  // Not requests: a child workflow ended, queued so its outcome applies between decisions.
  | { kind: 'reoriented'; result: ReorientationResult }
  | { kind: 'reorientationFailed' }
  | { kind: 'teleconsulted'; workflowId: string; result: TeleconsultationResult; failed?: boolean };

export async function visitWorkflow(input: VisitWorkflowInput): Promise<VisitSnapshot> {
  const snapshot: VisitSnapshot = { status: 'TO_SCHEDULE', overdue: false, billable: false, modality: 'IN_PERSON' };
  // `session`: the remote session current when an update was handed to the loop (see awaitsSessionOutcome).
  const pending: { decision: Decision; refusal?: string; applied: boolean; session?: string }[] = [];
  let appointmentRevision = 0;
  // In-person convocations on their way (issue 8).
  const convocations: Promise<void>[] = [];
  let schedulingOccurrence = 1;
  let reorientationOccurrence = 0;
  let coupledMidCareer = false;
  let concludedBy: Actor | undefined;
  let concludedNextDueDate: string | undefined;
  // Sessions whose child workflow has returned, and those of them that ended with their report: known at once,
  // before their queued outcome is applied (see awaitsSessionOutcome).
  const settledSessions = new Set<string>();
  const endedSessions = new Set<string>();
  const sessionEnded = () => Boolean(snapshot.teleconsultationEnded) || (snapshot.teleconsultationWorkflowId !== undefined && endedSessions.has(snapshot.teleconsultationWorkflowId));

  const isClosed = () => snapshot.status === 'COMPLETED' || snapshot.status === 'CANCELLED';
  const today = () => parisCivilDate(new Date());

  function setStatus(status: VisitStatus): void {
    snapshot.status = status;
    upsertSearchAttributes([{ key: visitStatusKey, value: status }]);
  }

  /** Queues a decision that nobody waits for (a signal, a child's outcome). */
  const enqueue = (decision: Decision) => pending.push({ decision, applied: false });

  /** Queues a decision and resolves when the main loop has written it, or fails with the reason it could not. */
  async function submit(decision: Decision): Promise<VisitSnapshot> {
    const entry: (typeof pending)[number] = { decision, applied: false, session: snapshot.teleconsultationWorkflowId };
    pending.push(entry);
    await condition(() => entry.applied);
    if (entry.refusal) throw ApplicationFailure.create({ type: 'DecisionRefused', message: entry.refusal, nonRetryable: true });
    return { ...snapshot };
  }

  /** Why a decision cannot apply to the visit as it is now; run at validation and again when applied. */
  function refusal(decision: Decision): string | undefined {
    switch (decision.kind) {
      case 'schedule':
        return refuseSchedule(input, snapshot, decision.args, new Date());
      case 'conclude':
        return refuseConclusion(input, { ...snapshot, teleconsultationEnded: sessionEnded() || undefined }, decision.args, today());
      case 'cancel':
        return refuseCancellation(snapshot, decision.args);
      case 'excuse':
        return refuseAbsenceExcuse(snapshot, decision.args, new Date());
      case 'noShow':
        return refuseNoShow(snapshot, decision.args.actor, new Date());
      case 'reorient':
        return refuseReorientation(snapshot, decision.args);
      case 'reoriented':
      case 'reorientationFailed':
      case 'teleconsulted':
        return undefined;
    }
  }

  const validated = (decision: Decision, requestRefusal?: string) => {
    const reason = refusal(decision) ?? requestRefusal;
    if (reason) throw new Error(reason);
  };

  setHandler(visitSnapshotQuery, () => ({ ...snapshot }));
  // R-DEL-1 rests on the request alone, so it is checked at validation only (not again when applied).
  setHandler(scheduleVisitUpdate, (args) => submit({ kind: 'schedule', args }), {
    validator: (args) => validated({ kind: 'schedule', args }, refuseUndelegated(args)),
  });
  setHandler(concludeVisitUpdate, (args) => submit({ kind: 'conclude', args }), { validator: (args) => validated({ kind: 'conclude', args }) });
  setHandler(cancelVisitUpdate, (args) => submit({ kind: 'cancel', args }), { validator: (args) => validated({ kind: 'cancel', args }) });
  setHandler(excuseAbsenceUpdate, (args) => submit({ kind: 'excuse', args }), { validator: (args) => validated({ kind: 'excuse', args }) });
  setHandler(recordNoShowUpdate, (args) => submit({ kind: 'noShow', args }), { validator: (args) => validated({ kind: 'noShow', args }) });
  setHandler(reorientToDoctorUpdate, (args) => submit({ kind: 'reorient', args }), { validator: (args) => validated({ kind: 'reorient', args }) });
  setHandler(visitSupersededSignal, ({ reason }) => {
    enqueue({ kind: 'cancel', args: { actor: FOLLOW_UP_ACTOR, form: { reason } } });
  });
  setHandler(employeeDepartedSignal, () => {
    enqueue({ kind: 'cancel', args: { actor: FOLLOW_UP_ACTOR, form: { reason: 'Départ du salarié' } } });
  });

  await activities.openTask({ visitId: input.visitId, kind: 'SCHEDULING', role: 'ASSISTANT', dueDate: input.dueDate, occurrence: schedulingOccurrence });

  const deadlineWatch = watchDeadline();

  /**
   * A conclusion is accepted once the session has ended, so in the original run the session's result came first.
   * On replay both can fall in one activation, where the SDK delivers the update before the child's result: the
   * conclusion then waits for that result instead of being refused for want of it. A session replaced since
   * (the appointment moved) is not waited for: the conclusion is refused, as it always was.
   */
  const awaitsSessionOutcome = (entry: (typeof pending)[number]) =>
    entry.decision.kind === 'conclude' && entry.session !== undefined && entry.session === snapshot.teleconsultationWorkflowId && !settledSessions.has(entry.session);

  while (!isClosed()) {
    await condition(() => pending.length > 0);
    const entry = pending.shift()!;
    if (awaitsSessionOutcome(entry)) await condition(() => settledSessions.has(entry.session!));
    // Re-checked at apply time: an earlier queued decision may have changed the visit.
    entry.refusal = refusal(entry.decision);
    if (!entry.refusal) await apply(entry.decision);
    entry.applied = true;
  }
  // Let every decision queued behind the closing one learn why it did not apply.
  for (const entry of pending.splice(0)) {
    entry.refusal = 'La visite est déjà close.';
    entry.applied = true;
  }
  // R-TELE-12: a visit held remotely sends its end-of-visit documents by email.
  if (snapshot.status === 'COMPLETED' && snapshot.modality === 'REMOTE' && sessionEnded()) {
    await teleconsultationActivities.sendEndOfVisitDocuments({ visitId: input.visitId });
  }
  await deadlineWatch;
  await reportClosure();
  // After the closure: the follow-up plans its next visits without waiting on the mail server.
  await Promise.all(convocations);
  return { ...snapshot };

  async function apply(decision: Decision): Promise<void> {
    switch (decision.kind) {
      case 'schedule': {
        const form = scheduleFormSchema.parse(decision.args.form);
        const replaced = bookedAppointment();
        appointmentRevision += 1;
        await supersedeTeleconsultation('rendez-vous déplacé');
        // R-TELE-1: a new remote appointment is a new session, with its own consent.
        const teleconsultationWorkflowId = form.modality === 'REMOTE' ? `${workflowInfo().workflowId}-tele-${appointmentRevision}` : undefined;
        await activities.recordAppointment({
          visitId: input.visitId,
          revision: appointmentRevision,
          appointmentAt: form.appointmentAt,
          professionalId: form.professionalId,
          actorId: decision.args.actor.id,
          reason: form.reason,
          modality: form.modality,
          remoteProposedBy: form.remoteProposedBy,
          teleconsultationWorkflowId,
        });
        snapshot.appointmentAt = form.appointmentAt;
        snapshot.professionalId = form.professionalId;
        snapshot.modality = form.modality;
        // Even a session that ended belongs to the previous appointment.
        snapshot.teleconsultationWorkflowId = undefined;
        snapshot.teleconsultationEnded = undefined;
        setStatus('SCHEDULED');
        if (teleconsultationWorkflowId) await startTeleconsultation(teleconsultationWorkflowId, form.remoteProposedBy!);
        // Issue 8: not awaited, so the decision returns without waiting on the mail server; awaited before the
        // workflow returns. Visits scheduled in person before convocations existed sent none.
        else if (patched('in-person-convocation')) {
          convocations.push(convocationActivities.sendInPersonConvocation({ visitId: input.visitId, revision: appointmentRevision, appointmentAt: form.appointmentAt }));
        }
        // A remote session replaces the in-person appointment the employee was convoked to.
        if (replaced && teleconsultationWorkflowId) withdrawInPersonAppointment(replaced);
        return;
      }
      case 'conclude': {
        const form = conclusionFormSchema.parse(decision.args.form);
        // R-DEL-2/3: measures or a risk of inaptitude in a nurse's conclusion send the employee to the doctor.
        const handover = conclusionReorientation(decision.args.actor, form);
        if (handover && patched('nurse-conclusion-reorients')) {
          await startReorientation(decision.args.actor, handover);
          return;
        }
        await activities.recordConclusion({ visitId: input.visitId, actorId: decision.args.actor.id, conclusion: form });
        snapshot.outcome = form.outcome;
        coupledMidCareer = form.coupledMidCareer;
        concludedNextDueDate = form.nextVisitDueDate;
        concludedBy = decision.args.actor;
        snapshot.documentId = (await activities.closeVisit({ visitId: input.visitId })) ?? undefined;
        setStatus('COMPLETED');
        return;
      }
      case 'cancel': {
        const booked = bookedAppointment();
        await supersedeTeleconsultation('visite annulée');
        await activities.recordCancellation({ visitId: input.visitId, actorId: decision.args.actor.id, reason: decision.args.form.reason });
        setStatus('CANCELLED');
        if (booked && patched('in-person-convocation')) {
          convocations.push(convocationActivities.cancelInPersonConvocation({ visitId: input.visitId, revision: appointmentRevision }));
        }
        return;
      }
      case 'excuse':
      case 'noShow': {
        // R-OPS-1: the employer pays for an absence not excused 48 hours ahead; the visit is planned again.
        const billable = decision.kind === 'noShow' || absenceIsBillable(snapshot.appointmentAt!, new Date(), input.excuseHoursAhead);
        // An absence excused ahead frees the employee from the appointment; a no-show's appointment has passed.
        const excused = decision.kind === 'excuse' ? bookedAppointment() : undefined;
        await supersedeTeleconsultation(decision.kind === 'noShow' ? 'absence au rendez-vous' : 'absence excusée');
        schedulingOccurrence += 1;
        await activities.recordMissedAppointment({
          visitId: input.visitId,
          occurrence: schedulingOccurrence,
          kind: decision.kind === 'noShow' ? 'NO_SHOW' : 'EXCUSED',
          billable,
          reason: decision.kind === 'excuse' ? decision.args.form.reason : undefined,
          actorId: decision.args.actor.id,
          dueDate: today(),
        });
        snapshot.billable = snapshot.billable || billable;
        snapshot.appointmentAt = undefined;
        snapshot.professionalId = undefined;
        setStatus('TO_SCHEDULE');
        if (excused) withdrawInPersonAppointment(excused);
        return;
      }
      case 'reorient':
        await startReorientation(decision.args.actor, decision.args.form);
        return;
      case 'reorientationFailed': {
        // Cleared first: once the row says the doctor no longer has it, the coordinators' next decision must be
        // accepted; it waits in the queue behind this step anyway.
        snapshot.reorientationWorkflowId = undefined;
        await activities.abandonReorientation({ visitId: input.visitId, escalatedOn: today() });
        return;
      }
      case 'reoriented': {
        // The re-orientation wrote the doctor's conclusion and document; the visit completes with them.
        const { result } = decision;
        snapshot.outcome = result.outcome;
        snapshot.documentId = result.documentId;
        coupledMidCareer = result.coupledMidCareer;
        concludedNextDueDate = result.nextVisitDueDate;
        concludedBy = result.concludedBy;
        setStatus('COMPLETED');
        return;
      }
      case 'teleconsulted': {
        const { workflowId, result, failed } = decision;
        // A session the visit has moved on from (appointment moved, missed, cancelled) changes nothing.
        if (workflowId !== snapshot.teleconsultationWorkflowId) return;
        if (result.replan === 'NONE') {
          snapshot.teleconsultationEnded = result.status === 'ENDED';
          return;
        }
        // R-TELE-2/10: in person as soon as possible; R-TELE-13: planned again (remote still possible).
        schedulingOccurrence += 1;
        await activities.replanAfterTeleconsultation({
          visitId: input.visitId,
          occurrence: schedulingOccurrence,
          dueDate: today(),
          modality: result.replan,
          failedWorkflowId: failed ? workflowId : undefined,
        });
        snapshot.modality = result.replan;
        snapshot.appointmentAt = undefined;
        snapshot.professionalId = undefined;
        snapshot.teleconsultationWorkflowId = undefined;
        setStatus('TO_SCHEDULE');
        return;
      }
    }
  }

  /** The in-person appointment currently booked, as the employee was convoked to it. */
  function bookedAppointment() {
    if (snapshot.status !== 'SCHEDULED' || snapshot.modality !== 'IN_PERSON') return undefined;
    return { revision: appointmentRevision, appointmentAt: snapshot.appointmentAt!, professionalId: snapshot.professionalId! };
  }

  /**
   * Issue 8: the employee need not come to that appointment, though the visit goes on. Not awaited, like the
   * convocation; it waits for the convocation sent before it, so that it finds it sent or knows it never will be.
   * Visits that left an in-person appointment before withdrawals existed sent none.
   */
  function withdrawInPersonAppointment(appointment: NonNullable<ReturnType<typeof bookedAppointment>>): void {
    if (!patched('in-person-appointment-withdrawn')) return;
    const before = convocations.at(-1) ?? Promise.resolve();
    convocations.push(before.catch(() => undefined).then(() => convocationActivities.withdrawInPersonAppointment({ visitId: input.visitId, ...appointment })));
  }

  /** R-DEL-2..4: the doctor takes the visit over in a child workflow; a parent closing (cancellation) terminates it. */
  async function startReorientation(actor: Actor, form: ReorientationForm): Promise<void> {
    await supersedeTeleconsultation('visite réorientée vers le médecin');
    // A re-orientation that failed leaves the visit free to be re-oriented again, under a new id and task.
    reorientationOccurrence += 1;
    const suffix = reorientationOccurrence === 1 ? '' : `-${reorientationOccurrence}`;
    const reorientationWorkflowId = `${workflowInfo().workflowId}-reorientation${suffix}`;
    const occurrence = reorientationOccurrence;
    await activities.recordReorientation({ visitId: input.visitId, reorientationWorkflowId, occurrence, actorId: actor.id, form });
    // The doctor's task exists before the update returns: the page the nurse lands on shows it.
    const dueDate = await activities.openReorientationTask({ visitId: input.visitId, protocolVersion: input.protocolVersion, openedOn: today(), occurrence });
    const child = await startChild(reorientationWorkflow, {
      workflowId: reorientationWorkflowId,
      args: [{ visit: input, dueDate }],
    });
    snapshot.reorientationWorkflowId = reorientationWorkflowId;
    // A re-orientation that fails or is terminated hands the visit to the coordinators rather than leaving it stuck.
    void child.result().then(
      (result) => enqueue({ kind: 'reoriented', result }),
      () => enqueue({ kind: 'reorientationFailed' }),
    );
  }

  /** R-TELE: the remote appointment's session, child of this visit; its outcome comes back as a queued decision. */
  async function startTeleconsultation(workflowId: string, proposedBy: RemoteProposer): Promise<void> {
    const child = await startChild(teleconsultationWorkflow, {
      workflowId,
      args: [{ visit: input, revision: appointmentRevision, appointmentAt: snapshot.appointmentAt!, professionalId: snapshot.professionalId!, proposedBy }],
      // A cancellation closes the visit at once; the session, told first, still records that it will not take place.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    snapshot.teleconsultationWorkflowId = workflowId;
    // A session that fails is handled as a technical failure (planned again), never left to block the visit.
    void child.result().then(
      (result) => {
        settledSessions.add(workflowId);
        if (result.status === 'ENDED' && result.replan === 'NONE') endedSessions.add(workflowId);
        enqueue({ kind: 'teleconsulted', workflowId, result });
      },
      () => {
        settledSessions.add(workflowId);
        enqueue({ kind: 'teleconsulted', workflowId, result: { status: 'FAILED', replan: 'REMOTE' }, failed: true });
      },
    );
  }

  /** The appointment moves, is missed or the visit closes: a session still under way will not take place. */
  async function supersedeTeleconsultation(reason: string): Promise<void> {
    const workflowId = snapshot.teleconsultationWorkflowId;
    if (!workflowId || snapshot.teleconsultationEnded) return;
    snapshot.teleconsultationWorkflowId = undefined;
    await signalIfRunning(workflowId, teleconsultationSupersededSignal, { reason });
  }

  /** R-REPRISE-2 and every other deadline: past it the visit is flagged overdue and coordinators escalate; it never ends by itself. */
  async function watchDeadline(): Promise<void> {
    const remainingMs = Date.parse(input.deadlineEndsAt) - Date.now();
    const closedInTime = remainingMs > 0 && (await condition(isClosed, remainingMs));
    if (closedInTime || isClosed()) return;
    snapshot.overdue = true;
    await activities.markOverdue({ visitId: input.visitId, deadline: input.deadline });
  }

  /** The follow-up plans what comes next from this visit's outcome. */
  async function reportClosure(): Promise<void> {
    const performedBy = concludedBy?.role === 'DOCTOR' || concludedBy?.role === 'NURSE' ? concludedBy.role : undefined;
    const closure = {
      key: input.planKey,
      type: input.type,
      status: snapshot.status === 'COMPLETED' ? 'COMPLETED' : 'CANCELLED',
      date: today(),
      outcome: snapshot.outcome,
      nextVisitDueDate: snapshot.status === 'COMPLETED' ? concludedNextDueDate : undefined,
      performedBy,
      coupledMidCareer,
    } as const;
    // A follow-up that has ended (the employee left and every visit closed) has nothing left to plan.
    await signalIfRunning(input.followUpWorkflowId, visitClosedSignal, closure);
  }
}
