// The console in a browser, against the real stack. A doctor signs in, finds the return visit, schedules
// it, concludes the consultation (after a form the schema refuses) and downloads the attestation; a
// nurse meets the workflow's refusal; a coordinator is refused a nurse no protocol covers; a nurse re-orients a consultation and the doctor concludes it;
// a nurse's risk of inaptitude and a pregnant worker's request relayed by a coordinator both reach the doctor; a coordinator excuses a late absence and records a no-show, both
// billed to the employer; the visit page follows its workflow without a reload; a doctor couples a visit with the mid-career one; a coordinator starts from the
// cockpit, filters, searches, exports and pages through the visits. Screenshots of each step go to test-results/screenshots/.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertDelegationCovers } from '../../activities/domain/delegation.js';
import { sendWorkflowUpdate } from '../../activities/domain/visits.js';
import { dbDateFromCivil, frenchDate, parisCivilDate, plusDays, plusMonths, plusYears } from '../../workflows/rules/calendar.js';
import { scheduleVisitUpdate } from '../../workflows/visit/messages.js';
import { aReturnVisitThroughApi, created } from '../support/api-client.js';
import { closeBrowserSession, launchChromium, newBrowserSession, screenshot } from '../support/browser.js';
import { startConsoleStack, type ConsoleStack } from '../support/console-stack.js';
import { randomSiret } from '../support/factories.js';
import { frenchShortDateTime } from '../../console/app/services/format.server.js';
import { aStaffAccount, CookieBrowser, signInWithBrowser, submitPassword, type StaffAccount } from '../support/staff.js';


let stack: ConsoleStack;
let browser: Browser;
/** The medical assistant who coordinates visits: no second factor, optional for her role. */
let coordinator: StaffAccount;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startConsoleStack(), launchChromium()]);
  coordinator = await aStaffMember('ASSISTANT', 'Sophie Leroy', 'sophie.leroy@spsti.test');
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Doctors and nurses come with their authenticator (R-TELE-8), so signing in takes both steps. */
function aStaffMember(role: 'DOCTOR' | 'NURSE' | 'ASSISTANT', displayName: string, email: string): Promise<StaffAccount> {
  return aStaffAccount(stack, { role, displayName, email });
}


/** An employee back from a 45-day work accident in two days: R-REPRISE-1 opens a return visit. */
function aReturnVisit(birthName: string, firstNames: string): Promise<{ id: string; workflowId: string }> {
  return aReturnVisitThroughApi(stack, {
    birthName,
    firstNames,
    birthDate: '1979-02-14',
    sex: 'M',
    birthPlace: 'Grenoble',
    email: 'salarie@exemple.fr',
    phone: '06 98 76 54 32',
    hireDate: '2015-05-04',
    post: { title: 'Menuisier poseur', risks: [], nightWork: false },
  });
}

/** A new hire with a person of their own (R-MULTI-1 would otherwise share the follow-up): R-VIP-1 opens the initial VIP. */
async function aNewHire(birthName: string, firstNames: string, birthDate: string): Promise<string> {
  const employer = await created(stack, '/employers', { name: `Atelier ${birthName}`, siret: randomSiret() });
  const employee = await created(stack, '/employees', {
    employerId: employer.id,
    birthName,
    firstNames,
    birthDate,
    sex: 'F',
    birthPlace: 'Lyon',
    email: 'salariee@exemple.fr',
    phone: '06 11 22 33 44',
    hireDate: parisCivilDate(new Date()),
    post: { title: 'Préparatrice de commandes', risks: [], nightWork: false },
  });
  return employee.id;
}

async function followUpPlan(employeeId: string): Promise<any> {
  const response = await fetch(`${stack.baseUrl}/api/v1/employees/${employeeId}/follow-up`, { headers: { Authorization: `Bearer ${stack.apiKey}` } });
  expect(response.status).toBe(200);
  return response.json();
}

/** Books the appointment as the coordinators would, straight through the workflow. */
async function bookAppointment(workflowId: string, professional: StaffAccount, at: Date): Promise<void> {
  await sendWorkflowUpdate(stack.temporal, workflowId, scheduleVisitUpdate, {
    actor: professional,
    form: { appointmentAt: at.toISOString(), professionalId: professional.id },
    professionalRole: professional.role,
    delegated: false,
  });
}

async function billedAbsencesOf(visitId: string) {
  const lines = await stack.db.billedAbsence.findMany({ where: { visitId }, select: { appointmentAt: true, excuseDueAt: true, excusedAt: true } });
  return lines.map(({ excusedAt, ...line }) => ({ ...line, excused: excusedAt !== null }));
}

/** R-OPS-1: the portal page of the visit's company, as its staff reads it. */
async function employerPortalText(visitId: string): Promise<string> {
  const { employee } = await stack.db.visit.findUniqueOrThrow({ where: { id: visitId }, select: { employee: { select: { employerId: true } } } });
  const account = await aStaffAccount(stack, { role: 'EMPLOYER', displayName: 'RH', email: `rh-${randomUUID()}@entreprise.test`, employerId: employee.employerId });
  const portal = new CookieBrowser(stack.baseUrl);
  await portal.signIn(account);
  return (await (await portal.get('/entreprise')).text()).replaceAll('<!-- -->', '');
}

/** The employee's initial VIP, booked tomorrow with the doctor: its consultation task is open. */
async function aBookedInitialVip(employeeId: string, doctor: StaffAccount): Promise<{ visitId: string; taskId: string }> {
  const initialVip = () => stack.db.visit.findFirst({ where: { employeeId, type: 'VIP_INITIAL' }, select: { id: true, workflowId: true } });
  await expect.poll(initialVip).not.toBeNull();
  const visit = (await initialVip())!;
  await bookAppointment(visit.workflowId, doctor, new Date(Date.now() + 24 * 3_600_000));
  const consultation = () => stack.db.humanTask.findFirst({ where: { visitId: visit.id, kind: 'CONSULTATION', status: 'OPEN' }, select: { id: true } });
  await expect.poll(consultation).not.toBeNull();
  return { visitId: visit.id, taskId: (await consultation())!.id };
}


describe('the console in a browser', () => {
  it('schedules and concludes a return visit, then downloads the attestation', { timeout: 120_000 }, async () => {
    const doctor = await aStaffMember('DOCTOR', 'Dr Claire Martin', 'claire.martin@spsti.test');
    const visit = await aReturnVisit('Lambert', 'Hugo');
    const session = await newBrowserSession(browser);
    const { page } = session;

    // Signed out, the list sends to the sign-in page, which refuses a wrong password.
    await page.goto(`${stack.baseUrl}/visites`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/connexion');
    await submitPassword(page, 'claire.martin@spsti.test', 'pas le bon mot de passe');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Identifiants invalides');
    await screenshot(page, '01-connexion-refusee');
    await signInWithBrowser(page, doctor);
    await page.getByRole('heading', { name: 'Visites', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/visites');
    await screenshot(page, '02-liste-des-visites');

    // The list shows the visit in French; its page gives the context and the workflow's first steps.
    const row = page.getByRole('row').filter({ hasText: 'Hugo Lambert' }).filter({ hasText: 'Visite de reprise' });
    await expect.poll(() => row.getByRole('cell').allTextContents()).toEqual([
      'Hugo Lambert',
      'Menuiserie Roux',
      'Visite de reprise',
      'À planifier',
      '—',
      expect.stringMatching(/^\d{2}\/\d{2}\/\d{4}$/),
      expect.stringMatching(/^\d{2}\/\d{2}\/\d{4}$/),
      'Non attribuée',
      'Non',
    ]);
    await row.getByRole('link', { name: 'Hugo Lambert' }).click();
    await page.getByRole('heading', { name: 'Visite de reprise — Hugo Lambert' }).waitFor();
    const timeline = page.getByRole('region', { name: 'Historique' });
    await expect.poll(() => timeline.textContent()).toContain('Processus de visite démarré');
    expect(await timeline.textContent()).toContain('Planifier le rendez-vous (Assistant(e) médical(e))');
    await screenshot(page, '03-visite-a-planifier');

    // Scheduling: a Paris wall-clock time, converted to an instant by the server.
    const tomorrow = plusDays(parisCivilDate(new Date()), 1);
    await page.getByLabel('Date et heure (heure de Paris)').fill(`${tomorrow}T09:30`);
    await page.getByLabel('Professionnel de santé').selectOption({ label: 'Dr Claire Martin — Médecin du travail' });
    await page.getByRole('button', { name: 'Planifier' }).click();
    await page.getByRole('status').filter({ hasText: 'Le rendez-vous est enregistré.' }).waitFor();
    expect(await page.locator('.badge').first().textContent()).toBe('Planifiée');
    const scheduled = await stack.db.visit.findUniqueOrThrow({ where: { id: visit.id }, select: { appointmentAt: true, assignedProfessionalId: true } });
    expect(scheduled.assignedProfessionalId).toBe(doctor.id);
    expect(parisCivilDate(scheduled.appointmentAt!)).toBe(tomorrow);
    expect(scheduled.appointmentAt!.toLocaleTimeString('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' })).toBe('09:30');
    await expect.poll(() => timeline.textContent()).toContain('Décision acceptée : planification du rendez-vous');
    await screenshot(page, '04-visite-planifiee');

    // The consultation is now in the doctor's inbox.
    await page.getByRole('link', { name: 'Mes tâches' }).click();
    const task = page.getByRole('row').filter({ hasText: 'Hugo Lambert' });
    await task.getByRole('link', { name: 'Réaliser la consultation' }).waitFor();
    await screenshot(page, '05-mes-taches');
    await task.getByRole('link', { name: 'Réaliser la consultation' }).click();
    await page.getByRole('heading', { name: 'Conclure la consultation' }).waitFor();
    const taskUrl = page.url();

    // An incomplete form is stopped in the browser, with the schema's French messages.
    await page.getByRole('button', { name: 'Conclure et émettre le document' }).click();
    await page.getByText('Choisissez la conclusion de la visite').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('outcome');
    await screenshot(page, '06-formulaire-incomplet');

    // The action parses it again: the same refusal without the browser's check (400).
    const withoutScript = await page.request.post(taskUrl, { form: { notes: 'Envoyé sans JavaScript' }, maxRedirects: 0 });
    expect(withoutScript.status()).toBe(400);
    expect(await withoutScript.text()).toContain('Choisissez la conclusion de la visite');

    await page.getByLabel('Attestation de suivi', { exact: true }).check();
    await page.getByLabel('Prochaine visite au plus tard le').fill(plusYears(parisCivilDate(new Date()), 2));
    await page.getByLabel('Notes cliniques').fill('Reprise sans restriction ; douleurs lombaires résolues.');

    // Leaving the page keeps what was typed, in this tab only: the draft comes back, and says so.
    await page.getByRole('link', { name: '← Mes tâches' }).click();
    await page.getByRole('heading', { name: 'Mes tâches', level: 1 }).waitFor();
    await page.goto(taskUrl);
    await page.getByText('Brouillon restauré : vous aviez commencé ce formulaire sans l’envoyer.').waitFor();
    expect(await page.getByLabel('Notes cliniques').inputValue()).toBe('Reprise sans restriction ; douleurs lombaires résolues.');
    expect(await page.getByLabel('Attestation de suivi', { exact: true }).isChecked()).toBe(true);
    await screenshot(page, '06b-brouillon-restaure');
    await page.getByRole('button', { name: 'Conclure et émettre le document' }).click();

    // Back on the visit: closed, with its attestation and the notes (the doctor may read them).
    await page.waitForURL(`${stack.baseUrl}/visites/${visit.id}`);
    expect(await page.locator('.badge').first().textContent()).toBe('Clôturée');
    const conclusion = page.getByRole('region', { name: 'Conclusion' });
    expect(await conclusion.textContent()).toContain('Attestation de suivi');
    expect(await conclusion.textContent()).toContain('Reprise sans restriction ; douleurs lombaires résolues.');
    const documentLink = page.getByRole('region', { name: 'Documents' }).getByRole('link', { name: /^Attestation de suivi \(attestation-.*\.pdf\)$/ });
    await documentLink.waitFor();
    // The workflow finishes just after the update that closed the visit returns (it reports to the follow-up first).
    await expect
      .poll(async () => {
        await page.reload();
        return timeline.textContent();
      })
      .toContain('Processus de visite terminé');
    expect(await page.getByRole('region', { name: 'Planifier le rendez-vous' }).count()).toBe(0);
    // The draft went with the conclusion.
    expect(await page.evaluate(() => Object.keys(window.sessionStorage).filter((key) => key.startsWith('brouillon:')))).toEqual([]);
    await screenshot(page, '07-visite-cloturee');

    const [download] = await Promise.all([page.waitForEvent('download'), documentLink.click()]);
    expect(download.suggestedFilename()).toMatch(/^attestation-reprise-\d{4}-\d{2}-\d{2}\.pdf$/);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // R-DATA-2: the sign-in, every read of the visit and every decision left a trace naming the doctor.
    const actions = await stack.db.auditEvent.findMany({ where: { actorId: doctor.id }, select: { action: true } });
    expect(new Set(actions.map((entry) => entry.action))).toEqual(
      new Set(['auth.sign-in', 'visit.read', 'visit.schedule', 'task.read', 'visit.conclude', 'document.download']),
    );
    await closeBrowserSession(session);

    // R-DATA-2, least privilege: the assistant sees the conclusion, never the clinical notes.
    const assistant = await newBrowserSession(browser);
    await assistant.page.goto(`${stack.baseUrl}/visites/${visit.id}`);
    await signInWithBrowser(assistant.page, coordinator);
    const seenByAssistant = assistant.page.getByRole('region', { name: 'Conclusion' });
    await expect.poll(() => seenByAssistant.textContent()).toContain('Attestation de suivi');
    expect(await seenByAssistant.textContent()).not.toContain('Notes cliniques');
    expect(await assistant.page.content()).not.toContain('douleurs lombaires');
    await closeBrowserSession(assistant);
  });

  it('R-DEL-2: a nurse choosing « Avis d’inaptitude » gets the workflow’s refusal on the form', { timeout: 120_000 }, async () => {
    const nurse = await aStaffMember('NURSE', 'Paul Bernard', 'paul.bernard@spsti.test');
    const visit = await aReturnVisit('Girard', 'Léa');
    const inTwoDays = new Date(Date.now() + 2 * 24 * 3_600_000);
    await sendWorkflowUpdate(stack.temporal, visit.workflowId, scheduleVisitUpdate, {
      actor: nurse,
      form: { appointmentAt: inTwoDays.toISOString(), professionalId: nurse.id },
      professionalRole: 'NURSE',
      delegated: true,
    });

    const session = await newBrowserSession(browser);
    const { page } = session;
    await page.goto(`${stack.baseUrl}/taches`);
    await signInWithBrowser(page, nurse);
    await page.getByRole('row').filter({ hasText: 'Léa Girard' }).getByRole('link', { name: 'Réaliser la consultation' }).click();
    await page.getByLabel(/^Avis d.inaptitude$/).check();
    await page.getByRole('button', { name: 'Conclure et émettre le document' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('Seul le médecin du travail peut émettre « Avis d\'inaptitude » : orientez le salarié vers le médecin.');
    await screenshot(page, '08-refus-infirmier');

    // Nothing was concluded; the refusal is traced.
    const unchanged = await stack.db.visit.findUniqueOrThrow({ where: { id: visit.id }, select: { status: true, outcome: true } });
    expect(unchanged).toEqual({ status: 'SCHEDULED', outcome: null });
    const refusals = await stack.db.auditEvent.findMany({ where: { actorId: nurse.id, action: 'visit.conclude.refused' }, select: { reason: true } });
    expect(refusals).toEqual([{ reason: expect.stringContaining('orientez le salarié vers le médecin') }]);
    await closeBrowserSession(session);
  });

  it('R-DEL-1: a coordinator who books a nurse no protocol covers reads why on the form; the visit stays to schedule', { timeout: 120_000 }, async () => {
    await aStaffMember('NURSE', 'Chloé Sans Protocole', 'chloe.sans-protocole@spsti.test');
    const visit = await aReturnVisit('Lefebvre', 'Noé');
    const session = await newBrowserSession(browser);
    const { page } = session;
    await page.goto(`${stack.baseUrl}/visites/${visit.id}`);
    await signInWithBrowser(page, coordinator);
    await page.getByLabel('Date et heure (heure de Paris)').fill(`${plusDays(parisCivilDate(new Date()), 1)}T10:00`);
    await page.getByLabel('Professionnel de santé').selectOption({ label: 'Chloé Sans Protocole — Infirmier(ère) en santé au travail' });
    await page.getByRole('button', { name: 'Planifier' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Planifier le rendez-vous' }).getByRole('alert').textContent())
      .toBe('Aucun protocole de délégation valide ne couvre cette visite pour cet(te) infirmier(ère).');
    await screenshot(page, '27-infirmiere-sans-protocole');
    expect(await stack.db.visit.findUniqueOrThrow({ where: { id: visit.id }, select: { status: true, assignedProfessionalId: true } })).toEqual({
      status: 'TO_SCHEDULE',
      assignedProfessionalId: null,
    });
    expect(await stack.db.auditEvent.findMany({ where: { actorId: coordinator.id, entityId: visit.id, action: { startsWith: 'visit.schedule' } }, select: { action: true, reason: true } })).toEqual([
      { action: 'visit.schedule.refused', reason: expect.stringContaining('Aucun protocole de délégation valide') },
    ]);
    await closeBrowserSession(session);
  });

  it('R-DEL-2..4: a nurse re-orients her consultation to the doctor, who sees it first and concludes it', { timeout: 120_000 }, async () => {
    const [nurse, doctor] = await Promise.all([
      aStaffMember('NURSE', 'Julie Faure', 'julie.faure@spsti.test'),
      aStaffMember('DOCTOR', 'Dr Henri Blanc', 'henri.blanc@spsti.test'),
    ]);
    const today = parisCivilDate(new Date());
    // R-DEL-1: the doctor's signed protocol lets the nurse hold return visits.
    await stack.db.delegationProtocol.create({
      data: { nurseId: nurse.id, doctorId: doctor.id, validFrom: dbDateFromCivil(plusDays(today, -30)), visitTypes: ['REPRISE'], signedAt: new Date() },
    });
    const visit = await aReturnVisit('Rousseau', 'Camille');
    const appointmentAt = new Date(Date.now() + 24 * 3_600_000);
    await sendWorkflowUpdate(stack.temporal, visit.workflowId, scheduleVisitUpdate, {
      actor: nurse,
      form: { appointmentAt: appointmentAt.toISOString(), professionalId: nurse.id },
      professionalRole: 'NURSE',
      delegated: await assertDelegationCovers(stack.db, nurse.id, 'REPRISE', parisCivilDate(appointmentAt)),
    });

    const nurseSession = await newBrowserSession(browser);
    const { page } = nurseSession;
    await page.goto(`${stack.baseUrl}/taches`);
    await signInWithBrowser(page, nurse);
    await page.getByRole('row').filter({ hasText: 'Camille Rousseau' }).getByRole('link', { name: 'Réaliser la consultation' }).click();
    const reorient = page.getByRole('region', { name: 'Orienter vers le médecin' });
    await expect.poll(() => reorient.textContent()).toContain('relèvent du seul médecin du travail (R-DEL-2)');
    expect(await reorient.textContent()).toContain('qui le demande lui est orientée sans délai (R-DEL-4)');
    // Both fields are required, in the browser first.
    await reorient.getByRole('button', { name: 'Orienter vers le médecin' }).click();
    await reorient.getByText('Choisissez le motif de la réorientation').waitFor();
    await reorient.getByText('Précisez ce que le médecin doit savoir').waitFor();
    await reorient.getByLabel('Aménagement du poste ou du temps de travail').check();
    await reorient.getByLabel('Précisions pour le médecin').fill('Douleurs à l’épaule droite : aménagement du poste à étudier.');
    await screenshot(page, '19-orientation-vers-le-medecin');
    await reorient.getByRole('button', { name: 'Orienter vers le médecin' }).click();

    // Back on the visit: the consultation is handed over and the doctor's task is open.
    await page.waitForURL(`${stack.baseUrl}/visites/${visit.id}`);
    expect(await page.getByRole('region', { name: 'Tâche en cours' }).textContent()).toContain('Réorientation : recevoir le salarié sans délai');
    // The appointment is the doctor's now: no rescheduling or excusing it from here, only a cancellation.
    expect(await page.getByRole('region', { name: 'Visite réorientée vers le médecin' }).textContent()).toContain('ne peut plus être reporté');
    expect(await page.getByRole('heading', { name: 'Reporter le rendez-vous' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Excuser l’absence' }).count()).toBe(0);
    await page.getByRole('heading', { name: 'Annuler la visite' }).waitFor();
    // R-DATA-2: the timeline, read by every role, gives the reason but not the nurse's clinical details.
    const history = await page.getByRole('region', { name: 'Historique' }).textContent();
    expect(history).toContain('Réorientation vers le médecin : aménagement du poste ou du temps de travail');
    expect(history).not.toContain('épaule');
    await screenshot(page, '20-visite-reorientee');
    const reorientations = await stack.db.auditEvent.findMany({ where: { actorId: nurse.id, action: { startsWith: 'visit.reorient' } }, select: { action: true, reason: true } });
    expect(reorientations).toEqual([{ action: 'visit.reorient', reason: 'aménagement du poste ou du temps de travail' }]);
    await closeBrowserSession(nurseSession);

    // The doctor finds the re-orientation first in the inbox, flagged.
    const doctorSession = await newBrowserSession(browser);
    const doctorPage = doctorSession.page;
    await doctorPage.goto(`${stack.baseUrl}/taches`);
    await signInWithBrowser(doctorPage, doctor);
    const first = doctorPage.getByRole('row').filter({ has: doctorPage.getByRole('cell') }).first();
    await expect.poll(() => first.getByRole('cell').first().textContent()).toBe('Réorientation : recevoir le salarié sans délai Prioritaire');
    expect(await first.textContent()).toContain('Camille Rousseau');
    await screenshot(doctorPage, '21-taches-medecin-reorientation');
    await first.getByRole('link', { name: 'Réorientation : recevoir le salarié sans délai' }).click();

    // The nurse's reason on top, then the consultation's own conclusion form, without the nurse's hand-over.
    const handover = doctorPage.getByRole('region', { name: 'Réorientation par l’infirmier(ère)' });
    await expect.poll(() => handover.textContent()).toContain('aménagement du poste ou du temps de travail');
    expect(await handover.textContent()).toContain('Douleurs à l’épaule droite : aménagement du poste à étudier.');
    expect(await handover.textContent()).toContain('Julie Faure');
    await doctorPage.getByRole('heading', { name: 'Conclure la consultation' }).waitFor();
    expect(await doctorPage.getByRole('region', { name: 'Orienter vers le médecin' }).count()).toBe(0);
    await doctorPage.getByLabel('Attestation de suivi avec propositions de mesures').check();
    await doctorPage.getByLabel('Prochaine visite au plus tard le').fill(plusYears(today, 1));
    await doctorPage.getByLabel('Mesures proposées').fill('Pas de port de charges de plus de 10 kg pendant trois mois.');
    await screenshot(doctorPage, '22-conclusion-de-la-reorientation');
    await doctorPage.getByRole('button', { name: 'Conclure et émettre le document' }).click();

    // The visit closes with the doctor's attestation.
    await doctorPage.waitForURL(`${stack.baseUrl}/visites/${visit.id}`);
    expect(await doctorPage.locator('.badge').first().textContent()).toBe('Clôturée');
    const conclusion = doctorPage.getByRole('region', { name: 'Conclusion' });
    expect(await conclusion.textContent()).toContain('Attestation de suivi avec propositions de mesures');
    expect(await conclusion.textContent()).toContain('Pas de port de charges de plus de 10 kg pendant trois mois.');
    await doctorPage
      .getByRole('region', { name: 'Documents' })
      .getByRole('link', { name: /^Attestation de suivi \(attestation-reprise-.*\.pdf\)$/ })
      .waitFor();
    expect(await doctorPage.getByRole('region', { name: 'Tâche en cours' }).textContent()).toContain('Aucune tâche ouverte.');
    await screenshot(doctorPage, '23-reorientation-conclue');
    const stored = await stack.db.visit.findUniqueOrThrow({ where: { id: visit.id }, select: { status: true, outcome: true, concludedById: true } });
    expect(stored).toEqual({ status: 'COMPLETED', outcome: 'ATTESTATION_WITH_MEASURES', concludedById: doctor.id });
    const decisions = await stack.db.auditEvent.findMany({ where: { actorId: doctor.id, action: { startsWith: 'visit.' } }, select: { action: true } });
    expect(new Set(decisions.map((entry) => entry.action))).toEqual(new Set(['visit.conclude', 'visit.read']));
    await closeBrowserSession(doctorSession);
  });

  it('R-DEL-3, R-DEL-4: a nurse who notes a risk of inaptitude hands the visit to the doctor; a coordinator relays a pregnant worker’s request', { timeout: 120_000 }, async () => {
    const [nurse, doctor] = await Promise.all([
      aStaffMember('NURSE', 'Lina Robert', 'lina.robert@spsti.test'),
      aStaffMember('DOCTOR', 'Dr Yves Perrin', 'yves.perrin@spsti.test'),
    ]);
    await stack.db.delegationProtocol.create({
      data: { nurseId: nurse.id, doctorId: doctor.id, validFrom: dbDateFromCivil(plusDays(parisCivilDate(new Date()), -30)), visitTypes: ['REPRISE'], signedAt: new Date() },
    });
    const [atRisk, requested] = await Promise.all([aReturnVisit('Marchand', 'Élodie'), aReturnVisit('Garnier', 'Manon')]);
    const appointmentAt = new Date(Date.now() + 24 * 3_600_000);
    await sendWorkflowUpdate(stack.temporal, atRisk.workflowId, scheduleVisitUpdate, {
      actor: nurse,
      form: { appointmentAt: appointmentAt.toISOString(), professionalId: nurse.id },
      professionalRole: 'NURSE',
      delegated: await assertDelegationCovers(stack.db, nurse.id, 'REPRISE', parisCivilDate(appointmentAt)),
    });
    const doctorsTask = (visitId: string) =>
      stack.db.humanTask.findFirst({ where: { visitId, status: 'OPEN', kind: 'REORIENTATION' }, select: { role: true, priority: true } });

    // R-DEL-3: the nurse concludes with an attestation but notes a risk of inaptitude: the visit does not close.
    const nurseSession = await newBrowserSession(browser);
    await nurseSession.page.goto(`${stack.baseUrl}/taches`);
    await signInWithBrowser(nurseSession.page, nurse);
    await nurseSession.page.getByRole('row').filter({ hasText: 'Élodie Marchand' }).getByRole('link', { name: 'Réaliser la consultation' }).click();
    await nurseSession.page.getByLabel('Attestation de suivi', { exact: true }).check();
    await nurseSession.page.getByLabel('Prochaine visite au plus tard le').fill(plusYears(parisCivilDate(new Date()), 2));
    await nurseSession.page.getByLabel('Risque d’inaptitude relevé').check();
    await screenshot(nurseSession.page, '28-risque-inaptitude');
    await nurseSession.page.getByRole('button', { name: 'Conclure et émettre le document' }).click();
    await nurseSession.page.waitForURL(`${stack.baseUrl}/visites/${atRisk.id}`);
    await expect.poll(() => nurseSession.page.getByRole('region', { name: 'Tâche en cours' }).textContent()).toContain('Réorientation : recevoir le salarié sans délai');
    expect(await nurseSession.page.getByRole('region', { name: 'Historique' }).textContent()).toContain('Réorientation vers le médecin : risque d’inaptitude');
    expect(await stack.db.visit.findUniqueOrThrow({ where: { id: atRisk.id }, select: { status: true, outcome: true } })).toEqual({ status: 'SCHEDULED', outcome: null });
    expect(await stack.db.document.count({ where: { visitId: atRisk.id } })).toBe(0);
    await closeBrowserSession(nurseSession);

    // R-DEL-4: before any appointment, the coordinator relays the request from the visit page.
    const coordinatorSession = await newBrowserSession(browser);
    const { page } = coordinatorSession;
    await page.goto(`${stack.baseUrl}/visites/${requested.id}`);
    await signInWithBrowser(page, coordinator);
    const relay = page.getByRole('region', { name: 'Orienter vers le médecin à la demande de la salariée' });
    await relay.getByRole('button', { name: 'Orienter vers le médecin' }).click();
    await relay.getByText('Précisez ce que le médecin doit savoir').waitFor();
    await relay.getByLabel('Précisions pour le médecin').fill('Enceinte de 4 mois, demande à voir le médecin pour son poste debout.');
    await relay.getByRole('button', { name: 'Orienter vers le médecin' }).click();
    await page.getByRole('status').filter({ hasText: 'La salariée est orientée vers le médecin du travail, qui la reçoit sans délai.' }).waitFor();
    await page.getByRole('region', { name: 'Visite réorientée vers le médecin' }).waitFor();
    expect(await page.getByRole('region', { name: 'Orienter vers le médecin à la demande de la salariée' }).count()).toBe(0);
    // The assistant reads the reason, never the clinical details.
    const history = await page.getByRole('region', { name: 'Historique' }).textContent();
    expect(history).toContain('Réorientation vers le médecin : demande d’une salariée enceinte, venant d’accoucher ou allaitante');
    expect(await page.content()).not.toContain('poste debout');
    await screenshot(page, '29-demande-salariee-enceinte');
    await closeBrowserSession(coordinatorSession);

    // Both wait for a doctor, ahead of ordinary consultations in the inbox.
    for (const visit of [atRisk, requested]) {
      const task = await doctorsTask(visit.id);
      expect(task?.role).toBe('DOCTOR');
      expect(task?.priority).toBeGreaterThan(0);
    }
  });

  it('the visit page follows its workflow without a reload: booked from elsewhere, it shows the appointment', { timeout: 60_000 }, async () => {
    const doctor = await aStaffMember('DOCTOR', 'Dr Marc Perrin', 'marc.perrin@spsti.test');
    const visit = await aReturnVisit('Perrin', 'Lina');
    const session = await newBrowserSession(browser);
    const { page } = session;
    await page.goto(`${stack.baseUrl}/visites/${visit.id}`);
    await signInWithBrowser(page, coordinator);
    await page.getByRole('heading', { name: 'Visite de reprise — Lina Perrin' }).waitFor();
    expect(await page.locator('.badge').first().textContent()).toBe('À planifier');
    // A mark on this document: a reload would lose it.
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));

    await bookAppointment(visit.workflowId, doctor, new Date(Date.now() + 24 * 3_600_000));

    await expect.poll(() => page.locator('.badge').first().textContent(), { timeout: 20_000 }).toBe('Planifiée');
    expect(await page.getByRole('region', { name: 'Planifier le rendez-vous' }).count()).toBe(0);
    expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await closeBrowserSession(session);
  });

  it('R-OPS-1: a coordinator excuses an absence less than 48 h ahead, and the visit is billed to the employer', { timeout: 120_000 }, async () => {
    const doctor = await aStaffMember('DOCTOR', 'Dr Anne Petit', 'anne.petit@spsti.test');
    const visit = await aReturnVisit('Moreau', 'Inès');
    const appointmentAt = new Date(Date.now() + 24 * 3_600_000);
    await bookAppointment(visit.workflowId, doctor, appointmentAt);

    const session = await newBrowserSession(browser);
    const { page } = session;
    await page.goto(`${stack.baseUrl}/visites/${visit.id}`);
    await signInWithBrowser(page, coordinator);
    const excuse = page.getByRole('region', { name: 'Excuser l’absence' });
    await expect.poll(() => excuse.textContent()).toContain('Une absence excusée moins de 48 h avant le rendez-vous est facturée à l’employeur (R-OPS-1)');
    expect(await excuse.textContent()).toContain('Le rendez-vous a lieu dans moins de 48 h : cette absence sera facturée à l’employeur.');
    // The appointment has not taken place: no no-show yet.
    expect(await page.getByRole('button', { name: 'Constater une absence' }).count()).toBe(0);

    // A coded reason is required, in the browser first (issue 5); the details are free text.
    await excuse.getByRole('button', { name: 'Excuser l’absence' }).click();
    await excuse.getByText('Choisissez un motif dans la liste').waitFor();
    expect(await excuse.getByLabel('Motif de l’absence').locator('option').allTextContents()).toEqual([
      'Choisir un motif…',
      'Maladie ou hospitalisation du salarié',
      'Événement familial',
      'Problème de transport',
      'Autre motif',
    ]);
    await excuse.getByLabel('Motif de l’absence').selectOption({ label: 'Maladie ou hospitalisation du salarié' });
    await excuse.getByLabel('Précisions').fill('Hospitalisation imprévue');
    await screenshot(page, '12-absence-a-excuser');
    await excuse.getByRole('button', { name: 'Excuser l’absence' }).click();
    await page.getByRole('status').filter({ hasText: 'L’absence excusée est enregistrée ; la visite est à replanifier.' }).waitFor();

    // Back to scheduling, billed to the employer; the page and the history say so.
    expect(await page.locator('p.actions .badge').allTextContents()).toEqual(['À planifier', 'Facturable à l’employeur']);
    expect(await page.getByRole('region', { name: 'Visite', exact: true }).textContent()).toContain('Facturable à l’employeur : absence non excusée à temps (R-OPS-1)');
    expect(await page.getByRole('region', { name: 'Historique' }).textContent()).toContain(
      'Absence excusée (Maladie ou hospitalisation du salarié — Hospitalisation imprévue) : facturable à l’employeur ; à replanifier',
    );
    expect(await page.getByRole('region', { name: 'Excuser l’absence' }).count()).toBe(0);
    await screenshot(page, '13-absence-excusee-facturable');
    expect(await stack.db.visit.findUniqueOrThrow({ where: { id: visit.id }, select: { status: true, billable: true, appointmentAt: true } })).toEqual({
      status: 'TO_SCHEDULE',
      billable: true,
      appointmentAt: null,
    });
    // The company sees the line it is billed for, with the appointment and the moment the excuse was due.
    const excuseDueAt = new Date(appointmentAt.getTime() - 48 * 3_600_000);
    expect(await billedAbsencesOf(visit.id)).toEqual([{ appointmentAt, excuseDueAt, excused: true }]);
    expect(await employerPortalText(visit.id)).toContain(
      `Moreau Inès</th><td>Visite de reprise</td><td>${frenchShortDateTime(appointmentAt)}</td><td>${frenchShortDateTime(excuseDueAt)}</td><td>Excusée le `,
    );
    const decisions = await stack.db.auditEvent.findMany({ where: { entityId: visit.id, action: { startsWith: 'visit.excuse' } }, select: { action: true, reason: true, actorLabel: true } });
    expect(decisions).toEqual([
      { action: 'visit.excuse-absence', reason: '[ILLNESS] Maladie ou hospitalisation du salarié — Hospitalisation imprévue', actorLabel: expect.stringContaining('Sophie Leroy') },
    ]);

    // The list flags it too.
    await page.getByRole('link', { name: 'Visites', exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: 'Inès Moreau' }).filter({ hasText: 'Visite de reprise' });
    await expect.poll(() => row.getByRole('cell').last().textContent()).toBe('Oui');
    await screenshot(page, '14-liste-facturable');
    await closeBrowserSession(session);
  });

  it('R-OPS-1: a no-show is recorded once the appointment has passed; a stale form shows the workflow’s refusal', { timeout: 120_000 }, async () => {
    const doctor = await aStaffMember('DOCTOR', 'Dr Louis Garnier', 'louis.garnier@spsti.test');
    const visit = await aReturnVisit('Fontaine', 'Jules');
    const appointmentAt = new Date(Date.now() + 3_000);
    await bookAppointment(visit.workflowId, doctor, appointmentAt);
    await sleep(appointmentAt.getTime() - Date.now() + 500);

    const session = await newBrowserSession(browser);
    const { page } = session;
    await page.goto(`${stack.baseUrl}/visites/${visit.id}`);
    await signInWithBrowser(page, coordinator);
    const noShow = page.getByRole('region', { name: 'Constater une absence' });
    await expect.poll(() => noShow.textContent()).toContain('elle est facturée à l’employeur (R-OPS-1)');
    // Past the appointment an absence can no longer be excused.
    expect(await page.getByRole('region', { name: 'Excuser l’absence' }).count()).toBe(0);
    await screenshot(page, '15-absence-a-constater');

    // A second tab, opened before the decision, keeps the button the decision makes stale.
    const stale = await session.context.newPage();
    await stale.goto(page.url());
    await stale.getByRole('button', { name: 'Constater une absence' }).waitFor();

    await noShow.getByRole('button', { name: 'Constater une absence' }).click();
    await page.getByRole('status').filter({ hasText: 'L’absence au rendez-vous est enregistrée ; la visite est à replanifier.' }).waitFor();
    expect(await page.locator('p.actions .badge').allTextContents()).toEqual(['À planifier', 'Facturable à l’employeur']);
    expect(await page.getByRole('region', { name: 'Historique' }).textContent()).toContain('Absence au rendez-vous : facturable à l’employeur ; à replanifier');

    expect(await billedAbsencesOf(visit.id)).toEqual([{ appointmentAt, excuseDueAt: new Date(appointmentAt.getTime() - 48 * 3_600_000), excused: false }]);
    expect(await employerPortalText(visit.id)).toMatch(/Fontaine Jules<\/th><td>Visite de reprise<\/td><td>[^<]+<\/td><td>[^<]+<\/td><td>Absence sans excuse<\/td>/);

    await stale.getByRole('button', { name: 'Constater une absence' }).click();
    await expect.poll(() => stale.getByRole('alert').textContent()).toBe('Aucun rendez-vous n’est fixé.');
    await screenshot(stale, '16-absence-deja-constatee');
    const decisions = await stack.db.auditEvent.findMany({
      where: { entityId: visit.id, action: { startsWith: 'visit.no-show' } },
      orderBy: { at: 'asc' },
      select: { action: true },
    });
    expect(decisions.map((entry) => entry.action)).toEqual(['visit.no-show', 'visit.no-show.refused']);
    await closeBrowserSession(session);
  });

  it('R-MID-1: the conclusion form offers the mid-career coupling only in its window; R-VIP-5 caps the next visit', { timeout: 120_000 }, async () => {
    const doctor = await aStaffMember('DOCTOR', 'Dr Marc Roussel', 'marc.roussel@spsti.test');
    const today = parisCivilDate(new Date());
    // 43 in a month: the initial VIP, due in 3 months, falls in the mid-career window, whose own visit opens later.
    const inWindow = await aNewHire('Chevalier', 'Nina', plusYears(plusMonths(today, 1), -43));
    const tooYoung = await aNewHire('Perrin', 'Tom', '1998-04-02');
    const [inWindowTask, tooYoungTask] = await Promise.all([aBookedInitialVip(inWindow, doctor), aBookedInitialVip(tooYoung, doctor)]);
    expect((await followUpPlan(inWindow)).next).toContainEqual(expect.objectContaining({ type: 'MID_CAREER', rule: 'R-MID-1' }));

    const session = await newBrowserSession(browser);
    const { page } = session;
    await page.goto(`${stack.baseUrl}/taches/${tooYoungTask.taskId}`);
    await signInWithBrowser(page, doctor);
    await page.getByRole('heading', { name: 'Conclure la consultation' }).waitFor();
    expect(await page.getByLabel('Cette visite vaut aussi visite de mi-carrière').count()).toBe(0);
    const latest = plusYears(today, 5);
    expect(await page.locator('#nextVisitDueDate-aide').textContent()).toBe(
      'Obligatoire pour « Attestation de suivi » ou « Attestation de suivi avec propositions de mesures » : l’attestation indique la date ' +
        `avant laquelle la prochaine visite doit avoir lieu (R-VIP-6). Sans objet pour « Avis d'inaptitude ». Au plus tard le ${frenchDate(latest)} (R-VIP-5 : 5 ans au plus).`,
    );

    await page.goto(`${stack.baseUrl}/taches/${inWindowTask.taskId}`);
    const coupling = page.getByLabel('Cette visite vaut aussi visite de mi-carrière');
    await coupling.waitFor();
    await page.getByLabel('Attestation de suivi', { exact: true }).check();
    await coupling.check();
    // Beyond the cap the workflow refuses, and the form says why.
    await page.getByLabel('Prochaine visite au plus tard le').fill(plusDays(latest, 1));
    await page.getByRole('button', { name: 'Conclure et émettre le document' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(`La prochaine visite doit avoir lieu au plus tard dans 5 ans (${latest}).`);
    await screenshot(page, '17-conclusion-mi-carriere-refusee');

    await page.getByLabel('Prochaine visite au plus tard le').fill(plusYears(today, 2));
    await page.getByRole('button', { name: 'Conclure et émettre le document' }).click();
    await page.waitForURL(`${stack.baseUrl}/visites/${inWindowTask.visitId}`);
    expect(await page.locator('.badge').first().textContent()).toBe('Clôturée');
    expect(await page.getByRole('region', { name: 'Conclusion' }).textContent()).toContain('Vaut aussi visite de mi-carrière (R-MID-1)');
    await screenshot(page, '18-visite-couplee-mi-carriere');

    // The follow-up counts the mid-career visit as done: it is no longer planned.
    await expect
      .poll(async () => (await followUpPlan(inWindow)).past)
      .toEqual([expect.objectContaining({ type: 'VIP_INITIAL', status: 'COMPLETED', coupledMidCareer: true, nextVisitDueDate: plusYears(today, 2) })]);
    expect((await followUpPlan(inWindow)).next.map((due: { type: string }) => due.type)).not.toContain('MID_CAREER');
    await closeBrowserSession(session);
  });

  it('a coordinator starts from the cockpit, filters the visits, searches, exports, pages through them and cancels one', { timeout: 120_000 }, async () => {
    // More return visits than one page holds (25).
    for (let batch = 0; batch < 2; batch += 1) {
      await Promise.all(Array.from({ length: 13 }, (_, index) => aReturnVisit(`Salarié${batch}${index}`, 'Test')));
    }
    const expected = await stack.db.visit.count({ where: { type: 'REPRISE', status: 'TO_SCHEDULE' } });
    expect(expected).toBeGreaterThan(25);

    const session = await newBrowserSession(browser);
    const { page } = session;
    await page.goto(`${stack.baseUrl}/`);
    await signInWithBrowser(page, coordinator);
    // Coordinators land on the cockpit, where each number opens the list of the visits it counts.
    await page.getByRole('heading', { name: 'Pilotage des visites', level: 1 }).waitFor();
    const toSchedule = page.getByRole('link', { name: /À planifier/ });
    expect(await toSchedule.locator('.counter-value').textContent()).toBe(String(await stack.db.visit.count({ where: { status: 'TO_SCHEDULE' } })));
    const thisWeek = page.getByRole('row').nth(1);
    expect(await thisWeek.getByRole('cell').textContent()).toMatch(/^\d+$/);
    await screenshot(page, '30-pilotage');

    // The protocol's diagram, per visit type: each state's number opens the list of those visits.
    await page.getByRole('link', { name: 'Parcours d’une visite, état par état' }).click();
    await page.getByLabel('Type de visite').selectOption({ label: 'Visite de reprise' });
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.getByRole('heading', { name: 'Parcours d’une visite : Visite de reprise', level: 1 }).waitFor();
    const toScheduleState = page.getByRole('listitem').filter({ has: page.locator('#etat-TO_SCHEDULE') });
    expect(await toScheduleState.textContent()).toContain('Échéance dans les 8 jours de la reprise du travail.');
    expect(await toScheduleState.locator('.counter-value').textContent()).toBe(String(await stack.db.visit.count({ where: { type: 'REPRISE', status: 'TO_SCHEDULE' } })));
    await screenshot(page, '33-parcours-visite-reprise');
    await toScheduleState.getByRole('link').click();
    await page.waitForURL((url) => url.pathname === '/visites');
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ statut: 'TO_SCHEDULE', type: 'REPRISE' });
    await page.getByRole('heading', { name: 'Visites', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Pilotage', exact: true }).click();
    await page.getByRole('heading', { name: 'Pilotage des visites', level: 1 }).waitFor();
    await toSchedule.click();
    await page.waitForURL(/statut=TO_SCHEDULE/);
    await page.getByRole('heading', { name: 'Visites', level: 1 }).waitFor();
    expect(await page.getByLabel('Statut').inputValue()).toBe('TO_SCHEDULE');

    await page.getByLabel('Type de visite').selectOption({ label: 'Visite de reprise' });
    await page.getByLabel('Statut').selectOption({ label: 'À planifier' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/type=REPRISE/);
    expect(new URL(page.url()).searchParams.get('statut')).toBe('TO_SCHEDULE');
    const rows = page.getByRole('row').filter({ has: page.getByRole('cell') });
    // The URL changes as the navigation starts: the unfiltered rows may still show for a moment.
    await expect.poll(async () => new Set(await rows.locator('td:nth-child(3)').allTextContents())).toEqual(new Set(['Visite de reprise']));
    expect(await rows.count()).toBe(25);
    const statuses = await rows.locator('td:nth-child(4)').allTextContents();
    expect(new Set(statuses)).toEqual(new Set(['À planifier']));
    const firstPage = await rows.getByRole('link').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    await screenshot(page, '09-visites-filtrees');

    // The next page keeps the filters and goes on where the first stopped.
    await page.getByRole('link', { name: 'Page suivante' }).click();
    await page.waitForURL(/apres=/);
    expect(new URL(page.url()).searchParams.get('type')).toBe('REPRISE');
    await expect.poll(() => rows.count()).toBe(expected - 25);
    const secondPage = await rows.getByRole('link').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(new Set([...firstPage, ...secondPage]).size).toBe(expected);
    expect(await page.getByRole('link', { name: 'Page suivante' }).count()).toBe(0);

    // None of these return visits is late yet.
    await page.getByRole('link', { name: 'Première page' }).click();
    await page.waitForURL((url) => !url.searchParams.has('apres'));
    await page.getByLabel('En retard').check();
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/retard=1/);
    await page.getByText('Aucune visite ne correspond à ces critères.').waitFor();
    await page.getByLabel('En retard').uncheck();

    // A search by name keeps to the matching employees; the CSV export holds exactly the visits on screen.
    await page.getByLabel('Salarié ou employeur').fill('salarié1');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/q=salari/);
    await expect.poll(() => rows.count()).toBe(13);
    expect((await rows.locator('td:nth-child(1)').allTextContents()).every((name) => name.startsWith('Test Salarié1'))).toBe(true);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Exporter en CSV' }).click();
    const csv = await readFile((await (await download).path())!, 'utf8');
    // The byte-order mark makes spreadsheets read UTF-8 (trim() drops it).
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const csvLines = csv.trim().split('\r\n');
    expect(csvLines[0]).toBe('"Salarié";"Employeur";"Type";"Statut";"Modalité";"Rendez-vous";"Date cible";"Échéance";"En retard";"Professionnel";"Facturable"');
    expect(csvLines.slice(1).map((line) => line.split(';')[0]).sort()).toEqual(
      (await rows.locator('td:nth-child(1)').allTextContents()).map((name) => `"${name}"`).sort(),
    );
    await screenshot(page, '31-visites-recherche');

    // These filters, named, come back from the cockpit; a name is required, and used once per person.
    const views = page.getByRole('region', { name: 'Mes vues' });
    await views.getByRole('button', { name: 'Enregistrer la vue' }).click();
    await views.getByText('Nommez la vue (2 caractères au moins)').waitFor();
    await views.getByLabel('Nommer ces filtres').fill('Reprises à planifier, salariés 1');
    await views.getByRole('button', { name: 'Enregistrer la vue' }).click();
    await page.getByText('Vue « Reprises à planifier, salariés 1 » enregistrée.').waitFor();
    await views.getByRole('button', { name: 'Enregistrer la vue' }).click();
    await views.getByText('Vous avez déjà une vue de ce nom').waitFor();
    await page.getByRole('link', { name: 'Pilotage' }).click();
    await page.getByRole('heading', { name: 'Pilotage des visites', level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Mes vues' }).getByRole('link', { name: 'Reprises à planifier, salariés 1' }).click();
    await page.waitForURL(/q=salari/);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ statut: 'TO_SCHEDULE', type: 'REPRISE', q: 'salarié1' });
    await expect.poll(() => rows.count()).toBe(13);
    await screenshot(page, '32-vue-enregistree');
    await views.getByRole('button', { name: 'Supprimer la vue « Reprises à planifier, salariés 1 »' }).click();
    await page.getByText('Vue supprimée.').waitFor();
    await expect.poll(() => views.getByRole('link', { name: 'Reprises à planifier, salariés 1' }).count()).toBe(0);

    // The assistants' inbox holds the scheduling of each new visit.
    await page.getByRole('link', { name: 'Mes tâches' }).click();
    await page.getByRole('heading', { name: 'Mes tâches' }).waitFor();
    expect(await page.getByRole('link', { name: 'Planifier le rendez-vous' }).count()).toBeGreaterThanOrEqual(expected);
    await screenshot(page, '10-taches-assistante', false);

    // Cancelling needs a coded reason, « Autre motif » its details, and a confirmation; the workflow records it and closes the visit.
    await page.goto(`${stack.baseUrl}${firstPage[0]}`);
    const cancel = page.getByRole('region', { name: 'Annuler la visite' });
    await cancel.getByRole('button', { name: 'Annuler la visite' }).click();
    await cancel.getByText('Choisissez un motif dans la liste').waitFor();
    await cancel.getByLabel('Motif de l’annulation').selectOption({ label: 'Autre motif' });
    await cancel.getByRole('button', { name: 'Annuler la visite' }).click();
    await cancel.getByText('Précisez le motif').waitFor();
    await cancel.getByLabel('Précisions').fill('Salarié muté dans un autre établissement');
    // Declining the confirmation sends nothing.
    page.once('dialog', (dialog) => void dialog.dismiss());
    await cancel.getByRole('button', { name: 'Annuler la visite' }).click();
    await sleep(500);
    expect(await page.locator('.badge').first().textContent()).toBe('À planifier');
    page.once('dialog', (dialog) => {
      expect(dialog.message()).toContain('Annuler définitivement cette visite ?');
      void dialog.accept();
    });
    await cancel.getByRole('button', { name: 'Annuler la visite' }).click();
    await page.getByRole('status').filter({ hasText: 'La visite est annulée.' }).waitFor();
    expect(await page.locator('.badge').first().textContent()).toBe('Annulée');
    const history = page.getByRole('region', { name: 'Historique' });
    expect(await history.textContent()).toContain('Visite annulée : Autre motif — Salarié muté dans un autre établissement');
    expect(await page.getByRole('region', { name: 'Annuler la visite' }).count()).toBe(0);
    await screenshot(page, '11-visite-annulee');
    await closeBrowserSession(session);
  });
});
