// Issue 5: the coordinators' morning digest of visits at risk and overdue, one run per working day, started
// by the Temporal schedule of worker/schedules.ts. The workflow fixes the day; the activity counts and
// sends, once per coordinator and day, so a retry or a second trigger never mails twice.
import { proxyActivities } from '@temporalio/workflow';
import type { DigestActivities } from '../../activities/digest-activities.js';
import { databaseActivityOptions } from '../activity-options.js';
import { parisCivilDate, type CivilDate } from '../rules/calendar.js';

// One email per coordinator in one attempt: longer than a database write, as long as a few SMTP exchanges take.
const { sendCoordinatorDigest } = proxyActivities<DigestActivities>({ ...databaseActivityOptions, startToCloseTimeout: '5 minutes' });

export async function coordinatorDigestWorkflow(): Promise<{ day: CivilDate; sent: number }> {
  // Workflow time: the same day on replay and across the activity's retries, hence the same message keys.
  const day = parisCivilDate(new Date());
  const { sent } = await sendCoordinatorDigest({ day });
  return { day, sent };
}
