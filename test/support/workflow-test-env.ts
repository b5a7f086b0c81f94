// Time-skipping Temporal, a fresh database and a worker with the real activities: what every
// workflow test file starts with. Staff of each clinical role are created for the scenarios. Messages go
// out for real: emails to an SMTP server in this process, SMS to an outbox folder.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { expect, inject } from 'vitest';
import { DomainError } from '../../activities/domain/errors.js';
import type { TemporalDeps } from '../../activities/domain/visits.js';
import { createActivities } from '../../activities/index.js';
import { createMailTransport, createMessaging } from '../../activities/messaging/messaging.js';
import { createOutboxSmsProvider } from '../../activities/messaging/sms.js';
import { bundleWorkflows } from '../../worker/worker.js';
import { parisCivilDate, type CivilDate } from '../../workflows/rules/calendar.js';
import type { Actor } from '../../workflows/visit/messages.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { aProfessional } from './factories.js';
import { startSmtpCapture, type CapturedMail } from './smtp.js';
import { createTimeSkippingEnv } from './time-skipping.js';

export const TEST_LINK_SECRET = 'test-link-secret-0123456789abcdefghijklmnop';
export const TEST_PUBLIC_URL = 'https://console.test.spsti.fr';

export interface SentSms {
  to: string;
  body: string;
  idempotencyKey: string;
}

export interface WorkflowTestEnv {
  env: TestWorkflowEnvironment;
  database: TestDatabase;
  temporal: TemporalDeps;
  staff: { doctor: Actor; nurse: Actor; assistant: Actor };
  /** The worker's activities, to call one again as a retry would. */
  activities: ReturnType<typeof createActivities>;
  /** Every email received so far. */
  mails: CapturedMail[];
  /** Every SMS sent so far. */
  sentSms(): Promise<SentSms[]>;
  /** Today in Paris on the test server's (skipping) clock. */
  serverToday(): Promise<CivilDate>;
  teardown(): Promise<void>;
}

/**
 * `server: 'dev'` runs on the run's real Temporal dev server (real time) instead of the time-skipping one,
 * for what the time-skipping server does not do: it never tells a parent that its child was terminated.
 */
export async function startWorkflowTestEnv(options: { server?: 'time-skipping' | 'dev' } = {}): Promise<WorkflowTestEnv> {
  const env =
    options.server === 'dev' ? await TestWorkflowEnvironment.createFromExistingServer({ address: inject('temporalAddress') }) : await createTimeSkippingEnv();
  const database = await createTestDatabase();
  const taskQueue = `visits-${randomUUID()}`;
  const temporal = { client: env.client, taskQueue };
  const smtp = await startSmtpCapture();
  const smsOutbox = await mkdtemp(path.join(tmpdir(), 'sms-outbox-'));
  const messaging = createMessaging({
    db: database.db,
    mail: createMailTransport(smtp.url),
    sms: createOutboxSmsProvider(smsOutbox),
    from: 'SPSTI de test <no-reply@test.spsti.fr>',
  });
  const activities = createActivities({
    db: database.db,
    serviceName: 'SPSTI de test',
    temporal,
    messaging,
    linkSecret: TEST_LINK_SECRET,
    publicUrl: TEST_PUBLIC_URL,
  });
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await bundleWorkflows(), activities });
  const workerRun = worker.run();
  return {
    env,
    database,
    temporal,
    activities,
    mails: smtp.messages,
    sentSms: async () => {
      const files = (await readdir(smsOutbox)).filter((file) => file.endsWith('.json'));
      return Promise.all(files.map(async (file) => JSON.parse(await readFile(path.join(smsOutbox, file), 'utf8')) as SentSms));
    },
    staff: {
      doctor: await aProfessional(database.db, 'DOCTOR', 'Dr Claire Martin'),
      nurse: await aProfessional(database.db, 'NURSE', 'Paul Bernard'),
      assistant: await aProfessional(database.db, 'ASSISTANT', 'Sophie Leroy'),
    },
    serverToday: async () => parisCivilDate(new Date(await env.currentTimeMs())),
    teardown: async () => {
      worker.shutdown();
      await workerRun;
      await env.teardown();
      await smtp.stop();
      await rm(smsOutbox, { recursive: true, force: true });
      await database.drop();
    },
  };
}

/** The decision was refused by the workflow (or a domain rule) with a French reason matching `message`. */
export async function expectRefused(promise: Promise<unknown>, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe('REFUSED');
  expect((error as DomainError).message).toMatch(message);
}
