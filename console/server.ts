// The console's HTTP server (`npm run console`): the built Remix app behind Express, served as remix-serve
// serves it (compression, fingerprinted assets cached for a year), plus one line per request. With
// LOG_FORMAT=json every line is a JSON object (the worker's shape) with what an operator filters on; the
// query string is never logged (a search can hold an employee's name), nor a personal link's token.
import type { Server } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import compression from 'compression';
import express from 'express';
import { writeJsonLine } from '../activities/log-line.js';
import { projectRoot } from '../worker/project-root.js';
import { requestLog, type LogLine } from './request-log.js';

process.env.NODE_ENV ??= 'production';
const SERVER_ENTRY = path.join(projectRoot, 'console', 'build', 'server', 'index.js');
const json = process.env.LOG_FORMAT === 'json';
const service = process.env.OTEL_SERVICE_NAME ?? 'spsti-console';

const log: LogLine = (level, message, fields = {}) => {
  if (json) writeJsonLine(service, new Date(), level, message, fields);
  else (level === 'INFO' ? console.log : console.error)(message);
};

if (json) {
  // Remix's and Prisma's own messages (an unexpected error's stack, a warning) become JSON lines too.
  const levels = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR' } as const;
  for (const [method, level] of Object.entries(levels) as [keyof typeof levels, (typeof levels)[keyof typeof levels]][]) {
    console[method] = (...args: unknown[]) => writeJsonLine(service, new Date(), level, format(...args));
  }
}

const build = (await import(pathToFileURL(SERVER_ENTRY).href)) as ServerBuild;
const app = express();
app.disable('x-powered-by');
app.use(compression());
app.use(build.publicPath, express.static(path.resolve(projectRoot, build.assetsBuildDirectory), { immutable: true, maxAge: '1y' }));
app.use(requestLog(log));
app.all('*', createRequestHandler({ build, mode: process.env.NODE_ENV }));

const port = Number(process.env.PORT ?? 3000);
const server: Server = process.env.HOST ? app.listen(port, process.env.HOST) : app.listen(port);
server.once('listening', () => log('INFO', `Console prête sur le port ${port}`, { port }));
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  // Requests in flight finish; then the process ends with nothing left open.
  process.once(signal, () => server.close(() => process.exit(0)));
}
