// Reaching a Temporal cluster beyond the embedded dev server: what the environment says becomes the
// connection options the worker and the console use, and a wrong setting stops the start with its name.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readEnvironment } from '../activities/env.js';
import { temporalConnectionOptions } from '../activities/temporal-connection.js';

const base = { DATABASE_URL: 'postgresql://spsti@db.internal:5432/spsti' };
let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'temporal-tls-'));
  await writeFile(path.join(directory, 'client.pem'), '-----BEGIN CERTIFICATE-----\nclient\n-----END CERTIFICATE-----\n');
  await writeFile(path.join(directory, 'client.key'), '-----BEGIN PRIVATE KEY-----\nkey\n-----END PRIVATE KEY-----\n');
  await writeFile(path.join(directory, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n');
});

describe('Temporal connection settings', () => {
  it('talks in clear to the embedded dev server by default, in the default namespace', () => {
    const env = readEnvironment(base);
    expect(temporalConnectionOptions(env)).toEqual({ address: 'localhost:7233' });
    expect(env.TEMPORAL_NAMESPACE).toBe('default');
  });

  it('uses mTLS with the client certificate, the CA and the server name given', () => {
    const env = readEnvironment({
      ...base,
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_NAMESPACE: 'spsti-prod',
      TEMPORAL_TLS_CERT_FILE: path.join(directory, 'client.pem'),
      TEMPORAL_TLS_KEY_FILE: path.join(directory, 'client.key'),
      TEMPORAL_TLS_CA_FILE: path.join(directory, 'ca.pem'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.spsti.fr',
    });
    const options = temporalConnectionOptions(env);
    expect(env.TEMPORAL_NAMESPACE).toBe('spsti-prod');
    expect(options.address).toBe('temporal.internal:7233');
    expect(options.tls?.clientCertPair?.crt.toString()).toContain('client');
    expect(options.tls?.clientCertPair?.key.toString()).toContain('PRIVATE KEY');
    expect(options.tls?.serverRootCACertificate?.toString()).toContain('ca');
    expect(options.tls?.serverNameOverride).toBe('temporal.spsti.fr');
    expect(options.apiKey).toBeUndefined();
  });

  it('never sends a Temporal Cloud API key in clear', () => {
    const options = temporalConnectionOptions(
      readEnvironment({ ...base, TEMPORAL_ADDRESS: 'eu-west-3.aws.api.temporal.io:7233', TEMPORAL_API_KEY: 'cloud-api-key' }),
    );
    expect(options).toEqual({ address: 'eu-west-3.aws.api.temporal.io:7233', tls: {}, apiKey: 'cloud-api-key' });
  });

  it('refuses a client certificate without its key, naming the missing variable', () => {
    expect(() => readEnvironment({ ...base, TEMPORAL_TLS_CERT_FILE: path.join(directory, 'client.pem') })).toThrow(
      /TEMPORAL_TLS_KEY_FILE: obligatoire : le certificat client et sa clé vont ensemble/,
    );
  });

  it('stops at start on an unreadable certificate file, naming the variable', () => {
    const env = readEnvironment({ ...base, TEMPORAL_TLS: 'true', TEMPORAL_TLS_CA_FILE: path.join(directory, 'absent.pem') });
    expect(() => temporalConnectionOptions(env)).toThrow(/TEMPORAL_TLS_CA_FILE: fichier illisible/);
  });

  it('refuses a TLS switch that is neither true nor false', () => {
    expect(() => readEnvironment({ ...base, TEMPORAL_TLS: 'yes' })).toThrow(/TEMPORAL_TLS: doit valoir « true » ou « false »/);
  });

  it('refuses a prebuilt workflow bundle on a traced worker, whose tracing interceptors are bundled at start', () => {
    expect(readEnvironment({ ...base, WORKFLOW_BUNDLE_PATH: 'dist/workflows.js' }).WORKFLOW_BUNDLE_PATH).toBe('dist/workflows.js');
    expect(() => readEnvironment({ ...base, WORKFLOW_BUNDLE_PATH: 'dist/workflows.js', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318' })).toThrow(
      /WORKFLOW_BUNDLE_PATH: sans objet avec OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
  });
});
