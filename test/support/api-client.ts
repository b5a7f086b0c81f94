// Calls the public API of a test console stack the way a client would, and reads what it wrote.
import { expect } from 'vitest';
import type { Db } from '../../activities/db.js';
import type { ConsoleStack } from './console-stack.js';

export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: any;
}

export interface ApiCallOptions {
  json?: unknown;
  raw?: string;
  /** Another key than the stack's, or null to send none. */
  key?: string | null;
  headers?: Record<string, string>;
}

export type ApiCall = (method: 'GET' | 'POST', path: string, options?: ApiCallOptions) => Promise<ApiAnswer>;

/** Every answer of the API, errors included, is JSON. */
export function apiCaller(stack: ConsoleStack): ApiCall {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    const key = options.key === undefined ? stack.apiKey : options.key;
    if (key !== null) headers.Authorization = `Bearer ${key}`;
    let body: string | undefined;
    if (options.json !== undefined || options.raw !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = options.raw ?? JSON.stringify(options.json);
    }
    const response = await fetch(`${stack.baseUrl}/api/v1${path}`, { method, headers, body });
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    return { status: response.status, headers: response.headers, body: await response.json() };
  };
}

export function employeeInput(employerId: string, post: { title?: string; risks?: string[]; nightWork?: boolean } = {}) {
  return {
    employerId,
    birthName: 'Durand',
    firstNames: 'Camille',
    birthDate: '1988-06-21',
    sex: 'F',
    birthPlace: 'Nantes',
    email: 'camille.durand@exemple.fr',
    phone: '06 12 34 56 78',
    hireDate: '2021-03-01',
    post: { title: post.title ?? 'Agente logistique', risks: post.risks ?? [], nightWork: post.nightWork ?? false },
  };
}

/** The rows a request to the API could write. */
export async function domainRowCounts(db: Db) {
  const [employers, employees, posts, stoppages, visits] = await Promise.all([
    db.employer.count(),
    db.employee.count(),
    db.post.count(),
    db.workStoppage.count(),
    db.visit.count(),
  ]);
  return { employers, employees, posts, stoppages, visits };
}
