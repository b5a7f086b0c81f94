// Readiness for load balancers and orchestrators: 200 only while PostgreSQL and Temporal both answer, so
// traffic goes to instances that can serve it; /healthz (liveness) stays 200 meanwhile.
import { consoleContext } from '../services/context.server.js';

const CHECK_TIMEOUT_MS = 2_000;

type DependencyState = 'up' | 'down';

async function probe(check: () => Promise<unknown>): Promise<DependencyState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

export async function loader() {
  const { db, temporal } = consoleContext();
  const [postgresql, temporalState] = await Promise.all([
    probe(() => db.$queryRaw`SELECT 1`),
    probe(() => temporal.client.workflowService.getSystemInfo({})),
  ]);
  const dependencies = { postgresql, temporal: temporalState };
  const ready = postgresql === 'up' && temporalState === 'up';
  return Response.json(
    ready
      ? { status: 'ready', dependencies }
      : { status: 'unavailable', dependencies, message: 'Service indisponible : une dépendance ne répond pas.' },
    { status: ready ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
