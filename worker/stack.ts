// The whole service in one command (`npm start`): embedded PostgreSQL and Temporal dev server (unless
// DATABASE_URL / TEMPORAL_ADDRESS point elsewhere), migrations, the worker, the demo seed and the
// console. Data persists under data/. Ctrl-C stops the console, the worker, Temporal, then PostgreSQL.
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time.js';
import { readEnvironment, type Environment } from '../activities/env.js';
import { embeddedPostgresUrl, startEmbeddedPostgres } from './embedded-postgres.js';
import { startMailCatcher } from './mail-catcher.js';
import { describeExit, expectSuccess, startProcess, type ManagedProcess, type ProcessExit } from './processes.js';
import { projectRoot } from './project-root.js';
import { resolveTemporalCli } from './temporal-binaries.js';
import { startTemporalDevServer, temporalDevServerAddress } from './temporal-dev-server.js';

const DEMO_API_KEY = 'demo-api-key-0123456789abcdef';
// Development only: production sets its own secret key (README).
const DEMO_TOTP_ENCRYPTION_KEY = 'de40de40de40de40de40de40de40de40de40de40de40de40de40de40de40de40';
const DATABASE_NAME = 'spsti';
const TEMPORAL_PORT = 7233;
const TEMPORAL_UI_PORT = 8233;
const CONSOLE_ENTRY = 'console/build/server/index.js';
// Bundling the workflows (webpack) happens at worker start and takes a while on small machines.
const WORKER_STARTUP_TIMEOUT_MS = 180_000;
const CONSOLE_STARTUP_TIMEOUT_MS = 30_000;

const dataDir = path.join(projectRoot, 'data');
const postgresLog = path.join(dataDir, 'postgres.log');
const temporalLog = path.join(dataDir, 'temporal.log');
const mailDir = path.join(dataDir, 'mail');

// Clients before their servers: a one-shot step first, then the console, the worker, the mail catcher, Temporal, PostgreSQL.
const stopOrder = ['step', 'console', 'worker', 'mail', 'temporal', 'postgres'] as const;

interface RunningPart {
  name: string;
  role: (typeof stopOrder)[number];
  stop(): Promise<unknown>;
}

const running: RunningPart[] = [];
let stopping: Promise<void> | undefined;

function log(message: string): void {
  console.log(`stack: ${message}`);
}

function portFromEnv(variable: string, fallback: number): number {
  const value = process.env[variable];
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) throw new Error(`${variable}=${value} is not a TCP port`);
  return port;
}

function shutdown(exitCode: number, reason: string): Promise<void> {
  stopping ??= (async () => {
    (exitCode === 0 ? console.log : console.error)(`stack: ${reason}, stopping`);
    let finalCode = exitCode;
    const inStopOrder = [...running].sort((a, b) => stopOrder.indexOf(a.role) - stopOrder.indexOf(b.role));
    for (const part of inStopOrder) {
      log(`stopping ${part.name}`);
      try {
        await part.stop();
      } catch (error) {
        console.error(`stack: could not stop ${part.name}: ${String(error)}`);
        finalCode ||= 1;
      }
    }
    log('stopped');
    process.exit(finalCode);
  })();
  return stopping;
}

/** Registers a long-running part: stopped at shutdown, and its unexpected death stops everything. */
function supervise(part: RunningPart, exited: Promise<ProcessExit>, hint = ''): void {
  running.push(part);
  void exited.then((exit) => {
    if (!stopping) void shutdown(1, `${part.name} stopped unexpectedly (${describeExit(exit)})${hint}`);
  });
}

/** Runs a command to completion, stopping it too if the stack stops meanwhile. */
async function runStep(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  log(`${name}…`);
  const step = startProcess(name, command, args, { cwd: projectRoot, env, output: 'inherit' });
  const part: RunningPart = { name, role: 'step', stop: step.stop };
  running.push(part);
  try {
    await expectSuccess(step);
  } finally {
    running.splice(running.indexOf(part), 1);
  }
}

function startChild(
  role: 'console' | 'worker',
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  stopGraceMs: number,
): ManagedProcess {
  log(`starting the ${role}`);
  const child = startProcess(role, command, args, { cwd: projectRoot, env, output: 'inherit', stopGraceMs });
  supervise({ name: role, role, stop: child.stop }, child.exited);
  return child;
}

function requireFile(relativePath: string, purpose: string): void {
  if (!existsSync(path.join(projectRoot, relativePath))) throw new Error(`${relativePath} is missing: it ${purpose}`);
}

async function startDatabase(port: number, migrationEnv: NodeJS.ProcessEnv): Promise<void> {
  log(`starting PostgreSQL on port ${port} (data/postgres)`);
  const postgres = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, 'postgres'),
    port,
    database: DATABASE_NAME,
    logFile: postgresLog,
  });
  supervise({ name: 'PostgreSQL', role: 'postgres', stop: postgres.stop }, postgres.exited, `, see ${postgresLog}`);
  await applyMigrations(migrationEnv);
}

function applyMigrations(env: NodeJS.ProcessEnv): Promise<void> {
  // Prisma 6.19's schema engine leaves a 10 s timer behind: this step takes ~12 s even with nothing to apply.
  return runStep('applying database migrations', 'npm', ['run', '-s', 'prisma', '--', 'migrate', 'deploy'], env);
}

async function startTemporal(namespace: string): Promise<string | undefined> {
  const executable = resolveTemporalCli();
  if (executable === undefined) throw new Error('Temporal CLI not found: run `bash worker/setup.sh` or set TEMPORAL_CLI_PATH');
  log(`starting the Temporal dev server on port ${TEMPORAL_PORT} (data/temporal.sqlite)`);
  const temporal = await startTemporalDevServer({
    executable,
    port: TEMPORAL_PORT,
    uiPort: TEMPORAL_UI_PORT,
    dbFile: path.join(dataDir, 'temporal.sqlite'),
    namespace,
    logFile: temporalLog,
  });
  supervise({ name: 'Temporal dev server', role: 'temporal', stop: temporal.stop }, temporal.exited, `, see ${temporalLog}`);
  return temporal.uiUrl;
}

/** Receives what the worker mails when SMTP_URL is left to its default; in this process, so no supervision. */
async function startMail(smtpUrl: string): Promise<void> {
  const { hostname, port } = new URL(smtpUrl);
  log(`starting the mail catcher on ${hostname}:${port} (data/mail)`);
  const catcher = await startMailCatcher({ host: hostname, port: Number(port), directory: mailDir });
  running.push({ name: 'mail catcher', role: 'mail', stop: catcher.stop });
}

async function buildConsoleIfMissing(env: NodeJS.ProcessEnv): Promise<void> {
  if (existsSync(path.join(projectRoot, CONSOLE_ENTRY))) return;
  requireFile('console/vite.config.ts', 'builds the console');
  await runStep('building the console', 'npm', ['run', '-s', 'build'], env);
}

/** The worker is up once it polls its task queue; pollers seen before it started belong to an older run. */
async function waitForWorker(config: Environment, worker: ManagedProcess, startedAt: number): Promise<void> {
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  try {
    const deadline = Date.now() + WORKER_STARTUP_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (worker.hasExited()) throw new Error(`the worker stopped during startup (${describeExit(await worker.exited)})`);
      const { pollers } = await connection.workflowService.describeTaskQueue({
        namespace: config.TEMPORAL_NAMESPACE,
        taskQueue: { name: config.TEMPORAL_TASK_QUEUE },
      });
      if (pollers.some((poller) => (optionalTsToMs(poller.lastAccessTime) ?? 0) >= startedAt)) return;
      await sleep(500);
    }
    throw new Error(`the worker did not poll task queue ${config.TEMPORAL_TASK_QUEUE} within ${WORKER_STARTUP_TIMEOUT_MS / 1000} s`);
  } finally {
    await connection.close();
  }
}

async function waitForPort(port: number, owner: ManagedProcess): Promise<void> {
  const deadline = Date.now() + CONSOLE_STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (owner.hasExited()) throw new Error(`${owner.name} stopped during startup (${describeExit(await owner.exited)})`);
    const listening = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (listening) return;
    await sleep(250);
  }
  throw new Error(`${owner.name} did not listen on port ${port} within ${CONSOLE_STARTUP_TIMEOUT_MS / 1000} s`);
}

function hidePassword(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.password) url.password = '***';
  return url.toString();
}

async function main(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (stopping) log('already stopping');
      else void shutdown(0, `${signal} received`);
    });
  }

  const postgresPort = portFromEnv('EMBEDDED_PG_PORT', 5488);
  const consolePort = portFromEnv('PORT', 3000);
  const externalDatabaseUrl = process.env.DATABASE_URL;
  const externalTemporalAddress = process.env.TEMPORAL_ADDRESS;
  const externalSmtpUrl = process.env.SMTP_URL;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: externalDatabaseUrl ?? embeddedPostgresUrl(postgresPort, DATABASE_NAME),
    TEMPORAL_ADDRESS: externalTemporalAddress ?? temporalDevServerAddress(TEMPORAL_PORT),
    API_KEY: process.env.API_KEY ?? DEMO_API_KEY,
    TOTP_ENCRYPTION_KEY: process.env.TOTP_ENCRYPTION_KEY ?? DEMO_TOTP_ENCRYPTION_KEY,
    PORT: String(consolePort),
  };
  // Configuration errors stop the launch before anything starts.
  const config = readEnvironment(childEnv);

  // Independent until the worker: the database (then its migrations), Temporal, the mail catcher, the console build.
  const [, temporalUiUrl] = await Promise.all([
    externalDatabaseUrl === undefined ? startDatabase(postgresPort, childEnv) : applyMigrations(childEnv),
    externalTemporalAddress === undefined ? startTemporal(config.TEMPORAL_NAMESPACE) : undefined,
    externalSmtpUrl === undefined ? startMail(config.SMTP_URL) : undefined,
    buildConsoleIfMissing(childEnv),
  ]);

  requireFile('worker/main.ts', 'runs the Temporal worker');
  const workerStartedAt = Date.now();
  const worker = startChild('worker', process.execPath, ['--import', 'tsx', 'worker/main.ts'], childEnv, 30_000);
  await waitForWorker(config, worker, workerStartedAt);

  requireFile('prisma/seed.ts', 'loads the demo data');
  await runStep('loading the demo data', process.execPath, ['--import', 'tsx', 'prisma/seed.ts'], childEnv);

  const consoleServer = startChild('console', process.execPath, ['--import', 'tsx', 'console/server.ts'], childEnv, 5_000);
  await waitForPort(consolePort, consoleServer);

  const rows: [string, string][] = [
    ['PostgreSQL', externalDatabaseUrl === undefined ? config.DATABASE_URL : `${hidePassword(config.DATABASE_URL)} (DATABASE_URL)`],
    ['Temporal gRPC', `${config.TEMPORAL_ADDRESS} (namespace ${config.TEMPORAL_NAMESPACE}, task queue ${config.TEMPORAL_TASK_QUEUE})`],
    ['Temporal Web UI', temporalUiUrl ?? 'see your Temporal cluster (TEMPORAL_ADDRESS)'],
    ['Console', `http://localhost:${consolePort}`],
    ['Mail', externalSmtpUrl === undefined ? `${config.SMTP_URL}, each message saved in data/mail/*.eml` : 'sent through SMTP_URL'],
    ['SMS', config.SMS_PROVIDER === 'outbox' ? `each message saved in ${config.SMS_OUTBOX_DIR}/*.json` : `sent through ${config.SMS_HTTP_URL}`],
  ];
  const serverLogs = [
    ...(externalDatabaseUrl === undefined ? [path.relative(projectRoot, postgresLog)] : []),
    ...(externalTemporalAddress === undefined ? [path.relative(projectRoot, temporalLog)] : []),
  ];
  if (serverLogs.length > 0) rows.push(['Server logs', serverLogs.join(', ')]);
  const line = '─'.repeat(72);
  const stopHint = serverLogs.length > 0 ? 'Ctrl-C stops it; the data stays in data/.' : 'Ctrl-C stops it.';
  console.log(
    [line, '  The stack is running:', ...rows.map(([label, value]) => `  ${label.padEnd(16)} ${value}`), `  ${stopHint}`, line].join('\n'),
  );
}

main().catch((error: unknown) => shutdown(1, error instanceof Error ? error.message : String(error)));
