// Issue 7: the dependencies restart under running visits. A stack of its own (PostgreSQL migrated in a scratch
// folder, the Temporal dev server persisted in SQLite as `npm start` runs it, a worker process as production
// runs it, a console process), since stopping the run's shared servers would break the other test files. The
// Temporal server stops and starts again on its file: no workflow is lost and the worker carries on. PostgreSQL
// stops while conclusions are being recorded: their activities fail and are retried with backoff until it is
// back, then each visit completes with one attestation. Meanwhile the console says in French what is down, and
// is ready again once it is back, without a restart.
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { WorkflowUpdateStage } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmployee } from '../activities/domain/employees.js';
import { createEmployer } from '../activities/domain/employers.js';
import type { TemporalDeps } from '../activities/domain/visits.js';
import { declareWorkStoppage } from '../activities/domain/work-stoppages.js';
import { parisCivilDate, plusDays, plusYears } from '../workflows/rules/calendar.js';
import { concludeVisitUpdate, scheduleVisitUpdate, visitSnapshotQuery, type Actor } from '../workflows/visit/messages.js';
import { projectRoot } from '../worker/project-root.js';
import { onCleanup, restartPostgres, runCleanups, startBenchStack, startPersistedTemporal, type BenchStack } from './bench/support.js';
import { consoleEnvironment, freePort, newConsoleSecrets, startConsoleProcess } from './support/console-stack.js';
import { eventually } from './support/eventually.js';
import { aProfessional, randomSiret } from './support/factories.js';
import { startSmtpCapture } from './support/smtp.js';
import { spawnWorkerProcess, waitForPoller, workerEnvironment, type WorkerProcess } from './support/worker-process.js';

const VISITS = 8;
const HOUR_MS = 3_600_000;

let stack: BenchStack;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
let temporal: TemporalDeps;
let worker: WorkerProcess;
let staff: { doctor: Actor; assistant: Actor };
let consoleUrl: string;
const visits: { id: string; workflowId: string }[] = [];

beforeAll(async () => {
  stack = await startBenchStack('restart-test');
  smtp = await startSmtpCapture();
  onCleanup('stop the SMTP server', () => smtp.stop());
  temporal = { client: stack.client, taskQueue: `restart-${randomUUID()}` };
  const env = workerEnvironment(
    { databaseUrl: stack.postgres.url, temporalAddress: stack.temporalServer.address, taskQueue: temporal.taskQueue },
    {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'SPSTI de test <no-reply@spsti.test>',
      SMS_OUTBOX_DIR: path.join(stack.dir, 'sms'),
      LINK_SECRET: randomBytes(32).toString('base64url'),
      PUBLIC_URL: 'http://127.0.0.1:9',
    },
  );
  worker = spawnWorkerProcess(env, path.join(projectRoot, 'test-results', 'logs', `restart-worker-${temporal.taskQueue}.log`));
  onCleanup('stop the worker', () => worker.stop());
  await waitForPoller(stack.connection, temporal.taskQueue, worker);
  const consolePort = await freePort();
  const consoleTarget = { databaseUrl: stack.postgres.url, temporalAddress: stack.temporalServer.address, taskQueue: temporal.taskQueue, publicUrl: `http://127.0.0.1:${consolePort}` };
  const consoleProcess = await startConsoleProcess(
    consoleEnvironment(consoleTarget, newConsoleSecrets()),
    consolePort,
    path.join(projectRoot, 'test-results', 'logs', `restart-console-${temporal.taskQueue}.log`),
  );
  onCleanup('stop the console', () => consoleProcess.stop());
  consoleUrl = consoleProcess.baseUrl;
  staff = { doctor: await aProfessional(stack.db, 'DOCTOR', 'Dr Relance'), assistant: await aProfessional(stack.db, 'ASSISTANT', 'Assistante Relance') };
}, 300_000);

afterAll(() => runCleanups(), 120_000);

/** The console's readiness (the dependency each names) and what its sign-in page answers. */
async function consoleSays(): Promise<{ ready: number; dependencies: unknown; signIn: number; page: string }> {
  const ready = await fetch(`${consoleUrl}/readyz`);
  const signIn = await fetch(`${consoleUrl}/connexion`);
  const page = (await signIn.text()).replaceAll('&#x27;', "'");
  return { ready: ready.status, dependencies: ((await ready.json()) as { dependencies: unknown }).dependencies, signIn: signIn.status, page };
}

const snapshotOf = (workflowId: string) => temporal.client.workflow.getHandle(workflowId).query(visitSnapshotQuery);

describe('issue 7: Temporal and PostgreSQL restart under running visits', () => {
  it('the Temporal dev server stops and starts again on its SQLite file: every visit workflow is still there, and the worker carries on', { timeout: 180_000 }, async () => {
    const today = parisCivilDate(new Date());
    const employer = await createEmployer(stack.db, { name: 'Entreprise relancée', siret: randomSiret() });
    for (let index = 0; index < VISITS; index += 1) {
      const { id: employeeId } = await createEmployee(stack.db, temporal, {
        employerId: employer.id,
        birthName: `Relance${index}`,
        firstNames: 'Léa',
        birthDate: '1986-02-14',
        sex: 'F',
        birthPlace: 'Brest',
        email: `lea.relance${index}@exemple.fr`,
        phone: '06 22 33 44 55',
        hireDate: '2018-04-03',
        post: { title: 'Magasinière', risks: [], nightWork: false },
      });
      // R-REPRISE-1: a 40-day work accident opens the return visit.
      const stoppage = await declareWorkStoppage(stack.db, temporal, { employeeId, cause: 'WORK_ACCIDENT', startDate: plusDays(today, -40), returnDate: today });
      visits.push(stoppage.visits.find((visit) => visit.type === 'REPRISE')!);
    }
    for (const visit of visits) {
      const form = { appointmentAt: new Date(Date.now() + 2 * HOUR_MS).toISOString(), professionalId: staff.doctor.id, modality: 'IN_PERSON' as const };
      await temporal.client.workflow
        .getHandle(visit.workflowId)
        .executeUpdate(scheduleVisitUpdate, { args: [{ actor: staff.assistant, form, professionalRole: 'DOCTOR', delegated: false }] });
    }
    expect(await stack.db.visit.count({ where: { id: { in: visits.map((visit) => visit.id) }, status: 'SCHEDULED' } })).toBe(VISITS);

    const { address } = stack.temporalServer;
    await stack.temporalServer.stop();
    await expect(temporal.client.workflow.getHandle(visits[0]!.workflowId).describe()).rejects.toThrow();
    // The console still serves its pages, under a banner: no decision can be recorded.
    const down = await eventually('the console seeing Temporal down', async () => {
      const said = await consoleSays();
      return said.page.includes('Le moteur de processus ne répond pas') && said;
    });
    expect(down).toMatchObject({ ready: 503, dependencies: { postgresql: 'up', temporal: 'down' }, signIn: 200 });
    stack.temporalServer = await startPersistedTemporal(stack.dir, Number(address.split(':').at(-1)));

    for (const visit of visits) {
      const snapshot = await eventually(`${visit.workflowId} answering again`, () => snapshotOf(visit.workflowId));
      expect(snapshot.status).toBe('SCHEDULED');
      expect((await temporal.client.workflow.getHandle(visit.workflowId).describe()).status.name).toBe('RUNNING');
    }
    expect(worker.child.exitCode).toBeNull();
    // The banner follows within a few seconds (pages reuse a recent probe, see dependencies.server.ts).
    const back = await eventually('the console ready again, without the banner', async () => {
      const said = await consoleSays();
      return said.ready === 200 && !said.page.includes('Le moteur de processus ne répond pas') && said;
    });
    expect(back).toMatchObject({ dependencies: { postgresql: 'up', temporal: 'up' }, signIn: 200 });
  });

  it('PostgreSQL stops while conclusions are recorded: activities are retried with backoff until it is back, then each visit completes once', { timeout: 240_000 }, async () => {
    expect(visits).toHaveLength(VISITS);
    const conclusion = { actor: staff.doctor, form: { outcome: 'ATTESTATION' as const, nextVisitDueDate: plusYears(parisCivilDate(new Date()), 2) } };
    await stack.postgres.server.stop();
    // Accepted by the workflows (their validators need no database); the activities that write them cannot run.
    const updates = await Promise.all(
      visits.map((visit) =>
        temporal.client.workflow
          .getHandle(visit.workflowId)
          .startUpdate(concludeVisitUpdate, { args: [conclusion], updateId: `conclude-${visit.id}`, waitForStage: WorkflowUpdateStage.ACCEPTED }),
      ),
    );
    const retried = await eventually('an activity retried while PostgreSQL is down', async () => {
      const { raw } = await temporal.client.workflow.getHandle(visits[0]!.workflowId).describe();
      return raw.pendingActivities?.find((activity) => (activity.attempt ?? 0) >= 3);
    });
    expect(retried.lastFailure?.message).toBeTruthy();
    expect(await stack.db.visit.count().catch(() => 'unreachable')).toBe('unreachable');
    // Every page of the console says so in French instead of failing each its own way.
    const down = await eventually('the console seeing PostgreSQL down', async () => {
      const said = await consoleSays();
      return said.signIn === 503 && said;
    });
    expect(down).toMatchObject({ ready: 503, dependencies: { postgresql: 'down' } });
    expect(down.page).toContain('La base de données du service ne répond pas');

    stack.postgres = await restartPostgres(stack.dir, stack.postgres);
    await Promise.all(updates.map((update) => update.result()));
    await Promise.all(visits.map((visit) => temporal.client.workflow.getHandle(visit.workflowId).result()));

    const visitIds = visits.map((visit) => visit.id);
    expect(await eventually('the visits completed', async () => (await stack.db.visit.count({ where: { id: { in: visitIds }, status: 'COMPLETED' } })) === VISITS)).toBe(true);
    const documents = await stack.db.document.groupBy({ by: ['visitId', 'kind'], where: { visitId: { in: visitIds } }, _count: true });
    expect(documents.filter((group) => group._count !== 1)).toEqual([]);
    expect(documents.filter((group) => group.kind === 'ATTESTATION')).toHaveLength(VISITS);
    const back = await eventually('the console serving again', async () => {
      const said = await consoleSays();
      return said.ready === 200 && said.signIn === 200 && said;
    });
    expect(back.page).not.toContain('La base de données du service ne répond pas');
    expect(worker.child.exitCode).toBeNull();
  });
});
