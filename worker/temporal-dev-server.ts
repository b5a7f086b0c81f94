// The Temporal dev server (`temporal server start-dev`): SQLite-backed when given a file, with the
// Web UI, and the visit search attributes registered at launch.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import { visitSearchAttributeKeys } from '../workflows/search-attributes.js';
import { describeExit, readLogTail, startProcess, type ManagedProcess, type ProcessExit } from './processes.js';

const STARTUP_TIMEOUT_MS = 30_000;

export interface TemporalDevServerOptions {
  /** The `temporal` CLI, see resolveTemporalCli(). */
  executable: string;
  port: number;
  /** Port of the Web UI; without it the server runs headless. */
  uiPort?: number;
  /** SQLite file kept between runs; without it everything stays in memory. */
  dbFile?: string;
  /** Created at launch when it is not "default" (always created). */
  namespace: string;
  logFile: string;
}

export interface TemporalDevServer {
  /** gRPC address, as TEMPORAL_ADDRESS expects it. */
  address: string;
  uiUrl: string | undefined;
  /** Settles if the server stops, expectedly or not. */
  exited: Promise<ProcessExit>;
  /** The server's process, for benchmarks that read its memory. */
  pid: number | undefined;
  stop(): Promise<void>;
}

const cliTypeNames: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/** The gRPC address of a dev server, known before it starts. */
export function temporalDevServerAddress(port: number): string {
  return `127.0.0.1:${port}`;
}

export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const address = temporalDevServerAddress(options.port);
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port), '--log-level', 'error'];
  args.push(...(options.uiPort === undefined ? ['--headless'] : ['--ui-port', String(options.uiPort)]));
  if (options.dbFile !== undefined) {
    await mkdir(path.dirname(options.dbFile), { recursive: true });
    // One history shard and one SQLite connection: WAL keeps writes from blocking reads.
    args.push('--db-filename', options.dbFile, '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=NORMAL');
  }
  if (options.namespace !== 'default') args.push('--namespace', options.namespace);
  for (const key of visitSearchAttributeKeys) args.push('--search-attribute', `${key.name}=${cliTypeNames[key.type]}`);

  const server = startProcess('Temporal dev server', options.executable, args, { output: { logFile: options.logFile } });
  try {
    await waitUntilServing(address, options.namespace, server, options.logFile);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    address,
    uiUrl: options.uiPort === undefined ? undefined : `http://127.0.0.1:${options.uiPort}`,
    exited: server.exited,
    pid: server.pid,
    stop: async () => {
      await server.stop();
    },
  };
}

async function waitUntilServing(address: string, namespace: string, server: ManagedProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (server.hasExited()) {
      throw new Error(`Temporal dev server stopped during startup (${describeExit(await server.exited)})\n${readLogTail(logFile)}`);
    }
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: 1_000 });
      // The namespace answering means the server accepts workers, not just TCP connections.
      await connection.workflowService.describeNamespace({ namespace });
      return;
    } catch (error) {
      lastError = error;
      await sleep(250);
    } finally {
      await connection?.close();
    }
  }
  throw new Error(
    `Temporal dev server did not answer on ${address} within ${STARTUP_TIMEOUT_MS / 1000} s: ${String(lastError)}\n${readLogTail(logFile)}`,
  );
}
