import { consoleContext } from '../services/context.server.js';

// Liveness for load balancers and the test harness: answers as soon as the server serves requests, once its
// configuration is read (a missing or malformed variable makes it fail with the variable's name in the log).
export function loader() {
  consoleContext();
  return Response.json({ status: 'ok' });
}
