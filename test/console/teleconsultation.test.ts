// The teleconsultation pages at the HTTP level, against the real stack (remix-serve, PostgreSQL, a worker):
// personal links that are unknown, expired or replaced, the access code and its lockout, the cookie that
// remembers it for one link only, video tokens only with consent and code, the third party's link, the
// satisfaction questionnaire (one answer per session), the indicators' access rule and the report kept from
// non-clinicians. Sessions are written straight to the database here; the browser journeys drive real ones.
import { randomBytes, randomUUID } from 'node:crypto';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessCodeFor, personalToken, tokenHash } from '../../activities/teleconsultation/links.js';
import type { TeleconsultationStatus } from '../../workflows/teleconsultation/messages.js';
import { aReturnVisitThroughApi } from '../support/api-client.js';
import { startConsoleStack, type ConsoleStack } from '../support/console-stack.js';
import { aStaffAccount, CookieBrowser, type StaffAccount } from '../support/staff.js';

const MINUTE = 60_000;

let stack: ConsoleStack;
let visit: { id: string; workflowId: string };
let doctorId: string;
const staff = new Map<string, StaffAccount>();

beforeAll(async () => {
  stack = await startConsoleStack();
  const doctor = await aStaffAccount(stack, { email: 'dr.tele@spsti.test', displayName: 'Dr Tele Test', role: 'DOCTOR' });
  doctorId = doctor.id;
  staff.set(doctor.email, doctor);
  for (const account of [
    await aStaffAccount(stack, { email: 'assistante.tele@spsti.test', displayName: 'Assistante Tele', role: 'ASSISTANT' }),
    await aStaffAccount(stack, { email: 'infirmier.tele@spsti.test', displayName: 'Infirmier Tele', role: 'NURSE' }),
  ]) {
    staff.set(account.email, account);
  }
  visit = await aReturnVisit();
});

afterAll(async () => {
  await stack?.stop();
});


function aReturnVisit(): Promise<{ id: string; workflowId: string }> {
  return aReturnVisitThroughApi(stack, {
    employerName: 'Scierie Vidal',
    birthName: 'Vidal',
    firstNames: 'Nadia',
    birthDate: '1981-07-03',
    sex: 'F',
    birthPlace: 'Albi',
    email: 'nadia.vidal@exemple.fr',
    phone: '06 55 44 33 22',
    hireDate: '2012-01-09',
    post: { title: 'Scieuse', risks: [], nightWork: false },
  });
}

interface Session {
  id: string;
  token: string;
  path: string;
}

let revision = 100;

/** A session row as the workflow writes it, at one step; its workflow does not exist (no decision is sent here). */
async function aSession(
  status: TeleconsultationStatus,
  options: { appointmentAt?: Date; consented?: boolean; endedAt?: Date; of?: { id: string; workflowId: string } } = {},
): Promise<Session> {
  const of = options.of ?? visit;
  const id = randomUUID();
  const token = personalToken(stack.linkSecret, 'employee', id);
  revision += 1;
  const consented = options.consented ?? status !== 'AWAITING_CONSENT';
  await stack.db.teleconsultation.create({
    data: {
      id,
      visitId: of.id,
      workflowId: `${of.workflowId}-tele-${revision}`,
      revision,
      status,
      appointmentAt: options.appointmentAt ?? new Date(Date.now() + 10 * MINUTE),
      professionalId: doctorId,
      proposedBy: 'EMPLOYEE',
      roomName: randomBytes(20).toString('hex'),
      linkTokenHash: tokenHash(token),
      ...(consented ? { consentAt: new Date(), consentChannel: 'LINK', consentTextVersion: '2026-11' } : {}),
      endedAt: options.endedAt ?? null,
    },
  });
  return { id, token, path: `/teleconsultation/${token}` };
}

async function get(path: string, cookie?: string): Promise<{ status: number; html: string; headers: Headers }> {
  const response = await fetch(`${stack.baseUrl}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' });
  return { status: response.status, html: await response.text(), headers: response.headers };
}

async function post(path: string, form: Record<string, string>, cookie?: string) {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(form),
    redirect: 'manual',
  });
  return { status: response.status, html: await response.text(), setCookie: response.headers.getSetCookie(), location: response.headers.get('location') };
}

/** The cookie header a browser would send back for these Set-Cookie lines. */
function cookieHeader(setCookie: string[]): string {
  return setCookie.map((line) => line.split(';')[0]).join('; ');
}

/** The session cookie of a staff member signed in through both steps. */
async function signedIn(email: string): Promise<string> {
  const browser = new CookieBrowser(stack.baseUrl);
  const response = await browser.signIn(staff.get(email)!);
  expect(response.status).toBe(302);
  return browser.sessionCookie!;
}

/** React escapes apostrophes and separates adjacent texts with comments; the pages are compared as the reader sees them. */
function text(html: string): string {
  return html.replaceAll('<!-- -->', '').replaceAll('&#x27;', "'").replaceAll('&amp;', '&').replaceAll('&quot;', '"');
}

function jwtIn(html: string): string | undefined {
  return /data-jitsi-jwt="([^"]+)"/.exec(html)?.[1];
}

describe('the personal link', () => {
  it('answers a French 404 for an unknown, expired or replaced link, never a stack trace', async () => {
    const unknown = await get(`/teleconsultation/${randomBytes(32).toString('base64url')}`);
    expect(unknown.status).toBe(404);
    expect(text(unknown.html)).toContain('Lien introuvable');
    expect(text(unknown.html)).toContain('Ce lien n’est pas valable.');
    expect(unknown.html).not.toMatch(/at .*\.js:\d+|Error:/);
    // Not even a way into the console.
    expect(unknown.html).not.toContain('href="/"');

    const garbage = await get('/teleconsultation/%3Cscript%3E');
    expect(garbage.status).toBe(404);

    const expired = await aSession('CONSENTED', { appointmentAt: new Date(Date.now() - 3 * 60 * MINUTE) });
    const late = await get(expired.path);
    expect(late.status).toBe(404);
    expect(text(late.html)).toContain('Ce lien a expiré');

    const replaced = await aSession('SUPERSEDED');
    expect(text((await get(replaced.path)).html)).toContain('Ce lien n’est plus valable : le rendez-vous a été déplacé ou annulé.');
  });

  it('R-TELE-1: shows the convocation and the consent text with its version, and no video before consent', async () => {
    const session = await aSession('AWAITING_CONSENT');
    const page = await get(session.path);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('private, no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const content = text(page.html);
    expect(content).toContain('Bonjour Nadia,');
    expect(content).toContain('Visite de reprise, en téléconsultation');
    expect(content).toContain('Dr Tele Test (Médecin du travail)');
    expect(content).toContain('J’accepte que ma visite de santé au travail se déroule en téléconsultation');
    expect(content).toContain('Texte de consentement, version 2026-11');
    expect(content).toContain('J’accepte');
    expect(content).toContain('Je refuse la téléconsultation');
    expect(content).toContain('Tester ma caméra et mon micro');
    // No code form and no video before consent.
    expect(content).not.toContain('Code d’accès');
    expect(jwtIn(page.html)).toBeUndefined();
  });

  it('R-TELE-5: wrong codes count down, the fifth locks the link, and then even the right code is refused', async () => {
    const session = await aSession('CONSENTED');
    const messages: string[] = [];
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const answer = await post(session.path, { intent: 'code', code: '000000' === accessCodeFor(stack.linkSecret, session.id) ? '111111' : '000000' });
      messages.push(/Code incorrect \(\d+ essais? restants?\)|Lien verrouillé : contactez le service/.exec(text(answer.html))?.[0] ?? `HTTP ${answer.status}`);
      expect(answer.setCookie.filter((line) => line.startsWith('spsti_acces_'))).toEqual([]);
    }
    expect(messages).toEqual([
      'Code incorrect (4 essais restants)',
      'Code incorrect (3 essais restants)',
      'Code incorrect (2 essais restants)',
      'Code incorrect (1 essai restant)',
      'Lien verrouillé : contactez le service',
    ]);
    const right = await post(session.path, { intent: 'code', code: accessCodeFor(stack.linkSecret, session.id) });
    expect(right.status).toBe(422);
    expect(text(right.html)).toContain('Lien verrouillé : contactez le service');
    expect(right.setCookie).toEqual([]);
    // The page itself says so, without a code form.
    const page = text((await get(session.path)).html);
    expect(page).toContain('Lien verrouillé : contactez le service');
    expect(page).not.toContain('Valider le code');
    // A badly formed code is not an attempt.
    const row = await stack.db.teleconsultation.findUniqueOrThrow({ where: { id: session.id }, select: { accessCodeFailures: true, accessCodeLockedAt: true } });
    expect(row.accessCodeFailures).toBe(5);
    expect(row.accessCodeLockedAt).not.toBeNull();
    // R-DATA-2: every attempt is traced.
    expect(await stack.db.auditEvent.count({ where: { entityId: session.id, action: 'teleconsultation.access-code' } })).toBe(6);
  });

  it('remembers the right code in an httpOnly cookie for that link only; the video token needs consent and code', async () => {
    const waiting = await aSession('IN_PROGRESS');
    const other = await aSession('IN_PROGRESS');
    const malformed = await post(waiting.path, { intent: 'code', code: '12 34' });
    expect(malformed.status).toBe(400);
    expect(text(malformed.html)).toContain('Le code d’accès compte 6 chiffres');

    const answer = await post(waiting.path, { intent: 'code', code: accessCodeFor(stack.linkSecret, waiting.id).replace(/(\d{3})/, '$1 ') });
    expect(answer.status).toBe(200);
    const [setCookie] = answer.setCookie;
    expect(setCookie).toMatch(/^spsti_acces_[0-9a-f]{16}=/);
    expect(setCookie).toContain('Path=/teleconsultation');
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    const cookie = cookieHeader(answer.setCookie);

    // Without the cookie, no token; with it, a participant's token that Jitsi would accept.
    expect(jwtIn((await get(waiting.path)).html)).toBeUndefined();
    const page = await get(waiting.path, cookie);
    const jwt = jwtIn(page.html);
    expect(jwt).toBeDefined();
    const { payload } = await jwtVerify(jwt!, new TextEncoder().encode(stack.jitsi.secret), { audience: 'jitsi', issuer: stack.jitsi.appId, subject: stack.jitsi.domain });
    const row = await stack.db.teleconsultation.findUniqueOrThrow({ where: { id: waiting.id }, select: { roomName: true, appointmentAt: true } });
    expect(payload).toMatchObject({ room: row.roomName, moderator: false, context: { user: { name: 'Nadia Vidal', moderator: false } } });
    expect(payload.nbf).toBe(Math.floor((row.appointmentAt.getTime() - 30 * MINUTE) / 1000));
    expect(payload.exp).toBe(Math.floor((row.appointmentAt.getTime() + 90 * MINUTE) / 1000));
    expect(text(page.html)).toContain(`data-jitsi-room="${row.roomName}"`);

    // The same cookie opens nothing on another link.
    const elsewhere = text((await get(other.path, cookie)).html);
    expect(jwtIn(elsewhere)).toBeUndefined();
    expect(elsewhere).toContain('Valider le code');

    // R-TELE-1: consent missing, no video even with the code.
    const unconsented = await aSession('IN_PROGRESS', { consented: false });
    const unlocked = await post(unconsented.path, { intent: 'code', code: accessCodeFor(stack.linkSecret, unconsented.id) });
    expect(jwtIn((await get(unconsented.path, cookieHeader(unlocked.setCookie))).html)).toBeUndefined();
  });

  it('R-TELE-10: interrupting needs the access code first', async () => {
    const session = await aSession('WAITING_ROOM');
    const answer = await post(session.path, { intent: 'interrupt', reason: 'Je dois partir' });
    expect(answer.status).toBe(422);
    expect(text(answer.html)).toContain('Saisissez d’abord le code d’accès reçu par e-mail ou SMS.');
  });
});

describe('the third party’s link', () => {
  it('R-TELE-9: waits until the consultation starts, then gets a participant token', async () => {
    const session = await aSession('WAITING_ROOM');
    const participantId = randomUUID();
    const token = personalToken(stack.linkSecret, 'third-party', participantId);
    await stack.db.teleconsultationParticipant.create({
      data: {
        id: participantId,
        teleconsultationId: session.id,
        role: 'INTERPRETER',
        name: 'Ana Sousa',
        employeeConsentAt: new Date(),
        invitedById: doctorId,
        linkTokenHash: tokenHash(token),
        idempotencyKey: `test:${participantId}`,
      },
    });
    const waiting = text((await get(`/teleconsultation/tiers/${token}`)).html);
    expect(waiting).toContain('Bonjour Ana Sousa,');
    expect(waiting).toContain('Nadia Vidal souhaite votre présence (interprète)');
    expect(waiting).toContain('La consultation n’a pas encore commencé.');
    expect(jwtIn(waiting)).toBeUndefined();

    await stack.db.teleconsultation.update({ where: { id: session.id }, data: { status: 'IN_PROGRESS' } });
    const jwt = jwtIn((await get(`/teleconsultation/tiers/${token}`)).html);
    const { payload } = await jwtVerify(jwt!, new TextEncoder().encode(stack.jitsi.secret), { audience: 'jitsi', issuer: stack.jitsi.appId });
    expect(payload).toMatchObject({ moderator: false, context: { user: { id: participantId, name: 'Ana Sousa', moderator: false } } });

    expect((await get(`/teleconsultation/tiers/${randomBytes(32).toString('base64url')}`)).status).toBe(404);
  });
});

describe('the satisfaction questionnaire', () => {
  it('R-TELE-15: one answer per ended session, then thanks; an unknown link is a 404', async () => {
    const session = await aSession('ENDED', { endedAt: new Date() });
    const path = `/satisfaction/${personalToken(stack.linkSecret, 'satisfaction', session.id)}`;
    const form = text((await get(path)).html);
    expect(form).toContain('Questionnaire de satisfaction');
    expect(form).toContain('5 — Très satisfait(e)');

    const refused = await post(path, { comment: 'Sans note' });
    expect(refused.status).toBe(400);
    expect(text(refused.html)).toContain('Choisissez une note');

    const first = await post(path, { score: '4', comment: 'Très pratique' });
    expect(first.status).toBe(302);
    expect(first.location).toBe(path);
    const second = await post(path, { score: '1' });
    expect(second.status).toBe(302);
    expect(text((await get(path)).html)).toContain('Merci pour votre avis');
    expect(await stack.db.satisfactionResponse.findMany({ where: { teleconsultationId: session.id }, select: { score: true, comment: true } })).toEqual([
      { score: 4, comment: 'Très pratique' },
    ]);

    // The employee's page links to it once, then thanks.
    expect(text((await get(session.path)).html)).toContain('Merci d’avoir répondu au questionnaire de satisfaction.');
    expect((await get(`/satisfaction/${randomBytes(32).toString('base64url')}`)).status).toBe(404);
    // Another session's satisfaction token is not this one's employee token.
    expect((await get(`/satisfaction/${session.token}`)).status).toBe(404);
  });
});

describe('staff pages', () => {
  it('R-TELE-15: the indicators are for the secretariat, doctors and administrators', async () => {
    const nurse = await signedIn('infirmier.tele@spsti.test');
    expect((await get('/indicateurs', nurse)).status).toBe(403);
    const assistant = await signedIn('assistante.tele@spsti.test');
    const page = await get('/indicateurs?du=2026-01-01&au=2026-12-31', assistant);
    expect(page.status).toBe(200);
    expect(text(page.html)).toContain('Activité du 01/01/2026 au 31/12/2026 (R-TELE-15)');
    expect(text(page.html)).toContain('Réponses au questionnaire de satisfaction');
    expect(text(page.html)).toContain('href="/indicateurs"');
    expect((await get('/indicateurs')).status).toBe(302);
  });

  it('R-TELE-7, R-DATA-2, R-DEL-1: the doctor gets the identity check of a waiting employee; the assistant, or a nurse outside her delegation, sees the session but not the report', async () => {
    const visit = await aReturnVisit();
    const session = await aSession('WAITING_ROOM', { of: visit });
    const doctor = await signedIn('dr.tele@spsti.test');
    const seenByDoctor = text((await get(`/visites/${visit.id}`, doctor)).html);
    expect(seenByDoctor).toContain('Le salarié est en salle d’attente');
    expect(seenByDoctor).toContain('Vérifier l’identité et admettre');
    expect(seenByDoctor).toContain('Albi');

    await stack.db.teleconsultation.update({
      where: { id: session.id },
      data: { status: 'ENDED', endedAt: new Date(), report: { actsPerformed: 'Entretien et examen visuel de la cicatrice' } },
    });
    const report = await stack.db.document.create({
      data: { visitId: visit.id, kind: 'REPORT', fileName: 'compte-rendu-test.pdf', content: Buffer.from('%PDF-1.4'), sha256: 'x', idempotencyKey: `test:${session.id}` },
    });
    const assistant = await signedIn('assistante.tele@spsti.test');
    const seenByAssistant = text((await get(`/visites/${visit.id}`, assistant)).html);
    expect(seenByAssistant).toContain('Téléconsultation');
    expect(seenByAssistant).toContain('Terminée');
    expect(seenByAssistant).not.toContain('cicatrice');
    expect(seenByAssistant).not.toContain('compte-rendu-test.pdf');
    expect(seenByAssistant).not.toContain('Vérifier l’identité et admettre');
    // Knowing the document's id is not enough either.
    const download = await get(`/documents/${report.id}`, assistant);
    expect(download.status).toBe(422);
    expect(download.html).toContain('réservé aux médecins, et aux infirmiers pour les visites de leur protocole de délégation');
    expect((await get(`/documents/${report.id}`, doctor)).status).toBe(200);
    await stack.db.visit.update({ where: { id: visit.id }, data: { outcome: 'ATTESTATION', clinicalNotes: 'Cicatrice souple, pas de douleur' } });
    const seenByDoctorAfter = text((await get(`/visites/${visit.id}`, doctor)).html);
    expect(seenByDoctorAfter).toContain('Entretien et examen visuel de la cicatrice');
    expect(seenByDoctorAfter).toContain('compte-rendu-test.pdf');
    expect(seenByDoctorAfter).toContain('Cicatrice souple, pas de douleur');

    // R-DEL-1: a nurse reads a visit's clinical content only within her delegation, not for any employee of the service.
    const nurse = await signedIn('infirmier.tele@spsti.test');
    const seenByNurse = text((await get(`/visites/${visit.id}`, nurse)).html);
    expect(seenByNurse).toContain('Terminée');
    for (const clinical of ['cicatrice', 'compte-rendu-test.pdf', 'Cicatrice souple']) expect(seenByNurse).not.toContain(clinical);
    expect((await get(`/documents/${report.id}`, nurse)).status).toBe(422);
    const protocol = await stack.db.delegationProtocol.create({
      data: { nurseId: staff.get('infirmier.tele@spsti.test')!.id, doctorId, validFrom: new Date(Date.now() - 86_400_000), visitTypes: ['REPRISE'], signedAt: new Date() },
    });
    const seenByDelegatedNurse = text((await get(`/visites/${visit.id}`, nurse)).html);
    expect(seenByDelegatedNurse).toContain('Entretien et examen visuel de la cicatrice');
    expect(seenByDelegatedNurse).toContain('Cicatrice souple, pas de douleur');
    expect((await get(`/documents/${report.id}`, nurse)).status).toBe(200);
    // A protocol of other visit types does not open this one.
    await stack.db.delegationProtocol.update({ where: { id: protocol.id }, data: { visitTypes: ['VIP_INITIAL'] } });
    expect(text((await get(`/visites/${visit.id}`, nurse)).html)).not.toContain('Cicatrice souple');

    // The status poll answers without auditing a read.
    const reads = () => stack.db.auditEvent.count({ where: { entityId: visit.id, action: 'visit.read' } });
    const before = await reads();
    expect((await get(`/visites/${visit.id}?etat=1`, doctor)).status).toBe(200);
    expect(await reads()).toBe(before);
  });
});

describe('the pre-visit questionnaire (issue 8)', () => {
  it('the employee answers the questions of the visit type before the consultation; the doctor reads them on the task, a nurse outside her delegation does not', async () => {
    const visit = await aReturnVisit();
    const session = await aSession('CONSENTED', { of: visit });
    const page = text((await get(session.path)).html);
    expect(page).toContain('Questionnaire avant la visite');
    // The shipped questions: three for every visit, a fourth for return visits only.
    expect(page).toContain('Comment jugez-vous votre charge de travail ?');
    expect(page).toContain('Quels aménagements de poste vous sembleraient utiles pour votre reprise ? (facultatif)');

    const refused = await post(session.path, { intent: 'questionnaire', q0: 'Oui', q2: 'Très élevée' });
    expect(refused.status).toBe(400);
    expect(text(refused.html)).toContain('Choisissez une des réponses proposées');
    expect(await stack.db.questionnaireAnswers.count({ where: { visitId: visit.id } })).toBe(0);

    const answered = await post(session.path, { intent: 'questionnaire', q0: 'Oui', q1: '', q2: 'Élevée', q3: 'Un siège assis-debout' });
    expect(answered.status).toBe(200);
    expect(text(answered.html)).toContain('Merci : vos réponses sont transmises au professionnel de santé.');
    // Answering again corrects: the new answers replace the first ones.
    expect((await post(session.path, { intent: 'questionnaire', q0: 'Oui', q2: 'Trop élevée', q3: 'Un siège assis-debout' })).status).toBe(200);
    const { answers } = await stack.db.questionnaireAnswers.findUniqueOrThrow({ where: { visitId: visit.id }, select: { answers: true } });
    expect(answers).toEqual([
      { index: 0, question: 'Ressentez-vous des douleurs ou une gêne que vous reliez à votre travail ?', answer: 'Oui' },
      { index: 2, question: 'Comment jugez-vous votre charge de travail ?', answer: 'Trop élevée' },
      { index: 3, question: 'Quels aménagements de poste vous sembleraient utiles pour votre reprise ?', answer: 'Un siège assis-debout' },
    ]);
    // The link alone does not show the answers back, nor does the audit trail keep them.
    const again = text((await get(session.path)).html);
    expect(again).toContain('Vous avez répondu le');
    expect(again).not.toContain('Un siège assis-debout');
    const entries = await stack.db.auditEvent.findMany({ where: { entityId: visit.id, action: 'questionnaire.answer' }, select: { reason: true } });
    expect(entries).toEqual([{ reason: '3 réponse(s)' }, { reason: '3 réponse(s)' }]);

    const task = await stack.db.humanTask.create({
      data: { visitId: visit.id, kind: 'CONSULTATION', role: 'DOCTOR', priority: 0, dueDate: new Date(), idempotencyKey: `questionnaire-test:${visit.id}` },
    });
    const seenByDoctor = text((await get(`/taches/${task.id}`, await signedIn('dr.tele@spsti.test'))).html);
    expect(seenByDoctor).toContain('Questionnaire préalable du salarié');
    expect(seenByDoctor).toContain('Comment jugez-vous votre charge de travail ?</dt><dd class="pre-line">Trop élevée</dd>');
    const seenByNurse = text((await get(`/taches/${task.id}`, await signedIn('infirmier.tele@spsti.test'))).html);
    expect(seenByNurse).toContain('Réaliser la consultation');
    expect(seenByNurse).not.toContain('Un siège assis-debout');

    // Once the consultation is over, the questionnaire is closed.
    await stack.db.teleconsultation.update({ where: { id: session.id }, data: { status: 'ENDED', endedAt: new Date() } });
    expect(text((await get(session.path)).html)).not.toContain('Questionnaire avant la visite');
    const late = await post(session.path, { intent: 'questionnaire', q0: 'Non', q2: 'Légère' });
    expect(late.status).toBe(409);
    expect(text(late.html)).toContain('Le questionnaire se remplit avant la consultation.');
  });
});
