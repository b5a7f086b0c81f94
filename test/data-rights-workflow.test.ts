// R-DATA-3, R-DATA-4: a data-rights request's workflow on the time-skipping server with the real activities
// and PostgreSQL: the one-month deadline passes in milliseconds. Saves its history for the replay test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../activities/domain/errors.js';
import { completeDataRightsRequest, recordDataRightsRequest, recordTransferPapers } from '../activities/domain/data-rights.js';
import { sendWorkflowUpdate } from '../activities/domain/visits.js';
import type { DmstExport } from '../activities/documents/dmst-export.js';
import { completeDataRightsRequestUpdate } from '../workflows/data-rights/messages.js';
import { endOfParisDay, plusDays, plusMonths } from '../workflows/rules/calendar.js';
import type { DataRightsKind } from '../workflows/data-rights/forms.js';
import { anEmployee } from './support/factories.js';
import { saveHistory } from './support/histories.js';
import { expectRefused, startWorkflowTestEnv, type WorkflowTestEnv } from './support/workflow-test-env.js';

const HOUR_MS = 3_600_000;

let setup: WorkflowTestEnv;

beforeAll(async () => {
  setup = await startWorkflowTestEnv();
});

afterAll(() => setup?.teardown());

async function aRequest(kind: DataRightsKind, papers = false) {
  const { db } = setup.database;
  const { employeeId } = await anEmployee(db, setup.temporal);
  const now = new Date(await setup.env.currentTimeMs());
  const receivedOn = await setup.serverToday();
  const { id, dueDate } = await recordDataRightsRequest(
    db,
    setup.temporal,
    setup.staff.assistant,
    { employeeId, kind, receivedOn, details: 'Courrier du salarié', writtenConsentReceived: papers, idCopyReceived: papers },
    now,
  );
  return { id, employeeId, receivedOn, dueDate, workflowId: `data-rights-${id}` };
}

const tasksOf = (requestId: string) =>
  setup.database.db.dataRightsTask.findMany({ where: { requestId }, orderBy: { createdAt: 'asc' }, select: { kind: true, status: true } });

/** Skips the test server's clock to `instant` plus `offsetMs`. */
async function skipTo(instant: Date, offsetMs: number) {
  await setup.env.sleep(instant.getTime() + offsetMs - (await setup.env.currentTimeMs()));
}

describe('R-DATA-3: one month to answer an access request', () => {
  it('reminds a week before the month is up, escalates past it, and the completion closes both with the export', async () => {
    const request = await aRequest('ACCESS');
    expect(request.dueDate).toBe(plusMonths(request.receivedOn, 1));

    const reminderDay = plusDays(request.dueDate, -7);
    await skipTo(endOfParisDay(plusDays(reminderDay, -1)), -HOUR_MS);
    expect(await tasksOf(request.id)).toEqual([]);
    await skipTo(endOfParisDay(plusDays(reminderDay, -1)), HOUR_MS);
    await expect.poll(() => tasksOf(request.id)).toEqual([{ kind: 'REMINDER', status: 'OPEN' }]);

    // The due day itself is still in time.
    await skipTo(endOfParisDay(request.dueDate), -HOUR_MS);
    expect(await tasksOf(request.id)).toEqual([{ kind: 'REMINDER', status: 'OPEN' }]);
    await skipTo(endOfParisDay(request.dueDate), HOUR_MS);
    await expect.poll(() => tasksOf(request.id)).toEqual([
      { kind: 'REMINDER', status: 'OPEN' },
      { kind: 'ESCALATION', status: 'OPEN' },
    ]);

    const { db } = setup.database;
    // Refused in French by the workflow's validator: no answer written, a nurse does not handle requests.
    await expectRefused(
      completeDataRightsRequest(db, setup.temporal, setup.staff.assistant, request.id, { summary: '  ' }),
      /^Indiquez la réponse apportée au salarié$/,
    );
    await expectRefused(
      completeDataRightsRequest(db, setup.temporal, setup.staff.nurse, request.id, { summary: 'Dossier remis' }),
      /Seuls le secrétariat médical, les médecins et les administrateurs/,
    );
    expect(await db.dataRightsRequest.findUniqueOrThrow({ where: { id: request.id }, select: { status: true } })).toEqual({ status: 'OPEN' });

    const result = await completeDataRightsRequest(db, setup.temporal, setup.staff.doctor, request.id, { summary: 'Dossier remis en main propre' });
    expect(result.exportId).toBeDefined();
    expect(await tasksOf(request.id)).toEqual([
      { kind: 'REMINDER', status: 'DONE' },
      { kind: 'ESCALATION', status: 'DONE' },
    ]);
    const stored = await db.dataRightsRequest.findUniqueOrThrow({ where: { id: request.id }, include: { export: true } });
    expect(stored).toMatchObject({ status: 'COMPLETED', summary: 'Dossier remis en main propre', completedById: setup.staff.doctor.id });
    expect(Buffer.from(stored.export!.pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const dmst = stored.export!.json as unknown as DmstExport;
    expect(dmst.identity).toMatchObject({ birthName: 'Martin', firstNames: 'Julie' });
    expect(dmst.visits.length).toBeGreaterThan(0);

    // Produced once: a retried activity returns the stored export.
    expect(await setup.activities.produceDataRightsExport({ requestId: request.id })).toBe(stored.export!.id);
    const handle = setup.env.client.workflow.getHandle(request.workflowId);
    expect(await handle.result()).toMatchObject({ completedBy: { id: setup.staff.doctor.id }, exportId: stored.export!.id });
    await expect(completeDataRightsRequest(db, setup.temporal, setup.staff.doctor, request.id, { summary: 'Encore' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await saveHistory('data-rights-access-overdue', request.workflowId, await handle.fetchHistory());
  });

  it('answered in time: no reminder, no escalation, even after the due date', async () => {
    const request = await aRequest('RECTIFICATION');
    const result = await completeDataRightsRequest(setup.database.db, setup.temporal, setup.staff.assistant, request.id, { summary: 'Nom d’usage corrigé' });
    expect(result.exportId).toBeUndefined();
    await skipTo(endOfParisDay(request.dueDate), HOUR_MS);
    expect(await tasksOf(request.id)).toEqual([]);
  });

  it('R-DATA-4: a transfer waits for the written consent and the ID copy', async () => {
    const request = await aRequest('TRANSFER');
    const { db } = setup.database;
    const refusal = await completeDataRightsRequest(db, setup.temporal, setup.staff.assistant, request.id, { summary: 'Transmis' }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: 'REFUSED', message: expect.stringMatching(/consentement écrit du salarié et la copie de sa pièce d’identité/) });
    await recordTransferPapers(db, request.id, { writtenConsentReceived: true, idCopyReceived: false });
    await expect(completeDataRightsRequest(db, setup.temporal, setup.staff.assistant, request.id, { summary: 'Transmis' })).rejects.toMatchObject({ code: 'REFUSED' });
    await recordTransferPapers(db, request.id, { writtenConsentReceived: true, idCopyReceived: true });
    expect((await completeDataRightsRequest(db, setup.temporal, setup.staff.assistant, request.id, { summary: 'Transmis' })).exportId).toBeDefined();
    // The workflow refuses a second completion on its own, too.
    await expect(
      sendWorkflowUpdate(setup.temporal, request.workflowId, completeDataRightsRequestUpdate, { actor: setup.staff.assistant, form: { summary: 'Encore' } }),
    ).rejects.toBeInstanceOf(DomainError);
  });
});
