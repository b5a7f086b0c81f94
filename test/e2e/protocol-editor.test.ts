// Issue 5, the administrator's journey: the return-visit deadline edited in the console, refused in French
// when the workflows' schema refuses it, saved as a draft, read as a difference with the published version,
// published; a visit opened afterwards follows it, one opened before keeps its version. Its own stack: a
// published version changes every later visit of the stack.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { civilFromDbDate, parisCivilDate, plusDays } from '../../workflows/rules/calendar.js';
import { defaultQuestionnaire } from '../../workflows/rules/questionnaire.js';
import { aReturnVisitThroughApi } from '../support/api-client.js';
import { closeBrowserSession, launchChromium, newBrowserSession, screenshot } from '../support/browser.js';
import { startConsoleStack, type ConsoleStack } from '../support/console-stack.js';
import { eventually } from '../support/eventually.js';
import { aStaffAccount, CookieBrowser, signInWithBrowser } from '../support/staff.js';

let stack: ConsoleStack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startConsoleStack(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The visit's version and how many days after the return day it may take place (R-REPRISE-2). */
async function deadlineOf(visitId: string): Promise<{ protocolVersion: number; daysAfterReturn: number }> {
  const visit = await stack.db.visit.findUniqueOrThrow({ where: { id: visitId }, select: { protocolVersion: true, deadline: true, dueDate: true } });
  const returnDay = civilFromDbDate(visit.dueDate);
  let days = 0;
  while (plusDays(returnDay, days) !== civilFromDbDate(visit.deadline)) days += 1;
  return { protocolVersion: visit.protocolVersion, daysAfterReturn: days };
}

const RETURN_DEADLINE = 'Visite de reprise : au plus tard après le jour du retour (R-REPRISE-2)';

describe('the protocol editor', () => {
  it('an administrator shortens the return-visit deadline, reads the difference, publishes; new visits follow it', { timeout: 120_000 }, async () => {
    const before = await aReturnVisitThroughApi(stack, { birthName: 'Avant', firstNames: 'Alice' });
    expect(await deadlineOf(before.id)).toEqual({ protocolVersion: 1, daysAfterReturn: 8 });
    const admin = await aStaffAccount(stack, { role: 'ADMIN', displayName: 'Nadia Admin', email: 'nadia.admin@spsti.test' });
    const session = await newBrowserSession(browser);
    const { page } = session;
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${stack.baseUrl}/connexion`);
    await signInWithBrowser(page, admin);
    await page.getByRole('link', { name: 'Protocole' }).click();
    await page.getByRole('heading', { name: 'Protocole de suivi', level: 1 }).waitFor();
    const deadline = page.getByLabel(RETURN_DEADLINE);
    expect(await deadline.inputValue()).toBe('8');
    // Issue 8: the questionnaire's shipped questions, each editable, and a blank one to add.
    const questions = page.getByRole('group', { name: 'Questionnaire avant la visite' });
    expect(await questions.getByLabel('Question posée au salarié').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))).toEqual([
      ...defaultQuestionnaire.questions.map((question) => question.label),
      '',
    ]);
    await questions.getByRole('group', { name: 'Ajouter une question' }).scrollIntoViewIfNeeded();
    await screenshot(page, '27-protocole-questionnaire');

    // The workflows' schema, in the browser: out of range, and a message variable no send would fill.
    await deadline.fill('4000');
    await page.getByRole('group', { name: 'Modèles de messages' }).getByText('Convocation en téléconsultation (R-TELE-5)').click();
    const convocation = page.locator('#message-TELECONSULTATION_CONVOCATION-texte');
    await convocation.fill(`${await convocation.inputValue()}\nVotre code : {{codeAcces}}`);
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await expect.poll(() => page.locator('#parametre-reprise\\.deadlineDaysAfterReturn-erreur').textContent()).toBe('Valeur trop grande (maximum 3650)');
    expect(await page.locator('#message-TELECONSULTATION_CONVOCATION-texte-erreur').textContent()).toMatch(/^Variable inconnue : \{\{codeAcces\}\} ; ce message connaît \{\{employeeName\}\}/);
    expect(await page.getByRole('figure', { name: 'Aperçu : Convocation en téléconsultation (R-TELE-5)' }).textContent()).toContain('Aperçu impossible : le modèle utilise une variable inconnue.');
    await screenshot(page, '24-protocole-valeurs-refusees');
    expect(await stack.db.protocolConfigVersion.count({ where: { status: 'DRAFT' } })).toBe(0);

    await convocation.fill((await convocation.inputValue()).replace('\nVotre code : {{codeAcces}}', '\nÀ bientôt.'));
    // The template editor's preview fills the variables with sample values as the administrator types.
    const preview = page.getByRole('figure', { name: 'Aperçu : Convocation en téléconsultation (R-TELE-5)' });
    await expect.poll(() => preview.textContent()).toContain('Bonjour Camille Exemple,');
    expect(await preview.textContent()).toMatch(/À bientôt\.$/);
    expect(await preview.textContent()).not.toContain('{{');
    await deadline.fill('5');
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await page.getByRole('status').filter({ hasText: 'Brouillon enregistré (version 2) : 2 paramètre(s)' }).waitFor();
    const differences = page.getByRole('table', { name: 'Différences avec la version publiée 1' });
    await expect.poll(() => differences.getByRole('row').filter({ hasText: 'R-REPRISE-2' }).getByRole('cell').allTextContents()).toEqual(['8', '5']);
    expect(await differences.getByRole('row').filter({ hasText: 'Convocation en téléconsultation (R-TELE-5) : texte' }).getByRole('cell').nth(1).textContent()).toContain('À bientôt.');
    const effect = await page.getByRole('region', { name: 'Brouillon : version 2' }).textContent();
    // The employee is a new hire too: R-VIP-1 opened the initial VIP next to the return visit.
    expect(effect).toContain(
      '2 visite(s) en cours gardent leur version et leurs échéances, dont sur la version 1 : Visite d\'information et de prévention initiale (1), Visite de reprise (1).',
    );
    expect(effect).toContain('1 salarié(s) suivi(s) gardent la version de leur suivi ; les salariés inscrits après la publication suivront la version 2.');
    // Nothing runs on a draft.
    expect(await deadlineOf((await aReturnVisitThroughApi(stack, { birthName: 'Pendant', firstNames: 'Paul' })).id)).toEqual({ protocolVersion: 1, daysAfterReturn: 8 });
    await screenshot(page, '25-protocole-brouillon-differences');

    await page.getByRole('button', { name: 'Publier la version 2' }).click();
    await page.getByRole('status').filter({ hasText: 'La version 2 est publiée' }).waitFor();
    await expect.poll(() => page.getByRole('table', { name: 'Versions publiées' }).getByRole('row').filter({ hasText: 'En vigueur' }).getByRole('rowheader').allTextContents()).toEqual(['2']);
    expect(await page.getByLabel(RETURN_DEADLINE).inputValue()).toBe('5');
    await screenshot(page, '26-protocole-publie');
    await closeBrowserSession(session);

    expect(await deadlineOf((await aReturnVisitThroughApi(stack, { birthName: 'Après', firstNames: 'Anna' })).id)).toEqual({ protocolVersion: 2, daysAfterReturn: 5 });
    expect(await deadlineOf(before.id)).toEqual({ protocolVersion: 1, daysAfterReturn: 8 });
    const published = await stack.db.protocolConfigVersion.findMany({ orderBy: { version: 'asc' }, select: { version: true, status: true } });
    expect(published).toEqual([
      { version: 1, status: 'ARCHIVED' },
      { version: 2, status: 'PUBLISHED' },
    ]);
    const trail = await stack.db.auditEvent.findMany({ where: { entityType: 'ProtocolConfigVersion' }, orderBy: { sequence: 'asc' }, select: { action: true, actorId: true, entityId: true } });
    expect(trail).toEqual([
      { action: 'protocol.draft.save', actorId: admin.id, entityId: '2' },
      { action: 'protocol.publish', actorId: admin.id, entityId: '2' },
    ]);
  });

  it('only administrators edit it; a draft changed since the page was read is not published unseen', { timeout: 60_000 }, async () => {
    const assistant = await aStaffAccount(stack, { role: 'ASSISTANT', displayName: 'Sophie Leroy', email: 'sophie.leroy@spsti.test' });
    const asAssistant = new CookieBrowser(stack.baseUrl);
    await asAssistant.signIn(assistant);
    expect((await asAssistant.get('/admin/protocole')).status).toBe(403);
    expect((await asAssistant.post('/admin/protocole', { intent: 'save', 'reprise.deadlineDaysAfterReturn': '3' }, { Origin: stack.baseUrl })).status).toBe(403);

    const [first, second] = await Promise.all(
      ['premier', 'second'].map(async (name) => {
        const browserSession = new CookieBrowser(stack.baseUrl);
        await browserSession.signIn(await aStaffAccount(stack, { role: 'ADMIN', displayName: `Admin ${name}`, email: `${name}.admin@spsti.test` }));
        return browserSession;
      }),
    );
    const post = (session: CookieBrowser, form: Record<string, string>) => session.post('/admin/protocole', form, { Origin: stack.baseUrl });
    const publishedVersion = () => stack.db.protocolConfigVersion.findFirst({ where: { status: 'PUBLISHED' }, select: { version: true } });
    const publishedBefore = await publishedVersion();
    expect((await post(first!, { intent: 'save', 'onRequest.deadlineDays': '21' })).status).toBe(200);
    const page = await (await first!.get('/admin/protocole')).text();
    const hidden = (name: string) => page.match(new RegExp(`name="${name}" value="([^"]+)"`))![1]!;
    expect(page).toContain('Visite à la demande : délai cible (R-DEMANDE-1), en jours');
    // The second administrator changes the draft after the first read it.
    expect((await post(second!, { intent: 'save', 'noShow.excuseHoursAhead': '24' })).status).toBe(200);

    const stale = await post(first!, { intent: 'publish', version: hidden('version'), fingerprint: hidden('fingerprint') });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('Le brouillon a été modifié depuis l’affichage de cette page : relisez les différences avant de publier.');
    expect(await publishedVersion()).toEqual(publishedBefore);

    const blank = await post(second!, { intent: 'save', 'reprise.deadlineDaysAfterReturn': '' });
    expect(blank.status).toBe(400);
    expect(await blank.text()).toContain('Valeur obligatoire');
    const draft = await stack.db.protocolConfigVersion.findFirstOrThrow({ where: { status: 'DRAFT' }, select: { config: true } });
    expect(draft.config).toMatchObject({ onRequest: { deadlineDays: 21 }, noShow: { excuseHoursAhead: 24 } });
    expect((draft.config as { reprise: { deadlineDaysAfterReturn: number } }).reprise.deadlineDaysAfterReturn).toBeGreaterThan(0);
    expect((await post(second!, { intent: 'discard', version: hidden('version') })).status).toBe(200);
    expect(await stack.db.protocolConfigVersion.count({ where: { status: 'DRAFT' } })).toBe(0);
  });

  it('issue 8: an administrator adds a question for one visit type and removes another; a choice without two answers is refused beside its field', { timeout: 60_000 }, async () => {
    const admin = new CookieBrowser(stack.baseUrl);
    await admin.signIn(await aStaffAccount(stack, { role: 'ADMIN', displayName: 'Admin Questionnaire', email: 'questionnaire.admin@spsti.test' }));
    const post = (form: Record<string, string>) => admin.post('/admin/protocole', form, { Origin: stack.baseUrl });
    const editor = await (await admin.get('/admin/protocole')).text();
    expect(editor).toContain('Questionnaire avant la visite');
    expect(editor).toContain('Ajouter une question');
    // What the browser sends for the shipped questions, as the page shows them.
    const shipped = Object.fromEntries(
      defaultQuestionnaire.questions.flatMap((question, index) => [
        [`questionnaire.questions.${index}.label`, question.label],
        [`questionnaire.questions.${index}.kind`, question.kind],
        [`questionnaire.questions.${index}.options`, question.options.join('\r\n')],
        ...(question.required ? [[`questionnaire.questions.${index}.required`, 'on']] : []),
        ...question.visitTypes.map((type) => [`questionnaire.questions.${index}.visitTypes.${type}`, 'on']),
      ]),
    );
    const added = {
      'questionnaire.questions.4.new': 'on',
      'questionnaire.questions.4.label': 'Travaillez-vous de nuit ou en horaires décalés ?',
      'questionnaire.questions.4.kind': 'CHOICE',
      'questionnaire.questions.4.options': 'Jamais',
      'questionnaire.questions.4.required': 'on',
      'questionnaire.questions.4.visitTypes.VIP_INITIAL': 'on',
    };
    const removing = { 'questionnaire.questions.1.remove': 'on' };

    const refused = await post({ intent: 'save', ...shipped, ...removing, ...added });
    expect(refused.status).toBe(400);
    const refusal = (await refused.text()).replaceAll('<!-- -->', '');
    // Under the new question's own field, although a question above it is being removed.
    expect(refusal).toContain('<p class="field-error" id="question-4-options-erreur">Proposez au moins deux réponses, une par ligne</p>');
    expect(await stack.db.protocolConfigVersion.count({ where: { status: 'DRAFT' } })).toBe(0);

    expect((await post({ intent: 'save', ...shipped, ...removing, ...added, 'questionnaire.questions.4.options': 'Jamais\r\nParfois\r\nSouvent' })).status).toBe(200);
    const draft = await stack.db.protocolConfigVersion.findFirstOrThrow({ where: { status: 'DRAFT' }, select: { config: true } });
    const { questions } = (draft.config as { questionnaire: { questions: { label: string }[] } }).questionnaire;
    expect(questions.map((question) => question.label)).toEqual([
      defaultQuestionnaire.questions[0]!.label,
      defaultQuestionnaire.questions[2]!.label,
      defaultQuestionnaire.questions[3]!.label,
      'Travaillez-vous de nuit ou en horaires décalés ?',
    ]);
    expect(questions[3]).toEqual({ label: 'Travaillez-vous de nuit ou en horaires décalés ?', kind: 'CHOICE', options: ['Jamais', 'Parfois', 'Souvent'], required: true, visitTypes: ['VIP_INITIAL'] });
    const review = (await (await admin.get('/admin/protocole')).text()).replaceAll('<!-- -->', '').replaceAll('&#x27;', "'");
    expect(review).toContain('<th scope="row">Questionnaire avant la visite</th>');
    expect(review).toContain("Travaillez-vous de nuit ou en horaires décalés ? — Un choix dans une liste : Jamais / Parfois / Souvent, obligatoire, Visite d'information et de prévention initiale");
    expect((await post({ intent: 'discard', version: review.match(/name="version" value="([^"]+)"/)![1]! })).status).toBe(200);
  });

  it('issue 5: an administrator edits a coded-reason list, the visit types offered remotely and the convocation\'s place; later visits follow them, earlier ones keep theirs', { timeout: 60_000 }, async () => {
    const admin = new CookieBrowser(stack.baseUrl);
    await admin.signIn(await aStaffAccount(stack, { role: 'ADMIN', displayName: 'Admin Motifs', email: 'motifs.admin@spsti.test' }));
    const assistant = new CookieBrowser(stack.baseUrl);
    await assistant.signIn(await aStaffAccount(stack, { role: 'ASSISTANT', displayName: 'Inès Planning', email: 'ines.planning@spsti.test' }));
    const doctor = await aStaffAccount(stack, { role: 'DOCTOR', displayName: 'Dr Hugo Marchand', email: 'hugo.marchand@spsti.test' });
    const post = (form: Record<string, string>) => admin.post('/admin/protocole', form, { Origin: stack.baseUrl });
    const visitPage = async (visitId: string) => (await (await assistant.get(`/visites/${visitId}`)).text()).replaceAll('<!-- -->', '');
    const remoteOption = 'value="REMOTE"/>Téléconsultation';
    const earlier = await aReturnVisitThroughApi(stack, { birthName: 'Ancienne', firstNames: 'Adèle' });
    expect(await visitPage(earlier.id)).toContain(remoteOption);

    const editor = (await (await admin.get('/admin/protocole')).text()).replaceAll('&#x27;', "'");
    const cancelReasons = editor.match(/<textarea[^>]*name="steeringReasons.CANCEL"[^>]*>([^<]*)<\/textarea>/)![1]!.replaceAll('&#x27;', "'");
    expect(cancelReasons.split('\n')).toEqual([
      'EMPLOYEE_LEFT : Le salarié a quitté l’entreprise',
      'DUPLICATE : Visite en double',
      'NOT_REQUIRED : Visite non requise (dispense, erreur de déclaration)',
      'EMPLOYER_REQUEST : Demande de l’employeur',
      'OTHER : Autre motif',
    ]);
    // The return visit leaves the remote types: the checkboxes the browser sends are the other ticked ones.
    const remoteTypes = Object.fromEntries(
      ['VIP_INITIAL', 'VIP_RENEWAL', 'SIR_INTERMEDIATE', 'MID_CAREER', 'PRE_REPRISE', 'POST_EXPOSURE', 'LIAISON', 'ON_REQUEST'].map((type) => [`teleconsultation.remoteVisitTypes.${type}`, 'on']),
    );
    const withRemoteTypes = { intent: 'save', 'teleconsultation.remoteVisitTypes.offered': 'on', ...remoteTypes };

    const refused = await post({ ...withRemoteTypes, 'steeringReasons.CANCEL': 'EMPLOYEE_LEFT : Le salarié a quitté l’entreprise\r\nDécès du salarié\r\nDUPLICATE : Visite en double' });
    expect(refused.status).toBe(400);
    const refusal = (await refused.text()).replaceAll('<!-- -->', '').replaceAll('&#x27;', "'");
    expect(refusal).toContain('<p class="field-error" id="motifs-CANCEL-erreur">Ligne 2 : écrivez le code, deux-points, puis le libellé (par exemple DEPART_SALARIE : Le salarié a quitté l’entreprise)</p>');
    const withoutOther = await post({ ...withRemoteTypes, 'steeringReasons.CANCEL': 'EMPLOYEE_LEFT : Le salarié a quitté l’entreprise' });
    expect((await withoutOther.text()).replaceAll('&#x27;', "'")).toContain('Gardez le motif OTHER (« Autre motif », précisé en texte libre)');
    expect(await stack.db.protocolConfigVersion.count({ where: { status: 'DRAFT' } })).toBe(0);

    const shortPlace = await post({ ...withRemoteTypes, 'convocation.place': 'Ici' });
    expect(shortPlace.status).toBe(400);
    expect((await shortPlace.text()).replaceAll('<!-- -->', '')).toContain('Lieu trop court (5 caractères au moins)');

    const place = 'Centre des Lilas, 3 rue des Lilas, 31000 Toulouse';
    const saved = await post({ ...withRemoteTypes, 'convocation.place': place, 'steeringReasons.CANCEL': `${cancelReasons}\r\nEMPLOYEE_DECEASED : Décès du salarié` });
    expect(saved.status).toBe(200);
    const review = (await (await admin.get('/admin/protocole')).text()).replaceAll('<!-- -->', '').replaceAll('&#x27;', "'");
    const differenceRow = (label: string) => review.match(new RegExp(`<th scope="row">${label}</th><td[^>]*>([^<]*)</td><td[^>]*>([^<]*)</td>`))?.slice(1);
    expect(differenceRow('Motifs d’annulation d’une visite')?.[1]).toMatch(/OTHER : Autre motif\nEMPLOYEE_DECEASED : Décès du salarié$/);
    expect(differenceRow('Types de visite proposés en téléconsultation')?.[0]).toContain('Visite de reprise');
    expect(differenceRow('Types de visite proposés en téléconsultation')?.[1]).not.toContain('Visite de reprise');
    expect(differenceRow('Lieu de la visite, tel que la convocation l’indique')).toEqual(['Centre médical du service de santé au travail', place]);
    const hidden = (name: string) => review.match(new RegExp(`name="${name}" value="([^"]+)"`))![1]!;
    expect((await post({ intent: 'publish', version: hidden('version'), fingerprint: hidden('fingerprint') })).status).toBe(200);

    const later = await aReturnVisitThroughApi(stack, { birthName: 'Nouvelle', firstNames: 'Nina' });
    const laterPage = await visitPage(later.id);
    expect(laterPage).not.toContain(remoteOption);
    expect(laterPage).toContain('Le protocole ne propose pas la téléconsultation pour ce type de visite.');
    expect(laterPage).toContain('<option value="EMPLOYEE_DECEASED">Décès du salarié</option>');
    const remote = await assistant.post(`/visites/${later.id}`, {
      intent: 'schedule',
      appointmentAt: `${plusDays(parisCivilDate(new Date()), 3)}T10:00`,
      professionalId: doctor.id,
      modality: 'REMOTE',
      remoteProposedBy: 'PROFESSIONAL',
    });
    expect(remote.status).toBe(400);
    expect((await remote.text()).replaceAll('<!-- -->', '')).toMatch(/Le protocole \(version \d+\) ne propose pas la téléconsultation pour ce type de visite : planifiez-la en présentiel\./);
    expect(await stack.db.visit.findUniqueOrThrow({ where: { id: later.id }, select: { status: true } })).toEqual({ status: 'TO_SCHEDULE' });
    // Issue 8: booked in person, the later visit's convocation gives the place its version states.
    const inPerson = await assistant.post(`/visites/${later.id}`, {
      intent: 'schedule',
      appointmentAt: `${plusDays(parisCivilDate(new Date()), 3)}T10:00`,
      professionalId: doctor.id,
      modality: 'IN_PERSON',
    });
    expect(inPerson.status).toBe(200);
    const convocation = await eventually('the convocation', async () => stack.mails.find((mail) => mail.subject.startsWith('Convocation') && mail.text.includes('Bonjour Nina Nouvelle')));
    expect(convocation.text).toContain(`Lieu : ${place}`);
    // Opened under the earlier version, the first visit keeps its remote option and its reasons.
    const earlierPage = await visitPage(earlier.id);
    expect(earlierPage).toContain(remoteOption);
    expect(earlierPage).not.toContain('EMPLOYEE_DECEASED');
  });
});
