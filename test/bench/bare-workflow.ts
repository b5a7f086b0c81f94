// The baseline of the lifecycle benchmark: the same shape as a real visit (five activities in all, as
// the follow-up's openVisit plus the visit's openTask, recordAppointment, recordConclusion, closeVisit)
// and two updates, but the activities do nothing and the updates do no work. Registered by its own
// worker on its own task queue (workflowsPath points at this file).
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

export interface BareActivities {
  noop(step: string): Promise<void>;
}

export const bareScheduleUpdate = defineUpdate<string, [string]>('bareSchedule');
export const bareConcludeUpdate = defineUpdate<string, [string]>('bareConclude');

const { noop } = proxyActivities<BareActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function bareVisitWorkflow(): Promise<string> {
  let scheduled = false;
  let concluded = false;
  setHandler(bareScheduleUpdate, (value) => {
    scheduled = true;
    return value;
  });
  setHandler(bareConcludeUpdate, (value) => {
    concluded = true;
    return value;
  });
  await noop('open-visit');
  await noop('open-task');
  await condition(() => scheduled);
  await noop('record-appointment');
  await condition(() => concluded);
  await noop('record-conclusion');
  await noop('close-visit');
  return 'COMPLETED';
}
