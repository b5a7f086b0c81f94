// Issue 7: the console's structured logs. With LOG_FORMAT=json every line the console server writes is a JSON
// object: one per request with method, path, status, duration and request id (the answer's X-Request-Id too),
// never the query string nor a personal link's token.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { consoleStackForSuite } from '../support/console-stack.js';

const suite = consoleStackForSuite({ consoleEnv: { LOG_FORMAT: 'json', OTEL_SERVICE_NAME: 'spsti-console-test' } });

async function logLines(): Promise<Record<string, unknown>[]> {
  const lines = (await readFile(suite().logFile, 'utf8')).split('\n').filter(Boolean);
  // Every line, the startup's included, parses: a collector never meets a plain line.
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('the console’s JSON logs', () => {
  it('log each request as one JSON object an operator can filter, with no query string and no personal token', async () => {
    const { baseUrl } = suite();
    const health = await fetch(`${baseUrl}/healthz`, { headers: { 'X-Request-Id': 'lb-4f2a9c' } });
    expect(health.status).toBe(200);
    expect(health.headers.get('x-request-id')).toBe('lb-4f2a9c');
    const search = await fetch(`${baseUrl}/visites?q=Dupont`, { redirect: 'manual' });
    expect(search.status).toBe(302);
    const ownId = search.headers.get('x-request-id');
    expect(ownId).toMatch(/^[0-9a-f-]{36}$/);
    const token = 'jeton-personnel-de-test-0123456789';
    await fetch(`${baseUrl}/teleconsultation/${token}`);

    await expect.poll(async () => (await logLines()).some((line) => line.path === '/teleconsultation/:lien')).toBe(true);
    const lines = await logLines();
    expect(lines.find((line) => line.requestId === 'lb-4f2a9c')).toMatchObject({
      level: 'INFO',
      service: 'spsti-console-test',
      message: expect.stringMatching(/^GET \/healthz 200 [\d.]+ ms$/),
      method: 'GET',
      path: '/healthz',
      status: 200,
      durationMs: expect.any(Number),
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(lines.find((line) => line.requestId === ownId)).toMatchObject({ method: 'GET', path: '/visites', status: 302 });
    expect(lines.some((line) => typeof line.message === 'string' && line.message.startsWith('Console prête sur le port'))).toBe(true);
    const written = await readFile(suite().logFile, 'utf8');
    expect(written).not.toContain('Dupont');
    expect(written).not.toContain(token);
  });
});
