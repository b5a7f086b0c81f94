// Issue 8: the yearly staff declaration campaign on the time-skipping server with the real activities,
// PostgreSQL and SMTP: the opening mail, a reminder every 14 days until a company account confirms, and the
// campaign that expires unconfirmed at the end of its year. Saves its histories for the replay test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmployer } from '../activities/domain/employers.js';
import { confirmStaffDeclaration, launchStaffDeclarationCampaigns } from '../activities/domain/staff-declaration.js';
import { DomainError } from '../activities/domain/errors.js';
import { endOfParisDay } from '../workflows/rules/calendar.js';
import { staffDeclarationLaunchWorkflowId, staffDeclarationWorkflowId, type StaffDeclarationOutcome } from '../workflows/staff-declaration/messages.js';
import { anEmployee, randomSiret } from './support/factories.js';
import { saveHistory } from './support/histories.js';
import { startWorkflowTestEnv, type WorkflowTestEnv } from './support/workflow-test-env.js';

const DAY_MS = 86_400_000;
// The shipped protocol's interval.
const REMINDER_EVERY_DAYS = 14;

let setup: WorkflowTestEnv;
// The campaign of next year, so that whatever day the test runs a whole year of reminders lies ahead.
let year: number;

beforeAll(async () => {
  setup = await startWorkflowTestEnv();
  year = Number((await setup.serverToday()).slice(0, 4)) + 1;
});

afterAll(() => setup?.teardown());

/** A company with a contact address and one portal account, and employees hired and gone on these days. */
async function aCompany(name: string, staff: { hireDate: string; departedOn?: string }[]) {
  const { db } = setup.database;
  const slug = name.toLowerCase().replaceAll(' ', '-');
  const employer = await createEmployer(db, { name, siret: randomSiret() });
  await db.employer.update({ where: { id: employer.id }, data: { contactEmail: `rh@${slug}.test` } });
  const account = await db.professional.create({
    data: { email: `gerant@${slug}.test`, displayName: `Gérant ${name}`, role: 'EMPLOYER', employerId: employer.id, passwordHash: 'not-used-in-this-test' },
  });
  for (const { hireDate, departedOn } of staff) {
    const { employeeId } = await anEmployee(db, setup.temporal, { hireDate });
    await db.employee.update({ where: { id: employeeId }, data: { employerId: employer.id, departedOn: departedOn ? new Date(`${departedOn}T00:00:00Z`) : null } });
  }
  return { employerId: employer.id, accountId: account.id, addresses: [`rh@${slug}.test`, `gerant@${slug}.test`] };
}

const mailsTo = (address: string, subject: string) => setup.mails.filter((mail) => mail.to.includes(address) && mail.subject === subject);
const openingSubject = () => `Mise à jour annuelle de vos effectifs au 1er janvier ${year}`;
const reminderSubject = () => `Rappel : confirmez vos effectifs au 1er janvier ${year}`;
const campaignOf = (employerId: string) => setup.database.db.staffDeclarationCampaign.findUniqueOrThrow({ where: { employerId_year: { employerId, year } } });

async function launch(): Promise<{ year: number; opened: number }> {
  await launchStaffDeclarationCampaigns(setup.temporal, year);
  return setup.env.client.workflow.getHandle(staffDeclarationLaunchWorkflowId(year, setup.temporal.taskQueue)).result();
}

describe('issue 8: the yearly staff declaration campaign', () => {
  let confirming: Awaited<ReturnType<typeof aCompany>>;
  let silent: Awaited<ReturnType<typeof aCompany>>;

  it('opens one campaign per company, mails the list as of 1 January, reminds every 14 days until an account confirms', { timeout: 60_000 }, async () => {
    confirming = await aCompany('Menuiserie Roux', [
      { hireDate: '2019-03-01' },
      // Gone after 1 January: still on its list.
      { hireDate: '2021-06-15', departedOn: `${year}-02-01` },
      // Gone before, or hired after: not on it.
      { hireDate: '2018-01-10', departedOn: `${year - 1}-12-31` },
      { hireDate: `${year}-01-02` },
    ]);
    silent = await aCompany('Boulangerie Petit', [{ hireDate: '2022-09-01' }]);
    // Every company of the service is asked, the employees' own (from anEmployee) too.
    const companies = await setup.database.db.employer.count();
    expect(await launch()).toEqual({ year, opened: companies });
    // A second opening, the same year, asks nobody again.
    expect(await launch()).toEqual({ year, opened: 0 });

    for (const address of confirming.addresses) {
      await expect.poll(() => mailsTo(address, openingSubject()).length).toBe(1);
    }
    const opening = mailsTo(confirming.addresses[0]!, openingSubject())[0]!;
    expect(opening.text).toContain(`Nous comptons aujourd’hui 2 salarié(s) pour votre entreprise au 1er janvier ${year}.`);
    expect(opening.text).toContain('https://console.test.spsti.fr/entreprise/effectifs');

    // Just before the 14th day nothing more; just after it, one reminder to each address.
    await setup.env.sleep(REMINDER_EVERY_DAYS * DAY_MS - 3_600_000);
    expect(mailsTo(confirming.addresses[0]!, reminderSubject())).toHaveLength(0);
    await setup.env.sleep(2 * 3_600_000);
    for (const address of confirming.addresses) {
      await expect.poll(() => mailsTo(address, reminderSubject()).length).toBe(1);
    }
    await expect.poll(async () => (await campaignOf(confirming.employerId)).remindersSent).toBe(1);

    const campaign = await campaignOf(confirming.employerId);
    const { confirmedAt } = await confirmStaffDeclaration(setup.database.db, setup.temporal, { id: confirming.accountId, employerId: confirming.employerId }, campaign.id);
    expect(await campaignOf(confirming.employerId)).toMatchObject({ confirmedAt: new Date(confirmedAt), confirmedById: confirming.accountId, confirmedHeadcount: 2, expiredAt: null });
    // Another company's account cannot reach this campaign, and a second confirmation is refused.
    await expect(confirmStaffDeclaration(setup.database.db, setup.temporal, { id: silent.accountId, employerId: silent.employerId }, campaign.id)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const again = await confirmStaffDeclaration(setup.database.db, setup.temporal, { id: confirming.accountId, employerId: confirming.employerId }, campaign.id).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(DomainError);
    expect((again as DomainError).message).toBe('La liste de vos effectifs est déjà confirmée pour cette année.');

    const handle = setup.env.client.workflow.getHandle(staffDeclarationWorkflowId(year, confirming.employerId));
    expect(await handle.result()).toEqual({ confirmed: true, remindersSent: 1 } satisfies StaffDeclarationOutcome);
    await saveHistory('staff-declaration-confirmed', handle.workflowId, await handle.fetchHistory());
  });

  it('keeps reminding a company that never confirms, each reminder once, until its year ends; then the campaign expires', { timeout: 120_000 }, async () => {
    const handle = setup.env.client.workflow.getHandle(staffDeclarationWorkflowId(year, silent.employerId));
    const started = (await handle.describe()).startTime.getTime();
    const closesAt = endOfParisDay(`${year}-12-31`).getTime();
    await setup.env.sleep(closesAt - (await setup.env.currentTimeMs()) + DAY_MS);
    const outcome = (await handle.result()) as StaffDeclarationOutcome;
    // A reminder on each 14th day strictly before the year's end.
    const period = REMINDER_EVERY_DAYS * DAY_MS;
    expect(outcome).toEqual({ confirmed: false, remindersSent: Math.ceil((closesAt - started) / period) - 1 });
    for (const address of silent.addresses) {
      expect(mailsTo(address, reminderSubject())).toHaveLength(outcome.remindersSent);
      expect(mailsTo(address, openingSubject())).toHaveLength(1);
    }
    const campaign = await campaignOf(silent.employerId);
    expect(campaign).toMatchObject({ remindersSent: outcome.remindersSent, confirmedAt: null });
    expect(campaign.expiredAt).not.toBeNull();
    // The confirmed company heard nothing more after it confirmed.
    expect(mailsTo(confirming.addresses[0]!, reminderSubject())).toHaveLength(1);
    await expect(confirmStaffDeclaration(setup.database.db, setup.temporal, { id: silent.accountId, employerId: silent.employerId }, campaign.id)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await saveHistory('staff-declaration-expired', handle.workflowId, await handle.fetchHistory());
  });
});
