// Issue 5: administrators manage the people, without a seed script: accounts opened with a provisional
// password, deactivated when someone leaves, and the nurses' delegation protocols (R-DEL-1) recorded and
// ended; the scheduling check follows them at once.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parisCivilDate, plusDays } from '../../workflows/rules/calendar.js';
import { aReturnVisitThroughApi } from '../support/api-client.js';
import { chromiumForSuite, closeBrowserSession, newBrowserSession, screenshot } from '../support/browser.js';
import { consoleStackForSuite } from '../support/console-stack.js';
import { aSignedInStaffMember, aStaffAccount, CookieBrowser, signInWithBrowser } from '../support/staff.js';

const suite = consoleStackForSuite();
const chromium = chromiumForSuite();
const today = () => parisCivilDate(new Date());

/** The page as a reader sees it, and the provisional password when one is shown. */
async function read(answer: Response): Promise<{ text: string; provisional?: string }> {
  const html = (await answer.text()).replaceAll('&#x27;', '’');
  return { text: html.replaceAll('<!-- -->', '').replace(/<[^>]+>/g, ''), provisional: /class="link-to-share">([^<]+)</.exec(html)?.[1] };
}

/** « planifiée », or the status and the refusal the page shows: a booking that fails says why. */
async function bookingOutcome(answer: Response): Promise<string> {
  if (answer.status === 200) return 'planifiée';
  const html = await answer.text();
  return `${answer.status} ${/role="alert"[^>]*><p>([^<]*)/.exec(html)?.[1] ?? html.slice(0, 300)}`;
}

async function aNurse(displayName: string) {
  return aStaffAccount(suite(), { role: 'NURSE', displayName, email: `${randomUUID()}@spsti.test` });
}

const scheduleWith = (browser: CookieBrowser, visitId: string, professionalId: string, days: number) =>
  browser.post(`/visites/${visitId}`, { intent: 'schedule', appointmentAt: `${plusDays(today(), days)}T10:00`, professionalId, modality: 'IN_PERSON' });

describe('accounts', () => {
  it('opens one with a provisional password that signs in once, refuses a duplicate address, and deactivation ends sessions, sign-in and new visits', { timeout: 90_000 }, async () => {
    const { account: admin, browser: adminBrowser } = await aSignedInStaffMember(suite(), 'ADMIN', 'Claire Admin');
    const email = `nouvelle.${randomUUID()}@spsti.test`;

    const created = await read(await adminBrowser.post('/admin/comptes', { intent: 'create', displayName: 'Dr Inès Garnier', email: email.toUpperCase(), role: 'DOCTOR', employerId: '' }));
    expect(created.text).toContain('Le compte de Dr Inès Garnier est ouvert.');
    expect(created.provisional).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const doctor = await suite().db.professional.findUniqueOrThrow({ where: { email }, select: { id: true, role: true, totpEnabledAt: true } });
    expect(doctor).toMatchObject({ role: 'DOCTOR', totpEnabledAt: null });

    const again = await adminBrowser.post('/admin/comptes', { intent: 'create', displayName: 'Dr Inès Garnier', email, role: 'DOCTOR', employerId: '' });
    expect(again.status).toBe(400);
    expect((await read(again)).text).toContain('Un compte existe déjà avec cette adresse e-mail');
    const employerWithout = await adminBrowser.post('/admin/comptes', { intent: 'create', displayName: 'RH Dupont', email: `rh.${randomUUID()}@exemple.fr`, role: 'EMPLOYER', employerId: '' });
    expect((await read(employerWithout)).text).toContain('Un compte employeur agit pour une entreprise');

    // A doctor's first sign-in goes to the second factor's enrolment (R-TELE-8).
    const doctorBrowser = new CookieBrowser(suite().baseUrl);
    const first = await doctorBrowser.post('/connexion', { email, password: created.provisional! });
    expect(first.headers.get('location')).toMatch(/^\/securite\/double-facteur/);

    const { browser: assistant } = await aSignedInStaffMember(suite(), 'ASSISTANT', 'Sophie Leroy');
    const visit = await aReturnVisitThroughApi(suite(), { birthName: 'Perrin', firstNames: 'Léa' });
    expect(await bookingOutcome(await scheduleWith(assistant, visit.id, doctor.id, 4))).toBe('planifiée');

    const deactivated = await read(await adminBrowser.post('/admin/comptes', { intent: 'deactivate', professionalId: doctor.id }));
    expect(deactivated.text).toContain('Le compte de Dr Inès Garnier est désactivé');
    expect(deactivated.text).toContain('1 visite(s) planifiée(s) lui restent à réaffecter.');
    expect(deactivated.text).toContain('Réaffecter ses visites planifiées…');
    expect(await suite().db.session.count({ where: { professionalId: doctor.id } })).toBe(0);
    const refused = await new CookieBrowser(suite().baseUrl).post('/connexion', { email, password: created.provisional! });
    expect((await read(refused)).text).toContain('Identifiants invalides');

    const other = await aReturnVisitThroughApi(suite(), { birthName: 'Roux', firstNames: 'Marc' });
    const toDeactivated = await scheduleWith(assistant, other.id, doctor.id, 5);
    expect(toDeactivated.status).toBe(422);
    expect((await read(toDeactivated)).text).toContain('Ce compte est désactivé : confiez la visite à un professionnel en activité.');
    expect((await read(await assistant.get(`/visites/${other.id}`))).text).not.toContain('Dr Inès Garnier');

    const self = await adminBrowser.post('/admin/comptes', { intent: 'deactivate', professionalId: admin.id });
    expect((await read(self)).text).toContain('Vous ne pouvez pas désactiver votre propre compte');

    expect((await read(await adminBrowser.post('/admin/comptes', { intent: 'reactivate', professionalId: doctor.id }))).text).toContain('Le compte de Dr Inès Garnier est réactivé.');
    const renewed = await read(await adminBrowser.post('/admin/comptes', { intent: 'password', professionalId: doctor.id }));
    expect(renewed.provisional).toBeDefined();
    expect(renewed.provisional).not.toBe(created.provisional);
    expect((await new CookieBrowser(suite().baseUrl).post('/connexion', { email, password: created.provisional! })).status).toBe(400);

    const trail = await suite().db.auditEvent.findMany({ where: { entityId: doctor.id, actorId: admin.id }, orderBy: { sequence: 'asc' }, select: { action: true } });
    expect(trail.map((entry) => entry.action)).toEqual(['account.create', 'account.deactivate', 'account.reactivate', 'account.password-reset']);
  });
});

describe('delegation protocols (R-DEL-1)', () => {
  it('a recorded protocol lets the nurse take the visit; ended, it counts her booked visits it no longer covers; bad terms are refused in French', { timeout: 90_000 }, async () => {
    const { browser: adminBrowser } = await aSignedInStaffMember(suite(), 'ADMIN', 'Claire Admin');
    const { browser: assistant } = await aSignedInStaffMember(suite(), 'ASSISTANT', 'Sophie Leroy');
    const nurse = await aNurse(`Julie Petit ${randomUUID().slice(0, 4)}`);
    const doctor = await aStaffAccount(suite(), { role: 'DOCTOR', displayName: 'Dr Anne Rey', email: `${randomUUID()}@spsti.test` });
    const visit = await aReturnVisitThroughApi(suite(), { birthName: 'Faure', firstNames: 'Camille' });
    expect(await bookingOutcome(await scheduleWith(assistant, visit.id, nurse.id, 5))).toBe('422 Aucun protocole de délégation valide ne couvre cette visite pour cet(te) infirmier(ère).');

    const terms = { intent: 'create', nurseId: nurse.id, doctorId: doctor.id, signedOn: today(), validFrom: today(), validTo: '' };
    const aptitude = await adminBrowser.post('/admin/delegations', { ...terms, visitTypes: 'SIR_EXAM' });
    expect(aptitude.status).toBe(400);
    expect((await read(aptitude)).text).toContain('Ce type de visite ne se délègue pas (R-DEL-1)');
    const reversed = await adminBrowser.post('/admin/delegations', { ...terms, visitTypes: 'REPRISE', validTo: plusDays(today(), -3) });
    expect((await read(reversed)).text).toContain('La fin de validité ne peut précéder son début');
    expect(await suite().db.delegationProtocol.count({ where: { nurseId: nurse.id } })).toBe(0);

    const recorded = await read(await adminBrowser.post('/admin/delegations', { ...terms, visitTypes: 'REPRISE' }));
    expect(recorded.text).toContain(`Le protocole de ${nurse.displayName}, signé par Dr Anne Rey, à partir du`);
    expect(await bookingOutcome(await scheduleWith(assistant, visit.id, nurse.id, 5))).toBe('planifiée');

    const protocol = await suite().db.delegationProtocol.findFirstOrThrow({ where: { nurseId: nurse.id }, select: { id: true } });
    const tooEarly = await adminBrowser.post('/admin/delegations', { intent: 'end', protocolId: protocol.id, lastDay: plusDays(today(), -5) });
    expect((await read(tooEarly)).text).toContain('Au plus tôt la veille');
    const ended = await read(await adminBrowser.post('/admin/delegations', { intent: 'end', protocolId: protocol.id, lastDay: plusDays(today(), 3) }));
    expect(ended.text).toContain(`Le protocole de ${nurse.displayName} prend fin le`);
    expect(ended.text).toContain('1 visite(s) planifiée(s) après cette date ne sont plus couvertes par un protocole (R-DEL-1).');
    const longer = await adminBrowser.post('/admin/delegations', { intent: 'end', protocolId: protocol.id, lastDay: plusDays(today(), 30) });
    expect((await read(longer)).text).toContain('pour le prolonger, enregistrez un nouveau protocole signé');

    const other = await aReturnVisitThroughApi(suite(), { birthName: 'Blanc', firstNames: 'Hugo' });
    expect(await bookingOutcome(await scheduleWith(assistant, other.id, nurse.id, 2))).toBe('planifiée');
    expect((await scheduleWith(assistant, (await aReturnVisitThroughApi(suite(), { birthName: 'Noir', firstNames: 'Ana' })).id, nurse.id, 6)).status).toBe(422);
  });

  it('in Chromium: the administrator ticks the delegated visits, and the form says what is missing before sending', { timeout: 60_000 }, async () => {
    const admin = await aStaffAccount(suite(), { role: 'ADMIN', displayName: 'Claire Admin', email: `${randomUUID()}@spsti.test` });
    const nurse = await aNurse(`Marie Colin ${randomUUID().slice(0, 4)}`);
    await aStaffAccount(suite(), { role: 'DOCTOR', displayName: 'Dr Paul Morel', email: `${randomUUID()}@spsti.test` });
    const session = await newBrowserSession(chromium());
    try {
      const { page } = session;
      await page.goto(`${suite().baseUrl}/admin/delegations`);
      await signInWithBrowser(page, admin);
      await page.getByLabel('Infirmier(ère)').selectOption({ label: nurse.displayName });
      await page.getByRole('button', { name: 'Enregistrer le protocole' }).click();
      await expect.poll(() => page.getByText('Cochez au moins un type de visite délégué').isVisible()).toBe(true);
      await expect.poll(() => page.getByText('Choisissez le médecin signataire').isVisible()).toBe(true);

      await page.getByLabel('Médecin signataire').selectOption({ label: 'Dr Paul Morel' });
      await page.getByLabel('Visite de reprise', { exact: true }).check();
      await page.getByLabel('Visite de mi-carrière').check();
      await page.getByRole('button', { name: 'Enregistrer le protocole' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toContain(`Le protocole de ${nurse.displayName}, signé par Dr Paul Morel`);
      const row = page.getByRole('row', { name: new RegExp(nurse.displayName) });
      await expect.poll(() => row.textContent()).toContain('En vigueur');
      await screenshot(page, '38-protocoles-delegation');
      const saved = await suite().db.delegationProtocol.findFirstOrThrow({ where: { nurseId: nurse.id }, select: { visitTypes: true, validTo: true } });
      expect([...saved.visitTypes].sort()).toEqual(['MID_CAREER', 'REPRISE']);
      expect(saved.validTo).toBeNull();
    } finally {
      await closeBrowserSession(session);
    }
  });
});
