// One parametrised visit lifecycle: request → scheduling → consultation → outcome → document → closed.
// Human decisions arrive as updates, applied one at a time by the main loop so concurrent
// decisions cannot interleave their writes; each update returns once its effect is in PostgreSQL.
import {
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { VisitActivities } from '../../activities/visit-activities.js';
import { parisCivilDate } from '../rules/calendar.js';
import { visitStatusKey } from '../search-attributes.js';
import { refuseCancellation, refuseConclusion, refuseSchedule } from './guards.js';
import {
  cancelVisitUpdate,
  concludeVisitUpdate,
  scheduleVisitUpdate,
  visitSnapshotQuery,
  type CancelVisitArgs,
  type ConcludeVisitArgs,
  type ScheduleVisitArgs,
  type VisitSnapshot,
  type VisitStatus,
  type VisitWorkflowInput,
} from './messages.js';

const activities = proxyActivities<VisitActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

type Decision =
  | { kind: 'schedule'; args: ScheduleVisitArgs }
  | { kind: 'conclude'; args: ConcludeVisitArgs }
  | { kind: 'cancel'; args: CancelVisitArgs };

export async function visitWorkflow(input: VisitWorkflowInput): Promise<VisitSnapshot> {
  const snapshot: VisitSnapshot = { status: 'TO_SCHEDULE', overdue: false };
  const pending: { decision: Decision; refusal?: string; applied: boolean }[] = [];
  let appointmentRevision = 0;

  const isClosed = () => snapshot.status === 'COMPLETED' || snapshot.status === 'CANCELLED';

  function setStatus(status: VisitStatus): void {
    snapshot.status = status;
    upsertSearchAttributes([{ key: visitStatusKey, value: status }]);
  }

  /** Queues a decision and resolves when the main loop has written it, or fails with the reason it could not. */
  async function submit(decision: Decision): Promise<VisitSnapshot> {
    const entry: (typeof pending)[number] = { decision, applied: false };
    pending.push(entry);
    await condition(() => entry.applied);
    if (entry.refusal) throw ApplicationFailure.create({ type: 'DecisionRefused', message: entry.refusal, nonRetryable: true });
    return { ...snapshot };
  }

  setHandler(visitSnapshotQuery, () => ({ ...snapshot }));
  setHandler(scheduleVisitUpdate, (args) => submit({ kind: 'schedule', args }), {
    validator: (args) => reject(refuseSchedule(input, snapshot, args, new Date())),
  });
  setHandler(concludeVisitUpdate, (args) => submit({ kind: 'conclude', args }), {
    validator: (args) => reject(refuseConclusion(input, snapshot, args, parisCivilDate(new Date()))),
  });
  setHandler(cancelVisitUpdate, (args) => submit({ kind: 'cancel', args }), {
    validator: (args) => reject(refuseCancellation(snapshot, args)),
  });

  await activities.openTask({
    visitId: input.visitId,
    kind: 'SCHEDULING',
    role: 'ASSISTANT',
    dueDate: input.dueDate,
    occurrence: 1,
  });

  const deadlineWatch = watchDeadline();

  while (!isClosed()) {
    await condition(() => pending.length > 0);
    const entry = pending.shift()!;
    // Re-checked at apply time: an earlier queued decision may have changed the visit.
    entry.refusal = await apply(entry.decision);
    entry.applied = true;
  }
  // Let every decision queued behind the closing one learn why it did not apply.
  for (const entry of pending.splice(0)) {
    entry.refusal = 'La visite est déjà close.';
    entry.applied = true;
  }
  await deadlineWatch;
  return { ...snapshot };

  async function apply(decision: Decision): Promise<string | undefined> {
    switch (decision.kind) {
      case 'schedule': {
        const refusal = refuseSchedule(input, snapshot, decision.args, new Date());
        if (refusal) return refusal;
        appointmentRevision += 1;
        await activities.recordAppointment({
          visitId: input.visitId,
          revision: appointmentRevision,
          appointmentAt: decision.args.form.appointmentAt,
          professionalId: decision.args.form.professionalId,
          actorId: decision.args.actor.id,
        });
        snapshot.appointmentAt = decision.args.form.appointmentAt;
        snapshot.professionalId = decision.args.form.professionalId;
        setStatus('SCHEDULED');
        return undefined;
      }
      case 'conclude': {
        const refusal = refuseConclusion(input, snapshot, decision.args, parisCivilDate(new Date()));
        if (refusal) return refusal;
        const form = decision.args.form;
        await activities.recordConclusion({ visitId: input.visitId, actorId: decision.args.actor.id, conclusion: form });
        snapshot.outcome = form.outcome;
        snapshot.documentId = await activities.issueVisitDocument({ visitId: input.visitId });
        setStatus('COMPLETED');
        return undefined;
      }
      case 'cancel': {
        const refusal = refuseCancellation(snapshot, decision.args);
        if (refusal) return refusal;
        await activities.recordCancellation({
          visitId: input.visitId,
          actorId: decision.args.actor.id,
          reason: decision.args.form.reason,
        });
        setStatus('CANCELLED');
        return undefined;
      }
    }
  }

  /** R-REPRISE-2: past the deadline the visit is flagged overdue and coordinators get an escalation task; it never ends by itself. */
  async function watchDeadline(): Promise<void> {
    const remainingMs = Date.parse(input.deadlineEndsAt) - Date.now();
    const closedInTime = remainingMs > 0 && (await condition(isClosed, remainingMs));
    if (closedInTime || isClosed()) return;
    snapshot.overdue = true;
    await activities.markOverdue({ visitId: input.visitId, deadline: input.deadline });
  }
}

function reject(refusal: string | undefined): void {
  if (refusal) throw new Error(refusal);
}
