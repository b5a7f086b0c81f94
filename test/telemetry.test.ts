// Issue 7, operations: a worker started as in production with LOG_FORMAT=json, an OpenTelemetry collector's
// address and a Prometheus address writes one JSON object per log line, sends traces of workflows and
// activities over OTLP/HTTP, and serves the SDK's metrics. The collector here is a plain HTTP server that keeps
// what it receives.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { TemporalDeps } from '../activities/domain/visits.js';
import { declareWorkStoppage } from '../activities/domain/work-stoppages.js';
import { parisCivilDate, plusDays } from '../workflows/rules/calendar.js';
import { projectRoot } from '../worker/project-root.js';
import { freePort } from './support/console-stack.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { anEmployee } from './support/factories.js';
import { spawnWorkerProcess, waitForPoller, workerEnvironment, type WorkerProcess } from './support/worker-process.js';

interface OtlpSpan {
  name: string;
  traceId: string;
}
interface OtlpExport {
  resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
}

let database: TestDatabase;
let collector: Server;
const exports: OtlpExport[] = [];
let connection: Connection;
let temporal: TemporalDeps;
let worker: WorkerProcess;
let metricsUrl: string;
const logFile = path.join(projectRoot, 'test-results', 'logs', `telemetry-worker-${randomUUID()}.log`);

beforeAll(async () => {
  database = await createTestDatabase();
  collector = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces') exports.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport);
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const address = inject('temporalAddress');
  const taskQueue = `telemetry-${randomUUID()}`;
  connection = await Connection.connect({ address });
  temporal = { client: new Client({ connection }), taskQueue };
  const metricsAddress = `127.0.0.1:${await freePort()}`;
  metricsUrl = `http://${metricsAddress}/metrics`;
  worker = spawnWorkerProcess(
    workerEnvironment(
      { databaseUrl: database.url, temporalAddress: address, taskQueue },
      {
        LOG_FORMAT: 'json',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
        OTEL_SERVICE_NAME: 'spsti-worker-test',
        METRICS_PROMETHEUS_ADDRESS: metricsAddress,
      },
    ),
    logFile,
  );
  await waitForPoller(connection, taskQueue, worker);
}, 240_000);

afterAll(async () => {
  await worker?.stop();
  await connection?.close();
  await new Promise((resolve) => collector?.close(resolve));
  await database?.drop();
});

const spanNames = () => exports.flatMap((batch) => batch.resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans.map((span) => span.name))));

describe('issue 7: what an operator gets from a worker', () => {
  it('traces of the workflows\' updates and activities reach the collector, Prometheus scrapes the SDK\'s metrics, then every log line is a JSON object', { timeout: 120_000 }, async () => {
    const today = parisCivilDate(new Date());
    const { employeeId } = await anEmployee(database.db, temporal);
    const { visits } = await declareWorkStoppage(database.db, temporal, { employeeId, cause: 'OCCUPATIONAL_DISEASE', startDate: plusDays(today, -10), returnDate: today });
    expect(visits).toHaveLength(1);
    await expect.poll(() => database.db.humanTask.count({ where: { visitId: visits[0]!.id } })).toBe(1);

    // Spans leave in batches every few seconds; a workflow's own span ends when it completes, its steps' before.
    await expect
      .poll(spanNames, { timeout: 30_000 })
      .toEqual(expect.arrayContaining(['HandleUpdate:recordFollowUpEvent', 'StartActivity:openVisit', 'RunActivity:openVisit', 'StartActivity:openTask', 'RunActivity:openTask']));
    const resourceNames = exports.flatMap((batch) =>
      batch.resourceSpans.map((resource) => resource.resource.attributes.find((attribute) => attribute.key === 'service.name')?.value.stringValue),
    );
    expect(new Set(resourceNames)).toEqual(new Set(['spsti-worker-test']));

    // The SDK's metrics, scraped as Prometheus would: the activities just run, tagged with service and queue.
    const activityRuns = async () => {
      const metrics = await (await fetch(metricsUrl)).text();
      return metrics.split('\n').find((line) => line.startsWith('temporal_activity_execution_latency_count{') && line.includes('activity_type="openVisit"'));
    };
    await expect.poll(activityRuns, { timeout: 30_000 }).toBeDefined();
    const line = (await activityRuns())!;
    expect(line).toContain('service_name="spsti-worker-test"');
    expect(line).toContain(`spsti_task_queue="${temporal.taskQueue}"`);
    expect(Number(line.split(' ').at(-1))).toBeGreaterThanOrEqual(1);

    await worker.stop();
    const lines = (await readFile(logFile, 'utf8')).split('\n').filter((line) => line.trim() !== '');
    expect(lines.length).toBeGreaterThan(0);
    const entries = lines.map((line) => JSON.parse(line) as { time: string; level: string; message: string; service: string });
    for (const entry of entries) {
      expect(entry).toMatchObject({ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), level: expect.any(String), message: expect.any(String), service: 'spsti-worker-test' });
    }
    expect(entries.map((entry) => entry.message)).toEqual(expect.arrayContaining([expect.stringMatching(/^Worker prêt : file « telemetry-/)]));
  });
});
