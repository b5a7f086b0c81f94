// What an operator gets from a worker: log lines as JSON objects (LOG_FORMAT=json) for a log collector,
// OpenTelemetry traces of workflows and activities (the SDK's interceptors, as its plugin wires them) sent
// over OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT, and the SDK's metrics for Prometheus (METRICS_PROMETHEUS_ADDRESS).
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OpenTelemetryPlugin } from '@temporalio/interceptors-opentelemetry';
import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import type { Environment } from '../activities/env.js';
import { writeJsonLine } from '../activities/log-line.js';

export interface WorkerTelemetry {
  plugin: OpenTelemetryPlugin;
  /** Sends the spans still buffered; called when the worker stops. */
  shutdown(): Promise<void>;
}

export function tracingFromEnvironment(env: Environment): WorkerTelemetry | undefined {
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT === undefined) return undefined;
  const resource = new Resource({ 'service.name': env.OTEL_SERVICE_NAME, 'temporal.task_queue': env.TEMPORAL_TASK_QUEUE });
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter({ url: new URL('v1/traces', withSlash(env.OTEL_EXPORTER_OTLP_ENDPOINT)).toString() }));
  // Activities' spans come from the global tracer provider; workflows' go through the plugin's sink.
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  return { plugin: new OpenTelemetryPlugin({ resource, spanProcessor }), shutdown: () => provider.shutdown() };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}


/**
 * The SDK's runtime, installed once before any connection: with LOG_FORMAT=json every line of the worker and
 * of Temporal's core is one JSON object; with METRICS_PROMETHEUS_ADDRESS the core's metrics (workflow and
 * activity task latencies, failures, slots, sticky cache, polls) are served at http://<address>/metrics,
 * tagged with the service and the task queue.
 */
export function installRuntime(env: Environment): void {
  if (env.LOG_FORMAT !== 'json' && env.METRICS_PROMETHEUS_ADDRESS === undefined) return;
  Runtime.install({
    ...(env.LOG_FORMAT === 'json' && {
      logger: new DefaultLogger('INFO', ({ level, message, meta, timestampNanos }: LogEntry) =>
        writeJsonLine(env.OTEL_SERVICE_NAME, new Date(Number(timestampNanos / 1_000_000n)), level, message, meta),
      ),
    }),
    ...(env.METRICS_PROMETHEUS_ADDRESS !== undefined && {
      telemetryOptions: {
        metrics: {
          prometheus: { bindAddress: env.METRICS_PROMETHEUS_ADDRESS, countersTotalSuffix: true },
          globalTags: { service_name: env.OTEL_SERVICE_NAME, spsti_task_queue: env.TEMPORAL_TASK_QUEUE },
          attachServiceName: false,
        },
      },
    }),
  });
}

/** A line of the worker's own, in the chosen format. */
export function logInfo(env: Environment, message: string, fields: Record<string, unknown> = {}): void {
  if (env.LOG_FORMAT === 'json') writeJsonLine(env.OTEL_SERVICE_NAME, new Date(), 'INFO', message, fields);
  else console.log(message);
}
