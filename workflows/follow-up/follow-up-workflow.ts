// One long-running workflow per employee, for decades: it folds the employee's events into a ledger,
// opens each visit workflow when the rules say it is due, and sleeps until the next one opens.
// Its history is kept small by continuing as new; the ledger is the whole state it carries over.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { signalIfRunning } from '../signal-if-running.js';
import { databaseActivityOptions } from '../activity-options.js';
import type { FollowUpActivities } from '../../activities/follow-up-activities.js';
import { endOfParisDay, parisCivilDate, plusDays } from '../rules/calendar.js';
import {
  applyFollowUpEvent,
  dueVisits,
  nextVisitCapYears,
  midCareerCouplingAllowed,
  recordVisitClosed,
  recordVisitOpened,
  refuseFollowUpEvent,
  supersededOpenVisits,
} from '../rules/follow-up-plan.js';
import type { ClosedVisit, DueVisit, FollowUpEvent } from '../rules/follow-up-types.js';
import { employeeDepartedSignal, visitSupersededSignal } from '../visit/messages.js';
import {
  followUpEventSchema,
  followUpPlanQuery,
  recordFollowUpEventUpdate,
  visitClosedSignal,
  type FollowUpWorkflowInput,
  type RecordedEvent,
} from './messages.js';

const activities = proxyActivities<FollowUpActivities>(databaseActivityOptions);

// Well under Temporal's 51,200-event limit, so a run never nears it even with a burst of events.
const MAX_EVENTS_PER_RUN = 2_000;
// A run covers at most a year: replaying it stays cheap, and new workflow code reaches every follow-up within a year.
const MAX_RUN_MS = 365 * 24 * 3_600_000;

export async function followUpWorkflow(input: FollowUpWorkflowInput): Promise<void> {
  let ledger = input.ledger;
  const { config } = input;
  /** Workflow id of each open visit by plan key, to reach them when the employee leaves. */
  const openVisitWorkflows: Record<string, string> = { ...input.openVisitWorkflows };
  const events: { event: FollowUpEvent; result?: RecordedEvent; refusal?: string }[] = [];
  const closedVisits: ClosedVisit[] = [];
  const today = () => parisCivilDate(new Date());

  setHandler(followUpPlanQuery, () => ({
    category: ledger.category,
    past: ledger.closed,
    current: ledger.open,
    next: dueVisits(ledger, config, today()),
    departedOn: ledger.departedOn,
  }));
  setHandler(visitClosedSignal, (closed) => {
    closedVisits.push(closed);
  });
  setHandler(
    recordFollowUpEventUpdate,
    async (event) => {
      const entry: (typeof events)[number] = { event };
      events.push(entry);
      await condition(() => entry.result !== undefined || entry.refusal !== undefined);
      if (entry.refusal) throw ApplicationFailure.create({ type: 'EventRefused', message: entry.refusal, nonRetryable: true });
      return entry.result!;
    },
    {
      validator: (event) => {
        const parsed = followUpEventSchema.safeParse(event);
        if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'Événement invalide');
        const refusal = refuseFollowUpEvent(ledger, parsed.data, config);
        if (refusal) throw new Error(refusal);
      },
    },
  );

  for (;;) {
    for (const closed of closedVisits.splice(0)) {
      ledger = recordVisitClosed(ledger, closed);
      delete openVisitWorkflows[closed.key];
    }

    const entry = events.shift();
    if (entry) {
      // Re-checked here: an event queued earlier may have changed the ledger since validation.
      const refusal = refuseFollowUpEvent(ledger, entry.event, config);
      if (refusal) {
        entry.refusal = refusal;
        continue;
      }
      const next = applyFollowUpEvent(ledger, entry.event, config);
      await activities.applyEmployeeEvent({ employeeId: ledger.employeeId, event: entry.event, eventId: uuid4(), category: next.category });
      // Follow-ups recorded before this rule existed replay without it (see README: changing workflow code).
      const superseded = patched('supersede-open-visits') ? supersededOpenVisits(ledger, next, config, today()) : [];
      ledger = next;
      for (const key of superseded) {
        const workflowId = openVisitWorkflows[key];
        if (workflowId) await signalIfRunning(workflowId, visitSupersededSignal, { reason: 'Dates modifiées par un nouvel événement : visite rouverte avec la nouvelle échéance' });
      }
      if (entry.event.type === 'DEPARTURE') await closeOpenVisits(entry.event.date);
      entry.result = { openedVisitIds: await openDueVisits() };
      continue;
    }
    await openDueVisits();

    if (ledger.departedOn && ledger.open.length === 0) return;
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > MAX_EVENTS_PER_RUN || Date.now() - info.runStartTime.getTime() > MAX_RUN_MS) {
      await condition(allHandlersFinished);
      if (events.length === 0 && closedVisits.length === 0) {
        await continueAsNew<typeof followUpWorkflow>({ ...input, ledger, openVisitWorkflows });
      }
      continue;
    }
    const hasWork = () => events.length > 0 || closedVisits.length > 0;
    const next = dueVisits(ledger, config, today()).find((visit) => visit.opensOn > today());
    // Sleeps until the day the next visit opens (Paris midnight), an event, a closure, or the end of the run's year.
    const runEndsInMs = info.runStartTime.getTime() + MAX_RUN_MS - Date.now() + 1;
    const nextOpensInMs = next ? endOfParisDay(plusDays(next.opensOn, -1)).getTime() - Date.now() : Infinity;
    await condition(hasWork, Math.min(runEndsInMs, nextOpensInMs));
  }

  async function openDueVisits(): Promise<string[]> {
    const opened: string[] = [];
    for (const due of dueVisits(ledger, config, today()).filter((visit) => visit.opensOn <= today())) {
      opened.push(await openVisit(due));
      ledger = recordVisitOpened(ledger, due.key);
    }
    return opened;
  }

  async function closeOpenVisits(date: string): Promise<void> {
    for (const workflowId of Object.values(openVisitWorkflows)) {
      await signalIfRunning(workflowId, employeeDepartedSignal, { date });
    }
  }

  async function openVisit(due: DueVisit): Promise<string> {
    const visitId = uuid4();
    const { workflowId } = await activities.openVisit({
      employerId: input.employerId,
      due,
      visit: {
        visitId,
        employeeId: ledger.employeeId,
        followUpWorkflowId: workflowInfo().workflowId,
        planKey: due.key,
        type: due.type,
        followUpCategory: ledger.category,
        performer: due.performer,
        dueDate: due.dueDate,
        deadline: due.deadline,
        protocolVersion: input.protocolVersion,
        renewalCapYears: nextVisitCapYears(ledger, due.dueDate, config),
        midCareerCouplingAllowed: due.type !== 'MID_CAREER' && midCareerCouplingAllowed(ledger, due.dueDate, config),
        excuseHoursAhead: config.noShow.excuseHoursAhead,
      },
    });
    openVisitWorkflows[due.key] = workflowId;
    return visitId;
  }
}
