// Time-skipping environment from the locally installed test server (no download: see STACK.md).
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { searchAttributeDefinitions } from '../../worker/search-attributes.js';
import { resolveTemporalTestServer, toServerExecutable } from '../../worker/temporal-binaries.js';

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: toServerExecutable(resolveTemporalTestServer()) },
  });
  // The test server cannot list search attributes, only add them, so they are added blindly here.
  await env.connection.operatorService.addSearchAttributes({ namespace: env.namespace ?? 'default', searchAttributes: searchAttributeDefinitions() });
  return env;
}
