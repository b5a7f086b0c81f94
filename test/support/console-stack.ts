// The whole product for the console and API tests: a database of its own, a visit worker in this
// process, and the built console served by console/server.ts exactly as in production (`npm run build` first).
// Emails reach an SMTP server in this process, SMS an outbox folder; the video deployment is unreachable
// (Jitsi cannot run here), so pages show their fallback.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, inject } from 'vitest';
import type { Db } from '../../activities/db.js';
import { hashApiKey } from '../../activities/domain/credentials.js';
import type { TemporalDeps } from '../../activities/domain/visits.js';
import { createMailTransport, createMessaging } from '../../activities/messaging/messaging.js';
import { createOutboxSmsProvider } from '../../activities/messaging/sms.js';
import type { JitsiConfig } from '../../activities/video/jitsi.js';
import { describeExit, readLogTail, startProcess } from '../../worker/processes.js';
import { projectRoot } from '../../worker/project-root.js';
import { createVisitWorker } from '../../worker/worker.js';
import { createTestDatabase } from './database.js';
import { startSmtpCapture, type CapturedMail } from './smtp.js';

const SERVER_ENTRY = path.join(projectRoot, 'console', 'build', 'server', 'index.js');
const CONSOLE_SERVER = path.join(projectRoot, 'console', 'server.ts');
const STARTUP_TIMEOUT_MS = 30_000;

export interface ConsoleStack {
  baseUrl: string;
  /** With `consoles: 2`: a second console process, same configuration, behind the same (test) load balancer. */
  otherConsole?: { baseUrl: string; kill(): Promise<void> };
  db: Db;
  /** The stack's own database, for scripts run against it (`npm run retention`). */
  databaseUrl: string;
  /** The API key accepted by this console (its hash is in the ApiKey table). */
  apiKey: string;
  /** The console's TOTP_ENCRYPTION_KEY, to give test accounts a known authenticator. */
  totpKey: string;
  /** The worker's task queue and a client, for tests that steer a workflow directly. */
  temporal: TemporalDeps;
  /** The console server's output, for diagnosing a failure. */
  logFile: string;
  /** The secret of personal links and access codes, shared by the worker and the console (R-TELE-5). */
  linkSecret: string;
  /** The console's address as written in the links sent (the console itself). */
  publicUrl: string;
  /** The video deployment the console mints tokens for; its domain answers nothing. */
  jitsi: JitsiConfig;
  /** Every email received so far. */
  mails: CapturedMail[];
  /** Every SMS sent so far. */
  sentSms(): Promise<{ to: string; body: string; idempotencyKey: string }[]>;
  stop(): Promise<void>;
}

export interface ConsoleStackOptions {
  /** Points the console (not the worker) at a closed port, as if Temporal were down. */
  temporalUnreachable?: boolean;
  /** Points the console (not the worker) at a closed port, as if PostgreSQL were down. */
  databaseUnreachable?: boolean;
  /** Two console processes sharing the database, Temporal and secrets, as behind a load balancer. */
  consoles?: 1 | 2;
  /** More environment for the console processes (LOG_FORMAT=json). */
  consoleEnv?: Record<string, string>;
}

export async function startConsoleStack(options: ConsoleStackOptions = {}): Promise<ConsoleStack> {
  if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run \`npm run build\` before these tests`);
  const database = await createTestDatabase();
  const cleanups: (() => Promise<unknown>)[] = [() => database.drop()];
  const stop = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse().splice(0)) await cleanup();
  };

  try {
    const address = inject('temporalAddress');
    const taskQueue = `console-${randomUUID()}`;

    const smtp = await startSmtpCapture();
    cleanups.push(() => smtp.stop());
    const smsDir = await mkdtemp(path.join(tmpdir(), 'spsti-sms-'));
    cleanups.push(() => rm(smsDir, { recursive: true, force: true }));
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const secrets = newConsoleSecrets();
    const { apiKey, totpKey, linkSecret, jitsi } = secrets;

    const clientConnection = await Connection.connect({ address });
    cleanups.push(() => clientConnection.close());
    const workerConnection = await NativeConnection.connect({ address });
    cleanups.push(() => workerConnection.close());
    const worker = await createVisitWorker({
      connection: workerConnection,
      client: new Client({ connection: clientConnection }),
      namespace: 'default',
      taskQueue,
      db: database.db,
      serviceName: 'SPSTI de test',
      messaging: createMessaging({
        db: database.db,
        mail: createMailTransport(smtp.url),
        sms: createOutboxSmsProvider(smsDir),
        from: 'SPSTI de test <no-reply@spsti.test>',
      }),
      linkSecret,
      publicUrl: baseUrl,
    });
    const running = worker.run();
    cleanups.push(async () => {
      worker.shutdown();
      await running;
    });

    await database.db.apiKey.create({ data: { name: 'Tests de la console', keyHash: hashApiKey(apiKey) } });

    const consoleTemporalAddress = options.temporalUnreachable ? `127.0.0.1:${await freePort()}` : address;
    const consoleEnv = {
      ...consoleEnvironment(
        {
          databaseUrl: options.databaseUnreachable ? unreachableDatabaseUrl(database.url, await freePort()) : database.url,
          temporalAddress: consoleTemporalAddress,
          taskQueue,
          publicUrl: baseUrl,
        },
        secrets,
      ),
      ...options.consoleEnv,
    };
    const startConsole = async (consolePort: number, name: string) => {
      const started = await startConsoleProcess(consoleEnv, consolePort, path.join(projectRoot, 'test-results', 'logs', `${name}-${taskQueue}.log`));
      cleanups.push(() => started.stop());
      return started;
    };
    const { logFile } = await startConsole(port, 'console');
    const otherConsole = options.consoles === 2 ? await startConsole(await freePort(), 'console-2') : undefined;

    return {
      baseUrl,
      ...(otherConsole && { otherConsole: { baseUrl: otherConsole.baseUrl, kill: otherConsole.stop } }),
      db: database.db,
      databaseUrl: database.url,
      apiKey,
      totpKey,
      temporal: { client: new Client({ connection: clientConnection, namespace: 'default' }), taskQueue },
      logFile,
      linkSecret,
      publicUrl: baseUrl,
      jitsi,
      mails: smtp.messages,
      sentSms: async () => {
        const files = (await readdir(smsDir)).filter((file) => file.endsWith('.json'));
        return Promise.all(files.map(async (file) => JSON.parse(await readFile(path.join(smsDir, file), 'utf8'))));
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface ConsoleSecrets {
  apiKey: string;
  totpKey: string;
  linkSecret: string;
  jitsi: JitsiConfig;
}

export function newConsoleSecrets(): ConsoleSecrets {
  return {
    apiKey: randomBytes(32).toString('base64url'),
    totpKey: randomBytes(32).toString('hex'),
    linkSecret: randomBytes(32).toString('base64url'),
    // Port 9 (discard) refuses connections at once: the video script fails fast, as when Jitsi is down.
    jitsi: { domain: '127.0.0.1:9', appId: 'spsti-test', secret: randomBytes(32).toString('base64url') },
  };
}

/** What a console process is given in production, for these dependencies. */
export function consoleEnvironment(
  target: { databaseUrl: string; temporalAddress: string; taskQueue: string; publicUrl: string },
  secrets: ConsoleSecrets,
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATABASE_URL: target.databaseUrl,
    TEMPORAL_ADDRESS: target.temporalAddress,
    TEMPORAL_TASK_QUEUE: target.taskQueue,
    SESSION_SECRET: randomBytes(24).toString('base64url'),
    API_KEY: secrets.apiKey,
    PUBLIC_URL: target.publicUrl,
    LINK_SECRET: secrets.linkSecret,
    JITSI_DOMAIN: secrets.jitsi.domain,
    JITSI_APP_ID: secrets.jitsi.appId,
    JITSI_APP_SECRET: secrets.jitsi.secret,
    TOTP_ENCRYPTION_KEY: secrets.totpKey,
  };
}

/** A console process served by console/server.ts on `port`, once it answers /healthz. */
export async function startConsoleProcess(env: NodeJS.ProcessEnv, port: number, logFile: string): Promise<{ baseUrl: string; logFile: string; stop(): Promise<void> }> {
  const server = startProcess('console', process.execPath, ['--import', 'tsx', CONSOLE_SERVER], { cwd: projectRoot, env: { ...env, PORT: String(port) }, output: { logFile } });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(baseUrl, () => server.hasExited(), async () => describeExit(await server.exited), logFile);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { baseUrl, logFile, stop: async () => void (await server.stop()) };
}

async function waitForHealth(baseUrl: string, exited: () => boolean, exitReason: () => Promise<string>, logFile: string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`the console stopped during startup (${await exitReason()})\n${readLogTail(logFile)}`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`The console did not answer /healthz within ${STARTUP_TIMEOUT_MS / 1000} s\n${readLogTail(logFile)}`);
}

export function freePort(): Promise<number> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no TCP port'))));
    });
  });
}

function unreachableDatabaseUrl(url: string, closedPort: number): string {
  const unreachable = new URL(url);
  unreachable.port = String(closedPort);
  return unreachable.toString();
}

/** One stack for the test file: started before its tests, stopped after; call the result inside a test. */
export function consoleStackForSuite(options: ConsoleStackOptions = {}): () => ConsoleStack {
  let stack: ConsoleStack | undefined;
  beforeAll(async () => {
    stack = await startConsoleStack(options);
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });
  return () => {
    if (!stack) throw new Error('the console stack did not start');
    return stack;
  };
}
