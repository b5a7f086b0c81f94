// Issue 8: the yearly staff declaration campaign, as the console and the activities share it: which employees
// the list as of 1 January holds, opening a company's campaign once, and its confirmation by the company.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { confirmStaffDeclarationUpdate, staffDeclarationLaunchWorkflowId, staffDeclarationWorkflowId, type StaffDeclarationCampaignInput } from '../../workflows/staff-declaration/messages.js';
import { dbDateFromCivil } from '../../workflows/rules/calendar.js';
import type { Prisma } from '../../prisma/generated/client.js';
import type { Db } from '../db.js';
import { DomainError } from './errors.js';
import { protocolConfigOf } from './protocol.js';
import { sendWorkflowUpdate, type TemporalDeps } from './visits.js';

/** The company's employees on 1 January of `year`: hired by then and not gone before it. */
export function staffAsOfJanuary(employerId: string, year: number): Prisma.EmployeeWhereInput {
  const january = dbDateFromCivil(`${year}-01-01`);
  return { employerId, hireDate: { lte: january }, OR: [{ departedOn: null }, { departedOn: { gt: january } }] };
}

/**
 * Opens the company's campaign for `year` under the published `protocolVersion`: its row, then its workflow.
 * False when it was open already (a second launch, a retried activity), which then asks nothing again.
 */
export async function openStaffDeclarationCampaign(db: Db, temporal: TemporalDeps, employerId: string, year: number, protocolVersion: number): Promise<boolean> {
  const workflowId = staffDeclarationWorkflowId(year, employerId);
  const campaign = await db.staffDeclarationCampaign.upsert({
    where: { employerId_year: { employerId, year } },
    create: { employerId, year, workflowId, protocolVersion },
    update: {},
    select: { id: true, protocolVersion: true },
  });
  const { staffDeclaration } = await protocolConfigOf(db, campaign.protocolVersion);
  try {
    await temporal.client.workflow.start('staffDeclarationCampaignWorkflow', {
      workflowId,
      taskQueue: temporal.taskQueue,
      args: [{ campaignId: campaign.id, year, reminderEveryDays: staffDeclaration.reminderEveryDays } satisfies StaffDeclarationCampaignInput],
      // A campaign that ended (confirmed or expired) is never started again for the same year.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    return true;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw error;
  }
}

/** An administrator opens the year's campaigns: a durable run that goes through every company, started once. */
export async function launchStaffDeclarationCampaigns(temporal: TemporalDeps, year: number): Promise<void> {
  await temporal.client.workflow.start('staffDeclarationLaunchWorkflow', {
    workflowId: staffDeclarationLaunchWorkflowId(year, temporal.taskQueue),
    taskQueue: temporal.taskQueue,
    args: [{ year }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}

/** The company's own campaign of `campaignId`, confirmed by one of its accounts with the list's headcount. */
export async function confirmStaffDeclaration(
  db: Db,
  temporal: TemporalDeps,
  account: { id: string; employerId: string },
  campaignId: string,
): Promise<{ confirmedAt: string; headcount: number; year: number }> {
  const campaign = await db.staffDeclarationCampaign.findFirst({
    where: { id: campaignId, employerId: account.employerId },
    select: { workflowId: true, year: true, confirmedAt: true, expiredAt: true },
  });
  if (!campaign) throw new DomainError('NOT_FOUND', 'Campagne introuvable.');
  if (campaign.confirmedAt) throw new DomainError('CONFLICT', 'La liste de vos effectifs est déjà confirmée pour cette année.');
  if (campaign.expiredAt) throw new DomainError('CONFLICT', `La campagne ${campaign.year} est close : mettez à jour vos effectifs, ils seront repris l’an prochain.`);
  const headcount = await db.employee.count({ where: staffAsOfJanuary(account.employerId, campaign.year) });
  const { confirmedAt } = await sendWorkflowUpdate(temporal, campaign.workflowId, confirmStaffDeclarationUpdate, { accountId: account.id, headcount });
  return { confirmedAt, headcount, year: campaign.year };
}
