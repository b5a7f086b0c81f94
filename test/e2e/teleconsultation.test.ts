// Teleconsultation in browsers, against the real stack (PostgreSQL, Temporal, a worker, the built console, an
// SMTP server in the test process). Journey 1: an assistant schedules a remote visit and makes the pre-call; the
// employee opens the link from the convocation, consents, tests their equipment (no camera here: the degraded
// path), types the access code and waits; the doctor, in another browser, sees them waiting, cannot admit
// before the identity check, admits, gets the video as moderator, invites an interpreter, ends with the report and
// concludes; the employee's page then shows the end and the satisfaction link, whose answer changes the
// indicators. Journey 2: the employee refuses and the visit turns in person, to schedule first. The equipment test
// succeeds with Chromium's fake camera and microphone. And five wrong
// access codes lock the link. Jitsi cannot run here: the pages show their fallback, with the minted token in the
// DOM, checked with jose. Screenshots go to test-results/screenshots/.
import { jwtVerify, type JWTPayload } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendWorkflowUpdate } from '../../activities/domain/visits.js';
import { accessCodeFor, personalLink, personalToken } from '../../activities/teleconsultation/links.js';
import { dbDateFromCivil, parisCivilDate, plusDays, plusYears } from '../../workflows/rules/calendar.js';
import { scheduleVisitUpdate } from '../../workflows/visit/messages.js';
import { aReturnVisitThroughApi } from '../support/api-client.js';
import { closeBrowserSession, launchChromium, newBrowserSession, screenshot } from '../support/browser.js';
import { startConsoleStack, type ConsoleStack } from '../support/console-stack.js';
import { aStaffAccount, signInWithBrowser, type StaffAccount } from '../support/staff.js';

const MINUTE = 60_000;

let stack: ConsoleStack;
let browser: Browser;
let assistant: Professional;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startConsoleStack(), launchChromium()]);
  assistant = await aStaffMember('ASSISTANT', 'Sophie Leroy', 'sophie.leroy@spsti.test');
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Doctors and nurses come with an authenticator (R-TELE-8), the assistant without. */
function aStaffMember(role: 'DOCTOR' | 'NURSE' | 'ASSISTANT', displayName: string, email: string): Promise<StaffAccount> {
  return aStaffAccount(stack, { role, displayName, email });
}
type Professional = StaffAccount;


/** An employee back from a 45-day work accident in two days: R-REPRISE-1 opens a return visit. */
function aReturnVisit(birthName: string, firstNames: string, email: string): Promise<{ id: string; workflowId: string }> {
  return aReturnVisitThroughApi(stack, {
    employerName: `Boulangerie ${birthName}`,
    birthName,
    firstNames,
    birthDate: '1986-09-23',
    sex: 'F',
    birthPlace: 'Rennes',
    email,
    phone: '06 21 43 65 87',
    hireDate: '2016-02-01',
    post: { title: 'Boulangère', risks: [], nightWork: true },
  });
}

/** Books a remote appointment straight through the workflow, as the console would. */
async function bookRemote(workflowId: string, professional: Professional, at: Date): Promise<void> {
  await sendWorkflowUpdate(stack.temporal, workflowId, scheduleVisitUpdate, {
    actor: assistant,
    form: { appointmentAt: at.toISOString(), professionalId: professional.id, modality: 'REMOTE', remoteProposedBy: 'EMPLOYER' },
    professionalRole: professional.role,
    delegated: false,
  });
}

async function sessionOf(visitId: string) {
  const find = () => stack.db.teleconsultation.findFirst({ where: { visitId }, orderBy: { revision: 'desc' }, select: { id: true, roomName: true, appointmentAt: true, status: true } });
  await expect.poll(find).not.toBeNull();
  return (await find())!;
}

/** The datetime-local value of an instant, in Paris: what the assistant types. */
function parisLocal(instant: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
    .format(instant)
    .replace(' ', 'T');
}



/** The token a page shows on its meeting container, checked as Jitsi's Prosody would. */
async function meetingToken(page: Page): Promise<{ room: string; payload: JWTPayload & Record<string, any> }> {
  const meeting = page.locator('.meeting');
  await meeting.waitFor();
  const jwt = (await meeting.getAttribute('data-jitsi-jwt'))!;
  const { payload } = await jwtVerify(jwt, new TextEncoder().encode(stack.jitsi.secret), {
    audience: 'jitsi',
    issuer: stack.jitsi.appId,
    subject: stack.jitsi.domain,
  });
  return { room: (await meeting.getAttribute('data-jitsi-room'))!, payload };
}

/** The mail to `to` whose subject matches, once the worker has sent it. */
async function mailTo(to: string, subject: RegExp) {
  const find = () => stack.mails.find((mail) => mail.to.includes(to) && subject.test(mail.subject));
  await expect.poll(find, { timeout: 30_000 }).toBeDefined();
  return find()!;
}

async function indicator(page: Page, label: string): Promise<string> {
  return (await page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${label}`) }) }).getByRole('cell').textContent()) ?? '';
}

describe('teleconsultation in the browser', () => {
  it('Journey 1: scheduled remote, pre-call, consent, code, waiting room, identity check, video, report, conclusion, satisfaction', { timeout: 240_000 }, async () => {
    const doctor = await aStaffMember('DOCTOR', 'Dr Élise Moreau', 'elise.moreau@spsti.test');
    const visit = await aReturnVisit('Bonnet', 'Lucie', 'lucie.bonnet@exemple.fr');

    // 1. The assistant schedules it remotely, proposed by the employee (R-TELE-3).
    const desk = await newBrowserSession(browser);
    await desk.page.goto(`${stack.baseUrl}/visites/${visit.id}`);
    await signInWithBrowser(desk.page, assistant);
    await desk.page.getByRole('heading', { name: 'Planifier le rendez-vous' }).waitFor();
    const appointmentAt = new Date(Math.ceil((Date.now() + 10 * MINUTE) / MINUTE) * MINUTE);
    await desk.page.getByLabel('Date et heure (heure de Paris)').fill(parisLocal(appointmentAt));
    await desk.page.getByLabel('Professionnel de santé').selectOption({ label: 'Dr Élise Moreau — Médecin du travail' });
    await desk.page.getByRole('radio', { name: 'Téléconsultation', exact: true }).check();
    // Who proposed it is required for a remote appointment, in the browser first.
    await desk.page.getByRole('button', { name: 'Planifier' }).click();
    await desk.page.getByText('Indiquez qui a proposé la téléconsultation').waitFor();
    await desk.page.getByRole('radio', { name: 'Salarié', exact: true }).check();
    await screenshot(desk.page, 'tele-01-planification-a-distance');
    await desk.page.getByRole('button', { name: 'Planifier' }).click();
    await desk.page.getByRole('status').filter({ hasText: 'Le rendez-vous est enregistré.' }).waitFor();
    const facts = desk.page.getByRole('region', { name: 'Visite', exact: true });
    await expect.poll(() => facts.textContent()).toContain('Téléconsultation, proposée par le salarié');
    const panel = desk.page.getByRole('region', { name: 'Téléconsultation' });
    await expect.poll(() => panel.textContent()).toContain('En attente du consentement');
    expect(await stack.db.visit.findUniqueOrThrow({ where: { id: visit.id }, select: { modality: true, remoteProposedBy: true } })).toEqual({
      modality: 'REMOTE',
      remoteProposedBy: 'EMPLOYEE',
    });
    const session = await sessionOf(visit.id);

    // 2. R-TELE-4: the pre-call task is in the assistant's inbox.
    await desk.page.getByRole('link', { name: 'Mes tâches' }).click();
    const preCallRow = desk.page.getByRole('row').filter({ hasText: 'Lucie Bonnet' }).filter({ hasText: 'Appeler le salarié avant la téléconsultation' });
    await preCallRow.getByRole('link', { name: 'Appeler le salarié avant la téléconsultation' }).click();
    await desk.page.getByRole('heading', { name: 'Appel préalable' }).waitFor();
    const consentOnPhone = desk.page.getByRole('region', { name: 'Consentement du salarié' });
    expect(await consentOnPhone.textContent()).toContain('Texte de consentement, version 2026-11');
    expect(await consentOnPhone.getByRole('button', { name: 'Consentement oral recueilli' }).count()).toBe(1);
    expect(await consentOnPhone.getByRole('button', { name: 'Le salarié refuse la téléconsultation' }).count()).toBe(1);
    await desk.page.getByRole('button', { name: 'Enregistrer l’appel' }).click();
    await desk.page.getByText('Mettez à jour le dossier administratif').waitFor();
    await desk.page.getByLabel('Dossier administratif mis à jour').check();
    await desk.page.getByLabel('Documents à préparer').fill('le certificat de reprise du médecin traitant');
    await screenshot(desk.page, 'tele-02-appel-prealable');
    await desk.page.getByRole('button', { name: 'Enregistrer l’appel' }).click();
    await desk.page.waitForURL(`${stack.baseUrl}/visites/${visit.id}`);
    await expect.poll(() => desk.page.getByRole('region', { name: 'Téléconsultation' }).textContent()).toMatch(/Appel préalablefait le/);

    // 3. The employee opens the link of the convocation (R-TELE-5) and consents (R-TELE-1).
    const link = personalLink(stack.publicUrl, 'employee', personalToken(stack.linkSecret, 'employee', session.id));
    expect((await mailTo('lucie.bonnet@exemple.fr', /^Convocation/)).text).toContain(link);
    const employee = await newBrowserSession(browser);
    const { page } = employee;
    await page.goto(link);
    await page.getByRole('heading', { name: 'Votre téléconsultation' }).waitFor();
    const convocation = page.getByRole('region', { name: 'Convocation' });
    expect(await convocation.textContent()).toContain('Dr Élise Moreau (Médecin du travail)');
    expect(await convocation.textContent()).toContain('demandés par le service : le certificat de reprise du médecin traitant');
    expect(await page.getByRole('region', { name: 'Votre consentement' }).textContent()).toContain('Texte de consentement, version 2026-11');
    await screenshot(page, 'tele-03-lien-personnel-consentement');
    await page.getByRole('button', { name: 'J’accepte' }).click();
    await page.getByRole('status').filter({ hasText: 'Merci : votre consentement est enregistré.' }).waitFor();
    await expect
      .poll(() => stack.db.teleconsultation.findUniqueOrThrow({ where: { id: session.id }, select: { status: true, consentChannel: true, consentTextVersion: true } }))
      .toEqual({ status: 'CONSENTED', consentChannel: 'LINK', consentTextVersion: '2026-11' });

    // R-TELE-13: no camera in this browser: the test says what to do.
    await page.getByRole('button', { name: 'Tester ma caméra et mon micro' }).click();
    const equipment = page.getByRole('region', { name: 'Tester mon matériel' });
    await expect.poll(() => equipment.textContent()).toContain('prévenez le service de santé au travail : la visite sera reprogrammée');
    expect(await equipment.textContent()).toMatch(/refusé|Aucune caméra|ne donne pas accès|n’a pas pu être utilisé/);
    await screenshot(page, 'tele-04-test-materiel-degrade');

    // Issue 8: the pre-visit questionnaire of the protocol, checked in the browser with the server's schema.
    const questionnaire = page.getByRole('region', { name: 'Questionnaire avant la visite' });
    await questionnaire.getByRole('button', { name: 'Envoyer mes réponses' }).click();
    await expect.poll(() => questionnaire.getByText('Une réponse est attendue').count()).toBe(2);
    await questionnaire.getByLabel('Ressentez-vous des douleurs ou une gêne que vous reliez à votre travail ?').selectOption('Oui');
    await questionnaire.getByLabel('Comment jugez-vous votre charge de travail ?').selectOption('Élevée');
    await questionnaire.getByLabel(/Quels aménagements de poste/).fill('Éviter le port de charges les premières semaines');
    await screenshot(page, 'tele-04b-questionnaire');
    await questionnaire.getByRole('button', { name: 'Envoyer mes réponses' }).click();
    await page.getByRole('status').filter({ hasText: 'Merci : vos réponses sont transmises au professionnel de santé.' }).waitFor();
    await expect.poll(() => page.getByRole('region', { name: 'Questionnaire avant la visite' }).textContent()).toContain('Vous avez répondu le');

    // 4. The doctor opens the visit before the employee enters: the page notices when they do.
    const clinic = await newBrowserSession(browser);
    await clinic.page.goto(`${stack.baseUrl}/visites/${visit.id}`);
    await signInWithBrowser(clinic.page, doctor);
    const doctorPanel = clinic.page.getByRole('region', { name: 'Téléconsultation' });
    await expect.poll(() => doctorPanel.textContent()).toContain('Consentement recueilli');
    expect(await doctorPanel.textContent()).toContain('Donné sur le lien personnel');

    // The access code of the connection message (R-TELE-5), typed on the page.
    const code = accessCodeFor(stack.linkSecret, session.id);
    expect((await mailTo('lucie.bonnet@exemple.fr', /commence à/)).text).toContain(`Code d’accès : ${code}`);
    await page.getByRole('textbox', { name: 'Code d’accès' }).fill(code === '123456' ? '654321' : '123456');
    await page.getByRole('button', { name: 'Valider le code' }).click();
    await page.getByText('Code incorrect (4 essais restants)').first().waitFor();
    await page.getByRole('textbox', { name: 'Code d’accès' }).fill(code);
    await page.getByRole('button', { name: 'Valider le code' }).click();
    await page.getByRole('status').filter({ hasText: 'Code accepté : vous êtes en salle d’attente.' }).waitFor();
    await page.getByRole('region', { name: 'Salle d’attente' }).waitFor();
    await screenshot(page, 'tele-05-salle-d-attente');
    // Remembered for this link: a reload stays in the waiting room.
    await page.reload();
    await page.getByText('Vous êtes en salle d’attente.').waitFor();
    expect(await page.getByRole('textbox', { name: 'Code d’accès' }).count()).toBe(0);

    // 5. R-TELE-6/7: the doctor sees the employee waiting, and cannot admit before the identity check.
    await clinic.page.getByText('Le salarié est en salle d’attente').first().waitFor({ timeout: 20_000 });
    const admission = clinic.page.getByRole('region', { name: 'Vérifier l’identité et admettre' });
    expect(await admission.textContent()).toContain('Rennes');
    await admission.getByRole('button', { name: 'Admettre' }).click();
    await admission.getByText('Indiquez le nom de naissance').waitFor();
    await admission.getByText('Confirmez que l’identité correspond au dossier').waitFor();
    await screenshot(clinic.page, 'tele-06-admission-refusee-sans-identite');
    // Without the browser's check, the action refuses it too.
    const withoutScript = await clinic.page.request.post(clinic.page.url(), { form: { intent: 'tele-admit', birthName: 'Bonnet' }, maxRedirects: 0 });
    expect(withoutScript.status()).toBe(400);
    expect(await withoutScript.text()).toContain('Indiquez les prénoms');
    expect((await stack.db.teleconsultation.findUniqueOrThrow({ where: { id: session.id }, select: { status: true } })).status).toBe('WAITING_ROOM');

    await admission.getByLabel('Nom de naissance').fill('Bonnet');
    await admission.getByLabel('Prénoms').fill('Lucie');
    await admission.getByLabel('Date de naissance').fill('1986-09-23');
    await admission.getByLabel('Femme').check();
    await admission.getByLabel('Lieu de naissance').fill('Rennes');
    await admission.getByLabel('Pièce d’identité présentée à l’écran').check();
    await admission.getByLabel('Lieu où se trouve le salarié').fill('Domicile, 12 rue des Lilas, 35000 Rennes');
    await admission.getByLabel('Téléphone joignable pendant la séance').fill('06 21 43 65 87');
    await admission.getByLabel('L’identité correspond au dossier').check();
    await admission.getByLabel(/^La téléconsultation est adaptée/).check();
    await admission.getByRole('button', { name: 'Admettre' }).click();
    await clinic.page.getByRole('status').filter({ hasText: 'Le salarié est admis : la consultation commence.' }).waitFor();
    // R-TELE-7: the traits checked, as the professional reads them back.
    expect(await clinic.page.getByRole('region', { name: 'Téléconsultation' }).textContent()).toContain('né(e) le 23/09/1986 à Rennes');

    // The video as moderator (R-TELE-14: nothing recorded); Jitsi cannot load here, the page says so.
    const moderator = await meetingToken(clinic.page);
    expect(moderator.room).toBe(session.roomName);
    expect(moderator.payload).toMatchObject({
      room: session.roomName,
      moderator: true,
      context: { user: { id: doctor.id, name: 'Dr Élise Moreau', moderator: true }, features: { recording: false } },
    });
    expect(moderator.payload.nbf).toBe(Math.floor((session.appointmentAt.getTime() - 30 * MINUTE) / 1000));
    expect(moderator.payload.exp).toBe(Math.floor((session.appointmentAt.getTime() + 90 * MINUTE) / 1000));
    await clinic.page.getByText('La vidéo n’a pas pu se charger').waitFor({ timeout: 20_000 });
    expect(await clinic.page.getByRole('link', { name: 'Ouvrir la réunion vidéo dans un nouvel onglet' }).getAttribute('href')).toContain(
      `https://${stack.jitsi.domain}/${session.roomName}?jwt=`,
    );
    await screenshot(clinic.page, 'tele-07-consultation-professionnel');

    // The employee's page opens the video by itself, with a participant's token.
    const participant = await meetingToken(page);
    expect(participant.room).toBe(session.roomName);
    expect(participant.payload).toMatchObject({ moderator: false, context: { user: { name: 'Lucie Bonnet', moderator: false } } });
    await page.getByText('La vidéo n’a pas pu se charger').waitFor({ timeout: 20_000 });
    await screenshot(page, 'tele-08-consultation-salarie');

    // R-TELE-9: an interpreter the employee chose joins with a link of their own.
    const invite = clinic.page.getByRole('region', { name: 'Inviter un tiers' });
    await invite.getByLabel('Qualité').selectOption({ label: 'Interprète' });
    await invite.getByLabel('Nom du tiers').fill('Ana Sousa');
    await invite.getByLabel('Le salarié consent à la présence de ce tiers').check();
    await invite.getByRole('button', { name: 'Inviter un tiers' }).click();
    const thirdPartyLink = (await invite.getByTestId('lien-tiers').getAttribute('href'))!;
    expect(thirdPartyLink).toMatch(new RegExp(`^${stack.publicUrl}/teleconsultation/tiers/[A-Za-z0-9_-]+$`));
    const interpreter = await newBrowserSession(browser);
    await interpreter.page.goto(thirdPartyLink);
    await interpreter.page.getByText('Lucie Bonnet souhaite votre présence (interprète)').waitFor();
    expect((await meetingToken(interpreter.page)).payload).toMatchObject({ room: session.roomName, moderator: false, context: { user: { name: 'Ana Sousa' } } });
    await screenshot(interpreter.page, 'tele-09-tiers-invite');
    await closeBrowserSession(interpreter);

    // 6. R-TELE-11: the doctor ends with the report, then concludes the visit as any other.
    const report = clinic.page.getByRole('region', { name: 'Terminer et rédiger le compte rendu' });
    await report.getByRole('button', { name: 'Terminer et rédiger le compte rendu' }).click();
    await report.getByText('Décrivez les actes réalisés').waitFor();
    await report.getByLabel('Actes réalisés').fill('Entretien de reprise ; mobilité du poignet vérifiée à l’écran.');
    await report.getByLabel('Personnes présentes').fill('Ana Sousa, interprète');
    await report.getByRole('button', { name: 'Terminer et rédiger le compte rendu' }).click();
    await clinic.page.getByRole('status').filter({ hasText: 'La téléconsultation est terminée et son compte rendu enregistré.' }).waitFor();
    await expect.poll(() => doctorPanel.textContent()).toContain('Terminée');
    expect(await doctorPanel.textContent()).toContain('mobilité du poignet vérifiée');
    await clinic.page.getByRole('link', { name: 'Conclure la consultation' }).click();
    await clinic.page.getByRole('heading', { name: 'Conclure la consultation' }).waitFor();
    const answers = await clinic.page.getByRole('region', { name: 'Questionnaire préalable du salarié' }).textContent();
    expect(answers).toContain('Comment jugez-vous votre charge de travail ?Élevée');
    expect(answers).toContain('Éviter le port de charges les premières semaines');
    await clinic.page.getByLabel('Attestation de suivi', { exact: true }).check();
    await clinic.page.getByLabel('Prochaine visite au plus tard le').fill(plusYears(parisCivilDate(new Date()), 2));
    await clinic.page.getByRole('button', { name: 'Conclure et émettre le document' }).click();
    await clinic.page.waitForURL(`${stack.baseUrl}/visites/${visit.id}`);
    expect(await clinic.page.locator('.badge').first().textContent()).toBe('Clôturée');
    const documents = clinic.page.getByRole('region', { name: 'Documents' });
    await expect
      .poll(async () => {
        await clinic.page.reload();
        return documents.textContent();
      })
      .toContain('Compte rendu de téléconsultation');
    await screenshot(clinic.page, 'tele-10-visite-conclue');

    // R-DATA-2: the assistant never sees the report.
    await desk.page.goto(`${stack.baseUrl}/visites/${visit.id}`);
    expect(await desk.page.getByRole('region', { name: 'Documents' }).textContent()).not.toContain('Compte rendu');
    expect(await desk.page.content()).not.toContain('mobilité du poignet');

    // 7. The employee's page shows the end and the satisfaction link (R-TELE-15), which changes the indicators.
    const end = page.getByRole('region', { name: 'Téléconsultation terminée' });
    await end.waitFor({ timeout: 20_000 });
    await screenshot(page, 'tele-11-fin-salarie');
    await desk.page.getByRole('link', { name: 'Indicateurs' }).click();
    await desk.page.getByRole('heading', { name: 'Indicateurs de téléconsultation' }).waitFor();
    expect(await indicator(desk.page, 'Réponses au questionnaire de satisfaction')).toBe('0');
    expect(await indicator(desk.page, 'Satisfaction moyenne')).toBe('—');
    expect(await indicator(desk.page, 'Téléconsultations réalisées')).toBe('1');
    expect(await indicator(desk.page, 'Visites clôturées en téléconsultation')).toMatch(/^1 \(/);

    await end.getByRole('link', { name: 'répondre au questionnaire de satisfaction' }).click();
    await page.getByRole('heading', { name: 'Votre avis sur la téléconsultation' }).waitFor();
    await page.getByLabel('4 — Satisfait(e)').check();
    await page.getByLabel('Commentaire (facultatif)').fill('Simple et rapide, le son coupait un peu.');
    await screenshot(page, 'tele-12-questionnaire');
    await page.getByRole('button', { name: 'Envoyer mon avis' }).click();
    await page.getByRole('heading', { name: 'Merci pour votre avis' }).waitFor();

    await desk.page.reload();
    expect(await indicator(desk.page, 'Réponses au questionnaire de satisfaction')).toBe('1');
    expect(await indicator(desk.page, 'Satisfaction moyenne')).toBe('4,0 / 5');
    expect(await indicator(desk.page, 'Durée moyenne')).toMatch(/^\d+ min$/);
    await screenshot(desk.page, 'tele-13-indicateurs');

    // R-TELE-15: an adverse event noted afterwards counts too.
    const adverse = clinic.page.getByRole('region', { name: 'Événement indésirable' });
    await adverse.getByLabel('Description de l’événement').fill('Malaise vagal signalé le lendemain, sans lien avec la vidéo.');
    await adverse.getByRole('button', { name: 'Enregistrer l’événement indésirable' }).click();
    await clinic.page.getByRole('status').filter({ hasText: 'L’événement indésirable est enregistré.' }).waitFor();
    await desk.page.reload();
    expect(await indicator(desk.page, 'Événements indésirables')).toBe('1');

    // R-DATA-2: the decisions left their traces.
    const traces = await stack.db.auditEvent.findMany({ where: { entityId: session.id }, select: { action: true } });
    expect(new Set(traces.map((entry) => entry.action))).toEqual(
      new Set([
        'teleconsultation.pre-call',
        'teleconsultation.consent',
        'teleconsultation.access-code',
        'teleconsultation.join',
        'teleconsultation.video-token',
        'teleconsultation.admit',
        'teleconsultation.invite',
        'teleconsultation.end',
        'teleconsultation.satisfaction',
        'teleconsultation.adverse-event',
      ]),
    );
    await closeBrowserSession(employee);
    await closeBrowserSession(clinic);
    await closeBrowserSession(desk);
  });

  it('Journey 2, R-TELE-2: the employee refuses on their page and the visit turns in person, to schedule first', { timeout: 120_000 }, async () => {
    const doctor = await aStaffMember('DOCTOR', 'Dr Paul Simon', 'paul.simon@spsti.test');
    const visit = await aReturnVisit('Lemoine', 'Chloé', 'chloe.lemoine@exemple.fr');
    await bookRemote(visit.workflowId, doctor, new Date(Date.now() + 2 * 24 * 60 * MINUTE));
    const session = await sessionOf(visit.id);

    const employee = await newBrowserSession(browser);
    const { page } = employee;
    await page.goto(`${stack.baseUrl}/teleconsultation/${personalToken(stack.linkSecret, 'employee', session.id)}`);
    await page.getByRole('heading', { name: 'Votre consentement' }).waitFor();
    await page.getByLabel('Motif (facultatif)').fill('Je préfère voir le médecin.');
    await page.getByRole('button', { name: 'Je refuse la téléconsultation' }).click();
    await page.getByText('Vous avez refusé la téléconsultation : votre visite aura lieu en présentiel.').waitFor();
    expect(await page.getByRole('button', { name: 'J’accepte' }).count()).toBe(0);
    await screenshot(page, 'tele-14-refus-salarie');

    const desk = await newBrowserSession(browser);
    await desk.page.goto(`${stack.baseUrl}/visites/${visit.id}`);
    await signInWithBrowser(desk.page, assistant);
    await desk.page.getByRole('heading', { name: 'Visite de reprise — Chloé Lemoine' }).waitFor();
    const facts = desk.page.getByRole('region', { name: 'Visite', exact: true });
    // The page learns by itself that the visit turned to in person.
    await expect.poll(() => facts.textContent()).toContain('ModalitéPrésentiel');
    expect(await desk.page.locator('p.actions .badge').allTextContents()).toEqual(['À planifier']);
    const tasks = desk.page.getByRole('region', { name: 'Tâche en cours' });
    expect(await tasks.textContent()).toContain('Planifier le rendez-vous Prioritaire');
    expect(await desk.page.getByRole('region', { name: 'Téléconsultation' }).textContent()).toContain('Refusée par le salarié');
    // The scheduling form offers in person by default now.
    expect(await desk.page.getByRole('radio', { name: 'Présentiel', exact: true }).isChecked()).toBe(true);
    await screenshot(desk.page, 'tele-15-visite-en-presentiel');
    expect(await stack.db.teleconsultation.findUniqueOrThrow({ where: { id: session.id }, select: { status: true, refusalReason: true } })).toEqual({
      status: 'REFUSED',
      refusalReason: 'Je préfère voir le médecin.',
    });
    await closeBrowserSession(employee);
    await closeBrowserSession(desk);
  });

  it('R-TELE-4/10: oral consent on the pre-call, then the professional stops because remote no longer fits: in person', { timeout: 120_000 }, async () => {
    const nurse = await aStaffMember('NURSE', 'Julien Faure', 'julien.faure@spsti.test');
    // A nurse holds return visits under a doctor's protocol (R-DEL-1).
    const doctor = await aStaffMember('DOCTOR', 'Dr Anne Rey', 'anne.rey@spsti.test');
    const today = parisCivilDate(new Date());
    await stack.db.delegationProtocol.create({
      data: { nurseId: nurse.id, doctorId: doctor.id, validFrom: dbDateFromCivil(plusDays(today, -30)), visitTypes: ['REPRISE'], signedAt: new Date() },
    });
    const visit = await aReturnVisit('Garnier', 'Manon', 'manon.garnier@exemple.fr');
    await sendWorkflowUpdate(stack.temporal, visit.workflowId, scheduleVisitUpdate, {
      actor: assistant,
      form: { appointmentAt: new Date(Date.now() + 5 * MINUTE).toISOString(), professionalId: nurse.id, modality: 'REMOTE', remoteProposedBy: 'PROFESSIONAL' },
      professionalRole: 'NURSE',
      delegated: true,
    });
    const session = await sessionOf(visit.id);

    // The assistant reads the consent text on the phone and records the answer.
    const desk = await newBrowserSession(browser);
    await desk.page.goto(`${stack.baseUrl}/taches`);
    await signInWithBrowser(desk.page, assistant);
    await desk.page
      .getByRole('row')
      .filter({ hasText: 'Manon Garnier' })
      .getByRole('link', { name: 'Appeler le salarié avant la téléconsultation' })
      .click();
    await desk.page.getByRole('button', { name: 'Consentement oral recueilli' }).click();
    await desk.page.getByRole('status').filter({ hasText: 'Le consentement oral du salarié est enregistré.' }).waitFor();
    await expect.poll(() => desk.page.getByRole('region', { name: 'Consentement du salarié' }).textContent()).toContain('Consentement donné oralement, par téléphone');
    await screenshot(desk.page, 'tele-17-consentement-oral');
    expect(await stack.db.teleconsultation.findUniqueOrThrow({ where: { id: session.id }, select: { consentChannel: true, consentRecordedById: true } })).toEqual({
      consentChannel: 'ORAL',
      consentRecordedById: assistant.id,
    });

    // The employee's page goes straight to the access code.
    const employee = await newBrowserSession(browser);
    await employee.page.goto(`${stack.baseUrl}/teleconsultation/${personalToken(stack.linkSecret, 'employee', session.id)}`);
    await employee.page.getByText('(oralement, par téléphone), texte version 2026-11').waitFor();
    expect(await employee.page.getByRole('button', { name: 'J’accepte' }).count()).toBe(0);
    await employee.page.getByRole('textbox', { name: 'Code d’accès' }).fill(accessCodeFor(stack.linkSecret, session.id));
    await employee.page.getByRole('button', { name: 'Valider le code' }).click();
    await employee.page.getByRole('region', { name: 'Salle d’attente' }).waitFor();

    // The nurse of the appointment stops: remote is no longer adequate (R-TELE-10).
    const clinic = await newBrowserSession(browser);
    await clinic.page.goto(`${stack.baseUrl}/visites/${visit.id}`);
    await signInWithBrowser(clinic.page, nurse);
    const stop = clinic.page.getByRole('region', { name: 'Interrompre' });
    await stop.getByRole('button', { name: 'Interrompre' }).click();
    await stop.getByText('Indiquez le motif de l’interruption').waitFor();
    await stop.getByLabel('Motif de l’interruption').fill('Examen clinique du genou nécessaire');
    await stop.getByLabel('La téléconsultation n’est plus adaptée').check();
    await stop.getByRole('button', { name: 'Interrompre' }).click();
    await clinic.page.getByRole('status').filter({ hasText: 'La téléconsultation est interrompue.' }).waitFor();
    // The page learns by itself that the visit turned to in person.
    await expect.poll(() => clinic.page.getByRole('region', { name: 'Visite', exact: true }).textContent()).toContain('ModalitéPrésentiel');
    const stopped = clinic.page.getByRole('region', { name: 'Téléconsultation' });
    expect(await stopped.textContent()).toContain('Interrompue');
    expect(await stopped.textContent()).toContain('Examen clinique du genou nécessaire');
    await screenshot(clinic.page, 'tele-18-interrompue-par-le-professionnel');

    // The employee's page learns it by itself.
    await employee.page.getByText('La téléconsultation a été interrompue.').waitFor({ timeout: 20_000 });
    expect(await stack.db.teleconsultationIncident.findMany({ where: { teleconsultationId: session.id }, select: { kind: true, by: true, reason: true } })).toEqual([
      { kind: 'INTERRUPTION', by: 'PROFESSIONAL', reason: 'Examen clinique du genou nécessaire' },
    ]);
    await closeBrowserSession(employee);
    await closeBrowserSession(clinic);
    await closeBrowserSession(desk);
  });

  it('R-TELE-13: with a camera and a microphone, the equipment test shows the employee their image and says they are ready', { timeout: 120_000 }, async () => {
    const doctor = await aStaffMember('DOCTOR', 'Dr Marc Lemoine', 'marc.lemoine@spsti.test');
    const visit = await aReturnVisit('Colin', 'Théo', 'theo.colin@exemple.fr');
    await bookRemote(visit.workflowId, doctor, new Date(Date.now() + 2 * 60 * MINUTE));
    const session = await sessionOf(visit.id);
    const withCamera = await launchChromium({ fakeMedia: true });
    try {
      const employee = await newBrowserSession(withCamera);
      const { page } = employee;
      await page.goto(`${stack.baseUrl}/teleconsultation/${personalToken(stack.linkSecret, 'employee', session.id)}`);
      const equipment = page.getByRole('region', { name: 'Tester mon matériel' });
      await equipment.getByRole('button', { name: 'Tester ma caméra et mon micro' }).click();
      await expect.poll(() => equipment.getByRole('status').textContent()).toMatch(/^Caméra et micro disponibles \(caméra : .+ ; micro : .+\)\. Vous vous voyez ci-dessus : vous êtes prêt\(e\)\.$/);
      // The preview plays the camera's image in the page, and nothing reached the server: no session step moved.
      await expect.poll(() => equipment.getByLabel('Image de votre caméra').evaluate((video: HTMLVideoElement) => video.videoWidth > 0 && !video.paused)).toBe(true);
      expect(await stack.db.teleconsultation.findUniqueOrThrow({ where: { id: session.id }, select: { status: true } })).toEqual({ status: 'AWAITING_CONSENT' });
      await screenshot(page, 'tele-17-test-materiel-reussi');
      await closeBrowserSession(employee);
    } finally {
      await withCamera.close();
    }
  });

  it('R-TELE-5: five wrong access codes lock the link, and the page says so', { timeout: 120_000 }, async () => {
    const doctor = await aStaffMember('DOCTOR', 'Dr Inès Carpentier', 'ines.carpentier@spsti.test');
    const visit = await aReturnVisit('Perrot', 'Emma', 'emma.perrot@exemple.fr');
    await bookRemote(visit.workflowId, doctor, new Date(Date.now() + 20 * MINUTE));
    const session = await sessionOf(visit.id);
    const right = accessCodeFor(stack.linkSecret, session.id);
    const wrong = right === '000000' ? '111111' : '000000';

    const employee = await newBrowserSession(browser);
    const { page } = employee;
    await page.goto(`${stack.baseUrl}/teleconsultation/${personalToken(stack.linkSecret, 'employee', session.id)}`);
    await page.getByRole('button', { name: 'J’accepte' }).click();
    const codeForm = page.getByRole('region', { name: 'Code d’accès' });
    for (const remaining of ['4 essais restants', '3 essais restants', '2 essais restants', '1 essai restant']) {
      await codeForm.getByLabel('Code d’accès').fill(wrong);
      await codeForm.getByRole('button', { name: 'Valider le code' }).click();
      await codeForm.getByRole('alert').filter({ hasText: `Code incorrect (${remaining})` }).waitFor();
    }
    await codeForm.getByLabel('Code d’accès').fill(wrong);
    await codeForm.getByRole('button', { name: 'Valider le code' }).click();
    await codeForm.getByRole('alert').filter({ hasText: 'Lien verrouillé : contactez le service' }).waitFor();
    // Even the right code, and even after a reload.
    await page.reload();
    await codeForm.getByText('Lien verrouillé : contactez le service').waitFor();
    expect(await page.getByRole('button', { name: 'Valider le code' }).count()).toBe(0);
    await screenshot(page, 'tele-16-lien-verrouille');
    const forced = await page.request.post(page.url(), { form: { intent: 'code', code: right }, maxRedirects: 0 });
    expect(forced.status()).toBe(422);
    expect((await stack.db.teleconsultation.findUniqueOrThrow({ where: { id: session.id }, select: { status: true } })).status).toBe('CONSENTED');
    await closeBrowserSession(employee);
  });
});
