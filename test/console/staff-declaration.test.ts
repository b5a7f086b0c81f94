// Issue 8: the yearly staff declaration in the console, on the real Temporal dev server, PostgreSQL and SMTP.
// An administrator opens the year's campaigns; each company is mailed and reads its own list as of 1 January
// in its portal, and confirms it; coordinators see who has not confirmed yet. The reminders' timing is in
// test/staff-declaration-workflow.test.ts, on the time-skipping server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parisCivilDate } from '../../workflows/rules/calendar.js';
import { staffDeclarationLaunchWorkflowId } from '../../workflows/staff-declaration/messages.js';
import { created, employeeInput } from '../support/api-client.js';
import { startConsoleStack, type ConsoleStack } from '../support/console-stack.js';
import { randomSiret } from '../support/factories.js';
import { aStaffAccount, CookieBrowser } from '../support/staff.js';

let stack: ConsoleStack;

beforeAll(async () => {
  stack = await startConsoleStack();
});

afterAll(() => stack?.stop());

const year = Number(parisCivilDate(new Date()).slice(0, 4));
const pageText = async (response: Response) => (await response.text()).replaceAll('<!-- -->', '').replaceAll('&#x27;', "'");

/** A company, its employees (surname and hire date) declared through the API, and its portal account signed in. */
async function aCompany(name: string, staff: { birthName: string; hireDate: string }[]) {
  const employer = await created(stack, '/employers', { name, siret: randomSiret() });
  for (const { birthName, hireDate } of staff) await created(stack, '/employees', { ...employeeInput(employer.id), birthName, hireDate });
  const account = await aStaffAccount(stack, { role: 'EMPLOYER', displayName: `RH ${name}`, email: `rh@${name.toLowerCase().replaceAll(' ', '-')}.test`, employerId: employer.id });
  const browser = new CookieBrowser(stack.baseUrl);
  await browser.signIn(account);
  return { employerId: employer.id as string, account, browser };
}

describe('the yearly staff declaration', () => {
  it('an administrator opens the campaign; a company reads its list as of 1 January and confirms it; coordinators follow who has not', { timeout: 90_000 }, async () => {
    const garage = await aCompany('Garage Fournier', [
      { birthName: 'Leroy', hireDate: `${year - 3}-05-02` },
      { birthName: 'Nouvel', hireDate: `${year}-01-02` },
    ]);
    const pharmacy = await aCompany('Pharmacie Blanc', [{ birthName: 'Gauthier', hireDate: `${year - 1}-11-20` }]);
    expect(await pageText(await garage.browser.get('/entreprise/effectifs'))).toContain('Aucune campagne de mise à jour n’est ouverte pour votre entreprise.');

    const admin = new CookieBrowser(stack.baseUrl);
    await admin.signIn(await aStaffAccount(stack, { role: 'ADMIN', displayName: 'Nadia Admin', email: 'nadia.admin@spsti.test' }));
    const refused = await admin.post('/campagne-effectifs', { year: String(year - 1) });
    expect(refused.status).toBe(400);
    expect(await pageText(refused)).toContain(`Choisissez l’année ${year} ou ${year + 1}.`);
    const opening = await admin.post('/campagne-effectifs', { year: String(year) });
    expect(opening.status).toBe(200);
    expect(await pageText(opening)).toContain(`La campagne ${year} s’ouvre`);
    await expect.poll(() => stack.db.staffDeclarationCampaign.count({ where: { year } }), { timeout: 20_000 }).toBe(2);
    await expect.poll(() => stack.mails.filter((mail) => mail.to.includes(garage.account.email)).map((mail) => mail.subject), { timeout: 20_000 }).toEqual([
      `Mise à jour annuelle de vos effectifs au 1er janvier ${year}`,
    ]);
    expect(stack.mails.find((mail) => mail.to.includes(garage.account.email))!.text).toContain(`Nous comptons aujourd’hui 1 salarié(s) pour votre entreprise au 1er janvier ${year}.`);

    const home = await pageText(await garage.browser.get('/entreprise'));
    expect(home).toContain(`La mise à jour annuelle de vos effectifs au 1er janvier ${year} attend votre confirmation`);
    const list = await pageText(await garage.browser.get('/entreprise/effectifs'));
    expect(list).toContain(`Vos salariés au 1er janvier ${year} : 1`);
    expect(list).toContain('Leroy Camille');
    // Hired after 1 January, and another company's employee: not on this list.
    expect(list).not.toContain('Nouvel');
    expect(list).not.toContain('Gauthier');
    expect(list).toContain('En attente de votre confirmation');

    const coordinator = new CookieBrowser(stack.baseUrl);
    await coordinator.signIn(await aStaffAccount(stack, { role: 'ASSISTANT', displayName: 'Sophie Leroy', email: 'sophie.leroy@spsti.test' }));
    const waitingBefore = await pageText(await coordinator.get(`/campagne-effectifs?annee=${year}`));
    expect(waitingBefore).toContain('Listes confirmées : <strong>0</strong>');
    expect(waitingBefore).toContain('<th scope="row">Garage Fournier</th>');
    // The coordinators follow; only an administrator opens.
    expect(waitingBefore).not.toContain(`Solliciter les entreprises`);

    const campaignId = list.match(/name="campaignId" value="([^"]+)"/)![1]!;
    // Another company cannot confirm this one's list.
    expect((await pharmacy.browser.post('/entreprise/effectifs?index', { campaignId })).status).toBe(404);
    const confirmed = await garage.browser.post('/entreprise/effectifs?index', { campaignId });
    expect(confirmed.status).toBe(200);
    expect(await pageText(confirmed)).toMatch(new RegExp(`Merci : la liste de vos 1 salarié\\(s\\) au 1er janvier ${year} est confirmée le `));
    expect(await stack.db.staffDeclarationCampaign.findUniqueOrThrow({ where: { id: campaignId }, select: { confirmedById: true, confirmedHeadcount: true } })).toEqual({
      confirmedById: garage.account.id,
      confirmedHeadcount: 1,
    });
    const twice = await garage.browser.post('/entreprise/effectifs?index', { campaignId });
    expect(twice.status).toBe(409);
    expect(await pageText(twice)).toContain('La liste de vos effectifs est déjà confirmée pour cette année.');
    expect(await stack.db.auditEvent.findMany({ where: { entityType: 'StaffDeclarationCampaign' }, orderBy: { sequence: 'asc' }, select: { action: true, reason: true } })).toEqual([
      { action: 'staff-declaration.open', reason: `Campagne ${year}` },
      { action: 'staff-declaration.confirm', reason: `1 salarié(s) au 1er janvier ${year}` },
    ]);
    await expect
      .poll(async () => (await stack.temporal.client.workflow.getHandle((await stack.db.staffDeclarationCampaign.findUniqueOrThrow({ where: { id: campaignId } })).workflowId).describe()).status.name)
      .toBe('COMPLETED');

    expect(await pageText(await garage.browser.get('/entreprise'))).not.toContain('attend votre confirmation');
    const waitingAfter = await pageText(await coordinator.get(`/campagne-effectifs?annee=${year}`));
    expect(waitingAfter).toContain('Listes confirmées : <strong>1</strong>');
    expect(waitingAfter).not.toContain('<th scope="row">Garage Fournier</th>');
    expect(waitingAfter).toContain('<th scope="row">Pharmacie Blanc</th>');

    // Opened again (a company joined since): the companies already asked are not mailed again.
    expect((await admin.post('/campagne-effectifs', { year: String(year) })).status).toBe(200);
    await expect
      .poll(async () => (await stack.temporal.client.workflow.getHandle(staffDeclarationLaunchWorkflowId(year, stack.temporal.taskQueue)).describe()).status.name, { timeout: 20_000 })
      .toBe('COMPLETED');
    expect(stack.mails.filter((mail) => mail.to.includes(garage.account.email))).toHaveLength(1);
  });
});
