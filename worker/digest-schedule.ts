// Issue 5: the Temporal schedule that starts the coordinators' digest each working day at 07:00, Paris time.
// Every worker ensures it at start: the first creates it, the others find it there.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type * as workflows from '../workflows/index.js';

/** A rename of the workflow export breaks the build here rather than the schedule at 07:00. */
type DigestWorkflowName = Extract<keyof typeof workflows, 'coordinatorDigestWorkflow'>;

/** One schedule per task queue, so deployments sharing a namespace each mail their own coordinators. */
export function digestScheduleId(taskQueue: string): string {
  return `coordinator-digest:${taskQueue}`;
}

export async function ensureDigestSchedule(client: Client, taskQueue: string): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: digestScheduleId(taskQueue),
      spec: {
        calendars: [{ dayOfWeek: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'], hour: 7, minute: 0 }],
        timezone: 'Europe/Paris',
      },
      action: {
        type: 'startWorkflow',
        workflowType: 'coordinatorDigestWorkflow' satisfies DigestWorkflowName,
        workflowId: `coordinator-digest-${taskQueue}`,
        taskQueue,
        args: [],
      },
      // A day missed while the cluster was down is sent once it is back, until noon; never two at once.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '5 hours' },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
}
