// The staff declaration campaign's messages (issue 8), defined once and imported by the console.
import { defineUpdate } from '@temporalio/workflow';

export interface StaffDeclarationCampaignInput {
  campaignId: string;
  year: number;
  /** From the campaign's protocol version, read when it opened. */
  reminderEveryDays: number;
}

export interface StaffDeclarationConfirmation {
  /** The company's account that confirmed. */
  accountId: string;
  /** How many employees the list as of 1 January counted as it was confirmed. */
  headcount: number;
}

export interface StaffDeclarationOutcome {
  confirmed: boolean;
  remindersSent: number;
}

export const confirmStaffDeclarationUpdate = defineUpdate<{ confirmedAt: string }, [StaffDeclarationConfirmation]>('confirmStaffDeclaration');

/** One campaign per company and year: its id, so a second opening finds the first. */
export function staffDeclarationWorkflowId(year: number, employerId: string): string {
  return `staff-declaration-${year}-${employerId}`;
}

/**
 * One opening run per year and task queue at a time (deployments sharing a namespace each open their own); a
 * later run opens the campaigns of companies that joined since.
 */
export function staffDeclarationLaunchWorkflowId(year: number, taskQueue: string): string {
  return `staff-declaration-launch-${year}-${taskQueue}`;
}
