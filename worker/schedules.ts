// The Temporal schedules of the service, Paris time: the coordinators' digest each working day at 07:00
// (issue 5), the opening of the staff declaration campaigns each 2 January at 08:00 (issue 8). Every worker
// ensures them at start: the first creates them, the others find them there.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import type * as workflows from '../workflows/index.js';

/** A rename of a workflow export breaks the build here rather than the schedule on its day. */
type ScheduledWorkflowName = Extract<keyof typeof workflows, 'coordinatorDigestWorkflow' | 'staffDeclarationLaunchWorkflow'>;

const scheduled = {
  digest: {
    id: 'coordinator-digest',
    workflowType: 'coordinatorDigestWorkflow',
    calendars: [{ dayOfWeek: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'], hour: 7, minute: 0 }],
    // A day missed while the cluster was down is sent once it is back, until noon.
    catchupWindow: '5 hours',
  },
  staffDeclaration: {
    id: 'staff-declaration',
    workflowType: 'staffDeclarationLaunchWorkflow',
    // 1 January is a public holiday: the campaign opens on the next morning, with the list as of 1 January.
    calendars: [{ month: 'JANUARY', dayOfMonth: 2, hour: 8, minute: 0 }],
    catchupWindow: '7 days',
  },
} satisfies Record<
  string,
  {
    id: string;
    workflowType: ScheduledWorkflowName;
    calendars: NonNullable<ScheduleOptions['spec']['calendars']>;
    catchupWindow: NonNullable<ScheduleOptions['policies']>['catchupWindow'];
  }
>;
export type ScheduleKind = keyof typeof scheduled;

/** One schedule of each kind per task queue, so deployments sharing a namespace each run their own. */
export function scheduleIdOf(kind: ScheduleKind, taskQueue: string): string {
  return `${scheduled[kind].id}:${taskQueue}`;
}

export async function ensureSchedules(client: Client, taskQueue: string): Promise<void> {
  for (const kind of Object.keys(scheduled) as ScheduleKind[]) {
    const { id, workflowType, calendars, catchupWindow } = scheduled[kind];
    try {
      await client.schedule.create({
        scheduleId: scheduleIdOf(kind, taskQueue),
        spec: { calendars, timezone: 'Europe/Paris' },
        action: { type: 'startWorkflow', workflowType, workflowId: `${id}-${taskQueue}`, taskQueue, args: [] },
        // Never two runs at once.
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow },
      });
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    }
  }
}
