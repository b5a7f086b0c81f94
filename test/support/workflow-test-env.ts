// Time-skipping Temporal, a fresh database and a worker with the real activities: what every
// workflow test file starts with. Staff of each clinical role are created for the scenarios.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { expect } from 'vitest';
import { DomainError } from '../../activities/domain/errors.js';
import type { TemporalDeps } from '../../activities/domain/visits.js';
import { createActivities } from '../../activities/index.js';
import { bundleWorkflows } from '../../worker/worker.js';
import { parisCivilDate, type CivilDate } from '../../workflows/rules/calendar.js';
import type { Actor } from '../../workflows/visit/messages.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { aProfessional } from './factories.js';
import { createTimeSkippingEnv } from './time-skipping.js';

export interface WorkflowTestEnv {
  env: TestWorkflowEnvironment;
  database: TestDatabase;
  temporal: TemporalDeps;
  staff: { doctor: Actor; nurse: Actor; assistant: Actor };
  /** Today in Paris on the test server's (skipping) clock. */
  serverToday(): Promise<CivilDate>;
  teardown(): Promise<void>;
}

export async function startWorkflowTestEnv(): Promise<WorkflowTestEnv> {
  const env = await createTimeSkippingEnv();
  const database = await createTestDatabase();
  const taskQueue = `visits-${randomUUID()}`;
  const temporal = { client: env.client, taskQueue };
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await bundleWorkflows(),
    activities: createActivities({ db: database.db, serviceName: 'SPSTI de test', temporal }),
  });
  const workerRun = worker.run();
  return {
    env,
    database,
    temporal,
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
