// Issue 6, IDOR on the API: a member company's API key sees and changes only its own company's employees and
// visits; another company's are « introuvables » (404) and stay unchanged, and registering a member company is
// refused (403). The service's own key still sees everything.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../activities/domain/credentials.js';
import { parisCivilDate, plusDays } from '../../workflows/rules/calendar.js';
import { aReturnVisitThroughApi, employeeInput } from '../support/api-client.js';
import { startConsoleStack, type ConsoleStack } from '../support/console-stack.js';
import { randomSiret } from '../support/factories.js';
import { aStaffAccount, CookieBrowser } from '../support/staff.js';

let stack: ConsoleStack;

beforeAll(async () => {
  stack = await startConsoleStack();
});

afterAll(() => stack?.stop());

async function companyKey(employerId: string): Promise<string> {
  const key = randomBytes(32).toString('base64url');
  await stack.db.apiKey.create({ data: { name: 'SIRH de l’entreprise', keyHash: hashApiKey(key), employerId } });
  return key;
}

function call(key: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
  return fetch(`${stack.baseUrl}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function employerOf(visitId: string) {
  return (await stack.db.visit.findUniqueOrThrow({ where: { id: visitId }, select: { employee: { select: { id: true, employerId: true } } } })).employee;
}

describe('API keys of member companies', () => {
  it('see only their company; another company’s visit, employee and follow-up are not found and stay unchanged', { timeout: 60_000 }, async () => {
    const ours = await aReturnVisitThroughApi(stack, { employerName: 'Atelier Dumas', birthName: 'Dumas', firstNames: 'Léo' });
    const theirs = await aReturnVisitThroughApi(stack, { employerName: 'Clinique Lenoir', birthName: 'Lenoir', firstNames: 'Anna' });
    const [a, b] = [await employerOf(ours.id), await employerOf(theirs.id)];
    const key = await companyKey(a.employerId);

    const listed = (await (await call(key, 'GET', '/visits?limit=500')).json()) as { visits: { id: string }[] };
    expect(listed.visits.map((visit) => visit.id)).toContain(ours.id);
    expect(listed.visits.map((visit) => visit.id)).not.toContain(theirs.id);
    const everything = (await (await call(stack.apiKey, 'GET', '/visits?limit=500')).json()) as { visits: { id: string }[] };
    expect(everything.visits.map((visit) => visit.id)).toEqual(expect.arrayContaining([ours.id, theirs.id]));

    expect((await call(key, 'GET', `/visits/${ours.id}`)).status).toBe(200);
    expect((await call(key, 'GET', `/employees/${a.id}/follow-up`)).status).toBe(200);
    const stoppagesBefore = await stack.db.workStoppage.count({ where: { employeeId: b.id } });
    const visitsBefore = await stack.db.visit.count({ where: { employeeId: b.id } });
    const today = parisCivilDate(new Date());
    const attempts: [string, Promise<Response>][] = [
      ['visit', call(key, 'GET', `/visits/${theirs.id}`)],
      ['follow-up', call(key, 'GET', `/employees/${b.id}/follow-up`)],
      ['event', call(key, 'POST', `/employees/${b.id}/events`, { type: 'VISIT_REQUESTED', date: today, requestedBy: 'EMPLOYER', reason: 'Demande de l’employeur' })],
      ['stoppage', call(key, 'POST', '/work-stoppages', { employeeId: b.id, cause: 'WORK_ACCIDENT', startDate: plusDays(today, -40), returnDate: today })],
    ];
    for (const [what, attempt] of attempts) {
      const response = await attempt;
      expect(response.status, what).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code, what).toBe('NOT_FOUND');
    }
    expect(await stack.db.workStoppage.count({ where: { employeeId: b.id } })).toBe(stoppagesBefore);
    expect(await stack.db.visit.count({ where: { employeeId: b.id } })).toBe(visitsBefore);
  });

  it('hire only into their own company, and never register a member company', { timeout: 60_000 }, async () => {
    const ours = await aReturnVisitThroughApi(stack, { employerName: 'Boulangerie Roche', birthName: 'Roche', firstNames: 'Inès' });
    const theirs = await aReturnVisitThroughApi(stack, { employerName: 'Garage Vidal', birthName: 'Vidal', firstNames: 'Tom' });
    const [a, b] = [await employerOf(ours.id), await employerOf(theirs.id)];
    const key = await companyKey(a.employerId);

    const elsewhere = await call(key, 'POST', '/employees', { ...employeeInput(b.employerId), birthName: 'Intrus' });
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.json()).toMatchObject({ error: { code: 'VALIDATION', fields: { employerId: 'Aucun adhérent avec cet identifiant' } } });
    expect(await stack.db.employee.count({ where: { birthName: 'Intrus' } })).toBe(0);
    expect((await call(key, 'POST', '/employees', { ...employeeInput(a.employerId), birthName: 'Recrue' })).status).toBe(201);

    const registering = await call(key, 'POST', '/employers', { name: 'Filiale', siret: randomSiret() });
    expect(registering.status).toBe(403);
    expect(await registering.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(await stack.db.employer.count({ where: { name: 'Filiale' } })).toBe(0);
  });

  it('an administrator creates a company key shown once, sees its last use, and revokes it; all audited', { timeout: 60_000 }, async () => {
    const ours = await aReturnVisitThroughApi(stack, { employerName: 'Cave Girard', birthName: 'Girard', firstNames: 'Eva' });
    const a = await employerOf(ours.id);
    const admin = await aStaffAccount(stack, { role: 'ADMIN', displayName: 'Admin Clés', email: 'admin.cles@spsti.test' });
    const browser = new CookieBrowser(stack.baseUrl);
    expect((await browser.signIn(admin)).status).toBe(302);
    const page = async () => (await (await browser.get('/admin/cles-api')).text()).replaceAll('<!-- -->', '');

    const invalid = await browser.post('/admin/cles-api', { intent: 'create', name: '', employerId: a.employerId, rateLimitPerMinute: '0' });
    expect(invalid.status).toBe(400);
    const invalidHtml = (await invalid.text()).replaceAll('<!-- -->', '');
    expect(invalidHtml).toContain('Nommez la clé (3 caractères au moins)');
    expect(invalidHtml).toContain('1 requête par minute au moins');

    const created = await browser.post('/admin/cles-api', { intent: 'create', name: 'SIRH Cave Girard', employerId: a.employerId, rateLimitPerMinute: '120' });
    expect(created.status).toBe(200);
    const value = /spsti_[A-Za-z0-9_-]{43}/.exec(await created.text())?.[0];
    expect(value).toBeDefined();
    const row = await stack.db.apiKey.findFirstOrThrow({ where: { name: 'SIRH Cave Girard' } });
    expect(row).toMatchObject({ keyHash: hashApiKey(value!), employerId: a.employerId, rateLimitPerMinute: 120, lastUsedAt: null });
    expect(await page()).not.toContain(value!);

    const listed = (await (await call(value!, 'GET', '/visits')).json()) as { visits: { id: string }[] };
    expect(listed.visits.map((visit) => visit.id)).toContain(ours.id);
    const used = await page();
    const lastUse = used.slice(used.indexOf('SIRH Cave Girard'));
    expect(lastUse).toContain('Cave Girard');
    expect(lastUse.slice(0, lastUse.indexOf('</tr>'))).not.toContain('jamais');

    const revoked = await browser.post('/admin/cles-api', { intent: 'revoke', keyId: row.id });
    expect(revoked.status).toBe(200);
    expect((await call(value!, 'GET', '/visits')).status).toBe(401);
    expect(await stack.db.auditEvent.findMany({ where: { entityId: row.id }, orderBy: { sequence: 'asc' }, select: { action: true, actorId: true } })).toEqual([
      { action: 'api-key.create', actorId: admin.id },
      { action: 'api-key.revoke', actorId: admin.id },
    ]);
  });
});
