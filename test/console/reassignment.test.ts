// Issue 5: visits given to another professional, from a visit's page and in bulk from a filter of the list,
// through the console and the real workflows: the appointment stays, the professional changes, a simulation
// comes before any change, and a selection that moved since the simulation changes nothing.
import { describe, expect, it } from 'vitest';
import { listHref } from '../../activities/domain/visit-filters.js';
import { dbDateFromCivil, parisCivilDate, plusDays } from '../../workflows/rules/calendar.js';
import { aReturnVisitThroughApi } from '../support/api-client.js';
import { chromiumForSuite, closeBrowserSession, newBrowserSession, screenshot } from '../support/browser.js';
import { consoleStackForSuite } from '../support/console-stack.js';
import { aSignedInStaffMember, aStaffAccount, signInWithBrowser, type CookieBrowser } from '../support/staff.js';

const suite = consoleStackForSuite();
const chromium = chromiumForSuite();

const today = () => parisCivilDate(new Date());
/** The page as a reader sees it: React's text separators and the tags dropped; `fingerprint` from the confirmation form. */
async function read(answer: Response): Promise<{ text: string; fingerprint?: string }> {
  const html = (await answer.text()).replaceAll('&#x27;', '’');
  return { text: html.replaceAll('<!-- -->', '').replace(/<[^>]+>/g, ''), fingerprint: /name="fingerprint" value="([^"]+)"/.exec(html)?.[1] };
}
const html = async (answer: Response) => (await read(answer)).text;

async function aDoctor(displayName: string) {
  return aStaffAccount(suite(), { role: 'DOCTOR', displayName, email: `${displayName.toLowerCase().replace(/\W+/g, '.')}.${Date.now()}@spsti.test` });
}

/** A return visit booked with `professionalId` in `days` days at `time`, through the visit page. */
async function aScheduledVisit(browser: CookieBrowser, professionalId: string, birthName: string, days = 3, time = '10:00') {
  const visit = await aReturnVisitThroughApi(suite(), { birthName, firstNames: 'Camille' });
  const answer = await browser.post(`/visites/${visit.id}`, { intent: 'schedule', appointmentAt: `${plusDays(today(), days)}T${time}`, professionalId, modality: 'IN_PERSON' });
  expect(answer.status).toBe(200);
  return visit;
}

const holders = async (visitIds: string[]) =>
  Object.fromEntries(
    (await suite().db.visit.findMany({ where: { id: { in: visitIds } }, select: { id: true, assignedProfessionalId: true, appointmentAt: true } })).map((visit) => [
      visit.id,
      { professionalId: visit.assignedProfessionalId, appointmentAt: visit.appointmentAt?.toISOString() },
    ]),
  );
/** Who holds each of these visits, in their order. */
const heldBy = async (visits: { id: string }[]) => {
  const found = await holders(visits.map((visit) => visit.id));
  return visits.map((visit) => found[visit.id]?.professionalId);
};

describe('reassigning one visit from its page', () => {
  it('keeps the appointment, changes the professional, records the coded reason; the same twice, or to an undelegated nurse, is refused and traced', { timeout: 90_000 }, async () => {
    const { account: assistant, browser } = await aSignedInStaffMember(suite(), 'ASSISTANT', 'Sophie Leroy');
    const [rey, morel] = [await aDoctor('Dr Anne Rey'), await aDoctor('Dr Paul Morel')];
    const visit = await aScheduledVisit(browser, rey.id, 'Faure');
    const before = await holders([visit.id]);

    const reassigned = await browser.post(`/visites/${visit.id}`, { intent: 'reassign', professionalId: morel.id, reasonCode: 'PROFESSIONAL_ABSENT', reasonDetails: 'Congé' });
    expect(reassigned.status).toBe(200);
    expect(await html(reassigned)).toContain('La visite est confiée à un autre professionnel ; le rendez-vous est inchangé.');
    expect(await holders([visit.id])).toEqual({ [visit.id]: { professionalId: morel.id, appointmentAt: before[visit.id]!.appointmentAt } });

    const again = await browser.post(`/visites/${visit.id}`, { intent: 'reassign', professionalId: morel.id, reasonCode: 'WORKLOAD' });
    expect(again.status).toBe(422);
    expect(await html(again)).toContain('Cette visite ne peut pas être confiée à Dr Paul Morel : déjà confiée à ce professionnel.');

    const nurse = await aStaffAccount(suite(), { role: 'NURSE', displayName: 'Julien Faure', email: `julien.${Date.now()}@spsti.test` });
    const undelegated = await browser.post(`/visites/${visit.id}`, { intent: 'reassign', professionalId: nurse.id, reasonCode: 'DELEGATION' });
    expect(undelegated.status).toBe(422);
    expect(await html(undelegated)).toContain('aucun protocole de délégation de cet(te) infirmier(ère) ne la couvre');

    const missing = await browser.post(`/visites/${visit.id}`, { intent: 'reassign', professionalId: rey.id, reasonCode: 'OTHER' });
    expect(missing.status).toBe(400);
    expect(await html(missing)).toContain('Précisez le motif');

    expect((await holders([visit.id]))[visit.id]!.professionalId).toBe(morel.id);
    const trail = await suite().db.auditEvent.findMany({
      where: { entityId: visit.id, actorId: assistant.id, action: { startsWith: 'visit.reassign' } },
      orderBy: { sequence: 'asc' },
      select: { action: true, reason: true },
    });
    expect(trail).toEqual([
      { action: 'visit.reassign', reason: '[PROFESSIONAL_ABSENT] Absence du professionnel de santé (congé, arrêt, départ) — Congé' },
      { action: 'visit.reassign.refused', reason: expect.stringContaining('déjà confiée') },
      { action: 'visit.reassign.refused', reason: expect.stringContaining('aucun protocole de délégation') },
    ]);
    // The visit's own history says who holds it now, and why.
    expect(await html(await browser.get(`/visites/${visit.id}`))).toContain('Dr Paul Morel');
  });
});

describe('reassigning the visits of a filter', () => {
  it('simulates, shows what will and will not change, then applies exactly that selection in Chromium', { timeout: 150_000 }, async () => {
    const { browser } = await aSignedInStaffMember(suite(), 'ASSISTANT', 'Karim Benali');
    const [leaving, taking, other] = [await aDoctor('Dr Hélène Vidal'), await aDoctor('Dr Marc Petit'), await aDoctor('Dr Nadia Roche')];
    const hers = [await aScheduledVisit(browser, leaving.id, 'Girard', 2), await aScheduledVisit(browser, leaving.id, 'Lemoine', 4), await aScheduledVisit(browser, leaving.id, 'Noël', 5)];
    const frozen = await aScheduledVisit(browser, leaving.id, 'Perrin', 6);
    const notHers = await aScheduledVisit(browser, other.id, 'Blanc', 3);
    const employeeOfFrozen = await suite().db.visit.findUniqueOrThrow({ where: { id: frozen.id }, select: { employeeId: true } });
    await suite().db.employee.update({ where: { id: employeeOfFrozen.employeeId }, data: { frozenAt: new Date() } });
    const before = await holders([...hers, frozen, notHers].map((visit) => visit.id));

    const assistant = await aStaffAccount(suite(), { role: 'ASSISTANT', displayName: 'Léa Marchand', email: `lea.${Date.now()}@spsti.test` });
    const session = await newBrowserSession(chromium());
    const { page } = session;
    await page.goto(`${suite().baseUrl}/connexion?redirectTo=${encodeURIComponent(listHref({ professionnel: leaving.id }))}`);
    await signInWithBrowser(page, assistant);
    await page.getByRole('heading', { name: 'Visites', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Réaffecter les visites planifiées de ce filtre…' }).click();
    await expect.poll(() => page.getByText('4 visites planifiées dans ce filtre.').count()).toBe(1);

    // The browser's own check first: nothing chosen, nothing sent.
    await page.getByRole('button', { name: 'Simuler la réaffectation' }).click();
    await expect.poll(() => page.getByText('Choisissez un professionnel').count()).toBeGreaterThan(0);
    await page.getByLabel('Confier à').selectOption({ label: 'Dr Marc Petit (médecin)' });
    await page.getByLabel('Motif de la réaffectation').selectOption({ label: 'Absence du professionnel de santé (congé, arrêt, départ)' });
    await page.getByRole('button', { name: 'Simuler la réaffectation' }).click();
    const summary = page.getByRole('status').filter({ hasText: 'Sur 4 visites planifiées' });
    await expect.poll(() => summary.textContent()).toContain('3 seront confiées à Dr Marc Petit.');
    expect(await page.getByText('1 : dossier gelé à la demande du salarié (R-DATA-3)').count()).toBe(1);
    await screenshot(page, '34-reaffectation-simulation');
    // The simulation changed nothing.
    expect(await holders([...hers, frozen, notHers].map((visit) => visit.id))).toEqual(before);

    await page.getByRole('button', { name: 'Confier ces 3 visites à Dr Marc Petit' }).click();
    await expect.poll(() => page.getByText('3 visites confiées à Dr Marc Petit.').count()).toBe(1);
    await screenshot(page, '35-reaffectation-appliquee');
    await closeBrowserSession(session);

    const after = await holders([...hers, frozen, notHers].map((visit) => visit.id));
    for (const visit of hers) expect(after[visit.id]).toEqual({ professionalId: taking.id, appointmentAt: before[visit.id]!.appointmentAt });
    expect(after[frozen.id]).toEqual(before[frozen.id]);
    expect(after[notHers.id]).toEqual(before[notHers.id]);
    const audited = await suite().db.auditEvent.findMany({ where: { actorId: assistant.id, action: 'visit.reassign' }, select: { entityId: true, reason: true } });
    expect(audited.map((entry) => entry.entityId).sort()).toEqual(hers.map((visit) => visit.id).sort());
    expect(new Set(audited.map((entry) => entry.reason))).toEqual(new Set(['[PROFESSIONAL_ABSENT] Absence du professionnel de santé (congé, arrêt, départ) (réaffectation groupée de 3 visites)']));
  });

  it('a selection that changed after the simulation is not applied: the new simulation is shown to confirm', { timeout: 120_000 }, async () => {
    const { browser } = await aSignedInStaffMember(suite(), 'ASSISTANT', 'Inès Garnier');
    const [leaving, taking] = [await aDoctor('Dr Luc Barbier'), await aDoctor('Dr Eva Colin')];
    const first = await aScheduledVisit(browser, leaving.id, 'Dumas');
    const path = listHref({ professionnel: leaving.id }, '/visites/reaffectation');
    const choice = { professionalId: taking.id, reasonCode: 'WORKLOAD', reasonDetails: '' };

    const simulated = await read(await browser.post(path, { intent: 'simulate', ...choice }));
    expect(simulated.text).toContain('Sur 1 visite planifiée, 1 sera confiée à Dr Eva Colin.');

    // Meanwhile a colleague books one more visit with the leaving doctor.
    const second = await aScheduledVisit(browser, leaving.id, 'Marty');
    const stale = await browser.post(path, { intent: 'apply', fingerprint: simulated.fingerprint!, ...choice });
    expect(stale.status).toBe(200);
    const staleText = await read(stale);
    expect(staleText.text).toContain('La sélection a changé depuis la simulation');
    expect(staleText.text).toContain('Sur 2 visites planifiées, 2 seront confiées à Dr Eva Colin.');
    expect(await heldBy([first, second])).toEqual([leaving.id, leaving.id]);

    const applied = await browser.post(path, { intent: 'apply', fingerprint: staleText.fingerprint!, ...choice });
    expect(await html(applied)).toContain('2 visites confiées à Dr Eva Colin.');
    expect(await heldBy([first, second])).toEqual([taking.id, taking.id]);

    // Applied twice (a double click, a reload): the selection is now empty, nothing is sent again.
    const twice = await browser.post(path, { intent: 'apply', fingerprint: staleText.fingerprint!, ...choice });
    expect(await html(twice)).toContain('La sélection a changé depuis la simulation');
    expect(await suite().db.auditEvent.count({ where: { entityId: { in: [first.id, second.id] }, action: 'visit.reassign' } })).toBe(2);
  });

  it('a nurse takes only the visits her protocol covers on their day; a doctor cannot open the page', { timeout: 120_000 }, async () => {
    const { browser } = await aSignedInStaffMember(suite(), 'ASSISTANT', 'Paul Henry');
    const leaving = await aDoctor('Dr Rose Caron');
    const nurse = await aStaffAccount(suite(), { role: 'NURSE', displayName: 'Zoé Lambert', email: `zoe.${Date.now()}@spsti.test` });
    // R-DEL-1: the protocol ends in 3 days; a visit after that stays with the doctor.
    await suite().db.delegationProtocol.create({
      data: { nurseId: nurse.id, doctorId: leaving.id, validFrom: dbDateFromCivil(plusDays(today(), -10)), validTo: dbDateFromCivil(plusDays(today(), 3)), visitTypes: ['REPRISE'], signedAt: new Date() },
    });
    const covered = await aScheduledVisit(browser, leaving.id, 'Rivière', 2);
    const after = await aScheduledVisit(browser, leaving.id, 'Gauthier', 6);
    const path = listHref({ professionnel: leaving.id }, '/visites/reaffectation');
    const choice = { professionalId: nurse.id, reasonCode: 'DELEGATION', reasonDetails: '' };

    const simulated = await read(await browser.post(path, { intent: 'simulate', ...choice }));
    expect(simulated.text).toContain('1 : aucun protocole de délégation de cet(te) infirmier(ère) ne la couvre à la date du rendez-vous (R-DEL-1)');
    const fingerprint = simulated.fingerprint!;
    expect(await html(await browser.post(path, { intent: 'apply', fingerprint, ...choice }))).toContain('1 visite confiée à Zoé Lambert.');
    expect(await heldBy([covered, after])).toEqual([nurse.id, leaving.id]);

    const { browser: doctor } = await aSignedInStaffMember(suite(), 'DOCTOR', 'Dr Yves Bonnet');
    expect((await doctor.get(path)).status).toBe(403);
    expect((await doctor.post(path, { intent: 'apply', fingerprint, ...choice })).status).toBe(403);
  });
});
