// R-DATA-3, R-DATA-4: one workflow per employee request. A reminder task opens a week before the due date,
// an escalation when the due day has ended unanswered; staff complete it with an update, which produces
// the DMST export for access and transfer requests, then closes the request and its tasks.
import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { DataRightsActivities } from '../../activities/data-rights-activities.js';
import { databaseActivityOptions } from '../activity-options.js';
import { endOfParisDay, plusDays } from '../rules/calendar.js';
import { completionFormSchema, exportKinds, handlesDataRights } from './forms.js';
import { completeDataRightsRequestUpdate, type DataRightsCompletion, type DataRightsResult, type DataRightsWorkflowInput } from './messages.js';

const activities = proxyActivities<DataRightsActivities>(databaseActivityOptions);

const REMINDER_DAYS_BEFORE = 7;

/** The French reason a completion is refused, or undefined when it may go ahead. */
export function refuseCompletion(completing: boolean, args: DataRightsCompletion): string | undefined {
  if (completing) return 'Cette demande est déjà traitée.';
  if (!handlesDataRights(args.actor.role)) return 'Seuls le secrétariat médical, les médecins et les administrateurs traitent les demandes des salariés.';
  const parsed = completionFormSchema.safeParse(args.form);
  return parsed.success ? undefined : parsed.error.issues[0]!.message;
}

export async function dataRightsWorkflow(input: DataRightsWorkflowInput): Promise<DataRightsResult> {
  const { requestId, dueDate } = input;
  let completing = false;
  let result: DataRightsResult | undefined;

  setHandler(
    completeDataRightsRequestUpdate,
    async (args) => {
      // Set before the first await: a second completion arriving meanwhile is refused by the validator.
      completing = true;
      const form = completionFormSchema.parse(args.form);
      const exportId = exportKinds.includes(input.kind) ? await activities.produceDataRightsExport({ requestId }) : undefined;
      await activities.closeDataRightsRequest({ requestId, actorId: args.actor.id, summary: form.summary });
      result = { completedBy: args.actor, exportId };
      return result;
    },
    {
      validator: (args) => {
        const reason = refuseCompletion(completing, args);
        if (reason) throw new Error(reason);
      },
    },
  );

  /** False when `instant` came before the request was completed. */
  const completedBefore = async (instant: Date) => {
    const remaining = instant.getTime() - Date.now();
    return remaining > 0 ? condition(() => completing, remaining) : completing;
  };
  // The reminder opens at the start of the day a week before the due date (end of the day before it).
  if (!(await completedBefore(endOfParisDay(plusDays(dueDate, -REMINDER_DAYS_BEFORE - 1))))) {
    await activities.openDataRightsTask({ requestId, kind: 'REMINDER', dueDate });
    if (!(await completedBefore(endOfParisDay(dueDate)))) {
      await activities.openDataRightsTask({ requestId, kind: 'ESCALATION', dueDate });
    }
  }
  await condition(() => result !== undefined);
  await condition(allHandlersFinished);
  return result!;
}
