// One set of connections per server process: the environment, Prisma and the Temporal client.
import { Client, Connection } from '@temporalio/client';
import '../zod-french.js';
import { createDb, type Db } from '../../../activities/db.js';
import { readEnvironment, type Environment } from '../../../activities/env.js';
import type { TemporalDeps } from '../../../activities/domain/visits.js';
import { temporalConnectionOptions } from '../../../activities/temporal-connection.js';

export interface ConsoleContext {
  env: Environment & { TOTP_ENCRYPTION_KEY: string };
  db: Db;
  temporal: TemporalDeps;
}

function createContext(): ConsoleContext {
  const env = readEnvironment();
  if (env.TOTP_ENCRYPTION_KEY === undefined) {
    throw new Error('Configuration invalide — TOTP_ENCRYPTION_KEY: obligatoire pour la console (32 octets en hexadécimal)');
  }
  // Lazy: the console starts (and serves its pages) while Temporal is down; decisions then fail with 503.
  const connection = Connection.lazy(temporalConnectionOptions(env));
  return {
    env: { ...env, TOTP_ENCRYPTION_KEY: env.TOTP_ENCRYPTION_KEY },
    db: createDb(env.DATABASE_URL),
    temporal: { client: new Client({ connection, namespace: env.TEMPORAL_NAMESPACE }), taskQueue: env.TEMPORAL_TASK_QUEUE },
  };
}

// Kept on globalThis so the Vite dev server's module reloads do not open new pools each time.
const holder = globalThis as typeof globalThis & { __spstiConsoleContext?: ConsoleContext };

export function consoleContext(): ConsoleContext {
  holder.__spstiConsoleContext ??= createContext();
  return holder.__spstiConsoleContext;
}
