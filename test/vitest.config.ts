import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/**/*.test.ts'],
    // Forks, not threads: Temporal workers and Prisma hold native resources per process.
    pool: 'forks',
    poolOptions: { forks: { minForks: 1, maxForks: 2 } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // What a poll waits for is done by another process (a workflow, a worker): on a busy 2-core machine it can
    // take seconds, far beyond the 1 s default.
    expect: { poll: { timeout: 15_000 } },
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/fail-on-console-error.ts', 'test/support/quiet-temporal-runtime.ts'],
  },
});
