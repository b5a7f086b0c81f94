// Readiness for load balancers and orchestrators: 200 only while PostgreSQL and Temporal both answer, so
// traffic goes to instances that can serve it; /healthz (liveness) stays 200 meanwhile.
import { checkDependencies } from '../services/dependencies.server.js';

export async function loader() {
  const dependencies = await checkDependencies();
  const ready = dependencies.postgresql === 'up' && dependencies.temporal === 'up';
  return Response.json(
    ready
      ? { status: 'ready', dependencies }
      : { status: 'unavailable', dependencies, message: 'Service indisponible : une dépendance ne répond pas.' },
    { status: ready ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
