// Calls the public API of a test console stack the way a client would, and reads what it wrote.
import { expect } from 'vitest';
import type { Db } from '../../activities/db.js';
import { parisCivilDate, plusDays } from '../../workflows/rules/calendar.js';
import type { ConsoleStack } from './console-stack.js';
import { randomSiret } from './factories.js';

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

/** A POST the test expects to create something: its answer's body. */
export async function created(stack: ConsoleStack, path: string, body: unknown): Promise<any> {
  const response = await fetch(`${stack.baseUrl}/api/v1${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${stack.apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return response.json();
}

/**
 * An employee of a new employer, back from a 45-day work accident in two days, declared through the API:
 * R-REPRISE-1 opens the return visit returned.
 */
export async function aReturnVisitThroughApi(
  stack: ConsoleStack,
  employee: Partial<Omit<ReturnType<typeof employeeInput>, 'employerId'>> & { employerName?: string } = {},
): Promise<{ id: string; workflowId: string }> {
  const { employerName = 'Menuiserie Roux', ...identity } = employee;
  const employer = await created(stack, '/employers', { name: employerName, siret: randomSiret() });
  const declared = await created(stack, '/employees', { ...employeeInput(employer.id), ...identity });
  const returnDate = plusDays(parisCivilDate(new Date()), 2);
  const stoppage = await created(stack, '/work-stoppages', { employeeId: declared.id, cause: 'WORK_ACCIDENT', startDate: plusDays(returnDate, -45), returnDate });
  // The answer lists every visit the event opened, by deadline, not only the return visit: pick it by type.
  const visit = stoppage.visits.find((opened: { type: string }) => opened.type === 'REPRISE');
  if (!visit) throw new Error(`No return visit opened: ${JSON.stringify(stoppage.visits)}`);
  return visit;
}
