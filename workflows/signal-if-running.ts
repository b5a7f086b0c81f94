// Workflow code only. A signal to another workflow fails when that workflow has closed meanwhile (a visit
// cancelled, then told of a departure before its closure reached the follow-up); a closed workflow has
// nothing left to learn, so that failure must not fail the sender.
import { ApplicationFailure, getExternalWorkflowHandle, type SignalDefinition } from '@temporalio/workflow';

export async function signalIfRunning<Args extends unknown[]>(workflowId: string, signal: SignalDefinition<Args>, ...args: Args): Promise<void> {
  try {
    await getExternalWorkflowHandle(workflowId).signal(signal, ...args);
  } catch (error) {
    if (!(error instanceof ApplicationFailure && error.type === 'ExternalWorkflowExecutionNotFound')) throw error;
  }
}
