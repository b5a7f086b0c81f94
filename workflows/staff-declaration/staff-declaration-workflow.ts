// Issue 8: the yearly update of the staff declaration. Each January every member company is asked to check
// and confirm its list of employees as of 1 January; its campaign workflow mails the opening, then a reminder
// every `reminderEveryDays` until an account of the company confirms, or the year ends unconfirmed.
import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { StaffDeclarationActivities } from '../../activities/staff-declaration-activities.js';
import { databaseActivityOptions } from '../activity-options.js';
import { endOfParisDay, parisCivilDate } from '../rules/calendar.js';
import {
  confirmStaffDeclarationUpdate,
  type StaffDeclarationCampaignInput,
  type StaffDeclarationConfirmation,
  type StaffDeclarationOutcome,
} from './messages.js';

const DAY_MS = 86_400_000;

// A message goes to each of the company's addresses in one attempt: as long as a few SMTP exchanges take.
const { sendStaffDeclarationMessage, recordStaffDeclarationConfirmation, expireStaffDeclarationCampaign } = proxyActivities<StaffDeclarationActivities>({
  ...databaseActivityOptions,
  startToCloseTimeout: '2 minutes',
});
// Opening every company's campaign pages through them all; the heartbeat carries where a retry resumes.
const { openStaffDeclarationCampaigns } = proxyActivities<StaffDeclarationActivities>({
  ...databaseActivityOptions,
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '2 minutes',
});

/** The French reason a confirmation is refused, or undefined when it may go ahead. */
export function refuseStaffDeclarationConfirmation(alreadyConfirmed: boolean, args: StaffDeclarationConfirmation): string | undefined {
  if (alreadyConfirmed) return 'La liste de vos effectifs est déjà confirmée pour cette année.';
  if (!args.accountId) return 'Seul un compte de l’entreprise confirme sa liste.';
  if (!Number.isInteger(args.headcount) || args.headcount < 0) return 'Effectif invalide.';
  return undefined;
}

export async function staffDeclarationCampaignWorkflow(input: StaffDeclarationCampaignInput): Promise<StaffDeclarationOutcome> {
  const { campaignId, year, reminderEveryDays } = input;
  let confirmation: StaffDeclarationConfirmation | undefined;
  setHandler(
    confirmStaffDeclarationUpdate,
    async (args) => {
      // Set before the first await: no reminder leaves while the confirmation is being written.
      confirmation = args;
      return recordStaffDeclarationConfirmation({ campaignId, ...args });
    },
    {
      validator: (args) => {
        const reason = refuseStaffDeclarationConfirmation(confirmation !== undefined, args);
        if (reason) throw new Error(reason);
      },
    },
  );

  await sendStaffDeclarationMessage({ campaignId, round: 0 });
  const closesAt = endOfParisDay(`${year}-12-31`).getTime();
  let remindersSent = 0;
  while (confirmation === undefined) {
    const wait = Math.min(reminderEveryDays * DAY_MS, closesAt - Date.now());
    if (wait <= 0 || (await condition(() => confirmation !== undefined, wait)) || Date.now() >= closesAt) break;
    remindersSent += 1;
    await sendStaffDeclarationMessage({ campaignId, round: remindersSent });
  }
  if (confirmation === undefined) await expireStaffDeclarationCampaign({ campaignId });
  await condition(allHandlersFinished);
  return { confirmed: confirmation !== undefined, remindersSent };
}

/**
 * Opens the year's campaign of every company, started each 2 January by the schedule of worker/schedules.ts
 * (no year: the one of the workflow's day) or by an administrator. Companies already asked are not asked again.
 */
export async function staffDeclarationLaunchWorkflow(input: { year?: number } = {}): Promise<{ year: number; opened: number }> {
  const year = input.year ?? Number(parisCivilDate(new Date()).slice(0, 4));
  const { opened } = await openStaffDeclarationCampaigns({ year });
  return { year, opened };
}
