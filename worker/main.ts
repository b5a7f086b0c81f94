// The worker process (`npm run worker`): as many as needed may run against one Temporal namespace.
import path from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { createDb } from '../activities/db.js';
import { readEnvironment } from '../activities/env.js';
import { createMessagingFromEnvironment } from '../activities/messaging/index.js';
import { connectTemporalClient, temporalConnectionOptions } from '../activities/temporal-connection.js';
import { ensureSchedules } from './schedules.js';
import { ensureSearchAttributes } from './search-attributes.js';
import { installRuntime, logInfo, tracingFromEnvironment } from './telemetry.js';
import { bundleWorkflows, createVisitWorker } from './worker.js';

const env = readEnvironment();
installRuntime(env);
const tracing = tracingFromEnvironment(env);
const plugins = tracing ? [tracing.plugin] : [];
const db = createDb(env.DATABASE_URL);
const connection = await NativeConnection.connect(temporalConnectionOptions(env));
const client = await connectTemporalClient(env);
await ensureSearchAttributes(connection, env.TEMPORAL_NAMESPACE);
await ensureSchedules(client, env.TEMPORAL_TASK_QUEUE);
const worker = await createVisitWorker({
  connection,
  client,
  namespace: env.TEMPORAL_NAMESPACE,
  taskQueue: env.TEMPORAL_TASK_QUEUE,
  db,
  serviceName: env.SERVICE_NAME,
  messaging: createMessagingFromEnvironment(env, db),
  linkSecret: env.LINK_SECRET,
  publicUrl: env.PUBLIC_URL,
  workflowBundle: env.WORKFLOW_BUNDLE_PATH ? { codePath: path.resolve(env.WORKFLOW_BUNDLE_PATH) } : await bundleWorkflows(plugins),
  plugins,
});
logInfo(env, `Worker prêt : file « ${env.TEMPORAL_TASK_QUEUE} » sur ${env.TEMPORAL_ADDRESS} (${env.TEMPORAL_NAMESPACE})`, {
  taskQueue: env.TEMPORAL_TASK_QUEUE,
  namespace: env.TEMPORAL_NAMESPACE,
  tracing: tracing !== undefined,
});
try {
  await worker.run();
} finally {
  await connection.close();
  await client.connection.close();
  await db.$disconnect();
  await tracing?.shutdown();
}
