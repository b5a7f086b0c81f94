// The public API under bad input and retries, against the real stack: generated bad requests always get a
// 4xx with a structured French message and write nothing; a POST repeated with the same Idempotency-Key
// creates one resource.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCaller, domainRowCounts, employeeInput, type ApiAnswer, type ApiCall } from '../support/api-client.js';
import { startConsoleStack, type ConsoleStack } from '../support/console-stack.js';
import { randomSiret } from '../support/factories.js';

let stack: ConsoleStack;
let api: ApiCall;
let employerId: string;
let employeeId: string;

beforeAll(async () => {
  stack = await startConsoleStack();
  api = apiCaller(stack);
  employerId = (await api('POST', '/employers', { json: { name: 'Adhérent du test de robustesse', siret: randomSiret() } })).body.id;
  employeeId = (await api('POST', '/employees', { json: { ...employeeInput(employerId), birthName: `Robuste-${randomUUID().slice(0, 8)}` } })).body.id;
});

afterAll(async () => {
  await stack?.stop();
});

/** zod's and JavaScript's own English messages would mean a schema or a handler forgot its French. */
function expectStructuredFrenchError(answer: ApiAnswer): void {
  expect(answer.status).toBeGreaterThanOrEqual(400);
  expect(answer.status).toBeLessThan(500);
  expect(typeof answer.body.error.code).toBe('string');
  const messages = [answer.body.error.message, ...Object.values(answer.body.error.fields ?? {})] as string[];
  for (const message of messages) {
    expect(message).toMatch(/\S/);
    expect(message).not.toMatch(/\b(Expected|Required|Invalid (input|date|type|enum)|received|undefined|TypeError|at \w+ \()/);
  }
}

/** Values that break a field one way or another: wrong types, sizes, dates, enums, injection attempts. */
const badValue = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string({ maxLength: 12 }),
  fc.constant('x'.repeat(100_000)),
  fc.constantFrom('2026-02-30', '31/12/2026', '2026-13-01', '0000-00-00', '2026-1-1', '1800-01-01'),
  fc.constantFrom('UNKNOWN', 'sis', '', ' ', 'ILLNESS ', 'ÉLECTRIQUE'),
  fc.constantFrom(`'; DROP TABLE "Employee"; --`, '{"$gt":""}', '<img src=x onerror=alert(1)>', '\u0000', '../../etc/passwd'),
  fc.array(fc.jsonValue(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue(), { maxKeys: 3 }),
);

/** A valid input with one (possibly nested) field replaced or removed. */
function mutated(valid: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const paths = Object.entries(valid).flatMap(([key, value]) =>
    value && typeof value === 'object' && !Array.isArray(value) ? [[key], ...Object.keys(value).map((inner) => [key, inner])] : [[key]],
  );
  return fc.record({ path: fc.constantFrom(...paths), value: fc.option(badValue, { nil: undefined }) }).map(({ path, value }) => {
    const copy = structuredClone(valid);
    const parent = (path.length === 2 ? copy[path[0]!] : copy) as Record<string, unknown>;
    if (value === undefined) delete parent[path.at(-1)!];
    else parent[path.at(-1)!] = value;
    return copy;
  });
}

/**
 * The rows a request writes itself. Visits are left out: an accepted employee's follow-up workflow opens
 * its visits a moment after the 201, so they would land in the middle of a later request's count.
 */
async function requestRowCounts() {
  const { visits: _openedByWorkflows, ...rows } = await domainRowCounts(stack.db);
  return rows;
}

/**
 * Sends each generated request: whatever the input, never a 5xx; a refusal is structured, in French and
 * leaves the database as it was; an acceptance creates exactly what it says.
 */
async function fuzz(path: string, inputs: fc.Arbitrary<unknown>, rowsCreatedOnSuccess: Partial<Awaited<ReturnType<typeof requestRowCounts>>>) {
  await fc.assert(
    fc.asyncProperty(inputs, async (input) => {
      const before = await requestRowCounts();
      const answer = await api('POST', path, { json: input });
      const after = await requestRowCounts();
      if (answer.status < 300) {
        expect(answer.status).toBe(201);
        for (const [table, created] of Object.entries(rowsCreatedOnSuccess)) expect(after[table as keyof typeof after] - before[table as keyof typeof before]).toBe(created);
      } else {
        expectStructuredFrenchError(answer);
        expect(after).toEqual(before);
      }
    }),
    { numRuns: 40 },
  );
}

describe('generated bad input', () => {
  it('POST /employers', async () => {
    await fuzz('/employers', mutated({ name: 'Menuiserie Robert', siret: randomSiret() }), { employers: 1 });
  });

  it('POST /employees', async () => {
    await fuzz('/employees', mutated({ ...employeeInput(employerId), birthName: `Fuzz-${randomUUID().slice(0, 8)}` }), { employees: 1, posts: 1 });
  });

  it('a date that is not one, where a rule compares dates, is a 400 (found by this fuzzing: it was a 500)', async () => {
    for (const field of ['birthDate', 'hireDate']) {
      const answer = await api('POST', '/employees', { json: { ...employeeInput(employerId), [field]: 'UNKNOWN' } });
      expect(answer.status).toBe(400);
      expectStructuredFrenchError(answer);
    }
  });

  it('a NUL character in a text is a 400, not an event whose write fails forever (found by this fuzzing)', async () => {
    const event = { type: 'POST_CHANGED', date: '2026-10-01', post: { title: 'Cariste\u0000', risks: [], nightWork: false } };
    const answer = await api('POST', `/employees/${employeeId}/events`, { json: event });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields['post.title']).toMatch(/caractère nul/);
  });

  it('POST /work-stoppages', async () => {
    await fuzz('/work-stoppages', mutated({ employeeId, cause: 'ILLNESS', startDate: '2026-01-05', returnDate: '2026-01-20' }), { stoppages: 1 });
  });

  it('POST /employees/{id}/events', async () => {
    const event = fc.oneof(
      mutated({ type: 'POST_CHANGED', date: '2026-10-01', post: { title: 'Cariste', risks: [], nightWork: false } }),
      mutated({ type: 'SITUATION_CHANGED', date: '2026-10-01', disabled: true }),
      fc.dictionary(fc.string({ maxLength: 8 }), badValue, { maxKeys: 4 }),
    );
    await fuzz(`/employees/${employeeId}/events`, event, {});
  });

  it('bodies that are not a JSON object, and query strings that make no sense', async () => {
    const rawBodies = fc.oneof(fc.string({ maxLength: 40 }), fc.jsonValue().map((value) => JSON.stringify(value)), fc.constant('{"name":'));
    await fc.assert(
      fc.asyncProperty(rawBodies, fc.constantFrom('/employers', '/employees', '/work-stoppages'), async (raw, path) => {
        const before = await requestRowCounts();
        const answer = await api('POST', path, { raw });
        if (answer.status >= 300) {
          expectStructuredFrenchError(answer);
          expect(await requestRowCounts()).toEqual(before);
        }
      }),
      { numRuns: 40 },
    );
    const queries = fc.dictionary(fc.constantFrom('status', 'type', 'limit', 'employeeId', 'cursor'), fc.string({ maxLength: 30 }), { maxKeys: 3 });
    await fc.assert(
      fc.asyncProperty(queries, async (query) => {
        const answer = await api('GET', `/visits?${new URLSearchParams(query)}`);
        if (answer.status !== 200) expectStructuredFrenchError(answer);
      }),
      { numRuns: 40 },
    );
  });
});

describe('Idempotency-Key', () => {
  it('answers a repeated POST with the first answer and creates one employer', async () => {
    const key = randomUUID();
    const input = { name: 'Garage Martin', siret: randomSiret() };
    const first = await api('POST', '/employers', { json: input, headers: { 'Idempotency-Key': key } });
    const again = await api('POST', '/employers', { json: input, headers: { 'Idempotency-Key': key } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await stack.db.employer.count({ where: { siret: input.siret } })).toBe(1);
  });

  it('creates one employee when the same request races itself', async () => {
    const key = randomUUID();
    const birthName = `Doublon-${randomUUID().slice(0, 8)}`;
    const input = { ...employeeInput(employerId), birthName };
    const answers = await Promise.all(Array.from({ length: 6 }, () => api('POST', '/employees', { json: input, headers: { 'Idempotency-Key': key } })));
    const created = answers.filter((answer) => answer.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((answer) => answer.body.id)).size).toBe(1);
    for (const answer of answers.filter((answer) => answer.status !== 201)) {
      expect(answer.status).toBe(409);
      expect(answer.headers.get('retry-after')).toBe('1');
      expectStructuredFrenchError(answer);
    }
    expect(await stack.db.employee.count({ where: { birthName } })).toBe(1);
    const replayed = await api('POST', '/employees', { json: input, headers: { 'Idempotency-Key': key } });
    expect(replayed.body.id).toBe(created[0]!.body.id);
  });

  it('refuses the same key with another request, and a malformed key', async () => {
    const key = randomUUID();
    expect((await api('POST', '/employers', { json: { name: 'Premier', siret: randomSiret() }, headers: { 'Idempotency-Key': key } })).status).toBe(201);
    const otherSiret = randomSiret();
    const reused = await api('POST', '/employers', { json: { name: 'Second', siret: otherSiret }, headers: { 'Idempotency-Key': key } });
    expect(reused.status).toBe(422);
    expectStructuredFrenchError(reused);
    expect(await stack.db.employer.count({ where: { siret: otherSiret } })).toBe(0);

    const malformed = await api('POST', '/employers', { json: { name: 'Tiers', siret: randomSiret() }, headers: { 'Idempotency-Key': 'x'.repeat(300) } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/Idempotency-Key/);
  });

  it('keeps a refusal too: the same invalid request gets the same French answer', async () => {
    const key = randomUUID();
    const first = await api('POST', '/employers', { json: { name: 'Sans SIRET' }, headers: { 'Idempotency-Key': key } });
    const again = await api('POST', '/employers', { json: { name: 'Sans SIRET' }, headers: { 'Idempotency-Key': key } });
    expect(first.status).toBe(400);
    expect(again.status).toBe(400);
    expect(again.body).toEqual(first.body);
  });
});
