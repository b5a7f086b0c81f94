// How every process (worker, console, seed) reaches Temporal: the embedded dev server in clear, or a
// cluster over TLS / mTLS / API key as the environment says. Certificate files are read once, at start,
// so a wrong path stops the process with the variable's name.
import { readFileSync } from 'node:fs';
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import type { Environment } from './env.js';

type TemporalEnvironment = Pick<
  Environment,
  | 'TEMPORAL_ADDRESS'
  | 'TEMPORAL_TLS'
  | 'TEMPORAL_TLS_CERT_FILE'
  | 'TEMPORAL_TLS_KEY_FILE'
  | 'TEMPORAL_TLS_CA_FILE'
  | 'TEMPORAL_TLS_SERVER_NAME'
  | 'TEMPORAL_API_KEY'
>;

/** Accepted as is by both `Connection` (client) and `NativeConnection` (worker). */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig;
  apiKey?: string;
}

function readPem(variable: keyof TemporalEnvironment, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`Configuration invalide — ${variable}: fichier illisible (${path}) : ${(error as Error).message}`);
  }
}

export function temporalConnectionOptions(env: TemporalEnvironment): TemporalConnectionOptions {
  const clientCertificate =
    env.TEMPORAL_TLS_CERT_FILE && env.TEMPORAL_TLS_KEY_FILE
      ? { crt: readPem('TEMPORAL_TLS_CERT_FILE', env.TEMPORAL_TLS_CERT_FILE), key: readPem('TEMPORAL_TLS_KEY_FILE', env.TEMPORAL_TLS_KEY_FILE) }
      : undefined;
  // An API key travels as a bearer token: never in clear.
  const tlsWanted = env.TEMPORAL_TLS === 'true' || clientCertificate !== undefined || env.TEMPORAL_TLS_CA_FILE !== undefined || env.TEMPORAL_API_KEY !== undefined;
  if (!tlsWanted) return { address: env.TEMPORAL_ADDRESS };
  const tls: TLSConfig = {
    ...(clientCertificate && { clientCertPair: clientCertificate }),
    ...(env.TEMPORAL_TLS_CA_FILE && { serverRootCACertificate: readPem('TEMPORAL_TLS_CA_FILE', env.TEMPORAL_TLS_CA_FILE) }),
    ...(env.TEMPORAL_TLS_SERVER_NAME && { serverNameOverride: env.TEMPORAL_TLS_SERVER_NAME }),
  };
  return { address: env.TEMPORAL_ADDRESS, tls, ...(env.TEMPORAL_API_KEY && { apiKey: env.TEMPORAL_API_KEY }) };
}

export async function connectTemporalClient(env: TemporalEnvironment & Pick<Environment, 'TEMPORAL_NAMESPACE'>): Promise<Client> {
  const connection = await Connection.connect(temporalConnectionOptions(env));
  return new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
}
