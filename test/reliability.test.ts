// Issue 7: workers die (SIGKILL, no drain) again and again while remote visits go through scheduling, consent,
// the session, its report and the conclusion. Two workers run as production runs them (`worker/main.ts`, one
// process group each) against the suite's Temporal dev server, a PostgreSQL database of their own and a real
// SMTP server; one of them is killed every few seconds and started again. Every visit must complete, with each
// document, email and SMS once. RELIABILITY_VISITS sets the number of visits (100 by default, to bound CI;
// 500 with RELIABILITY_CONCURRENCY=25 took 10 min here), RELIABILITY_CONCURRENCY how many move at once (20).
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createEmployer } from '../activities/domain/employers.js';
import { createEmployee } from '../activities/domain/employees.js';
import { DomainError } from '../activities/domain/errors.js';
import type { TemporalDeps } from '../activities/domain/visits.js';
import { declareWorkStoppage } from '../activities/domain/work-stoppages.js';
import { messageIdFor } from '../activities/messaging/messaging.js';
import { parisCivilDate, plusDays, plusYears } from '../workflows/rules/calendar.js';
import { defaultProtocolConfig } from '../workflows/rules/protocol-config.js';
import {
  admitEmployeeUpdate,
  endTeleconsultationUpdate,
  joinWaitingRoomUpdate,
  recordConsentUpdate,
} from '../workflows/teleconsultation/messages.js';
import { concludeVisitUpdate, scheduleVisitUpdate, visitSnapshotQuery, type Actor } from '../workflows/visit/messages.js';
import { projectRoot } from '../worker/project-root.js';
import { writeWorkflowBundle } from '../worker/worker.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { eventually } from './support/eventually.js';
import { aProfessional, randomSiret } from './support/factories.js';
import { startSmtpCapture } from './support/smtp.js';
import { spawnWorkerProcess, waitForPoller, workerEnvironment, type WorkerProcess } from './support/worker-process.js';

const VISITS = Number(process.env.RELIABILITY_VISITS ?? 100);
const CONCURRENCY = Number(process.env.RELIABILITY_CONCURRENCY ?? 20);
const KILL_EVERY_MS = 8_000;
const MINUTE_MS = 60_000;

let database: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
let smsDir: string;
let bundleDir: string;
let connection: Connection;
let temporal: TemporalDeps;
let workerEnv: NodeJS.ProcessEnv;
const workers: WorkerProcess[] = [];
const logDir = path.join(projectRoot, 'test-results', 'logs');

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startSmtpCapture();
  smsDir = await mkdtemp(path.join(tmpdir(), 'spsti-reliability-sms-'));
  // Bundled once: a worker started again after each kill would otherwise run webpack, which on a small machine
  // takes more CPU than the visits themselves.
  bundleDir = await mkdtemp(path.join(tmpdir(), 'spsti-reliability-bundle-'));
  await writeWorkflowBundle(path.join(bundleDir, 'workflows.js'));
  const address = inject('temporalAddress');
  const taskQueue = `reliability-${randomUUID()}`;
  connection = await Connection.connect({ address });
  temporal = { client: new Client({ connection }), taskQueue };
  workerEnv = workerEnvironment(
    { databaseUrl: database.url, temporalAddress: address, taskQueue },
    {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'SPSTI de test <no-reply@spsti.test>',
      SMS_OUTBOX_DIR: smsDir,
      LINK_SECRET: randomBytes(32).toString('base64url'),
      PUBLIC_URL: 'http://127.0.0.1:9',
      WORKFLOW_BUNDLE_PATH: path.join(bundleDir, 'workflows.js'),
    },
  );
  for (const slot of [0, 1]) workers[slot] = await startWorker(slot);
}, 240_000);

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await connection?.close();
  await smtp?.stop();
  await database?.drop();
  if (smsDir) await rm(smsDir, { recursive: true, force: true });
  if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
});

let spawned = 0;
async function startWorker(slot: number): Promise<WorkerProcess> {
  spawned += 1;
  const worker = spawnWorkerProcess(workerEnv, path.join(logDir, `reliability-worker-${slot}-${spawned}.log`));
  await waitForPoller(connection, temporal.taskQueue, worker);
  return worker;
}

/**
 * An update with a fixed id, sent until it answers: while no worker holds the workflow the call may fail or
 * time out, and the same id makes a resend of an update already applied return its first result instead of
 * applying it twice. A refusal by the workflow's validator is a real failure, unless it matches `stillWaiting`.
 */
async function steer<Result>(updateId: string, send: (updateId: string) => Promise<Result>, stillWaiting?: RegExp): Promise<Result> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await send(updateId);
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) {
        const reason = error.cause?.message ?? error.message;
        if (!stillWaiting?.test(reason) || attempt === 60) throw new Error(`${updateId} refused: ${reason}`, { cause: error });
      } else if (attempt === 60) {
        throw error;
      }
      await sleep(1_000);
    }
  }
}

/**
 * What an API client does with a 503: try again. The service answers it when the employee's follow-up cannot take
 * the event yet (its workflow task died with a worker and waits for its timeout); nothing was applied then.
 */
async function retriedWhileUnavailable<Result>(send: () => Promise<Result>): Promise<Result> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'UNAVAILABLE') || attempt === 10) throw error;
      console.log(`reliability: 503 « ${error.message} », sent again`);
    }
  }
}

/** One remote return-to-work visit from the stoppage to its conclusion, as the people involved would drive it. */
async function aRemoteVisitToTheEnd(index: number, employerId: string, doctor: Actor, assistant: Actor): Promise<string> {
  const today = parisCivilDate(new Date());
  const identity = { birthName: `Fiable${index}`, firstNames: 'Louise', birthDate: '1984-03-09', sex: 'F' as const, birthPlace: 'Rennes' };
  const { id: employeeId } = await createEmployee(database.db, temporal, {
    employerId,
    ...identity,
    email: `louise.fiable${index}@exemple.fr`,
    phone: `06 ${String(10_000_000 + index).slice(-8)}`,
    hireDate: '2019-01-07',
    post: { title: 'Comptable', risks: [], nightWork: false },
  });
  // R-REPRISE-1: a 40-day work accident opens the return visit.
  const { visits } = await retriedWhileUnavailable(() =>
    declareWorkStoppage(database.db, temporal, { employeeId, cause: 'WORK_ACCIDENT', startDate: plusDays(today, -40), returnDate: today }),
  );
  const visit = visits[0]!;
  const visitHandle = temporal.client.workflow.getHandle(visit.workflowId);
  const schedule = {
    actor: assistant,
    // Soon enough for the waiting room to be open and the connection details to go at once.
    form: { appointmentAt: new Date(Date.now() + 5 * MINUTE_MS).toISOString(), professionalId: doctor.id, modality: 'REMOTE' as const, remoteProposedBy: 'PROFESSIONAL' as const },
    professionalRole: 'DOCTOR' as const,
    delegated: false,
  };
  await steer(`schedule-${visit.id}`, (updateId) => visitHandle.executeUpdate(scheduleVisitUpdate, { args: [schedule], updateId }));
  const sessionWorkflowId = await eventually(`session of ${visit.id}`, async () =>
    (await database.db.teleconsultation.findFirst({ where: { visitId: visit.id }, select: { workflowId: true } }))?.workflowId,
  );
  const session = temporal.client.workflow.getHandle(sessionWorkflowId);
  const consent = { channel: 'LINK' as const, textVersion: defaultProtocolConfig.teleconsultation.consent.textVersion, ip: '203.0.113.9' };
  await steer(`consent-${visit.id}`, (updateId) => session.executeUpdate(recordConsentUpdate, { args: [consent], updateId }));
  await steer(`join-${visit.id}`, (updateId) => session.executeUpdate(joinWaitingRoomUpdate, { updateId }));
  const admission = { actor: doctor, identity: { ...identity, photoIdSeen: true as const, location: 'Domicile', phone: '06 00 00 00 00', identityConfirmed: true as const, remoteSuitable: true as const } };
  await steer(`admit-${visit.id}`, (updateId) => session.executeUpdate(admitEmployeeUpdate, { args: [admission], updateId }));
  const report = { actor: doctor, form: { actsPerformed: 'Entretien de reprise.', prescriptions: 'Aucune', technicalIncidents: 'Aucun' } };
  await steer(`end-${visit.id}`, (updateId) => session.executeUpdate(endTeleconsultationUpdate, { args: [report], updateId }));
  // The visit learns the session's end through its child workflow; concluding before that is refused.
  await eventually(`end of the session of ${visit.id}`, async () => (await visitHandle.query(visitSnapshotQuery)).teleconsultationEnded || null);
  const conclusion = { actor: doctor, form: { outcome: 'ATTESTATION' as const, nextVisitDueDate: plusYears(today, 5) } };
  // A worker killed after answering the query but before completing its workflow task leaves the session's end
  // and the conclusion to the same task, where the SDK validates updates before resolving the child: the
  // conclusion is then refused once, as a person clicking at that instant would see, and sent again.
  await steer(`conclude-${visit.id}`, (updateId) => visitHandle.executeUpdate(concludeVisitUpdate, { args: [conclusion], updateId }), /téléconsultation doit être terminée/);
  // Bounded: a workflow stuck on replay (a non-determinism) fails the test by name instead of hanging it.
  const waited = new AbortController();
  const stuck = sleep(5 * MINUTE_MS, undefined, { signal: waited.signal }).then(
    () => {
      throw new Error(`${visit.workflowId} did not complete within 5 minutes of its conclusion: is it stuck on replay?`);
    },
    () => undefined,
  );
  try {
    await Promise.race([visitHandle.result(), stuck]);
  } finally {
    waited.abort();
  }
  return visit.id;
}

/** The histories of the workflows whose task keeps failing (a non-determinism), kept for the replay test. */
async function saveFailingHistories(): Promise<void> {
  const query = `TaskQueue = '${temporal.taskQueue}' AND TemporalReportedProblems IN ('category=WorkflowTaskFailed')`;
  for await (const workflow of temporal.client.workflow.list({ query })) {
    const history = await temporal.client.workflow.getHandle(workflow.workflowId).fetchHistory();
    await mkdir(logDir, { recursive: true });
    await writeFile(path.join(logDir, `failing-${workflow.workflowId}.json`), JSON.stringify({ workflowId: workflow.workflowId, history: JSON.parse(historyToJSON(history)) }));
    console.log(`reliability: history of ${workflow.workflowId} (workflow task failing) saved in ${logDir}`);
  }
}

describe('issue 7: workers killed again and again', () => {
  it(`${VISITS} remote visits complete while one of two workers is killed every ${KILL_EVERY_MS / 1000} s; each document, email and SMS exists once`, { timeout: Math.max(900_000, VISITS * 6_000) }, async () => {
    const employer = await createEmployer(database.db, { name: 'Entreprise fiable', siret: randomSiret() });
    const doctor = await aProfessional(database.db, 'DOCTOR', 'Dr Fiable');
    const assistant = await aProfessional(database.db, 'ASSISTANT', 'Assistante Fiable');

    let done = false;
    let kills = 0;
    // Alternate between the two workers, so that one polls while the other starts again (bundling its workflows).
    const killer = (async () => {
      for (let slot = 0; !done; slot = 1 - slot) {
        await sleep(KILL_EVERY_MS);
        if (done) break;
        await workers[slot]!.kill();
        kills += 1;
        workers[slot] = await startWorker(slot);
      }
    })();

    const visitIds: string[] = [];
    let next = 0;
    try {
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < VISITS) {
            const index = next++;
            visitIds.push(await aRemoteVisitToTheEnd(index, employer.id, doctor, assistant));
          }
        }),
      );
    } catch (error) {
      await saveFailingHistories();
      throw error;
    } finally {
      done = true;
      await killer;
    }
    console.log(`reliability: ${VISITS} visits, ${kills} worker kills`);
    expect(kills).toBeGreaterThanOrEqual(2);

    const { db } = database;
    expect(await db.visit.count({ where: { id: { in: visitIds }, status: 'COMPLETED' } })).toBe(VISITS);
    // One report (R-TELE-11) and one attestation per visit, never a second one from a retried activity.
    const documents = await db.document.groupBy({ by: ['visitId', 'kind'], where: { visitId: { in: visitIds } }, _count: true });
    expect(documents.filter((group) => group._count !== 1)).toEqual([]);
    expect(documents.filter((group) => group.kind === 'REPORT')).toHaveLength(VISITS);
    expect(documents.filter((group) => group.kind === 'ATTESTATION')).toHaveLength(VISITS);

    // Every message recorded once, sent, and received: the SMTP server saw each email's Message-ID (a resend
    // after a crash between the server's acceptance and the row's update would carry the same one).
    const messages = await db.outboundMessage.findMany({ where: { visitId: { in: visitIds } }, select: { idempotencyKey: true, channel: true, status: true } });
    expect(messages.filter((message) => message.status !== 'SENT')).toEqual([]);
    const emails = messages.filter((message) => message.channel === 'EMAIL');
    // Per visit at least the convocation and the connection details by email, the details by SMS too.
    expect(emails.length).toBeGreaterThanOrEqual(2 * VISITS);
    const received = new Set(smtp.messages.map((mail) => mail.messageId));
    expect(emails.filter((email) => !received.has(messageIdFor(email.idempotencyKey)))).toEqual([]);
    const expectedIds = new Set(emails.map((email) => messageIdFor(email.idempotencyKey)));
    expect(smtp.messages.filter((mail) => !expectedIds.has(mail.messageId ?? ''))).toEqual([]);
    const resent = smtp.messages.length - received.size;
    console.log(`reliability: ${emails.length} emails received ${smtp.messages.length} times (${resent} resent with the same Message-ID)`);

    const sms = messages.filter((message) => message.channel === 'SMS');
    expect(sms.length).toBeGreaterThanOrEqual(VISITS);
    expect((await readdir(smsDir)).filter((file) => file.endsWith('.json'))).toHaveLength(sms.length);
  });
});
