// Activities of the staff declaration campaign (issue 8). Messages are keyed by campaign, round and address,
// so a retried attempt never mails a company twice; the writes are conditional, so a retry changes nothing.
import { Context } from '@temporalio/activity';
import type { Db } from './db.js';
import { publishedProtocol, protocolConfigOf } from './domain/protocol.js';
import { openStaffDeclarationCampaign, staffAsOfJanuary } from './domain/staff-declaration.js';
import type { TemporalDeps } from './domain/visits.js';
import type { Messaging } from './messaging/messaging.js';

export interface StaffDeclarationActivityDependencies {
  db: Db;
  temporal: TemporalDeps;
  messaging: Messaging;
  publicUrl: string;
  serviceName: string;
}

const COMPANIES_PER_PAGE = 100;

export function createStaffDeclarationActivities({ db, temporal, messaging, publicUrl, serviceName }: StaffDeclarationActivityDependencies) {
  return {
    /** Every company's campaign for `year`, a page at a time; the last company done is the heartbeat's detail. */
    async openStaffDeclarationCampaigns(input: { year: number }): Promise<{ opened: number }> {
      const context = Context.current();
      const { version } = await publishedProtocol(db);
      let after = context.info.heartbeatDetails as string | undefined;
      let opened = 0;
      for (;;) {
        const companies = await db.employer.findMany({
          where: after ? { id: { gt: after } } : {},
          orderBy: { id: 'asc' },
          take: COMPANIES_PER_PAGE,
          select: { id: true },
        });
        if (companies.length === 0) return { opened };
        const started = await Promise.all(companies.map((company) => openStaffDeclarationCampaign(db, temporal, company.id, input.year, version)));
        opened += started.filter(Boolean).length;
        after = companies.at(-1)!.id;
        context.heartbeat(after);
      }
    },

    /** Round 0 opens the campaign, each later round is a reminder; to the company's contact and its accounts. */
    async sendStaffDeclarationMessage(input: { campaignId: string; round: number }): Promise<{ sent: number }> {
      const campaign = await db.staffDeclarationCampaign.findUniqueOrThrow({
        where: { id: input.campaignId },
        select: {
          year: true,
          employerId: true,
          protocolVersion: true,
          employer: { select: { name: true, contactEmail: true, accounts: { where: { deactivatedAt: null }, select: { email: true } } } },
        },
      });
      const { messages } = await protocolConfigOf(db, campaign.protocolVersion);
      const headcount = await db.employee.count({ where: staffAsOfJanuary(campaign.employerId, campaign.year) });
      const { employer } = campaign;
      const recipients = [...new Set([employer.contactEmail, ...employer.accounts.map((account) => account.email)].filter((email): email is string => Boolean(email)))];
      let sent = 0;
      for (const recipient of recipients) {
        const { status } = await messaging.send({
          idempotencyKey: `staff-declaration:${input.campaignId}:${input.round}:${recipient}`,
          channel: 'EMAIL',
          recipient,
          template: messages[input.round === 0 ? 'STAFF_DECLARATION_OPENING' : 'STAFF_DECLARATION_REMINDER'],
          values: { companyName: employer.name, year: String(campaign.year), headcount: String(headcount), link: `${publicUrl}/entreprise/effectifs`, serviceName },
        });
        if (status === 'SENT') sent += 1;
      }
      if (input.round > 0) {
        await db.staffDeclarationCampaign.updateMany({
          where: { id: input.campaignId, remindersSent: { lt: input.round } },
          data: { remindersSent: input.round, lastReminderAt: new Date() },
        });
      }
      return { sent };
    },

    async recordStaffDeclarationConfirmation(input: { campaignId: string; accountId: string; headcount: number }): Promise<{ confirmedAt: string }> {
      await db.staffDeclarationCampaign.updateMany({
        where: { id: input.campaignId, confirmedAt: null },
        data: { confirmedAt: new Date(), confirmedById: input.accountId, confirmedHeadcount: input.headcount },
      });
      const { confirmedAt } = await db.staffDeclarationCampaign.findUniqueOrThrow({ where: { id: input.campaignId }, select: { confirmedAt: true } });
      return { confirmedAt: confirmedAt!.toISOString() };
    },

    async expireStaffDeclarationCampaign(input: { campaignId: string }): Promise<void> {
      await db.staffDeclarationCampaign.updateMany({ where: { id: input.campaignId, confirmedAt: null, expiredAt: null }, data: { expiredAt: new Date() } });
    },
  };
}

export type StaffDeclarationActivities = ReturnType<typeof createStaffDeclarationActivities>;
