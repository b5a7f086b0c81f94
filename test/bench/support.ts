// Shared pieces of the benchmarks (`npm run bench`): machine description, scratch stack on free ports,
// bounded concurrent loops, percentiles, and cleanup that runs even when a benchmark fails.
import { cpus, loadavg, totalmem } from 'node:os';
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { createDb, type Db } from '../../activities/db.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../worker/embedded-postgres.js';
import { expectSuccess, startProcess } from '../../worker/processes.js';
import { projectRoot } from '../../worker/project-root.js';
import { resolveTemporalCli } from '../../worker/temporal-binaries.js';
import { startTemporalDevServer, type TemporalDevServer } from '../../worker/temporal-dev-server.js';

export const DATABASE_NAME = 'spsti_bench';

// ── cleanup ────────────────────────────────────────────────────────────────────────────────────────
const cleanups: { name: string; run: () => Promise<unknown> }[] = [];

/** Registers a cleanup; they run last-registered first. Returns a function that runs it early. */
export function onCleanup(name: string, run: () => Promise<unknown>): () => Promise<void> {
  const entry = { name, run };
  cleanups.push(entry);
  return async () => {
    const index = cleanups.indexOf(entry);
    if (index < 0) return;
    cleanups.splice(index, 1);
    await runOne(entry);
  };
}

async function runOne(entry: { name: string; run: () => Promise<unknown> }): Promise<void> {
  try {
    await withTimeout(entry.run(), 60_000, `cleanup ${entry.name}`);
  } catch (error) {
    console.error(`bench: cleanup "${entry.name}" failed: ${String(error)}`);
  }
}

export async function runCleanups(): Promise<void> {
  while (cleanups.length > 0) await runOne(cleanups.pop()!);
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

// ── environment ────────────────────────────────────────────────────────────────────────────────────
export function intFromEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name}=${value} is not a positive integer`);
  return parsed;
}

export function machineDescription(): string {
  const cpuList = cpus();
  const gib = (totalmem() / 1024 ** 3).toFixed(1);
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  return `${cpuList[0]?.model ?? 'unknown cpu'} · ${cpuList.length} cores · ${gib} GiB · Node ${process.version} · ${process.platform}-${process.arch} · load avg ${load}`;
}

export function printMachine(): void {
  console.log(`machine: ${machineDescription()}`);
}

// ── figures ────────────────────────────────────────────────────────────────────────────────────────
export function percentile(sortedValues: readonly number[], p: number): number {
  if (sortedValues.length === 0) return Number.NaN;
  const rank = Math.min(sortedValues.length - 1, Math.max(0, Math.ceil((p / 100) * sortedValues.length) - 1));
  return sortedValues[rank]!;
}

export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

export const ms = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(value < 10 ? 2 : 0)} ms` : 'n/a');

/** Prints rows as an aligned text table. */
export function printTable(header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of cells.slice(1)) console.log(line(row));
}

// ── bounded concurrency ────────────────────────────────────────────────────────────────────────────
export interface PoolResult {
  started: number;
  succeeded: number;
  failed: number;
  firstErrors: string[];
  elapsedMs: number;
  stoppedByTime: boolean;
}

/**
 * Runs `task(i)` for i < total with at most `concurrency` at once; no new task starts after `maxMs`.
 * Each task must bound its own duration.
 */
export async function runPool(total: number, concurrency: number, maxMs: number, task: (index: number) => Promise<void>): Promise<PoolResult> {
  const started = Date.now();
  const result: PoolResult = { started: 0, succeeded: 0, failed: 0, firstErrors: [], elapsedMs: 0, stoppedByTime: false };
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < total) {
      if (Date.now() - started > maxMs) {
        result.stoppedByTime = true;
        return;
      }
      const index = next++;
      result.started += 1;
      try {
        await task(index);
        result.succeeded += 1;
      } catch (error) {
        result.failed += 1;
        if (result.firstErrors.length < 5) result.firstErrors.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
  result.elapsedMs = Date.now() - started;
  return result;
}

/** Calls `attempt` until it returns a value other than undefined, every `intervalMs`, for at most `maxMs`. */
export async function pollUntil<T>(what: string, maxMs: number, intervalMs: number, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${maxMs} ms`);
    await sleep(intervalMs);
  }
}

// ── scratch stack ──────────────────────────────────────────────────────────────────────────────────
export async function freePorts(count: number): Promise<number[]> {
  // Held open together so that the same port is not handed out twice.
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i += 1) {
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
      servers.push(server);
    }
    return servers.map((server) => {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
      return address.port;
    });
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

/** A fresh folder under data/ (the `postgres` user must traverse its parents), removed at cleanup. */
export function scratchDir(benchmark: string): string {
  const dir = path.join(projectRoot, 'data', `bench-${benchmark}-${Date.now()}`);
  onCleanup(`remove ${path.relative(projectRoot, dir)}`, () => rm(dir, { recursive: true, force: true }));
  return dir;
}

export interface BenchPostgres {
  server: EmbeddedPostgres;
  url: string;
  adminUrl: string;
}

/** Embedded PostgreSQL in a fresh data dir, migrated with `npm run -s prisma -- migrate deploy`. */
export async function startMigratedPostgres(dir: string): Promise<BenchPostgres> {
  const [port] = await freePorts(1);
  const started = Date.now();
  const server = await startPostgresIn(dir, port!);
  const url = server.databaseUrl(DATABASE_NAME);
  const logFile = path.join(dir, 'migrate.log');
  const migration = startProcess('prisma migrate deploy', 'npm', ['run', '-s', 'prisma', '--', 'migrate', 'deploy'], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: url },
    output: { logFile },
  });
  const stopMigration = onCleanup('stop prisma migrate', () => migration.stop());
  await withTimeout(expectSuccess(migration, logFile), 180_000, 'prisma migrate deploy');
  await stopMigration();
  console.log(`PostgreSQL on port ${port} ready and migrated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { server, url, adminUrl: server.databaseUrl('postgres') };
}

/** PostgreSQL started again on its data dir and port after it stopped: what a restart looks like to its clients. */
export async function restartPostgres(dir: string, postgres: BenchPostgres): Promise<BenchPostgres> {
  return { ...postgres, server: await startPostgresIn(dir, Number(new URL(postgres.url).port)) };
}

async function startPostgresIn(dir: string, port: number): Promise<EmbeddedPostgres> {
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'postgres'), port, database: DATABASE_NAME, logFile: path.join(dir, 'postgres.log') });
  onCleanup('stop PostgreSQL', () => server.stop());
  return server;
}

/**
 * The Temporal dev server persisted in SQLite (WAL), as `npm start` runs it, headless; on `port` to start it
 * again on the same file after it stopped.
 */
export async function startPersistedTemporal(dir: string, port?: number): Promise<TemporalDevServer> {
  const executable = resolveTemporalCli();
  if (executable === undefined) throw new Error('Temporal CLI not found: run `bash worker/setup.sh` or set TEMPORAL_CLI_PATH');
  const server = await startTemporalDevServer({
    executable,
    port: port ?? (await freePorts(1))[0]!,
    dbFile: path.join(dir, 'temporal.sqlite'),
    namespace: 'default',
    logFile: path.join(dir, 'temporal.log'),
  });
  onCleanup('stop Temporal dev server', () => server.stop());
  console.log(`Temporal dev server (SQLite WAL) on ${server.address}`);
  return server;
}

export interface BenchStack {
  dir: string;
  postgres: BenchPostgres;
  temporalServer: TemporalDevServer;
  /** The callers' Prisma client (a worker process has its own). */
  db: Db;
  connection: Connection;
  client: Client;
}

/** A scratch folder, PostgreSQL migrated, the persisted Temporal dev server, and a client of each. */
export async function startBenchStack(benchmark: string): Promise<BenchStack> {
  const dir = scratchDir(benchmark);
  const [postgres, temporalServer] = await Promise.all([startMigratedPostgres(dir), startPersistedTemporal(dir)]);
  const db = createDb(postgres.url);
  onCleanup('disconnect Prisma', () => db.$disconnect());
  const connection = await Connection.connect({ address: temporalServer.address });
  onCleanup('close client connection', () => connection.close());
  return { dir, postgres, temporalServer, db, connection, client: new Client({ connection, namespace: 'default' }) };
}
