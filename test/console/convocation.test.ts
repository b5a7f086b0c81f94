// Issue 8: an in-person convocation through the real stack (visit workflow, worker, SMTP, console): the employee
// is mailed the date, time and place with a calendar invitation and a personal link; its page lists the documents
// to bring and takes the questionnaire the doctor then reads on the task; a moved appointment sends a new
// convocation the same page follows; after the visit the page offers its attestation, downloaded once audited;
// a cancellation is mailed and withdraws the calendar entry, and so does an appointment the visit goes on without
// (absence excused, turned remote).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { plusDays } from '../../workflows/rules/calendar.js';
import { aReturnVisitThroughApi } from '../support/api-client.js';
import { aWorkingDayAhead } from '../support/factories.js';
import { chromiumForSuite, closeBrowserSession, newBrowserSession, screenshot } from '../support/browser.js';
import { consoleStackForSuite } from '../support/console-stack.js';
import { eventually } from '../support/eventually.js';
import { invitationOf, type CapturedMail } from '../support/smtp.js';
import { aSignedInStaffMember, CookieBrowser } from '../support/staff.js';

const suite = consoleStackForSuite();
const chromium = chromiumForSuite();

const pageText = async (answer: Response) =>
  (await answer.text()).replaceAll('&#x27;', '’').replaceAll('<!-- -->', '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

const mailsTo = (email: string, subject: RegExp) => suite().mails.filter((mail) => mail.to.includes(email) && subject.test(mail.subject));
/** In-person convocations: a teleconsultation's says so at the end of its subject. */
const convocationsTo = (email: string) => mailsTo(email, /^Convocation(?!.*\(téléconsultation\)$)/);
const linkIn = (mail: CapturedMail) => new URL(mail.text.match(/https?:\/\/\S+\/convocation\/[A-Za-z0-9_-]+/)![0]).pathname;

/** A return visit booked in person with a new doctor, and the convocation it mailed. */
async function aConvokedVisit(names: { assistant: string; doctor: string; birthName: string; firstNames: string }, time: string) {
  const stack = suite();
  const { browser: assistant } = await aSignedInStaffMember(stack, 'ASSISTANT', names.assistant);
  const { account: doctor } = await aSignedInStaffMember(stack, 'DOCTOR', names.doctor);
  const email = `${names.firstNames}.${names.birthName}.${randomBytes(4).toString('hex')}@exemple.fr`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const visit = await aReturnVisitThroughApi(stack, { birthName: names.birthName, firstNames: names.firstNames, email });
  const day = aWorkingDayAhead();
  expect((await assistant.post(`/visites/${visit.id}`, { intent: 'schedule', appointmentAt: `${day}T${time}`, professionalId: doctor.id, modality: 'IN_PERSON' })).status).toBe(200);
  const [mail] = await eventually('the convocation mail', async () => convocationsTo(email).length === 1 && convocationsTo(email));
  return { assistant, doctor, email, visit, day, path: linkIn(mail!), mail: mail! };
}

describe('the in-person convocation', () => {
  it('mails date, time, place and a personal link; the page takes the questionnaire, follows a moved appointment, then offers the attestation', { timeout: 180_000 }, async () => {
    const stack = suite();
    const { browser: assistant } = await aSignedInStaffMember(stack, 'ASSISTANT', 'Sophie Leroy');
    const { account: doctor, browser: doctorBrowser } = await aSignedInStaffMember(stack, 'DOCTOR', 'Dr Anne Rey');
    const email = `lucas.perrin.${randomBytes(4).toString('hex')}@exemple.fr`;
    const visit = await aReturnVisitThroughApi(stack, { birthName: 'Perrin', firstNames: 'Lucas', email });
    const day = aWorkingDayAhead();

    expect((await assistant.post(`/visites/${visit.id}`, { intent: 'schedule', appointmentAt: `${day}T10:00`, professionalId: doctor.id, modality: 'IN_PERSON' })).status).toBe(200);
    const [first] = await eventually('the convocation mail', async () => convocationsTo(email).length === 1 && convocationsTo(email));
    expect(first!.subject).toMatch(/^Convocation : visite de reprise le .+ à 10:00$/);
    expect(first!.text).toContain('Bonjour Lucas Perrin,');
    expect(first!.text).toContain('avec Dr Anne Rey');
    expect(first!.text).toContain('Lieu : Centre médical du service de santé au travail');
    const link = first!.text.match(/https?:\/\/\S+\/convocation\/[A-Za-z0-9_-]+/)?.[0];
    expect(link).toBeDefined();
    const invitation = invitationOf(first!)!;
    expect(invitation.get('UID')).toEqual([`${visit.id}@spsti`]);
    expect(invitation.get('SEQUENCE')).toEqual(['2']);
    expect(invitation.get('LOCATION')).toEqual(['Centre médical du service de santé au travail']);

    const path = new URL(link!).pathname;
    const employee = new CookieBrowser(stack.baseUrl);
    const answer = await employee.get(path);
    // The token is in the address: nothing cached, nothing sent on to another site.
    expect(answer.headers.get('cache-control')).toBe('private, no-store');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    const page = await pageText(answer);
    expect(page).toContain('Visite de reprise, en présentiel');
    expect(page).toContain('à 10:00 (heure de Paris)');
    expect(page).toContain('Centre médical du service de santé au travail');
    expect(page).toContain('Documents à apporter');
    expect(page).toContain('votre carnet de vaccination');
    expect(page).toContain('Questionnaire avant la visite');

    // The questionnaire is checked on the server too, then filed for the doctor.
    const refused = await employee.post(path, { intent: 'questionnaire', q0: 'Peut-être', q2: 'Élevée' });
    expect(refused.status).toBe(400);
    expect(await pageText(refused)).toContain('Choisissez une des réponses proposées');
    expect(await stack.db.questionnaireAnswers.count({ where: { visitId: visit.id } })).toBe(0);
    const answered = await employee.post(path, { intent: 'questionnaire', q0: 'Oui', q1: 'Anti-inflammatoires', q2: 'Élevée', q3: 'Un siège assis-debout' });
    expect(answered.status).toBe(200);
    expect(await pageText(answered)).toContain('Merci : vos réponses sont transmises au professionnel de santé.');
    const task = await stack.db.humanTask.findFirstOrThrow({ where: { visitId: visit.id, kind: 'CONSULTATION', status: 'OPEN' }, select: { id: true } });
    const taskPage = await pageText(await doctorBrowser.get(`/taches/${task.id}`));
    expect(taskPage).toContain('Un siège assis-debout');

    // A moved appointment: a second convocation updating the calendar entry, the same link showing the new time.
    const moved = await assistant.post(`/visites/${visit.id}`, {
      intent: 'schedule',
      appointmentAt: `${day}T14:30`,
      professionalId: doctor.id,
      modality: 'IN_PERSON',
      reasonCode: 'EMPLOYEE_UNAVAILABLE',
    });
    expect(moved.status).toBe(200);
    const second = (await eventually('the second convocation', async () => convocationsTo(email).length === 2 && convocationsTo(email)))[1]!;
    expect(second.subject).toMatch(/à 14:30$/);
    expect(second.text).toContain(link!);
    expect(invitationOf(second)!.get('UID')).toEqual([`${visit.id}@spsti`]);
    expect(invitationOf(second)!.get('SEQUENCE')).toEqual(['4']);
    expect(await pageText(await employee.get(path))).toContain('à 14:30 (heure de Paris)');

    // Before the visit there is no document to download.
    expect((await employee.get(`${path}/document`)).status).toBe(404);
    const consultation = await stack.db.humanTask.findFirstOrThrow({ where: { visitId: visit.id, kind: 'CONSULTATION', status: 'OPEN' }, select: { id: true } });
    const concluded = await doctorBrowser.post(`/taches/${consultation.id}`, { intent: 'conclude', outcome: 'ATTESTATION', nextVisitDueDate: plusDays(day, 700) });
    expect(concluded.status).toBe(302);
    await eventually('the visit completed', async () => (await stack.db.visit.findUniqueOrThrow({ where: { id: visit.id } })).status === 'COMPLETED');

    const after = await pageText(await employee.get(path));
    expect(after).toContain('Visite de reprise : visite réalisée');
    expect(after).toContain('Télécharger : Attestation de suivi (PDF)');
    expect(after).not.toContain('Questionnaire avant la visite');
    const late = await employee.post(path, { intent: 'questionnaire', q0: 'Non', q2: 'Normale' });
    expect(late.status).toBe(409);
    const download = await employee.get(`${path}/document`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await download.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const document = await stack.db.document.findFirstOrThrow({ where: { visitId: visit.id, kind: 'ATTESTATION' }, select: { id: true } });
    expect(await stack.db.auditEvent.count({ where: { action: 'document.download', entityId: document.id, actorLabel: 'Salarié (lien personnel)' } })).toBe(1);

    // Exactly the two convocations, each once, whatever the retries.
    expect(convocationsTo(email)).toHaveLength(2);
    expect((await employee.get(`/convocation/${randomBytes(32).toString('base64url')}`)).status).toBe(404);
    expect((await employee.get(`/convocation/${randomBytes(32).toString('base64url')}/document`)).status).toBe(404);
  });

  it('tells the employee when the visit is cancelled, by email and on the page, without the appointment', { timeout: 120_000 }, async () => {
    const stack = suite();
    const { assistant, email, visit, path } = await aConvokedVisit({ assistant: 'Marc Lenoir', doctor: 'Dr Paul Morel', birthName: 'Roche', firstNames: 'Inès' }, '09:00');

    expect((await assistant.post(`/visites/${visit.id}`, { intent: 'cancel', reasonCode: 'DUPLICATE' })).status).toBe(200);
    // The employee is told, and the calendar entry withdrawn (same UID, higher SEQUENCE); the coordinator's reason stays internal.
    const cancellation = await eventually('the cancellation mail', async () => stack.mails.find((candidate) => candidate.to.includes(email) && candidate.subject.startsWith('Annulation')));
    expect(cancellation.text).toContain('vous n’avez pas à vous déplacer');
    expect(cancellation.text).not.toContain('double');
    const withdrawn = invitationOf(cancellation)!;
    expect(withdrawn.get('METHOD')).toEqual(['CANCEL']);
    expect(withdrawn.get('UID')).toEqual([`${visit.id}@spsti`]);
    expect(withdrawn.get('SEQUENCE')).toEqual(['3']);
    const page = await pageText(await new CookieBrowser(stack.baseUrl).get(path));
    expect(page).toContain('Cette visite a été annulée.');
    expect(page).not.toContain('heure de Paris');
    expect(page).not.toContain('Questionnaire avant la visite');
  });

  it('withdraws an appointment the visit goes on without: an absence excused ahead, then a switch to remote', { timeout: 120_000 }, async () => {
    const stack = suite();
    const { assistant, doctor, email, visit, day, path } = await aConvokedVisit({ assistant: 'Léa Garnier', doctor: 'Dr Marc Vidal', birthName: 'Colin', firstNames: 'Théo' }, '09:00');
    const withdrawalsTo = () => mailsTo(email, /^Rendez-vous annulé/);

    expect((await assistant.post(`/visites/${visit.id}`, { intent: 'excuse-absence', reasonCode: 'TRANSPORT' })).status).toBe(200);
    const [excused] = await eventually('the withdrawal after the excuse', async () => withdrawalsTo().length === 1 && withdrawalsTo());
    expect(excused!.subject).toMatch(/^Rendez-vous annulé : visite de reprise du .+ à 09:00$/);
    expect(excused!.text).toContain('avec Dr Marc Vidal (Centre médical du service de santé au travail) n’aura pas lieu : vous n’avez pas à vous déplacer');
    expect(excused!.text).toContain('une nouvelle convocation vous parviendra');
    expect(excused!.text).not.toContain('transport');
    expect(excused!.text).toContain(path);
    const first = invitationOf(excused!)!;
    expect(first.get('METHOD')).toEqual(['CANCEL']);
    expect(first.get('UID')).toEqual([`${visit.id}@spsti`]);
    expect(first.get('SEQUENCE')).toEqual(['3']);
    expect(await pageText(await new CookieBrowser(stack.baseUrl).get(path))).toContain('Ce rendez-vous n’est plus d’actualité.');

    // Booked again in person: the new convocation outranks the withdrawal, so the calendar shows it again.
    expect((await assistant.post(`/visites/${visit.id}`, { intent: 'schedule', appointmentAt: `${day}T11:00`, professionalId: doctor.id, modality: 'IN_PERSON' })).status).toBe(200);
    const rebooked = (await eventually('the new convocation', async () => convocationsTo(email).length === 2 && convocationsTo(email)))[1]!;
    expect(invitationOf(rebooked)!.get('SEQUENCE')).toEqual(['4']);

    // Moved to a teleconsultation: the in-person entry leaves the calendar; the session has its own convocation.
    const remote = await assistant.post(`/visites/${visit.id}`, {
      intent: 'schedule',
      appointmentAt: `${day}T15:00`,
      professionalId: doctor.id,
      modality: 'REMOTE',
      remoteProposedBy: 'PROFESSIONAL',
      reasonCode: 'EMPLOYEE_UNAVAILABLE',
    });
    expect(remote.status).toBe(200);
    const switched = (await eventually('the withdrawal after the switch', async () => withdrawalsTo().length === 2 && withdrawalsTo()))[1]!;
    expect(switched.subject).toMatch(/à 11:00$/);
    expect(invitationOf(switched)!.get('METHOD')).toEqual(['CANCEL']);
    expect(invitationOf(switched)!.get('SEQUENCE')).toEqual(['5']);
    expect(await pageText(await new CookieBrowser(stack.baseUrl).get(path))).toContain('Votre rendez-vous a désormais lieu en téléconsultation');
    await eventually('the teleconsultation convocation', async () => mailsTo(email, /^Convocation : .+ à 15:00 \(téléconsultation\)$/).length === 1);
    // Each withdrawal once, and no in-person convocation for the remote appointment.
    expect(withdrawalsTo()).toHaveLength(2);
    expect(convocationsTo(email)).toHaveLength(2);
  });

  it('in Chromium: the employee reads the convocation and answers the questionnaire, refused in the browser until complete', { timeout: 120_000 }, async () => {
    const stack = suite();
    const { visit, path } = await aConvokedVisit({ assistant: 'Claire Dumas', doctor: 'Dr Julie Caron', birthName: 'Marty', firstNames: 'Hugo' }, '11:00');

    const session = await newBrowserSession(chromium());
    const { page } = session;
    await page.goto(`${stack.baseUrl}${path}`);
    await page.getByRole('heading', { name: 'Convocation' }).waitFor();
    await screenshot(page, '60-convocation-presentiel');
    await page.getByRole('button', { name: 'Envoyer mes réponses' }).click();
    await page.getByText('Une réponse est attendue').first().waitFor();
    expect(await stack.db.questionnaireAnswers.count({ where: { visitId: visit.id } })).toBe(0);
    await page.getByLabel('Ressentez-vous des douleurs ou une gêne que vous reliez à votre travail ?').selectOption('Non');
    await page.getByLabel('Comment jugez-vous votre charge de travail ?').selectOption('Normale');
    await page.getByRole('button', { name: 'Envoyer mes réponses' }).click();
    await page.getByText('Merci : vos réponses sont transmises au professionnel de santé.').waitFor();
    await screenshot(page, '61-convocation-questionnaire-envoye');
    await closeBrowserSession(session);
    const filed = await stack.db.questionnaireAnswers.findUniqueOrThrow({ where: { visitId: visit.id }, select: { answers: true } });
    expect(filed.answers).toEqual(expect.arrayContaining([expect.objectContaining({ answer: 'Non' }), expect.objectContaining({ answer: 'Normale' })]));
  });
});
