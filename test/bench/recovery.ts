// Recovery benchmark: the worker runs as a child process (`node --import tsx worker/main.ts`), as in
// production; visits are brought to SCHEDULED (in flight, waiting for their conclusion), the worker is
// killed with SIGKILL, a new one is started at once, and every visit is concluded: how long until all
// in-flight visits progress again.
import path from 'node:path';
import type { Db } from '../../activities/db.js';
import { createEmployee } from '../../activities/domain/employees.js';
import { createEmployer } from '../../activities/domain/employers.js';
import { DomainError } from '../../activities/domain/errors.js';
import { sendWorkflowUpdate, type TemporalDeps } from '../../activities/domain/visits.js';
import { parisCivilDate, plusYears } from '../../workflows/rules/calendar.js';
import { concludeVisitUpdate, scheduleVisitUpdate, type Actor } from '../../workflows/visit/messages.js';
import { randomSiret } from '../support/factories.js';
import { spawnWorkerProcess, waitForPoller, workerEnvironment, type WorkerProcess } from '../support/worker-process.js';
import { intFromEnv, ms, onCleanup, pollUntil, runPool, startBenchStack, summarize } from './support.js';

const TASK_QUEUE = 'bench-recovery';
const RECOVERY_LIMIT_MS = 300_000;

export async function recoveryBenchmark(): Promise<void> {
  const inFlight = intFromEnv('BENCH_INFLIGHT', 200);
  console.log(`recovery: ${inFlight} visits in flight (SCHEDULED), worker killed with SIGKILL, a new worker started at once`);
  const { dir, postgres, temporalServer, db, connection, client } = await startBenchStack('recovery');
  const temporal: TemporalDeps = { client, taskQueue: TASK_QUEUE };

  const env = workerEnvironment({ databaseUrl: postgres.url, temporalAddress: temporalServer.address, taskQueue: TASK_QUEUE });
  const spawnWorker = (name: string): WorkerProcess => {
    const worker = spawnWorkerProcess(env, path.join(dir, `${name}.log`));
    onCleanup(`stop ${name}`, () => worker.stop());
    return worker;
  };

  const first = spawnWorker('worker-1');
  const firstReadyMs = await waitForPoller(connection, TASK_QUEUE, first);
  console.log(`worker 1 polling ${(firstReadyMs / 1000).toFixed(1)} s after spawn (includes bundling the workflows)`);

  const employer = await createEmployer(db, { name: 'Entreprise reprise', siret: randomSiret() });
  const doctor = await actor(db, 'DOCTOR');
  const assistant = await actor(db, 'ASSISTANT');
  const today = parisCivilDate(new Date());

  // In flight: employee created, VIP_INITIAL opened, appointment set; the visit waits for its conclusion.
  const workflowIds: string[] = [];
  const setup = await runPool(inFlight, 20, RECOVERY_LIMIT_MS, async (index) => {
    const { id: employeeId } = await createEmployee(db, temporal, {
      employerId: employer.id,
      birthName: `Reprise${index}`,
      firstNames: 'Alex',
      birthDate: '1988-06-01',
      sex: 'M',
      birthPlace: 'Nantes',
      email: `alex.reprise${index}@exemple.fr`,
      phone: '06 98 76 54 32',
      hireDate: today,
      post: { title: 'Technicien', risks: [], nightWork: false },
    });
    const visit = await pollUntil(`visit of ${employeeId}`, 120_000, 50, () =>
      db.visit.findFirst({ where: { employeeId }, select: { workflowId: true } }).then((row) => row ?? undefined),
    );
    await pollUntil(`schedule of ${visit.workflowId}`, 120_000, 50, async () => {
      try {
        return await sendWorkflowUpdate(temporal, visit.workflowId, scheduleVisitUpdate, {
          actor: assistant,
          form: { appointmentAt: new Date(Date.now() + 3 * 24 * 3_600_000).toISOString(), professionalId: doctor.id },
          professionalRole: 'DOCTOR',
          delegated: false,
        });
      } catch (error) {
        // Opening in progress, or the « clos » misreport of a workflow that is not started yet (see lifecycle).
        if (error instanceof DomainError && (error.code === 'UNAVAILABLE' || error.code === 'REFUSED')) return undefined;
        throw error;
      }
    });
    workflowIds.push(visit.workflowId);
  });
  if (setup.failed > 0) console.log(`  setup: ${setup.failed} failed, e.g. ${setup.firstErrors.join(' | ')}`);
  const scheduledRows = await db.visit.count({ where: { status: 'SCHEDULED' } });
  console.log(`${workflowIds.length} visits in flight (SCHEDULED rows: ${scheduledRows}) after ${(setup.elapsedMs / 1000).toFixed(1)} s`);

  // Crash: SIGKILL, no drain; then a new worker at once and every conclusion sent at once.
  const killedAt = Date.now();
  await first.kill();
  const second = spawnWorker('worker-2');
  const concludedAfter: number[] = [];
  const attempts: number[] = [];
  const conclusions = runPool(workflowIds.length, workflowIds.length, RECOVERY_LIMIT_MS, async (index) => {
    const workflowId = workflowIds[index]!;
    let tries = 0;
    await pollUntil(`conclusion of ${workflowId}`, RECOVERY_LIMIT_MS, 250, async () => {
      tries += 1;
      try {
        return await sendWorkflowUpdate(temporal, workflowId, concludeVisitUpdate, {
          actor: doctor,
          form: { outcome: 'ATTESTATION', nextVisitDueDate: plusYears(today, 3) },
        });
      } catch (error) {
        if (error instanceof DomainError && error.code !== 'UNAVAILABLE') throw error;
        // Temporal errors (deadline exceeded while no worker answers): the caller would retry.
        return undefined;
      }
    });
    attempts.push(tries);
    concludedAfter.push(Date.now() - killedAt);
  });
  const secondReadyMs = await waitForPoller(connection, TASK_QUEUE, second);
  const outcome = await conclusions;
  const completedRows = await db.visit.count({ where: { status: 'COMPLETED' } });

  const after = summarize(concludedAfter);
  const readyAfterKill = second.spawnedAt - killedAt + secondReadyMs;
  console.log(`\nrecovery results (${outcome.succeeded}/${workflowIds.length} concluded, ${outcome.failed} failed; COMPLETED rows: ${completedRows})`);
  if (outcome.failed > 0) console.log(`  e.g. ${outcome.firstErrors.join(' | ')}`);
  console.log(`  new worker polling:            ${ms(readyAfterKill)} after the kill (spawn → polling ${ms(secondReadyMs)})`);
  console.log(`  first conclusion returned:     ${ms(Math.min(...concludedAfter))} after the kill`);
  console.log(`  conclusions p50 / p95 / all:   ${ms(after.p50)} / ${ms(after.p95)} / ${ms(after.max)} after the kill`);
  console.log(`  all concluded after worker up: ${ms(after.max - readyAfterKill)}`);
  console.log(`  update attempts per visit:     max ${Math.max(...attempts)}, total ${attempts.reduce((a, b) => a + b, 0)}`);
}

async function actor(db: Db, role: 'DOCTOR' | 'ASSISTANT'): Promise<Actor> {
  const row = await db.professional.create({
    data: { email: `${role.toLowerCase()}-${Date.now()}@reprise.spsti.fr`, displayName: `Reprise ${role}`, role, passwordHash: 'unused' },
  });
  return { id: row.id, role, displayName: row.displayName };
}
