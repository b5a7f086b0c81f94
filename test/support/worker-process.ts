// A worker as production runs it (`node --import tsx worker/main.ts`, configured by its environment), in a
// process group of its own so that SIGKILL reaches node and whatever it started: for crash tests and benchmarks.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time.js';
import { projectRoot } from '../../worker/project-root.js';

export interface WorkerProcess {
  child: ChildProcess;
  spawnedAt: number;
  exited: Promise<void>;
  /** SIGKILL to the whole group: no drain, no cleanup, as a crash. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after 15 s. */
  stop(): Promise<void>;
}

/** The environment of a production worker on this database and task queue, plus `extra` (messaging, telemetry…). */
export function workerEnvironment(target: { databaseUrl: string; temporalAddress: string; taskQueue: string }, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'production',
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: target.databaseUrl,
    TEMPORAL_ADDRESS: target.temporalAddress,
    TEMPORAL_TASK_QUEUE: target.taskQueue,
    ...extra,
  };
}

export function spawnWorkerProcess(env: NodeJS.ProcessEnv, logFile: string): WorkerProcess {
  // A test file run alone has no earlier run to have made the log folder.
  mkdirSync(path.dirname(logFile), { recursive: true });
  const logFd = openSync(logFile, 'a');
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], { cwd: projectRoot, env, stdio: ['ignore', logFd, logFd], detached: true });
  closeSync(logFd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    spawnedAt,
    exited,
    async kill() {
      if (running()) signalGroup(child, 'SIGKILL');
      await exited;
    },
    async stop() {
      if (!running()) return;
      signalGroup(child, 'SIGTERM');
      const stopped = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
      if (!stopped) signalGroup(child, 'SIGKILL');
      await exited;
    },
  };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Milliseconds from spawn until the worker polls its task queue (a poller seen after it was spawned). */
export async function waitForPoller(connection: Connection, taskQueue: string, worker: WorkerProcess, timeoutMs = 180_000): Promise<number> {
  const giveUpAt = Date.now() + timeoutMs;
  while (Date.now() < giveUpAt) {
    if (worker.child.exitCode !== null) throw new Error(`worker exited with code ${worker.child.exitCode} during startup`);
    const { pollers } = await connection.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue } });
    if (pollers.some((poller) => (optionalTsToMs(poller.lastAccessTime) ?? 0) >= worker.spawnedAt)) return Date.now() - worker.spawnedAt;
    await sleep(100);
  }
  throw new Error(`worker not polling ${taskQueue} after ${timeoutMs} ms`);
}
