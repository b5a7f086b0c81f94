import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkerPlugin, type WorkflowBundleOption, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import type { Db } from '../activities/db.js';
import type { Messaging } from '../activities/messaging/messaging.js';

export const workflowsPath = path.join(import.meta.dirname, '..', 'workflows', 'index.ts');

/** Plugins (tracing) that add workflow interceptors must be given here too: they are bundled with the workflows. */
export function bundleWorkflows(plugins: WorkerPlugin[] = []): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger, plugins });
}

/**
 * The workflows bundled once into `file`, for workers started with WORKFLOW_BUNDLE_PATH: they start in seconds
 * instead of each running webpack (tens of seconds of CPU on a small machine). Built without tracing plugins.
 */
export async function writeWorkflowBundle(file: string): Promise<void> {
  const { code } = await bundleWorkflows();
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, code);
}

// webpack's progress lines drown the launcher's output; warnings and errors still show.
const quietBundlerLogger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  log: () => {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

export interface VisitWorkerOptions {
  connection: NativeConnection;
  /** For activities that start workflows (the follow-up opening visits). */
  client: Client;
  namespace: string;
  taskQueue: string;
  db: Db;
  serviceName: string;
  /** Teleconsultation messages (R-TELE-5, R-TELE-12) and the personal links they carry. */
  messaging: Messaging;
  linkSecret: string;
  publicUrl: string;
  workflowBundle?: WorkflowBundleOption;
  plugins?: WorkerPlugin[];
}

export async function createVisitWorker(options: VisitWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    plugins: options.plugins ?? [],
    activities: createActivities({
      db: options.db,
      serviceName: options.serviceName,
      temporal: { client: options.client, taskQueue: options.taskQueue },
      messaging: options.messaging,
      linkSecret: options.linkSecret,
      publicUrl: options.publicUrl,
    }),
  });
}
