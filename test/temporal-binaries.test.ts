import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  resolveTemporalCli,
  resolveTemporalTestServer,
  toServerExecutable,
} from '../worker/temporal-binaries.js';

let sandbox: string;
let projectRoot: string;
let pathDirectory: string;

beforeEach(async () => {
  sandbox = await mkdtemp(path.join(tmpdir(), 'temporal-binaries-'));
  projectRoot = path.join(sandbox, 'project');
  pathDirectory = path.join(sandbox, 'path-bin');
  await mkdir(pathDirectory, { recursive: true });
});

afterEach(async () => {
  await rm(sandbox, { recursive: true, force: true });
});

async function createFile(filePath: string, mode = 0o755): Promise<string> {
  await mkdir(path.dirname(filePath), { recursive: true });
  await writeFile(filePath, '#!/bin/sh\n');
  await chmod(filePath, mode);
  return filePath;
}

const venvCli = (): string => path.join(projectRoot, '.tools/py/bin/temporal');
const goCli = (): string => path.join(projectRoot, '.tools/go/bin/temporal');
const venvTestServer = (): string => path.join(projectRoot, '.tools/py/bin/temporal-test-server');

function lookup(env: Record<string, string> = {}) {
  return { projectRoot, env: { PATH: pathDirectory, ...env } };
}

describe('resolveTemporalCli', () => {
  it('prefers TEMPORAL_CLI_PATH over every other location', async () => {
    const configured = await createFile(path.join(sandbox, 'configured/temporal'));
    await createFile(venvCli());
    await createFile(goCli());
    await createFile(path.join(pathDirectory, 'temporal'));

    expect(resolveTemporalCli(lookup({ TEMPORAL_CLI_PATH: configured }))).toBe(configured);
  });

  it('rejects a TEMPORAL_CLI_PATH that is not an executable file', async () => {
    await createFile(venvCli());

    expect(() => resolveTemporalCli(lookup({ TEMPORAL_CLI_PATH: path.join(sandbox, 'missing') }))).toThrow(/TEMPORAL_CLI_PATH/);
  });

  it('then takes the project virtualenv, then the Go install, then PATH', async () => {
    const onPath = await createFile(path.join(pathDirectory, 'temporal'));
    expect(resolveTemporalCli(lookup())).toBe(onPath);

    await createFile(goCli());
    expect(resolveTemporalCli(lookup())).toBe(goCli());

    await createFile(venvCli());
    expect(resolveTemporalCli(lookup())).toBe(venvCli());
  });

  it('skips files that are not executable', async () => {
    await createFile(venvCli(), 0o644);
    const onPath = await createFile(path.join(pathDirectory, 'temporal'));

    expect(resolveTemporalCli(lookup())).toBe(onPath);
  });

  it('returns undefined when nothing is installed, so that the SDK downloads it', () => {
    expect(resolveTemporalCli(lookup())).toBeUndefined();
  });
});

describe('resolveTemporalTestServer', () => {
  it('prefers TEMPORAL_TEST_SERVER_PATH, then the virtualenv, then PATH', async () => {
    const configured = await createFile(path.join(sandbox, 'configured/temporal-test-server'));
    const onPath = await createFile(path.join(pathDirectory, 'temporal-test-server'));
    expect(resolveTemporalTestServer(lookup())).toBe(onPath);

    await createFile(venvTestServer());
    expect(resolveTemporalTestServer(lookup())).toBe(venvTestServer());
    expect(resolveTemporalTestServer(lookup({ TEMPORAL_TEST_SERVER_PATH: configured }))).toBe(configured);
  });

  it('does not take the Go-installed CLI for the test server', async () => {
    await createFile(goCli());

    expect(resolveTemporalTestServer(lookup())).toBeUndefined();
  });
});

describe('toServerExecutable', () => {
  it('uses a found binary and otherwise lets the SDK download one', () => {
    expect(toServerExecutable('/opt/temporal')).toEqual({ type: 'existing-path', path: '/opt/temporal' });
    expect(toServerExecutable(undefined)).toEqual({ type: 'cached-download' });
  });
});
