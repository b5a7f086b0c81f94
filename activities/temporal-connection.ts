import { Client, Connection } from '@temporalio/client';
import type { Environment } from './env.js';

export async function connectTemporalClient(env: Pick<Environment, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE'>): Promise<Client> {
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  return new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
}
