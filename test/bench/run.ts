// `npm run bench [-- name…]`: runs the named benchmarks (all by default), each on its own scratch
// stack under data/bench-*, and always stops what it started and removes its scratch folders.
// Figures and how to read them: docs/benchmarks.md.
import { lifecycleBenchmark } from './lifecycle.js';
import { readsBenchmark } from './reads.js';
import { recoveryBenchmark } from './recovery.js';
import { sleepingBenchmark } from './sleeping.js';
import { staffImportBenchmark } from './staff-import.js';
import { printMachine, runCleanups } from './support.js';

const benchmarks: Record<string, () => Promise<void>> = {
  lifecycle: lifecycleBenchmark,
  reads: readsBenchmark,
  recovery: recoveryBenchmark,
  sleeping: sleepingBenchmark,
  'staff-import': staffImportBenchmark,
};

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !(name in benchmarks));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(benchmarks).join(', ')}`);
  process.exit(2);
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`bench: ${signal} received, cleaning up`);
    void runCleanups().finally(() => process.exit(130));
  });
}

let exitCode = 0;
for (const name of requested.length > 0 ? requested : Object.keys(benchmarks)) {
  console.log(`\n══ ${name} ══`);
  printMachine();
  const started = Date.now();
  try {
    await benchmarks[name]!();
  } catch (error) {
    exitCode = 1;
    console.error(`bench ${name} failed:`, error);
  } finally {
    await runCleanups();
  }
  console.log(`${name}: ${((Date.now() - started) / 1000).toFixed(0)} s wall clock`);
  if (interrupted) break;
}
// Native handles (Temporal core, Prisma pools) may linger after cleanup: exit explicitly.
process.exit(exitCode);
