// Histories recorded from the workflow tests and committed under test/histories/, so the replay test
// catches any workflow change that would break visits already running. Refresh with RECORD_HISTORIES=1.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { temporal } from '@temporalio/proto';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';

export const historiesDir = path.join(import.meta.dirname, '..', 'histories');

export async function saveHistory(name: string, workflowId: string, history: temporal.api.history.v1.IHistory): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  await mkdir(historiesDir, { recursive: true });
  const recorded = { workflowId, history: JSON.parse(historyToJSON(history)) as unknown };
  await writeFile(path.join(historiesDir, `${name}.json`), `${JSON.stringify(recorded, null, 1)}\n`);
}

export async function loadHistories(): Promise<{ name: string; workflowId: string; history: unknown }[]> {
  const files = (await readdir(historiesDir)).filter((file) => file.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => {
      const recorded = JSON.parse(await readFile(path.join(historiesDir, file), 'utf8')) as { workflowId: string; history: unknown };
      return { name: path.basename(file, '.json'), ...recorded };
    }),
  );
}
