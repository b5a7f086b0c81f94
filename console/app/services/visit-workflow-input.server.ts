// What a visit's workflow was started with: its guards decide with it (may the visit also count as
// the mid-career one, how far the next-due date may go), so a form that offers these choices must read
// the same values. The workflow answers no query for it: it is the input of the first history event,
// decoded with the client's own data converter.
import type { TemporalDeps } from '../../../activities/domain/visits.js';
import type { VisitWorkflowInput } from '../../../workflows/visit/messages.js';
import { isTemporalUnavailable } from './temporal-errors.server.js';

// The page must not hang on an unreachable engine (the client retries for about 20 s).
const INPUT_DEADLINE_MS = 3_000;

/** Null when Temporal does not answer in time: the form then offers only what needs no input. */
export async function visitWorkflowInput(temporal: TemporalDeps, workflowId: string): Promise<VisitWorkflowInput | null> {
  const { client } = temporal;
  try {
    const { history } = await client.connection.withDeadline(Date.now() + INPUT_DEADLINE_MS, () =>
      client.workflowService.getWorkflowExecutionHistory({ namespace: client.options.namespace, execution: { workflowId }, maximumPageSize: 1 }),
    );
    let payloads = history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
    const { payloadCodecs, payloadConverter } = client.options.loadedDataConverter;
    // Codecs decode in the reverse order of encoding.
    for (const codec of [...payloadCodecs].reverse()) payloads = await codec.decode(payloads);
    const [input] = payloads;
    if (!input) throw new Error(`The history of ${workflowId} does not start with the workflow's input`);
    return payloadConverter.fromPayload<VisitWorkflowInput>(input);
  } catch (error) {
    if (isTemporalUnavailable(error)) return null;
    throw error;
  }
}
