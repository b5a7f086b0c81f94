// One log line per request the console answers: method, path, status, duration and the request's id, which
// the answer carries too (X-Request-Id) so a user's report and an operator's search meet.
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

export type LogLine = (level: 'INFO' | 'WARN' | 'ERROR', message: string, fields?: Record<string, unknown>) => void;

/** The path as logged: never the query, and an employee's or a third party's personal link without its token. */
export function loggedPath(pathname: string): string {
  return pathname.replace(/^\/(teleconsultation\/tiers|teleconsultation|satisfaction)\/[^/]+/, '/$1/:lien');
}

export function requestLog(log: LogLine): RequestHandler {
  return (request, response, next) => {
    const started = process.hrtime.bigint();
    // The load balancer's id when it sets one, so its logs and the console's meet.
    const requestId = request.get('x-request-id') ?? randomUUID();
    response.setHeader('X-Request-Id', requestId);
    response.on('finish', () => {
      const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
      const route = loggedPath(request.path);
      log(response.statusCode >= 500 ? 'ERROR' : 'INFO', `${request.method} ${route} ${response.statusCode} ${durationMs} ms`, {
        method: request.method,
        path: route,
        status: response.statusCode,
        durationMs,
        requestId,
      });
    });
    next();
  };
}
