// R-DEL-2..4: a visit a nurse re-oriented to the doctor. A child of the visit workflow, which has already
// opened the doctor's task, due "sans délai" (the protocol's `delegation.reorientationDeadlineDays`): it
// escalates to coordinators when that passes, and ends with the doctor's conclusion, written and documented
// like any conclusion.
import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import { databaseActivityOptions } from '../activity-options.js';
import type { VisitActivities } from '../../activities/visit-activities.js';
import { endOfParisDay, parisCivilDate } from '../rules/calendar.js';
import { conclusionFormSchema } from './forms.js';
import { refuseReorientationConclusion } from './guards.js';
import { concludeReorientationUpdate, type ReorientationResult, type ReorientationWorkflowInput } from './messages.js';

const activities = proxyActivities<VisitActivities>(databaseActivityOptions);

export async function reorientationWorkflow(input: ReorientationWorkflowInput): Promise<ReorientationResult> {
  const { visitId } = input.visit;
  let concluding = false;
  let result: ReorientationResult | undefined;

  setHandler(
    concludeReorientationUpdate,
    async (args) => {
      // Set before the first await: a second conclusion arriving meanwhile is refused by the validator.
      concluding = true;
      const form = conclusionFormSchema.parse(args.form);
      await activities.recordConclusion({ visitId, actorId: args.actor.id, conclusion: form });
      const documentId = (await activities.closeVisit({ visitId })) ?? undefined;
      result = { outcome: form.outcome, nextVisitDueDate: form.nextVisitDueDate, coupledMidCareer: form.coupledMidCareer, concludedBy: args.actor, documentId };
      return result;
    },
    {
      validator: (args) => {
        const reason = refuseReorientationConclusion(input.visit, concluding, args, parisCivilDate(new Date()));
        if (reason) throw new Error(reason);
      },
    },
  );

  const { dueDate } = input;
  const concludedInTime = await condition(() => result !== undefined, endOfParisDay(dueDate).getTime() - Date.now());
  if (!concludedInTime) {
    await activities.escalateReorientation({ visitId, dueDate, escalatedOn: parisCivilDate(new Date()) });
    await condition(() => result !== undefined);
  }
  await condition(allHandlersFinished);
  return result!;
}
