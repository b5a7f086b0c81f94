// Every recorded history must replay under the current workflow code: a change that would make
// running visits non-deterministic fails here, before it reaches a worker in production.
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { bundleWorkflows } from '../worker/worker.js';
import { loadHistories } from './support/histories.js';

describe('replay of recorded visit, follow-up, teleconsultation, data-rights, digest and staff declaration histories', () => {
  it('replays every committed history without non-determinism', async () => {
    const histories = await loadHistories();
    expect(histories.map((recorded) => recorded.name)).toEqual(
      expect.arrayContaining([
        'coordinator-digest',
        'data-rights-access-overdue',
        'follow-up-stoppage-extended',
        'follow-up-ten-years',
        'remote-visit-conclusion-with-session-end',
        'remote-visit-happy-path',
        'remote-visit-refused',
        'reprise-cancelled',
        'reprise-excused-appointment-withdrawn',
        'reprise-happy-path',
        'reprise-in-person-convocation',
        'reprise-overdue',
        'reprise-refusals',
        'staff-declaration-confirmed',
        'staff-declaration-expired',
        'teleconsultation-happy-path',
      ]),
    );
    const workflowBundle = await bundleWorkflows();
    for (const recorded of histories) {
      await expect(Worker.runReplayHistory({ workflowBundle }, recorded.history, recorded.workflowId), recorded.name).resolves.toBeUndefined();
    }
  });
});
