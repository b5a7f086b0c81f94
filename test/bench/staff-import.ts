// Staff import benchmark (issue 8): an employer's file of 10,000 people (BENCH_ROWS), read and checked
// (pure parsing + the API's schema, then the comparison with the employees already declared), then applied:
// one transaction for every row, then the 10,000 follow-up workflow starts. No worker runs: the figure is what
// the employer waits for after « Appliquer », not the visits the workers open afterwards.
import { createEmployer } from '../../activities/domain/employers.js';
import { readStaffFile } from '../../activities/domain/staff-import.js';
import { applyStaffImport, checkStaffImport, storeStaffFile } from '../../console/app/services/staff-import.server.js';
import { randomSiret } from '../support/factories.js';
import { staffCsv } from '../support/staff-file.js';
import { intFromEnv, printTable, startBenchStack, withTimeout } from './support.js';

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await run();
  return [result, performance.now() - started];
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function staffImportBenchmark(): Promise<void> {
  const rows = intFromEnv('BENCH_ROWS', 10_000);
  const { db, client } = await startBenchStack('staff-import');
  const temporal = { client, taskQueue: 'bench-staff-import' };
  const employer = await createEmployer(db, { name: 'Entreprise du banc d’essai', siret: randomSiret() });

  const file = staffCsv(rows);
  console.log(`staff-import: ${rows.toLocaleString('en')} rows, ${(file.byteLength / 1024 / 1024).toFixed(2)} MiB`);
  // Warm-up: module and schema caches, Prisma pool.
  readStaffFile(staffCsv(100, { prefix: 'Essai' }), employer.id);

  const [, parseMs] = await timed(async () => readStaffFile(file, employer.id));
  const [importId, storeMs] = await timed(() => storeStaffFile(db, employer.id, 'effectifs.csv', file));
  const [checked, checkMs] = await timed(() => checkStaffImport(db, employer.id, importId));
  if (checked.errors.length > 0 || checked.rows.length !== rows) throw new Error(`unexpected preview: ${checked.errors.length} errors, ${checked.rows.length} rows`);
  const [, applyMs] = await timed(() => withTimeout(applyStaffImport(db, temporal, employer.id, importId), 1_800_000, 'apply'));
  const [, retryMs] = await timed(() => applyStaffImport(db, temporal, employer.id, importId));
  const employees = await db.employee.count({ where: { employerId: employer.id } });
  const started = await db.staffImport.findUniqueOrThrow({ where: { id: importId }, select: { followUpsStartedAt: true } });
  printTable(
    ['step', 'time', 'per 1,000 rows'],
    [
      ['parse + validate (pure: decode, CSV, schema)', seconds(parseMs), seconds((parseMs * 1000) / rows)],
      ['store the upload', seconds(storeMs), seconds((storeMs * 1000) / rows)],
      ['preview (parse + validate + compare with declared)', seconds(checkMs), seconds((checkMs * 1000) / rows)],
      ['apply (check again, rows in one transaction, follow-up starts)', seconds(applyMs), seconds((applyMs * 1000) / rows)],
      ['apply again (nothing written, nothing started)', seconds(retryMs), seconds((retryMs * 1000) / rows)],
    ],
  );
  console.log(`employees written: ${employees.toLocaleString('en')}; every follow-up started: ${started.followUpsStartedAt ? 'yes' : 'no'}`);
}
