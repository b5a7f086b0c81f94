// Issue 7, deployment beyond one machine: consoles are stateless. Two console processes share PostgreSQL,
// Temporal and their secrets as behind a load balancer: a session opened on one works on the other and ends on
// both, an API retry reaching the other instance is recognised, and one instance dying leaves the other serving.
// (Two workers, one of them killed again and again: test/reliability.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { employeeInput } from '../support/api-client.js';
import { startConsoleStack, type ConsoleStack } from '../support/console-stack.js';
import { randomSiret } from '../support/factories.js';
import { aStaffAccount, CookieBrowser } from '../support/staff.js';

let stack: ConsoleStack;
let first: string;
let second: string;

beforeAll(async () => {
  stack = await startConsoleStack({ consoles: 2 });
  first = stack.baseUrl;
  second = stack.otherConsole!.baseUrl;
});

afterAll(() => stack?.stop());

function post(baseUrl: string, path: string, body: unknown, idempotencyKey: string): Promise<Response> {
  return fetch(`${baseUrl}/api/v1${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${stack.apiKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
    body: JSON.stringify(body),
  });
}

describe('two consoles behind a load balancer', () => {
  it('a session opened on one console works on the other, and signing out on the other ends it on both', async () => {
    const assistant = await aStaffAccount(stack, { role: 'ASSISTANT', displayName: 'Nora Petit', email: 'nora.petit@spsti.test' });
    const onFirst = new CookieBrowser(first);
    expect((await onFirst.signIn(assistant)).status).toBe(302);
    const cookie = onFirst.sessionCookie!;
    const asBrowser = (baseUrl: string) => fetch(`${baseUrl}/visites`, { headers: { Cookie: cookie }, redirect: 'manual' });
    expect((await asBrowser(second)).status).toBe(200);

    const signOut = await fetch(`${second}/deconnexion`, { method: 'POST', headers: { Cookie: cookie }, redirect: 'manual' });
    expect(signOut.status).toBe(302);
    for (const baseUrl of [first, second]) {
      expect((await asBrowser(baseUrl)).headers.get('location'), baseUrl).toMatch(/^\/connexion\?/);
    }
  });

  it('an API retry that reaches the other console gets the first answer, and creates nothing twice', async () => {
    const employer = { name: 'Transports Lemaire', siret: randomSiret() };
    const created = await post(first, '/employers', employer, 'creation-lemaire-1');
    expect(created.status).toBe(201);
    const { id: employerId } = (await created.json()) as { id: string };
    const retried = await post(second, '/employers', employer, 'creation-lemaire-1');
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(await retried.json()).toMatchObject({ id: employerId });
    expect(await stack.db.employer.count({ where: { siret: employer.siret } })).toBe(1);

    // The same hire sent to both at once: one runs, the other answers the first's result or « in progress » (409).
    const answers = await Promise.all([
      post(first, '/employees', employeeInput(employerId), 'embauche-lemaire-1'),
      post(second, '/employees', employeeInput(employerId), 'embauche-lemaire-1'),
    ]);
    const statuses = answers.map((answer) => answer.status);
    expect(statuses).toContain(201);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    expect(await stack.db.employee.count({ where: { employerId } })).toBe(1);
  });

  it('when one console dies, the other keeps serving pages and the API', async () => {
    await stack.otherConsole!.kill();
    await expect(fetch(`${second}/healthz`)).rejects.toThrow();
    expect((await fetch(`${first}/readyz`)).status).toBe(200);
    const created = await post(first, '/employers', { name: 'Boulangerie Caron', siret: randomSiret() }, 'creation-caron-1');
    expect(created.status).toBe(201);
  });
});
