// Public API v1 against the real stack: remix-serve, PostgreSQL and a Temporal worker.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { hashApiKey } from '../../activities/domain/credentials.js';
import { employeeInputSchema } from '../../activities/domain/employees.js';
import { employerInputSchema } from '../../activities/domain/employers.js';
import { workStoppageInputSchema } from '../../activities/domain/work-stoppages.js';
import { followUpEventSchema } from '../../workflows/follow-up/messages.js';
import { parisCivilDate, plusDays } from '../../workflows/rules/calendar.js';
import { apiCaller, domainRowCounts, employeeInput, type ApiAnswer, type ApiCall } from '../support/api-client.js';
import { startConsoleStack, type ConsoleStack } from '../support/console-stack.js';
import { randomSiret } from '../support/factories.js';

let stack: ConsoleStack;
let api: ApiCall;

beforeAll(async () => {
  stack = await startConsoleStack();
  api = apiCaller(stack);
});

afterAll(async () => {
  await stack?.stop();
});

async function anEmployer(): Promise<string> {
  const created = await api('POST', '/employers', { json: { name: 'Transports Lefèvre', siret: randomSiret() } });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

async function anEmployeeId(post?: Parameters<typeof employeeInput>[1]): Promise<string> {
  const created = await api('POST', '/employees', { json: employeeInput(await anEmployer(), post) });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

/**
 * A person of their own, hired today. The other tests' Camille Durand works for many employers, and
 * R-MULTI-1 leaves her periodic follow-up (and its visits) to the oldest one.
 */
async function aNewHireId(): Promise<string> {
  const input = { ...employeeInput(await anEmployer()), birthName: `Durand-${randomUUID().slice(0, 8)}`, hireDate: parisCivilDate(new Date()) };
  const created = await api('POST', '/employees', { json: input });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

/** A stoppage of `days` days (returnDate − startDate) whose return is `returnInDays` from today. */
function stoppage(employeeId: string, cause: string, days: number, returnInDays = 3) {
  const returnDate = plusDays(parisCivilDate(new Date()), returnInDays);
  return { employeeId, cause, startDate: plusDays(returnDate, -days), returnDate };
}

/** Sends a bad request and checks that it changed nothing in the database. */
async function expectRejectedWithoutWrites(send: () => Promise<ApiAnswer>): Promise<ApiAnswer> {
  const before = await domainRowCounts(stack.db);
  const answer = await send();
  expect(answer.status).toBe(400);
  expect(answer.body.error.code).toBe('VALIDATION');
  expect(await domainRowCounts(stack.db)).toEqual(before);
  return answer;
}

describe('employers and employees', () => {
  it('registers an employer and answers 201 with its id', async () => {
    const answer = await api('POST', '/employers', { json: { name: 'Boulangerie Petit', siret: randomSiret() } });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(await stack.db.employer.findUnique({ where: { id: answer.body.id }, select: { name: true } })).toEqual({ name: 'Boulangerie Petit' });
  });

  it('refuses a second employer with the same SIRET (409)', async () => {
    const siret = randomSiret();
    expect((await api('POST', '/employers', { json: { name: 'Première', siret } })).status).toBe(201);
    const duplicate = await api('POST', '/employers', { json: { name: 'Seconde', siret } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toMatchObject({ code: 'CONFLICT', fields: { siret: 'SIRET déjà enregistré' } });
  });

  it.each([
    ['R-CAT-3: an asbestos post is followed under SIR', { title: 'Désamianteur', risks: ['ASBESTOS'] }, 'SIR'],
    ['R-CAT-2: a night-work post is followed under SIA', { title: 'Agent de nuit', nightWork: true }, 'SIA'],
    ['R-CAT-1: a post with no listed risk is followed under SIS', { title: 'Comptable' }, 'SIS'],
  ])('%s', async (_name, post, category) => {
    const answer = await api('POST', '/employees', { json: employeeInput(await anEmployer(), post) });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ id: expect.any(String), followUpCategory: category });
  });
});

describe('work stoppages and the return visit', () => {
  it('R-REPRISE-1: a 29-day work accident needs no return visit', async () => {
    const employeeId = await anEmployeeId();
    const answer = await api('POST', '/work-stoppages', { json: stoppage(employeeId, 'WORK_ACCIDENT', 29) });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ id: expect.any(String), visits: [] });
    expect(await stack.db.visit.count({ where: { employeeId, type: 'REPRISE' } })).toBe(0);
  });

  it('R-REPRISE-1, R-REPRISE-2: a 30-day work accident opens one return visit due within 8 days of the return', async () => {
    const employeeId = await anEmployeeId();
    const input = stoppage(employeeId, 'WORK_ACCIDENT', 30);
    const answer = await api('POST', '/work-stoppages', { json: input });
    expect(answer.status).toBe(201);
    expect(answer.body.visits).toHaveLength(1);
    const [visit] = answer.body.visits;
    expect(visit).toMatchObject({
      employeeId,
      type: 'REPRISE',
      status: 'TO_SCHEDULE',
      dueDate: input.returnDate,
      deadline: plusDays(input.returnDate, 8),
      overdue: false,
      appointmentAt: null,
    });
    // Its workflow runs: it opens the scheduling task for the assistants.
    const description = await stack.temporal.client.workflow.getHandle(visit.workflowId).describe();
    expect(description.status.name).toBe('RUNNING');
    await expect.poll(() => stack.db.humanTask.count({ where: { visitId: visit.id, kind: 'SCHEDULING', role: 'ASSISTANT' } })).toBe(1);
  });

  it('R-REPRISE-1: an occupational disease needs a return visit whatever its length', async () => {
    const employeeId = await anEmployeeId();
    const answer = await api('POST', '/work-stoppages', { json: stoppage(employeeId, 'OCCUPATIONAL_DISEASE', 1, 1) });
    expect(answer.status).toBe(201);
    expect(answer.body.visits).toEqual([expect.objectContaining({ type: 'REPRISE', employeeId })]);
  });
});

describe('reading visits', () => {
  let employeeId: string;
  let visitId: string;

  beforeAll(async () => {
    employeeId = await anEmployeeId();
    const declared = await api('POST', '/work-stoppages', { json: stoppage(employeeId, 'MATERNITY', 112) });
    visitId = declared.body.visits[0].id;
  });

  it('lists the visits of an employee, with status and type filters', async () => {
    const all = await api('GET', `/visits?employeeId=${employeeId}`);
    expect(all.status).toBe(200);
    expect(all.body.visits.map((visit: { id: string }) => visit.id)).toContain(visitId);
    expect(all.body.visits.every((visit: { employeeId: string }) => visit.employeeId === employeeId)).toBe(true);

    const matching = await api('GET', `/visits?employeeId=${employeeId}&status=TO_SCHEDULE&type=REPRISE`);
    expect(matching.body.visits.map((visit: { id: string }) => visit.id)).toEqual([visitId]);
    const completed = await api('GET', `/visits?employeeId=${employeeId}&status=COMPLETED`);
    expect(completed.body).toEqual({ visits: [] });
    const otherType = await api('GET', `/visits?employeeId=${employeeId}&type=LIAISON`);
    expect(otherType.body).toEqual({ visits: [] });
  });

  it('reads one visit, and answers 404 in French for an unknown one', async () => {
    const found = await api('GET', `/visits/${visitId}`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ id: visitId, employeeId, type: 'REPRISE' });

    const missing = await api('GET', '/visits/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'NOT_FOUND', message: 'Visite introuvable.' } });
  });

  it('rejects an unknown status or type in the query with 400 and the admitted values', async () => {
    const badStatus = await api('GET', '/visits?status=DONE');
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.fields.status).toMatch(/^Statut inconnu ; valeurs admises : TO_SCHEDULE, SCHEDULED, COMPLETED, CANCELLED$/);
    const badType = await api('GET', '/visits?type=CHECKUP');
    expect(badType.status).toBe(400);
    expect(badType.body.error.fields.type).toMatch(/^Type de visite inconnu/);
  });
});

describe('R-DEL-4: a pregnant worker’s request to see the doctor', () => {
  it('is relayed at any time: 202 and the doctor’s task; a bad body is 400, a second request 422, all in French', async () => {
    const employeeId = await anEmployeeId();
    const [visit] = (await api('POST', '/work-stoppages', { json: stoppage(employeeId, 'WORK_ACCIDENT', 30) })).body.visits;
    const path = `/visits/${visit.id}/reorientation`;

    const empty = await api('POST', path, { json: { details: '' } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields).toEqual({ details: 'Précisez ce que le médecin doit savoir' });

    const relayed = await api('POST', path, { json: { details: 'Enceinte, souhaite voir le médecin du travail.' } });
    expect(relayed.status).toBe(202);
    expect(relayed.body).toMatchObject({ id: visit.id, status: 'TO_SCHEDULE' });
    const tasks = await stack.db.humanTask.findMany({ where: { visitId: visit.id, status: 'OPEN' }, select: { kind: true, role: true } });
    expect(tasks).toEqual([{ kind: 'REORIENTATION', role: 'DOCTOR' }]);
    const trace = await stack.db.auditEvent.findFirstOrThrow({ where: { entityId: visit.id, action: 'visit.reorient' }, select: { actorLabel: true, reason: true } });
    expect(trace).toEqual({ actorLabel: expect.stringMatching(/^Clé d’API /), reason: 'demande d’une salariée enceinte, venant d’accoucher ou allaitante' });

    const again = await api('POST', path, { json: { details: 'Une seconde fois.' } });
    expect(again.status).toBe(422);
    expect(again.body.error).toEqual({ code: 'REFUSED', message: 'La visite est déjà réorientée vers le médecin.' });
  });
});

describe('follow-up events', () => {
  const today = () => parisCivilDate(new Date());
  const unknownEmployee = '00000000-0000-4000-8000-000000000000';

  it('R-SIR-1: a move to an asbestos post opens the aptitude exam, by the doctor', async () => {
    const employeeId = await aNewHireId();
    const answer = await api('POST', `/employees/${employeeId}/events`, {
      json: { type: 'POST_CHANGED', date: today(), post: { title: 'Désamianteur', risks: ['ASBESTOS'], nightWork: false } },
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      visits: [expect.objectContaining({ employeeId, type: 'SIR_EXAM', status: 'TO_SCHEDULE', performer: 'DOCTOR', rule: 'R-SIR-1', billable: false })],
    });
    const plan = await api('GET', `/employees/${employeeId}/follow-up`);
    expect(plan.body.category).toBe('SIR');
    expect(plan.body.current).toContainEqual(expect.stringMatching(/^SIR_EXAM:/));
  });

  it('R-DEMANDE-1: a request by the employee opens an on-request visit', async () => {
    const employeeId = await anEmployeeId();
    const answer = await api('POST', `/employees/${employeeId}/events`, {
      json: { type: 'VISIT_REQUESTED', date: today(), requestedBy: 'EMPLOYEE', reason: 'Douleurs au poignet depuis le changement d’outillage' },
    });
    expect(answer.status).toBe(201);
    expect(answer.body.visits).toEqual([expect.objectContaining({ employeeId, type: 'ON_REQUEST', rule: 'R-DEMANDE-1', earliestDate: today() })]);
    expect(await stack.db.visit.count({ where: { employeeId, type: 'ON_REQUEST' } })).toBe(1);
  });

  it('R-OPS-2: a pre-return visit requested by the employer is refused with 400, and nothing written', async () => {
    const employeeId = await anEmployeeId();
    const answer = await expectRejectedWithoutWrites(() =>
      api('POST', `/employees/${employeeId}/events`, {
        json: { type: 'PRE_REPRISE_REQUESTED', date: today(), stoppageId: '6f1c2a4e-8d7b-4c3a-9e5f-0a1b2c3d4e5f', requestedBy: 'EMPLOYER' },
      }),
    );
    expect(answer.body.error.fields).toEqual({
      requestedBy: 'La pré-reprise est demandée par le salarié, le médecin traitant, le médecin-conseil ou le médecin du travail, jamais par l’employeur',
    });
  });

  it('an unknown event type is refused with 400', async () => {
    const employeeId = await anEmployeeId();
    const answer = await expectRejectedWithoutWrites(() => api('POST', `/employees/${employeeId}/events`, { json: { type: 'PROMOTION', date: today() } }));
    expect(answer.body.error.fields).toEqual({ type: 'Type d’événement inconnu' });
  });

  it('the workflow’s refusal comes back as 422 in French: a return from an unknown stoppage', async () => {
    const employeeId = await anEmployeeId();
    const stoppageId = '6f1c2a4e-8d7b-4c3a-9e5f-0a1b2c3d4e5f';
    const answer = await api('POST', `/employees/${employeeId}/events`, {
      json: { type: 'RETURN', date: today(), stoppageId, returnDate: today(), therapeuticPartTime: false },
    });
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({ error: { code: 'REFUSED', message: `Arrêt de travail inconnu : ${stoppageId}.` } });
  });

  it('answers 404 for an unknown employee, on both endpoints', async () => {
    const event = await api('POST', `/employees/${unknownEmployee}/events`, { json: { type: 'DEPARTURE', date: today() } });
    expect(event.status).toBe(404);
    expect(event.body).toEqual({ error: { code: 'NOT_FOUND', message: 'Salarié introuvable.' } });
    const plan = await api('GET', `/employees/${unknownEmployee}/follow-up`);
    expect(plan.status).toBe(404);
    expect(plan.body.error.code).toBe('NOT_FOUND');
  });

  it('R-VIP-1: the plan of a new hire lists the initial VIP as current, and the mid-career visit to come', async () => {
    const employeeId = await aNewHireId();
    // The follow-up opens the initial VIP just after it starts, once the employee's creation has answered.
    await expect.poll(async () => (await api('GET', `/employees/${employeeId}/follow-up`)).body.current).toEqual([`VIP_INITIAL:${today()}`]);
    const plan = await api('GET', `/employees/${employeeId}/follow-up`);
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({ category: 'SIS', past: [] });
    expect(plan.body.departedOn).toBeUndefined();
    expect(plan.body.next).toContainEqual(expect.objectContaining({ type: 'MID_CAREER', performer: 'DOCTOR_OR_NURSE', rule: 'R-MID-1', deadline: '2033-12-31' }));
  });

  it('a departure closes the follow-up: the plan gives the date, later events get 422', async () => {
    const employeeId = await aNewHireId();
    await expect.poll(() => stack.db.visit.count({ where: { employeeId, type: 'VIP_INITIAL' } })).toBe(1);
    const departure = await api('POST', `/employees/${employeeId}/events`, { json: { type: 'DEPARTURE', date: today() } });
    expect(departure.status).toBe(201);
    expect(departure.body).toEqual({ visits: [] });

    // The departed employee's follow-up refuses the event, or has already ended: 422 either way.
    const later = await api('POST', `/employees/${employeeId}/events`, { json: { type: 'VISIT_REQUESTED', date: today(), requestedBy: 'EMPLOYER', reason: 'Reprise du dossier' } });
    expect(later.status).toBe(422);
    expect(later.body.error).toEqual({ code: 'REFUSED', message: expect.stringMatching(/(quitté l’entreprise le .* son suivi est clos|Ce dossier est clos)/) });

    const plan = await api('GET', `/employees/${employeeId}/follow-up`);
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({ departedOn: today(), next: [] });
    // The open initial VIP was cancelled by the departure.
    await expect.poll(() => stack.db.visit.findMany({ where: { employeeId }, select: { type: true, status: true } })).toEqual([{ type: 'VIP_INITIAL', status: 'CANCELLED' }]);
  });
});

describe('bad input: 400 with a French message, and nothing written', () => {
  it('an invalid SIRET', async () => {
    const answer = await expectRejectedWithoutWrites(() => api('POST', '/employers', { json: { name: 'Garage Moreau', siret: '12345678901234' } }));
    expect(answer.body.error).toEqual({
      code: 'VALIDATION',
      message: 'Certaines données sont invalides.',
      fields: { siret: 'Le SIRET doit comporter 14 chiffres et être valide' },
    });
  });

  it('an unknown risk code in the post', async () => {
    const employerId = await anEmployer();
    const answer = await expectRejectedWithoutWrites(() => api('POST', '/employees', { json: employeeInput(employerId, { risks: ['MERCURY'] }) }));
    expect(answer.body.error.fields['post.risks.0']).toMatch(/^Risque inconnu ; valeurs admises : ASBESTOS, /);
  });

  it('an unknown stoppage cause', async () => {
    const employeeId = await anEmployeeId();
    const answer = await expectRejectedWithoutWrites(() => api('POST', '/work-stoppages', { json: stoppage(employeeId, 'HOLIDAY', 40) }));
    expect(answer.body.error.fields.cause).toMatch(/^Motif inconnu ; valeurs admises : ILLNESS, WORK_ACCIDENT/);
  });

  it('a malformed JSON body', async () => {
    const answer = await expectRejectedWithoutWrites(() => api('POST', '/employers', { raw: '{"name": "Garage Moreau", "siret": ' }));
    expect(answer.body).toEqual({ error: { code: 'VALIDATION', message: 'Corps JSON invalide' } });
  });

  it('a JSON body that is not an object', async () => {
    const answer = await expectRejectedWithoutWrites(() => api('POST', '/employers', { raw: '["Garage Moreau"]' }));
    expect(answer.body.error.message).toBe('Le corps de la requête doit être un objet JSON.');
  });

  it('an impossible calendar date', async () => {
    const employeeId = await anEmployeeId();
    const answer = await expectRejectedWithoutWrites(() =>
      api('POST', '/work-stoppages', { json: { employeeId, cause: 'ILLNESS', startDate: '2026-01-05', returnDate: '2026-02-30' } }),
    );
    expect(answer.body.error.fields).toEqual({ returnDate: 'La date de reprise doit être une date valide au format AAAA-MM-JJ' });
  });

  it('a field of the wrong type gets a French message too', async () => {
    const employerId = await anEmployer();
    const input = { ...employeeInput(employerId), post: { title: 'Cariste', risks: 'ASBESTOS', nightWork: false } };
    const answer = await expectRejectedWithoutWrites(() => api('POST', '/employees', { json: input }));
    expect(answer.body.error.fields).toEqual({ 'post.risks': 'Type invalide : une liste attendu' });
  });

  it('an unknown employee', async () => {
    const answer = await expectRejectedWithoutWrites(() =>
      api('POST', '/work-stoppages', { json: stoppage('00000000-0000-4000-8000-000000000000', 'OCCUPATIONAL_DISEASE', 10) }),
    );
    expect(answer.body.error).toEqual({ code: 'VALIDATION', message: 'Salarié inconnu.', fields: { employeeId: 'Aucun salarié avec cet identifiant' } });
  });
});

describe('authentication', () => {
  it('answers 401 without a key, with a wrong key and with a revoked key', async () => {
    const revokedKey = 'cle-revoquee-pour-les-tests-0123456789';
    await stack.db.apiKey.create({ data: { name: 'Ancienne clé', keyHash: hashApiKey(revokedKey), revokedAt: new Date() } });
    for (const key of [null, 'cle-inconnue-0123456789abcdef', revokedKey]) {
      const before = await domainRowCounts(stack.db);
      const answer = await api('POST', '/employers', { key, json: { name: 'Sans clé', siret: randomSiret() } });
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('UNAUTHENTICATED');
      expect(answer.body.error.message).toMatch(/^Clé d’API (manquante|invalide ou révoquée)/);
      expect(await domainRowCounts(stack.db)).toEqual(before);
    }
  });

  it('records when a key was last used', async () => {
    const before = new Date();
    await api('GET', '/visits?limit=1');
    const key = await stack.db.apiKey.findUniqueOrThrow({ where: { keyHash: hashApiKey(stack.apiKey) }, select: { lastUsedAt: true } });
    expect(key.lastUsedAt?.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
  });
});

describe('health endpoints', () => {
  it('says ready while PostgreSQL and Temporal answer', async () => {
    const response = await fetch(`${stack.baseUrl}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', dependencies: { postgresql: 'up', temporal: 'up' } });
  });
});

describe('Temporal unreachable', () => {
  let unreachable: ConsoleStack;

  beforeAll(async () => {
    unreachable = await startConsoleStack({ temporalUnreachable: true });
  });

  afterAll(async () => {
    await unreachable?.stop();
  });

  it('is alive but not ready, naming the dependency that is down', async () => {
    expect((await fetch(`${unreachable.baseUrl}/healthz`)).status).toBe(200);
    const response = await fetch(`${unreachable.baseUrl}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'unavailable', dependencies: { postgresql: 'up', temporal: 'down' } });
  });

  it('answers 503 in French and keeps nothing of the employee', async () => {
    const employer = await fetch(`${unreachable.baseUrl}/api/v1/employers`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${unreachable.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Imprimerie Blanc', siret: randomSiret() }),
    });
    expect(employer.status).toBe(201);
    const { id: employerId } = (await employer.json()) as { id: string };
    const [employeesBefore, postsBefore] = [await unreachable.db.employee.count(), await unreachable.db.post.count()];

    const response = await fetch(`${unreachable.baseUrl}/api/v1/employees`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${unreachable.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(employeeInput(employerId)),
    });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/^Le moteur de processus (est indisponible|ne répond pas)/),
    });
    expect([await unreachable.db.employee.count(), await unreachable.db.post.count()]).toEqual([employeesBefore, postsBefore]);
  });
});

describe('shape of the API', () => {
  it('serves an OpenAPI 3.1 document listing every endpoint', async () => {
    const answer = await api('GET', '/openapi.json', { key: null });
    expect(answer.status).toBe(200);
    expect(answer.body.openapi).toBe('3.1.0');
    expect(Object.keys(answer.body.paths).sort()).toEqual([
      '/billed-absences',
      '/employees',
      '/employees/{id}/events',
      '/employees/{id}/follow-up',
      '/employers',
      '/visits',
      '/visits/{id}',
      '/visits/{id}/reorientation',
      '/work-stoppages',
    ]);
    expect(Object.keys(answer.body.paths['/employees/{id}/events'])).toEqual(['post']);
    expect(Object.keys(answer.body.paths['/employees/{id}/follow-up'])).toEqual(['get']);
    expect(Object.keys(answer.body.paths['/employers'])).toEqual(['post']);
    expect(Object.keys(answer.body.paths['/visits'])).toEqual(['get']);
    expect(answer.body.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('documents exactly the fields the API validates and returns', async () => {
    const { body: document } = await api('GET', '/openapi.json', { key: null });
    const schemas = document.components.schemas;
    expect(documentedFields(schemas.EmployerInput)).toEqual(zodFields(employerInputSchema));
    expect(documentedFields(schemas.EmployeeInput)).toEqual(zodFields(employeeInputSchema));
    expect(documentedFields(schemas.WorkStoppageInput)).toEqual(zodFields(workStoppageInputSchema));

    const employeeId = await anEmployeeId();
    const declared = await api('POST', '/work-stoppages', { json: stoppage(employeeId, 'OCCUPATIONAL_DISEASE', 5) });
    expect(Object.keys(declared.body.visits[0]).sort()).toEqual(Object.keys(schemas.Visit.properties).sort());
    expect([...schemas.Visit.required].sort()).toEqual(Object.keys(schemas.Visit.properties).sort());
  });

  it('documents each follow-up event as one schema of a oneOf, with the fields the workflow’s schema validates', async () => {
    const { body: document } = await api('GET', '/openapi.json', { key: null });
    const schemas = document.components.schemas;
    const { oneOf, discriminator } = schemas.FollowUpEvent;
    const types = followUpEventSchema.options.map((option) => option.shape.type.value);
    expect(oneOf).toHaveLength(types.length);
    expect(Object.keys(discriminator.mapping).sort()).toEqual([...types].sort());
    for (const option of followUpEventSchema.options) {
      const documented = schemas[discriminator.mapping[option.shape.type.value].replace('#/components/schemas/', '')];
      expect(documented.properties.type.const).toBe(option.shape.type.value);
      expect(documentedFields(documented)).toEqual(zodFields(option));
    }
    expect(schemas.StoppageDeclaredEvent.properties.startDate).toEqual({ type: 'string', format: 'date' });
    expect(schemas.StoppageDeclaredEvent.properties.stoppageId).toEqual({ type: 'string', format: 'uuid' });
    expect(schemas.PreRepriseRequestedEvent.properties.requestedBy.enum).not.toContain('EMPLOYER');
  });

  it('documents the follow-up plan as the API returns it', async () => {
    const { body: document } = await api('GET', '/openapi.json', { key: null });
    const schemas = document.components.schemas;
    const { body: plan } = await api('GET', `/employees/${await aNewHireId()}/follow-up`);
    expect(Object.keys(plan).every((key) => key in schemas.FollowUpPlan.properties)).toBe(true);
    expect(plan.next.length).toBeGreaterThan(0);
    for (const due of plan.next) expect(Object.keys(due).every((key) => key in schemas.DueVisit.properties)).toBe(true);
  });

  it('answers in JSON for a wrong method or an unknown path', async () => {
    const wrongMethod = await api('GET', '/employers');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.body.error.code).toBe('METHOD_NOT_ALLOWED');
    const unknown = await api('GET', '/patients');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
  });

  it('answers /healthz without authentication', async () => {
    const response = await fetch(`${stack.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

type FieldTree = Record<string, { required: boolean; fields?: FieldTree }>;

/** The fields of a documented object schema: names, whether required, nested objects. */
function documentedFields(schema: { properties: Record<string, any>; required?: string[] }): FieldTree {
  return Object.fromEntries(
    Object.entries(schema.properties).map(([name, property]) => [
      name,
      { required: (schema.required ?? []).includes(name), ...(property.properties ? { fields: documentedFields(property) } : {}) },
    ]),
  );
}

/** The same tree read from a zod object schema (refinements, optionals and defaults unwrapped). */
function zodFields(schema: z.ZodTypeAny): FieldTree {
  const unwrap = (inner: z.ZodTypeAny): { schema: z.ZodTypeAny; required: boolean } => {
    const typeName = inner._def.typeName as string;
    if (typeName === 'ZodEffects') return unwrap(inner._def.schema);
    if (typeName === 'ZodOptional' || typeName === 'ZodDefault') return { schema: unwrap(inner._def.innerType).schema, required: false };
    return { schema: inner, required: true };
  };
  const shape = (unwrap(schema).schema as z.AnyZodObject).shape as Record<string, z.ZodTypeAny>;
  return Object.fromEntries(
    Object.entries(shape).map(([name, field]) => {
      const { schema: inner, required } = unwrap(field);
      return [name, { required, ...(inner._def.typeName === 'ZodObject' ? { fields: zodFields(inner) } : {}) }];
    }),
  );
}
