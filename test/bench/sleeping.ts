// Sleeping follow-ups: many employees whose follow-up workflow has nothing to open for years (R-VIP-4: a recent
// visit with an attestation exempts the new hire from the initial visit; the next one is due in four years), so
// each workflow waits on its timer, as almost every workflow of a real service does. Prints the start rate, the
// memory of the Temporal server and of the worker (a production worker process), and the storage used.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createEmployee } from '../../activities/domain/employees.js';
import { createEmployer } from '../../activities/domain/employers.js';
import { parisCivilDate, plusYears } from '../../workflows/rules/calendar.js';
import { randomSiret } from '../support/factories.js';
import { spawnWorkerProcess, waitForPoller, workerEnvironment } from '../support/worker-process.js';
import { intFromEnv, ms, onCleanup, runPool, startBenchStack, summarize } from './support.js';

const TASK_QUEUE = 'bench-sleeping';

export async function sleepingBenchmark(): Promise<void> {
  const total = intFromEnv('BENCH_FOLLOW_UPS', 100_000);
  const concurrency = intFromEnv('BENCH_CONCURRENCY_START', 50);
  const limitMs = intFromEnv('BENCH_PHASE_SECONDS', 600) * 1000;
  console.log(`sleeping: ${total} follow-ups to start, ${concurrency} at once, no new start after ${limitMs / 1000} s`);
  const { dir, postgres, temporalServer, db, connection, client } = await startBenchStack('sleeping');
  const worker = spawnWorkerProcess(workerEnvironment({ databaseUrl: postgres.url, temporalAddress: temporalServer.address, taskQueue: TASK_QUEUE }), path.join(dir, 'worker.log'));
  onCleanup('stop worker', () => worker.stop());
  await waitForPoller(connection, TASK_QUEUE, worker);
  const idle = { temporal: await rssMiB(temporalServer.pid), worker: await rssMiB(worker.child.pid) };
  console.log(`idle before any follow-up: Temporal server ${idle.temporal} MiB, worker ${idle.worker} MiB`);

  const employer = await createEmployer(db, { name: 'Entreprise endormie', siret: randomSiret() });
  const today = parisCivilDate(new Date());
  const latencies: number[] = [];
  const started = await runPool(total, concurrency, limitMs, async (index) => {
    const begin = Date.now();
    await createEmployee(db, { client, taskQueue: TASK_QUEUE }, {
      employerId: employer.id,
      birthName: `Dormeur${index}`,
      firstNames: 'Camille',
      birthDate: '1980-05-04',
      sex: 'F',
      birthPlace: 'Lille',
      email: `camille.dormeur${index}@exemple.fr`,
      phone: '06 12 34 56 78',
      hireDate: today,
      previousFollowUp: {
        lastVipDate: plusYears(today, -1),
        sameJobEquivalentExposure: true,
        attestationHeld: true,
        measuresOrInaptitudeInLookback: false,
        nextDueDate: plusYears(today, 4),
      },
      post: { title: 'Secrétaire', risks: [], nightWork: false },
    });
    latencies.push(Date.now() - begin);
  });
  const latency = summarize(latencies);
  console.log(`\nstarted ${started.succeeded} follow-ups (${started.failed} failed${started.stoppedByTime ? ', stopped by the time limit' : ''}) in ${(started.elapsedMs / 1000).toFixed(1)} s`);
  if (started.failed > 0) console.log(`  e.g. ${started.firstErrors.join(' | ')}`);
  console.log(`  start rate: ${((started.succeeded * 1000) / started.elapsedMs).toFixed(1)} follow-ups/s; createEmployee p50 ${ms(latency.p50)}, p95 ${ms(latency.p95)}`);

  // Once each has run its first task it sleeps; the count below is Temporal's own.
  const { count: running } = await client.workflow.count(`TaskQueue = "${TASK_QUEUE}" AND ExecutionStatus = "Running"`);
  const visitsOpened = await db.visit.count();
  const [database] = await db.$queryRaw<{ size: bigint }[]>`SELECT pg_database_size(current_database()) AS size`;
  const sqliteBytes = (await stat(path.join(dir, 'temporal.sqlite'))).size;
  console.log(`  running workflows: ${running} (visits opened: ${visitsOpened}, expected 0: every follow-up sleeps)`);
  console.log(`  memory: Temporal server ${await rssMiB(temporalServer.pid)} MiB (idle ${idle.temporal}), worker ${await rssMiB(worker.child.pid)} MiB (idle ${idle.worker})`);
  console.log(`  storage: Temporal SQLite ${(sqliteBytes / 2 ** 20).toFixed(0)} MiB, PostgreSQL ${(Number(database?.size) / 2 ** 20).toFixed(0)} MiB`);
}

/** Resident memory of a process, from /proc (Linux). */
async function rssMiB(pid: number | undefined): Promise<string> {
  if (pid === undefined) return 'n/a';
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  return Number.isFinite(kib) ? (kib / 1024).toFixed(0) : 'n/a';
}
