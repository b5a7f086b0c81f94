// Issue 6 against the real stack (remix-serve, PostgreSQL, a Temporal worker, Chromium): what a user or an
// attacker would notice of password storage, two-factor sign-in (R-TELE-8), lockout, session expiry and the
// hash-chained audit trail (R-DATA-2). Time-based limits are crossed by moving the stored instants back, as
// the clock would.
import { createHash, randomBytes, randomUUID, scryptSync } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditEvent, verifyAuditChain } from '../activities/domain/audit-trail.js';
import { hashApiKey } from '../activities/domain/credentials.js';
import { totpCodeAt, totpStep } from '../activities/domain/two-factor.js';
import { sendWorkflowUpdate } from '../activities/domain/visits.js';
import { personalToken } from '../activities/teleconsultation/links.js';
import { parisCivilDate } from '../workflows/rules/calendar.js';
import { scheduleVisitUpdate } from '../workflows/visit/messages.js';
import { projectRoot } from '../worker/project-root.js';
import { aReturnVisitThroughApi } from './support/api-client.js';
import { launchChromium } from './support/browser.js';
import { startConsoleStack, type ConsoleStack } from './support/console-stack.js';
import { randomSiret } from './support/factories.js';
import { aStaffAccount, CookieBrowser, nextTotpCode, signInWithBrowser, STAFF_PASSWORD, submitPassword, type StaffAccount } from './support/staff.js';

const SCREENSHOTS = path.join(projectRoot, 'test-results', 'screenshots');
const INVALID_CREDENTIALS = 'Identifiants invalides';
const INVALID_CODE = 'Code invalide ou déjà utilisé';
const LOCKED = 'Trop de tentatives infructueuses : la connexion à ce compte est bloquée pendant 15 minutes. Réessayez plus tard.';

let stack: ConsoleStack;
let browser: Browser;

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  [stack, browser] = await Promise.all([startConsoleStack(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

function anEmail(who: string): string {
  return `${who}-${randomUUID().slice(0, 8)}@spsti.test`;
}

function account(role: StaffAccount['role'], options: { enrolled?: boolean; passwordHash?: string } = {}): Promise<StaffAccount> {
  return aStaffAccount(stack, { role, displayName: `Compte ${role.toLowerCase()}`, email: anEmail(role.toLowerCase()), ...options });
}

/** The message of the page's error alert, as a reader of the page sees it. */
async function alertOf(response: Response): Promise<string | undefined> {
  return /role="alert"[^>]*><p>([^<]*)<\/p>/.exec(await response.text())?.[1];
}

/** The page's HTML without the comments React puts between adjacent texts. */
async function pageOf(response: Response): Promise<string> {
  return (await response.text()).replaceAll('<!-- -->', '');
}

/** A 6-digit code the authenticator does not show at any accepted step. */
function aWrongCode(secret: string): string {
  const now = totpStep(new Date());
  const valid = [now - 1, now, now + 1, now + 2].map((step) => totpCodeAt(secret, step));
  return ['000000', '111111', '222222'].find((code) => !valid.includes(code))!;
}

function minutesAgo(minutes: number): Date {
  return new Date(Date.now() - minutes * 60_000);
}

describe('passwords', () => {
  it('are stored as argon2id (OWASP parameters); an older scrypt hash still signs in and is replaced then', async () => {
    const salt = randomBytes(16);
    const scrypt = scryptSync(STAFF_PASSWORD, salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    const legacy = await account('ASSISTANT', { passwordHash: `scrypt$${salt.toString('base64')}$${scrypt.toString('base64')}` });

    const signedIn = await new CookieBrowser(stack.baseUrl).signIn(legacy);
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get('location')).toBe('/pilotage');
    const { passwordHash } = await stack.db.professional.findUniqueOrThrow({ where: { id: legacy.id }, select: { passwordHash: true } });
    expect(passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);

    // The new hash is the one checked from now on.
    const again = await new CookieBrowser(stack.baseUrl).signIn(legacy);
    expect(again.headers.get('location')).toBe('/pilotage');
    expect((await new CookieBrowser(stack.baseUrl).signIn({ ...legacy, password: 'pas le bon' })).status).toBe(400);
  });
});

describe('two-factor sign-in (R-TELE-8)', () => {
  it('a doctor without an authenticator reaches nothing until enrolled; recovery codes are shown once', { timeout: 120_000 }, async () => {
    const doctor = await account('DOCTOR', { enrolled: false });
    const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const pageErrors: Error[] = [];
    page.on('pageerror', (error) => pageErrors.push(error));

    await page.goto(`${stack.baseUrl}/taches`);
    await submitPassword(page, doctor.email, doctor.password);
    await page.getByRole('heading', { name: 'Activer la double authentification' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/securite/double-facteur');
    const qrCode = await page.getByRole('img', { name: 'QR code de configuration de l’application d’authentification' }).getAttribute('src');
    expect(Buffer.from(qrCode!.replace(/^data:image\/svg\+xml;base64,/, ''), 'base64').toString()).toMatch(/^<svg /);
    const secret = (await page.getByLabel('Clé de configuration').textContent())!.replaceAll(' ', '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'securite-01-activation-double-facteur.png'), fullPage: true });

    // Password checked but not enrolled: every page of the console sends back to the enrolment.
    for (const pagePath of ['/taches', '/visites', '/securite', '/admin/journal', `/documents/${randomUUID()}`]) {
      const answer = await page.request.get(`${stack.baseUrl}${pagePath}`, { maxRedirects: 0 });
      expect([pagePath, answer.status(), answer.headers().location?.split('?')[0]]).toEqual([pagePath, 302, '/securite/double-facteur']);
    }

    // A wrong code is refused and the QR code stays the one already scanned.
    await page.getByLabel('Code à 6 chiffres').fill(aWrongCode(secret));
    await page.getByRole('button', { name: 'Activer' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Code invalide');
    expect((await page.getByLabel('Clé de configuration').textContent())!.replaceAll(' ', '')).toBe(secret);

    await page.getByLabel('Code à 6 chiffres').fill(await nextTotpCode(secret));
    await page.getByRole('button', { name: 'Activer' }).click();
    await page.getByRole('heading', { name: 'Codes de secours' }).waitFor();
    const codes = await page.getByRole('list', { name: 'Codes de secours' }).getByRole('listitem').allTextContents();
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){3}$/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'securite-02-codes-de-secours.png'), fullPage: true });

    // Neither the secret nor the codes are stored in clear.
    const stored = await stack.db.professional.findUniqueOrThrow({ where: { id: doctor.id }, include: { recoveryCodes: true } });
    expect(stored.totpEnabledAt).not.toBeNull();
    expect(stored.totpSecret).not.toContain(secret);
    expect(stored.recoveryCodes).toHaveLength(10);
    const storedText = JSON.stringify(stored);
    for (const code of codes) expect(storedText).not.toContain(code.replaceAll('-', ''));

    await page.getByRole('link', { name: 'J’ai noté mes codes, continuer' }).click();
    await page.getByRole('heading', { name: 'Mes tâches' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/taches');
    // Shown once: back on the page, the codes are gone.
    await page.goto(`${stack.baseUrl}/securite/double-facteur`);
    await page.getByText('La double authentification est déjà activée pour votre compte.').waitFor();
    expect(await page.content()).not.toContain(codes[0]);
    await context.close();
    expect(pageErrors.map((error) => error.message)).toEqual([]);
  });

  it('an assistant may enrol from « Sécurité du compte », without JavaScript; her next sign-in asks for the code', async () => {
    const assistant = await account('ASSISTANT');
    const [visitor, otherBrowser] = [new CookieBrowser(stack.baseUrl), new CookieBrowser(stack.baseUrl)];
    expect((await visitor.signIn(assistant)).headers.get('location')).toBe('/pilotage');
    await otherBrowser.signIn(assistant);
    expect(await pageOf(await visitor.get('/securite'))).toContain('Non activée (facultative pour votre rôle, recommandée)');

    const enrolment = await pageOf(await visitor.get('/securite/double-facteur'));
    const secret = /aria-label="Clé de configuration">([A-Z2-7 ]+)</.exec(enrolment)![1]!.replaceAll(' ', '');
    const confirmed = await visitor.post('/securite/double-facteur', { code: await nextTotpCode(secret) });
    expect(confirmed.status).toBe(200);
    const page = await pageOf(confirmed);
    expect(page).toContain('La double authentification est activée.');
    expect(page.match(/<li><code>[A-Z2-9-]{19}<\/code><\/li>/g)).toHaveLength(10);
    expect((await visitor.get('/visites')).status).toBe(200);
    // A new second factor ends the account's other sessions.
    expect((await otherBrowser.get('/visites')).status).toBe(302);

    const next = await new CookieBrowser(stack.baseUrl).post('/connexion', { email: assistant.email, password: assistant.password });
    expect(next.headers.get('location')).toBe('/connexion/code?redirectTo=%2Fpilotage');
  });

  it('refuses a wrong code and a code already used; the half-signed-in session opens nothing', async () => {
    const nurse = await account('NURSE');
    const visitor = new CookieBrowser(stack.baseUrl);
    const password = await visitor.post('/connexion', { email: nurse.email, password: nurse.password, redirectTo: '/taches' });
    expect(password.status).toBe(302);
    expect(password.headers.get('location')).toBe('/connexion/code?redirectTo=%2Ftaches');
    const halfway = await visitor.get('/taches');
    expect([halfway.status, halfway.headers.get('location')]).toEqual([302, '/connexion/code?redirectTo=%2Ftaches']);

    const wrong = await visitor.post('/connexion/code', { code: aWrongCode(nurse.totpSecret!) });
    expect([wrong.status, await alertOf(wrong)]).toEqual([400, INVALID_CODE]);
    const code = await nextTotpCode(nurse.totpSecret!);
    const right = await visitor.post('/connexion/code', { code, redirectTo: '/taches' });
    expect([right.status, right.headers.get('location')]).toEqual([302, '/taches']);
    expect((await visitor.get('/taches')).status).toBe(200);

    // Someone who saw the password and the code over the shoulder cannot use that code again.
    const onlooker = new CookieBrowser(stack.baseUrl);
    await onlooker.post('/connexion', { email: nurse.email, password: nurse.password });
    const replay = await onlooker.post('/connexion/code', { code });
    expect([replay.status, await alertOf(replay)]).toEqual([400, INVALID_CODE]);
    expect((await onlooker.get('/taches')).status).toBe(302);
  });

  it('a recovery code signs in once, typed in any case', async () => {
    const admin = await account('ADMIN');
    const [code] = admin.recoveryCodes as [string];
    const first = await new CookieBrowser(stack.baseUrl).signIn(admin, code.toLowerCase());
    expect([first.status, first.headers.get('location')]).toEqual([302, '/visites']);
    const reused = await new CookieBrowser(stack.baseUrl).signIn(admin, code);
    expect([reused.status, await alertOf(reused)]).toEqual([400, INVALID_CODE]);
    const traces = await stack.db.auditEvent.findMany({ where: { entityId: admin.id, action: 'auth.recovery-code.used' }, select: { reason: true } });
    expect(traces).toEqual([{ reason: '9 code(s) de secours restant(s)' }]);
  });
});

describe('an administrator', () => {
  it('resets the second factor of a doctor who lost phone and codes: her sessions end, her next sign-in enrols again', async () => {
    const [admin, doctor, assistant] = await Promise.all([account('ADMIN'), account('DOCTOR'), account('ASSISTANT')]);
    const doctorBrowser = new CookieBrowser(stack.baseUrl);
    await doctorBrowser.signIn(doctor);
    expect((await doctorBrowser.get('/taches')).status).toBe(200);

    const assistantBrowser = new CookieBrowser(stack.baseUrl);
    await assistantBrowser.signIn(assistant);
    expect((await assistantBrowser.post('/admin/comptes', { intent: 'reset-second-factor', professionalId: doctor.id })).status).toBe(403);

    const adminBrowser = new CookieBrowser(stack.baseUrl);
    await adminBrowser.signIn(admin);
    expect(await pageOf(await adminBrowser.get('/admin/comptes'))).toContain(`Réinitialiser la double authentification de ${doctor.displayName}`);
    const reset = await adminBrowser.post('/admin/comptes', { intent: 'reset-second-factor', professionalId: doctor.id });
    expect(reset.status).toBe(200);
    expect(await pageOf(reset)).toContain(`La double authentification de ${doctor.displayName} est réinitialisée et ses sessions sont fermées`);

    expect((await doctorBrowser.get('/taches')).headers.get('location')).toBe('/connexion?redirectTo=%2Ftaches');
    const next = await new CookieBrowser(stack.baseUrl).post('/connexion', { email: doctor.email, password: doctor.password });
    expect(next.headers.get('location')).toBe('/securite/double-facteur?redirectTo=%2Ftaches');
    expect(await stack.db.recoveryCode.count({ where: { professionalId: doctor.id } })).toBe(0);
    expect(await stack.db.auditEvent.count({ where: { actorId: admin.id, action: 'auth.second-factor.reset', entityId: doctor.id } })).toBe(1);
  });
});

describe('who reaches what', () => {
  type Expected = 'sign-in' | 403 | 'served';
  const staffRoles = ['ASSISTANT', 'DOCTOR', 'NURSE', 'ADMIN'] as const;
  const unknownId = randomUUID();
  // Signed out, then per role, the employer portal's accounts last. `served`: the page's own answer (200, or
  // 404 for an unknown id), past its guard.
  type PerRole = [assistant: Expected, doctor: Expected, nurse: Expected, admin: Expected, employer: Expected];
  const matrix: [method: 'GET' | 'POST', path: string, signedOut: Expected, perRole: PerRole][] = [
    ['GET', '/taches', 'sign-in', ['served', 'served', 'served', 'served', 403]],
    ['POST', '/taches?index', 'sign-in', ['served', 'served', 'served', 'served', 403]],
    ['GET', `/taches/${unknownId}`, 'sign-in', ['served', 'served', 'served', 'served', 403]],
    ['POST', `/taches/${unknownId}`, 'sign-in', [403, 'served', 'served', 403, 403]],
    ['GET', '/pilotage', 'sign-in', ['served', 'served', 403, 'served', 403]],
    ['GET', '/pilotage/parcours', 'sign-in', ['served', 'served', 403, 'served', 403]],
    ['GET', '/visites', 'sign-in', ['served', 'served', 'served', 'served', 403]],
    ['GET', '/visites.csv', 'sign-in', ['served', 'served', 'served', 'served', 403]],
    // Issue 5: bulk steering is the coordinators'.
    ['GET', '/visites/reaffectation', 'sign-in', ['served', 403, 403, 'served', 403]],
    ['POST', '/visites/reaffectation', 'sign-in', ['served', 403, 403, 'served', 403]],
    ['GET', `/visites/${unknownId}`, 'sign-in', ['served', 'served', 'served', 'served', 403]],
    ['POST', `/visites/${unknownId}`, 'sign-in', ['served', 'served', 'served', 'served', 403]],
    ['GET', '/planning', 'sign-in', ['served', 'served', 'served', 'served', 403]],
    ['POST', '/planning', 'sign-in', ['served', 'served', 'served', 'served', 403]],
    ['GET', `/documents/${unknownId}`, 'sign-in', ['served', 'served', 'served', 'served', 403]],
    ['GET', '/securite', 'sign-in', ['served', 'served', 'served', 'served', 'served']],
    ['GET', '/indicateurs', 'sign-in', ['served', 'served', 403, 'served', 403]],
    ['GET', '/admin/journal', 'sign-in', [403, 403, 403, 'served', 403]],
    ['GET', '/admin/journal.csv', 'sign-in', [403, 403, 403, 'served', 403]],
    ['GET', '/admin/comptes', 'sign-in', [403, 403, 403, 'served', 403]],
    ['POST', '/admin/comptes', 'sign-in', [403, 403, 403, 'served', 403]],
    ['GET', '/admin/cles-api', 'sign-in', [403, 403, 403, 'served', 403]],
    ['POST', '/admin/cles-api', 'sign-in', [403, 403, 403, 'served', 403]],
    ['GET', '/admin/delegations', 'sign-in', [403, 403, 403, 'served', 403]],
    ['POST', '/admin/delegations', 'sign-in', [403, 403, 403, 'served', 403]],
    // Issue 8: the coordinators follow the yearly staff declaration; administrators open it.
    ['GET', '/campagne-effectifs', 'sign-in', ['served', 403, 403, 'served', 403]],
    ['POST', '/campagne-effectifs', 'sign-in', [403, 403, 403, 'served', 403]],
    ['GET', '/admin/entreprises', 'sign-in', [403, 403, 403, 'served', 403]],
    ['POST', '/admin/entreprises', 'sign-in', [403, 403, 403, 'served', 403]],
    ['GET', '/admin/protocole', 'sign-in', [403, 403, 403, 'served', 403]],
    ['POST', '/admin/protocole', 'sign-in', [403, 403, 403, 'served', 403]],
    ['GET', '/entreprise', 'sign-in', [403, 403, 403, 403, 'served']],
    ['POST', '/entreprise', 'sign-in', [403, 403, 403, 403, 'served']],
    ['GET', `/entreprise/documents/${unknownId}`, 'sign-in', [403, 403, 403, 403, 'served']],
    ['GET', `/entreprise/salaries/${unknownId}`, 'sign-in', [403, 403, 403, 403, 'served']],
    ['POST', `/entreprise/salaries/${unknownId}`, 'sign-in', [403, 403, 403, 403, 'served']],
    ['GET', '/entreprise/effectifs', 'sign-in', [403, 403, 403, 403, 'served']],
    ['POST', '/entreprise/effectifs?index', 'sign-in', [403, 403, 403, 403, 'served']],
    ['GET', '/entreprise/effectifs/import', 'sign-in', [403, 403, 403, 403, 'served']],
    ['GET', `/entreprise/effectifs/import?depot=${unknownId}`, 'sign-in', [403, 403, 403, 403, 'served']],
    ['POST', '/entreprise/effectifs/import', 'sign-in', [403, 403, 403, 403, 'served']],
    ['GET', '/entreprise/effectifs/modele.csv', 'sign-in', [403, 403, 403, 403, 'served']],
    // R-DATA-3, R-DATA-4: employees' requests, for the secretariat, doctors and administrators (not nurses).
    ['GET', '/droits', 'sign-in', ['served', 'served', 403, 'served', 403]],
    ['POST', '/droits', 'sign-in', ['served', 'served', 403, 'served', 403]],
    ['GET', `/droits/${unknownId}`, 'sign-in', ['served', 'served', 403, 'served', 403]],
    ['POST', `/droits/${unknownId}`, 'sign-in', ['served', 'served', 403, 'served', 403]],
    ['GET', `/droits/${unknownId}/export/pdf`, 'sign-in', ['served', 'served', 403, 'served', 403]],
  ];

  function outcome(answer: Response): Expected | number {
    if (answer.status === 302 && answer.headers.get('location')?.startsWith('/connexion?')) return 'sign-in';
    if (answer.status === 403) return 403;
    return [200, 400, 404].includes(answer.status) ? 'served' : answer.status;
  }

  /**
   * Routes guarded otherwise, each tested where its guard is: a new route must join the matrix above or this
   * list, with the reason, or the test below fails.
   */
  const guardedElsewhere: Record<string, string> = {
    '_index.tsx': 'redirects to the home page of the signed-in role',
    'connexion.tsx': 'the sign-in form, public',
    'connexion_.code.tsx': 'second step, for a session halfway through (tested above)',
    'deconnexion.tsx': 'sign-out, public',
    'securite_.double-facteur.tsx': 'enrolment, for a session halfway through (tested above)',
    'healthz.ts': 'liveness, public (console/api.test.ts)',
    'readyz.ts': 'readiness, public (console/api.test.ts)',
    'teleconsultation.$token.tsx': 'personal link of the employee (console/teleconsultation.test.ts)',
    'teleconsultation.tiers.$token.tsx': 'personal link of a third party (console/teleconsultation.test.ts)',
    'satisfaction.$token.tsx': 'personal link to the questionnaire (console/teleconsultation.test.ts)',
    'convocation.$token.tsx': 'personal link of an in-person convocation (console/convocation.test.ts)',
    'convocation_.$token.document.ts': 'the document of that link (console/convocation.test.ts)',
  };
  const apiRoute = /^api\.v1\./; // API keys (console/api.test.ts: missing, wrong and revoked keys)

  /** The URL pattern of a Remix route file: `visites.$id.tsx` → /visites/<anything>. */
  function routePattern(file: string): RegExp {
    const segments = file
      .replace(/\.tsx?$/, '')
      .replace(/\[\.\]/g, '\u0000')
      .split('.')
      .filter((segment) => segment !== '_index')
      .map((segment) => segment.replace(/_$/, '').replace(/\u0000/g, '\\.'))
      .map((segment) => (segment.startsWith('$') ? '[^/]+' : segment));
    return new RegExp(`^/${segments.join('/')}$`);
  }

  it('every route file has a rule: in the matrix, or guarded and tested elsewhere', async () => {
    const files = (await readdir(path.join(projectRoot, 'console', 'app', 'routes'))).filter((file) => /\.tsx?$/.test(file));
    const unruled = files.filter(
      (file) => !apiRoute.test(file) && !(file in guardedElsewhere) && !matrix.some(([, pagePath]) => routePattern(file).test(pagePath)),
    );
    expect(unruled).toEqual([]);
    expect(Object.keys(guardedElsewhere).filter((file) => !files.includes(file))).toEqual([]);
  });

  it('every page and form: signed out to the sign-in page, other roles refused where the role matters', { timeout: 60_000 }, async () => {
    const employer = await stack.db.employer.create({ data: { name: 'Boulangerie Martin', siret: randomSiret() }, select: { id: true } });
    const accounts = [
      ...(await Promise.all(staffRoles.map((role) => account(role)))),
      await aStaffAccount(stack, { role: 'EMPLOYER', displayName: 'Claire Martin', email: anEmail('employeur'), employerId: employer.id }),
    ];
    const visitors = [new CookieBrowser(stack.baseUrl)];
    for (const signingIn of accounts) {
      const visitor = new CookieBrowser(stack.baseUrl);
      expect((await visitor.signIn(signingIn)).status).toBe(302);
      visitors.push(visitor);
    }
    const seen: (Expected | number | string)[][] = [];
    for (const [method, pagePath] of matrix) {
      const row: (Expected | number | string)[] = [`${method} ${pagePath}`];
      for (const visitor of visitors) {
        row.push(outcome(method === 'GET' ? await visitor.get(pagePath) : await visitor.post(pagePath, { intent: 'cancel', professionalId: unknownId })));
      }
      seen.push(row);
    }
    expect(seen).toEqual(matrix.map(([method, pagePath, signedOut, perRole]) => [`${method} ${pagePath}`, signedOut, ...perRole]));
  });
});

describe('R-DEL-5: an establishment nurse', () => {
  it('signs in but reaches no visit, task, document or indicator; her account page works', async () => {
    const nurse = await account('NURSE');
    const employer = await stack.db.employer.create({ data: { name: 'Aciéries du Nord', siret: randomSiret() }, select: { id: true } });
    await stack.db.professional.update({ where: { id: nurse.id }, data: { establishmentEmployerId: employer.id } });
    const visitor = new CookieBrowser(stack.baseUrl);
    expect((await visitor.signIn(nurse)).status).toBe(302);
    for (const page of ['/taches', '/visites', `/visites/${randomUUID()}`, `/taches/${randomUUID()}`, '/indicateurs']) {
      const answer = await visitor.get(page);
      expect(answer.status, page).toBe(403);
      expect(await answer.text()).toContain('ne donne pas accès au dossier médical en santé au travail');
    }
    expect((await visitor.get(`/documents/${randomUUID()}`)).status).toBe(403);
    expect((await visitor.get('/securite')).status).toBe(200);
  });
});

describe('hostile input in the console', () => {
  const IMG = '<img src=x onerror=alert(1)>';
  const SCRIPT = '<script>alert(2)</script>';

  it('an employee named with HTML is shown as text on every page, staff and personal link, and runs nothing', { timeout: 120_000 }, async () => {
    const visit = await aReturnVisitThroughApi(stack, { birthName: IMG, firstNames: SCRIPT, employerName: `Atelier ${IMG}` });
    const [assistant, doctor] = await Promise.all([account('ASSISTANT'), account('DOCTOR')]);
    await sendWorkflowUpdate(stack.temporal, visit.workflowId, scheduleVisitUpdate, {
      actor: { id: assistant.id, role: 'ASSISTANT', displayName: assistant.displayName },
      professionalRole: 'DOCTOR',
      delegated: false,
      form: { appointmentAt: new Date(Date.now() + 2 * 86_400_000).toISOString(), professionalId: doctor.id, modality: 'REMOTE', remoteProposedBy: 'EMPLOYEE' },
    });
    const session = async () => stack.db.teleconsultation.findFirst({ where: { visitId: visit.id }, select: { id: true } });
    await expect.poll(session).not.toBeNull();
    const personalLinkPath = `/teleconsultation/${personalToken(stack.linkSecret, 'employee', (await session())!.id)}`;

    const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${stack.baseUrl}/visites`);
    await signInWithBrowser(page, assistant);
    await page.getByRole('heading', { name: 'Visites', level: 1 }).waitFor();
    for (const pagePath of ['/visites', `/visites/${visit.id}`, '/taches', personalLinkPath]) {
      await page.goto(`${stack.baseUrl}${pagePath}`);
      await page.waitForLoadState('networkidle');
      const text = (await page.locator('main').textContent()) ?? '';
      // The personal link greets the employee by first names only.
      if (pagePath !== personalLinkPath) expect(text, pagePath).toContain(IMG);
      expect(text, pagePath).toContain(SCRIPT);
      expect(await page.locator('img[src="x"]').count(), pagePath).toBe(0);
    }
    expect(dialogs).toEqual([]);
    await context.close();
  });

  it('filter values built to inject SQL are ignored or refused, never run', async () => {
    const visitor = new CookieBrowser(stack.baseUrl);
    expect((await visitor.signIn(await account('ASSISTANT'))).status).toBe(302);
    const before = await stack.db.visit.count();
    for (const query of [
      `type=${encodeURIComponent("REPRISE' OR '1'='1")}`,
      `statut=${encodeURIComponent('TO_SCHEDULE; DROP TABLE "Visit"; --')}`,
      `apres=${encodeURIComponent("2026-01-01_' UNION SELECT * FROM \"Professional\" --")}`,
      `echeanceDu=${encodeURIComponent("2026-01-01' OR 1=1 --")}`,
    ]) {
      const answer = await visitor.get(`/visites?${query}`);
      expect(answer.status, query).toBeLessThan(500);
    }
    expect(await stack.db.visit.count()).toBe(before);
  });
});

describe('lockout', () => {
  /** Five wrong passwords in a row: each answer and how long the series took. */
  async function fiveWrongPasswords(email: string): Promise<{ answers: [number, string | undefined][]; ms: number }> {
    const visitor = new CookieBrowser(stack.baseUrl);
    const started = Date.now();
    const answers: [number, string | undefined][] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const answer = await visitor.post('/connexion', { email, password: 'mauvais mot de passe' });
      answers.push([answer.status, await alertOf(answer)]);
    }
    return { answers, ms: Date.now() - started };
  }

  it('five failures lock an account for 15 minutes, and an unknown address answers the same', { timeout: 60_000 }, async () => {
    const assistant = await account('ASSISTANT');
    const known = await fiveWrongPasswords(assistant.email);
    expect(known.answers).toEqual([...Array(4).fill([400, INVALID_CREDENTIALS]), [429, LOCKED]]);
    // Each failure is answered more slowly than the one before.
    expect(known.ms).toBeGreaterThan(1_500);
    const unknown = await fiveWrongPasswords(anEmail('personne'));
    expect(unknown.answers).toEqual(known.answers);
    // As slow as for an account (a missing decoy hash or delay would make it several times faster); wide
    // bounds, as the machine may be busy.
    expect(unknown.ms).toBeGreaterThan(known.ms * 0.5);
    expect(unknown.ms).toBeLessThan(known.ms * 1.5);

    // The right password is refused while the lock lasts.
    const visitor = new CookieBrowser(stack.baseUrl);
    const refused = await visitor.signIn(assistant);
    expect([refused.status, await alertOf(refused)]).toEqual([429, LOCKED]);
    expect(visitor.sessionCookie).toBeNull();
    const traces = await stack.db.auditEvent.findMany({ where: { entityId: assistant.id }, orderBy: { sequence: 'asc' }, select: { action: true } });
    expect(traces.map((trace) => trace.action)).toEqual([...Array(5).fill('auth.sign-in.failed'), 'auth.locked']);

    // Fifteen minutes later the right password opens the console, and the count starts again.
    const emailDigest = createHash('sha256').update(assistant.email).digest('hex');
    await stack.db.signInThrottle.update({ where: { emailDigest }, data: { lockedUntil: minutesAgo(0.1) } });
    const later = await visitor.signIn(assistant);
    expect([later.status, later.headers.get('location')]).toEqual([302, '/pilotage']);
    expect(await stack.db.signInThrottle.count({ where: { emailDigest } })).toBe(0);
  });

  it('wrong codes count too: the fifth locks the account', { timeout: 60_000 }, async () => {
    const doctor = await account('DOCTOR');
    const visitor = new CookieBrowser(stack.baseUrl);
    expect((await visitor.post('/connexion', { email: doctor.email, password: doctor.password })).status).toBe(302);
    const answers: [number, string | undefined][] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const answer = await visitor.post('/connexion/code', { code: aWrongCode(doctor.totpSecret!) });
      answers.push([answer.status, await alertOf(answer)]);
    }
    expect(answers).toEqual([...Array(4).fill([400, INVALID_CODE]), [429, LOCKED]]);
    // Locked: the right code is refused as well, and so is the password.
    const rightCode = await visitor.post('/connexion/code', { code: await nextTotpCode(doctor.totpSecret!) });
    expect([rightCode.status, await alertOf(rightCode)]).toEqual([429, LOCKED]);
    expect((await visitor.get('/taches')).headers.get('location')).toMatch(/^\/connexion\/code/);
    const again = await visitor.post('/connexion', { email: doctor.email, password: doctor.password });
    expect([again.status, await alertOf(again)]).toEqual([429, LOCKED]);
  });
});

describe('sessions', () => {
  it('the cookie is httpOnly and sameSite=lax, and secure behind an HTTPS proxy', async () => {
    const assistant = await account('ASSISTANT');
    const form = new URLSearchParams({ email: assistant.email, password: assistant.password });
    const send = (headers: Record<string, string> = {}) =>
      fetch(`${stack.baseUrl}/connexion`, { method: 'POST', body: form, redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers } });
    const plain = (await send()).headers.get('set-cookie')!;
    expect(plain).toMatch(/HttpOnly/);
    expect(plain).toMatch(/SameSite=Lax/);
    expect(plain).not.toMatch(/Secure/);
    expect((await send({ 'X-Forwarded-Proto': 'https' })).headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('ends after 30 minutes without a request, and 12 hours after sign-in in any case', async () => {
    const assistant = await account('ASSISTANT');
    const visitor = new CookieBrowser(stack.baseUrl);
    await visitor.signIn(assistant);
    const { id } = await stack.db.session.findFirstOrThrow({ where: { professionalId: assistant.id }, select: { id: true } });

    // A request refreshes lastSeenAt when the last one is more than a minute old.
    await stack.db.session.update({ where: { id }, data: { lastSeenAt: minutesAgo(5) } });
    expect((await visitor.get('/visites')).status).toBe(200);
    const { lastSeenAt } = await stack.db.session.findUniqueOrThrow({ where: { id }, select: { lastSeenAt: true } });
    expect(Date.now() - lastSeenAt.getTime()).toBeLessThan(10_000);

    await stack.db.session.update({ where: { id }, data: { lastSeenAt: minutesAgo(31) } });
    const idle = await visitor.get('/visites');
    expect([idle.status, idle.headers.get('location')]).toEqual([302, '/connexion?redirectTo=%2Fvisites']);
    expect(await stack.db.session.count({ where: { id } })).toBe(0);

    await visitor.signIn(assistant);
    expect((await visitor.get('/visites')).status).toBe(200);
    await stack.db.session.updateMany({ where: { professionalId: assistant.id }, data: { expiresAt: minutesAgo(0.1) } });
    const expired = await visitor.get('/visites');
    expect([expired.status, expired.headers.get('location')]).toEqual([302, '/connexion?redirectTo=%2Fvisites']);
  });

  it('« Se déconnecter partout » ends the session of every browser', async () => {
    const doctor = await account('DOCTOR');
    const [laptop, phone] = [new CookieBrowser(stack.baseUrl), new CookieBrowser(stack.baseUrl)];
    await laptop.signIn(doctor);
    await phone.signIn(doctor);
    expect([(await laptop.get('/taches')).status, (await phone.get('/taches')).status]).toEqual([200, 200]);
    expect(await pageOf(await laptop.get('/securite'))).toContain('2 sessions ouvertes avec votre compte');

    const out = await laptop.post('/securite', { intent: 'deconnexion-partout' });
    expect([out.status, out.headers.get('location')]).toEqual([302, '/connexion']);
    const phoneAfter = await phone.get('/taches');
    expect([phoneAfter.status, phoneAfter.headers.get('location')]).toEqual([302, '/connexion?redirectTo=%2Ftaches']);
    expect(await stack.db.session.count({ where: { professionalId: doctor.id } })).toBe(0);
    expect(await stack.db.auditEvent.count({ where: { entityId: doctor.id, action: 'auth.sessions.revoked', reason: '2 session(s) fermée(s)' } })).toBe(1);
  });
});

describe('a new password', () => {
  it('needs the current one, and ends every session of the account', async () => {
    const assistant = await account('ASSISTANT');
    const [here, elsewhere] = [new CookieBrowser(stack.baseUrl), new CookieBrowser(stack.baseUrl)];
    await here.signIn(assistant);
    await elsewhere.signIn(assistant);
    const newPassword = 'Une toute nouvelle phrase de passe';

    const wrongCurrent = await here.post('/securite', { intent: 'mot-de-passe', currentPassword: 'pas le bon', newPassword, confirmation: newPassword });
    expect(wrongCurrent.status).toBe(400);
    expect(await pageOf(wrongCurrent)).toContain('Mot de passe actuel incorrect');
    const tooShort = await here.post('/securite', { intent: 'mot-de-passe', currentPassword: assistant.password, newPassword: 'court', confirmation: 'court' });
    expect(await pageOf(tooShort)).toContain('Le nouveau mot de passe doit compter au moins 12 caractères');

    const changed = await here.post('/securite', { intent: 'mot-de-passe', currentPassword: assistant.password, newPassword, confirmation: newPassword });
    expect([changed.status, changed.headers.get('location')]).toEqual([302, '/connexion']);
    expect((await elsewhere.get('/visites')).headers.get('location')).toBe('/connexion?redirectTo=%2Fvisites');
    expect(await stack.db.session.count({ where: { professionalId: assistant.id } })).toBe(0);
    expect((await new CookieBrowser(stack.baseUrl).signIn(assistant)).status).toBe(400);
    const signedIn = await new CookieBrowser(stack.baseUrl).signIn({ ...assistant, password: newPassword });
    expect(signedIn.headers.get('location')).toBe('/pilotage');
    expect(await stack.db.auditEvent.count({ where: { entityId: assistant.id, action: 'auth.password.changed', reason: '2 session(s) fermée(s)' } })).toBe(1);
  });
});

describe('the public API', () => {
  const visits = (key: string, headers: Record<string, string> = {}) =>
    fetch(`${stack.baseUrl}/api/v1/visits?limit=1`, { headers: { Authorization: `Bearer ${key}`, ...headers } });

  it('limits each key to its requests per minute, without slowing the other keys', async () => {
    const key = randomBytes(32).toString('base64url');
    const { id } = await stack.db.apiKey.create({ data: { name: 'Intégration limitée', keyHash: hashApiKey(key), rateLimitPerMinute: 3 } });
    const answers = [];
    for (let request = 0; request < 4; request += 1) answers.push(await visits(key));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
    const refused = answers[3]!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(await refused.json()).toEqual({
      error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^Trop de requêtes avec cette clé d’API : 3 par minute au plus\. Réessayez dans \d+ s\.$/) },
    });
    expect((await visits(stack.apiKey)).status).toBe(200);

    // The next minute, the key has its budget again.
    await stack.db.apiKey.update({ where: { id }, data: { rateWindowStart: minutesAgo(1.1) } });
    expect((await visits(key)).status).toBe(200);
  });

  it('answers no cross-origin request: no CORS header, a preflight refused', async () => {
    const origin = { Origin: 'https://autre-site.example' };
    const read = await visits(stack.apiKey, origin);
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${stack.baseUrl}/api/v1/visits`, {
      method: 'OPTIONS',
      headers: { ...origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    expect(preflight.status).toBe(405);
    expect([...preflight.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });
});

/** The cells of a CSV line whose every cell is quoted. */
function csvCells(line: string): string[] {
  return [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((match) => match[1]!.replaceAll('""', '"'));
}

describe('the audit trail (R-DATA-2)', () => {
  it('chains every entry without a gap, even written concurrently', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        appendAuditEvent(stack.db, { actorId: null, actorLabel: 'Test « concurrent »', action: 'test.concurrent', entityType: 'Test', entityId: String(index), reason: 'ligne\nsuivante ; "guillemets" é' }),
      ),
    );
    const sequences = (await stack.db.auditEvent.findMany({ orderBy: { sequence: 'asc' }, select: { sequence: true } })).map((row) => row.sequence);
    expect(sequences).toEqual(sequences.map((_, index) => BigInt(index + 1)));
    expect(await verifyAuditChain(stack.db)).toEqual({ intact: true, length: BigInt(sequences.length) });
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    const before = await stack.db.auditEvent.count();
    await expect(stack.db.auditEvent.updateMany({ data: { reason: 'effacé' } })).rejects.toThrow(/ajout seul : UPDATE refusé/);
    await expect(stack.db.auditEvent.deleteMany({})).rejects.toThrow(/ajout seul : DELETE refusé/);
    await expect(stack.db.$executeRawUnsafe('TRUNCATE "AuditEvent"')).rejects.toThrow(/ajout seul : TRUNCATE refusé/);
    expect(await stack.db.auditEvent.count()).toBe(before);
  });

  it('/admin/journal is for administrators: filters, pages, and exports the filtered rows as CSV', { timeout: 60_000 }, async () => {
    const [admin, doctor, assistant] = await Promise.all([account('ADMIN'), account('DOCTOR'), account('ASSISTANT')]);
    for (const other of [doctor, assistant]) {
      const visitor = new CookieBrowser(stack.baseUrl);
      await visitor.signIn(other);
      expect([(await visitor.get('/admin/journal')).status, (await visitor.get('/admin/journal.csv')).status]).toEqual([403, 403]);
    }
    const intruder = anEmail('intrus');
    await new CookieBrowser(stack.baseUrl).post('/connexion', { email: intruder, password: 'devine' });
    await Promise.all(
      Array.from({ length: 60 }, (_, index) => appendAuditEvent(stack.db, { actorId: null, actorLabel: 'Pagination', action: 'test.page', entityType: 'Test', entityId: String(index) })),
    );

    const visitor = new CookieBrowser(stack.baseUrl);
    await visitor.signIn(admin);
    const journal = await visitor.get('/admin/journal');
    expect(journal.status).toBe(200);
    expect(await pageOf(journal)).toMatch(/Chaîne intègre : les \d+ entrées se suivent/);

    // 50 a page, newest first; the next page goes on below the last sequence shown.
    const firstPage = await (await visitor.get('/admin/journal?action=test.page')).text();
    expect(firstPage.match(/<code>test\.page<\/code>/g)).toHaveLength(50);
    const next = /href="(\/admin\/journal\?action=test\.page&amp;avant=\d+)"/.exec(firstPage)![1]!.replaceAll('&amp;', '&');
    expect((await (await visitor.get(next)).text()).match(/<code>test\.page<\/code>/g)).toHaveLength(10);

    const today = parisCivilDate(new Date());
    const csv = await visitor.get(`/admin/journal.csv?${new URLSearchParams({ entite: intruder, du: today, au: today })}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="journal-audit-${today}.csv"`);
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trimEnd().split('\r\n').map(csvCells);
    expect(lines[0]).toEqual(['N°', 'Date (heure de Paris)', 'Acteur', 'Identifiant de l’acteur', 'Action', 'Type d’entité', 'Entité', 'Motif', 'Adresse IP', 'Empreinte']);
    expect(lines.slice(1).map((cells) => [cells[2], cells[4], cells[5], cells[6], cells[7]])).toEqual([
      ['Personne non connectée', 'auth.sign-in.failed', 'Account', intruder, 'Mot de passe invalide (tentative 1 sur 5)'],
    ]);
    expect(lines[1]![9]).toMatch(/^[0-9a-f]{64}$/);
    const exports = await stack.db.auditEvent.findMany({ where: { actorId: admin.id, action: 'audit.export' }, select: { reason: true } });
    expect(exports).toEqual([{ reason: expect.stringMatching(/^1 entrée\(s\) ; filtres : entite=/) }]);
  });

  it('an entry altered behind the trigger breaks the chain at its sequence, and the journal says so', async () => {
    const admin = await account('ADMIN');
    const { sequence } = await appendAuditEvent(stack.db, { actorId: null, actorLabel: 'Témoin', action: 'test.tampered', entityType: 'Test', entityId: 'x', reason: 'motif d’origine' });
    await appendAuditEvent(stack.db, { actorId: null, actorLabel: 'Témoin', action: 'test.after', entityType: 'Test', entityId: 'y' });
    expect((await verifyAuditChain(stack.db)).intact).toBe(true);

    // What only the database's owner can do: switch the guard off, rewrite a trace, switch it on again.
    await stack.db.$executeRawUnsafe('ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_append_only');
    await stack.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET reason = 'motif réécrit' WHERE sequence = ${sequence}`);
    await stack.db.$executeRawUnsafe('ALTER TABLE "AuditEvent" ENABLE TRIGGER audit_event_append_only');

    expect(await verifyAuditChain(stack.db)).toEqual({ intact: false, brokenAt: sequence, problem: 'hash' });
    const visitor = new CookieBrowser(stack.baseUrl);
    await visitor.signIn(admin);
    expect(await pageOf(await visitor.get('/admin/journal'))).toContain(`Chaîne rompue à l’entrée n° ${sequence}`);
  });
});
