// One PostgreSQL (with a migrated template database) and one Temporal dev server for the whole run:
// test files then get isolated databases in milliseconds instead of migrating their own.
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../worker/embedded-postgres.js';
import { expectSuccess, startProcess } from '../../worker/processes.js';
import { projectRoot } from '../../worker/project-root.js';
import { resolveTemporalCli } from '../../worker/temporal-binaries.js';
import { startTemporalDevServer } from '../../worker/temporal-dev-server.js';

const TEMPLATE_DB = 'template_spsti';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Under data/ rather than /tmp: the `postgres` user must traverse every parent folder.
  const runDir = path.join(projectRoot, 'data', `test-run-${Date.now()}`);
  const temporalCli = resolveTemporalCli();
  if (temporalCli === undefined) throw new Error('Temporal CLI not found: run `bash worker/setup.sh` or set TEMPORAL_CLI_PATH');
  const [postgresPort, temporalPort] = await twoFreePorts();

  const [postgres, temporal] = await Promise.allSettled([
    startPostgresWithTemplate(runDir, postgresPort),
    startTemporalDevServer({ executable: temporalCli, port: temporalPort, namespace: 'default', logFile: path.join(runDir, 'temporal.log') }),
  ]);
  const teardown = async (): Promise<void> => {
    if (temporal.status === 'fulfilled') await temporal.value.stop();
    if (postgres.status === 'fulfilled') await postgres.value.stop();
    await rm(runDir, { recursive: true, force: true });
  };
  if (postgres.status === 'rejected' || temporal.status === 'rejected') {
    await teardown();
    throw [postgres, temporal].flatMap((started) => (started.status === 'rejected' ? [started.reason] : []))[0];
  }

  project.provide('pgAdminUrl', postgres.value.databaseUrl('postgres'));
  project.provide('templateDb', TEMPLATE_DB);
  project.provide('temporalAddress', temporal.value.address);
  return teardown;
}

async function startPostgresWithTemplate(runDir: string, port: number): Promise<EmbeddedPostgres> {
  const postgres = await startEmbeddedPostgres({
    dataDir: path.join(runDir, 'postgres'),
    port,
    database: TEMPLATE_DB,
    logFile: path.join(runDir, 'postgres.log'),
  });
  try {
    const logFile = path.join(runDir, 'migrate.log');
    const migration = startProcess('prisma migrate deploy', 'npm', ['run', '-s', 'prisma', '--', 'migrate', 'deploy'], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: postgres.databaseUrl(TEMPLATE_DB) },
      output: { logFile },
    });
    await expectSuccess(migration, logFile);
  } catch (error) {
    await postgres.stop();
    throw error;
  }
  return postgres;
}

async function twoFreePorts(): Promise<[number, number]> {
  // Both held open together so that the same port cannot be handed out twice.
  const first = await listenOnFreePort();
  const second = await listenOnFreePort();
  const ports: [number, number] = [portOf(first), portOf(second)];
  await Promise.all([first, second].map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

function listenOnFreePort(): Promise<Server> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  return address.port;
}
