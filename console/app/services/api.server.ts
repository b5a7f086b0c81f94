// Public API v1: JSON in and out, a Bearer API key, errors as { error: { code, message, fields? } }.
// Bad input always gets a 4xx with a French message; a 500 means a bug, and is logged.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isDatabaseUnavailable } from '../../../activities/db.js';
import { hashApiKey } from '../../../activities/domain/credentials.js';
import { DomainError } from '../../../activities/domain/errors.js';
import { parseInput } from '../../../activities/domain/input.js';
import { findVisitOrThrow, toApiVisit, visitWhere, type ApiVisit } from '../../../activities/domain/visits.js';
import { visitTypes } from '../../../workflows/rules/visit-types.js';
import { VisitStatus } from '../../../prisma/generated/enums.js';
import { consoleContext } from './context.server.js';
import { databaseDownMessage } from './dependencies.server.js';
import { isTemporalUnavailable, temporalUnavailableMessage } from './temporal-errors.server.js';

const MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_VISITS = 100;
const MAX_VISITS = 500;
const visitStatuses = Object.values(VisitStatus);

export type ApiErrorCode = DomainError['code'] | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'RATE_LIMITED' | 'METHOD_NOT_ALLOWED' | 'PAYLOAD_TOO_LARGE' | 'INTERNAL';

const RATE_WINDOW_MS = 60_000;

export function apiError(status: number, code: ApiErrorCode, message: string, fields?: Record<string, string>, headers?: HeadersInit): Response {
  return Response.json({ error: { code, message, ...(fields ? { fields } : {}) } }, { status, headers });
}

/**
 * Who calls: a key of the service (employerId null: its own systems) or of one member company, which sees and
 * changes only that company's employees and visits; anything of another company is « introuvable » (IDOR).
 */
export interface ApiCaller {
  apiKeyId: string;
  employerId: string | null;
}

/** The calling key; every failure is the API's 401. */
async function authenticate(request: Request): Promise<ApiCaller> {
  const header = request.headers.get('authorization') ?? '';
  const key = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  const challenge = { 'WWW-Authenticate': 'Bearer realm="api"' };
  if (!key) throw apiError(401, 'UNAUTHENTICATED', 'Clé d’API manquante : envoyez l’en-tête « Authorization: Bearer <clé> ».', undefined, challenge);
  const { db } = consoleContext();
  const apiKey = await db.apiKey.findUnique({ where: { keyHash: hashApiKey(key) }, select: { id: true, revokedAt: true, employerId: true } });
  if (!apiKey || apiKey.revokedAt) throw apiError(401, 'UNAUTHENTICATED', 'Clé d’API invalide ou révoquée.', undefined, challenge);
  await countRequest(apiKey.id);
  return { apiKeyId: apiKey.id, employerId: apiKey.employerId };
}

/** Registering a member company is the service's own business, not a company's. */
export function requireServiceKey(caller: ApiCaller): void {
  if (caller.employerId !== null) throw apiError(403, 'FORBIDDEN', 'Cette clé d’API appartient à une entreprise : elle ne peut pas enregistrer d’adhérent.');
}

/** A company's key may name only its own company (a missing or malformed id is left to the validation). */
export function assertEmployerInScope(caller: ApiCaller, employerId: unknown): void {
  if (caller.employerId !== null && typeof employerId === 'string' && employerId !== caller.employerId) {
    throw new DomainError('VALIDATION', 'Employeur inconnu.', { employerId: 'Aucun adhérent avec cet identifiant' });
  }
}

/**
 * A company's key reaches only its own employees; another company's is « introuvable », like a missing one (a
 * missing or malformed id is left to the validation).
 */
export async function assertEmployeeInScope(caller: ApiCaller, employeeId: unknown): Promise<void> {
  if (caller.employerId === null || typeof employeeId !== 'string') return;
  const employee = await consoleContext().db.employee.findFirst({ where: { id: employeeId, employerId: caller.employerId }, select: { id: true } });
  if (!employee) throw new DomainError('NOT_FOUND', 'Salarié introuvable.');
}

/**
 * Each key has its own budget per one-minute window, counted on its row in the statement that records its
 * use: every console process shares the count, and a client looping on one key cannot starve the others.
 */
async function countRequest(apiKeyId: string): Promise<void> {
  const now = new Date();
  const windowOpen = new Date(now.getTime() - RATE_WINDOW_MS);
  const [usage] = await consoleContext().db.$queryRaw<{ count: number; limit: number; windowStart: Date }[]>`
    UPDATE "ApiKey" SET
      "lastUsedAt" = ${now},
      "rateWindowCount" = CASE WHEN "rateWindowStart" > ${windowOpen} THEN "rateWindowCount" + 1 ELSE 1 END,
      "rateWindowStart" = CASE WHEN "rateWindowStart" > ${windowOpen} THEN "rateWindowStart" ELSE ${now} END
    WHERE id = ${apiKeyId}
    RETURNING "rateWindowCount" AS count, "rateLimitPerMinute" AS limit, "rateWindowStart" AS "windowStart"`;
  if (usage && usage.count > usage.limit) {
    const retryAfter = Math.max(1, Math.ceil((usage.windowStart.getTime() + RATE_WINDOW_MS - now.getTime()) / 1000));
    throw apiError(
      429,
      'RATE_LIMITED',
      `Trop de requêtes avec cette clé d’API : ${usage.limit} par minute au plus. Réessayez dans ${retryAfter} s.`,
      undefined,
      { 'Retry-After': String(retryAfter) },
    );
  }
}

function refuseOversizedBody(request: Request): void {
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) {
    throw apiError(413, 'PAYLOAD_TOO_LARGE', 'Corps de requête trop volumineux (1 Mio au plus).');
  }
}

/** The request body as a JSON object; anything else is the client's error, not ours. */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  refuseOversizedBody(request);
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    throw apiError(400, 'VALIDATION', 'Corps JSON invalide');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw apiError(400, 'VALIDATION', 'Le corps de la requête doit être un objet JSON.');
  }
  return body as Record<string, unknown>;
}

export function methodNotAllowed(allowed: string): Response {
  return apiError(405, 'METHOD_NOT_ALLOWED', `Méthode non prise en charge ; utilisez ${allowed}.`, undefined, { Allow: allowed });
}

/** Runs an authenticated API handler and turns every failure into the API's error shape. */
export async function apiRoute(request: Request, method: 'GET' | 'POST', handle: (caller: ApiCaller) => Promise<Response>): Promise<Response> {
  try {
    if (request.method !== method && !(method === 'GET' && request.method === 'HEAD')) return methodNotAllowed(method);
    const caller = await authenticate(request);
    const idempotencyKey = request.headers.get('idempotency-key');
    if (method === 'POST' && idempotencyKey !== null) return await idempotentPost(caller.apiKeyId, idempotencyKey, request, () => answered(() => handle(caller)));
    return await answered(() => handle(caller));
  } catch (error) {
    return errorResponse(error);
  }
}

async function answered(handle: () => Promise<Response>): Promise<Response> {
  try {
    return await handle();
  } catch (error) {
    return errorResponse(error);
  }
}

function errorResponse(error: unknown): Response {
  if (error instanceof Response) return error;
  if (error instanceof DomainError) return apiError(error.status, error.code, error.message, error.fields);
  if (isTemporalUnavailable(error)) return apiError(503, 'UNAVAILABLE', temporalUnavailableMessage);
  if (isDatabaseUnavailable(error)) return apiError(503, 'UNAVAILABLE', databaseDownMessage);
  console.error('API v1 :', error);
  return apiError(500, 'INTERNAL', 'Erreur interne du service ; elle a été journalisée.');
}

const ABANDONED_AFTER_MS = 2 * 60 * 1000;

const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, 'En-tête Idempotency-Key invalide : 1 à 255 caractères ASCII visibles.');

/**
 * A POST with an `Idempotency-Key`: the first request with a key runs and its answer is kept; the same
 * request sent again gets that answer back (header `Idempotent-Replayed: true`) instead of running twice.
 * Answers that say nothing happened (5xx, 503) are forgotten so the client's retry runs for real.
 */
async function idempotentPost(apiKeyId: string, key: string, request: Request, run: () => Promise<Response>): Promise<Response> {
  const parsedKey = idempotencyKeySchema.safeParse(key);
  if (!parsedKey.success) return apiError(400, 'VALIDATION', parsedKey.error.issues[0]!.message);
  refuseOversizedBody(request);
  const { db } = consoleContext();
  const body = await request.clone().text();
  const requestHash = createHash('sha256').update(`${request.method} ${new URL(request.url).pathname}\n${body}`).digest('hex');
  const claimed = await db.apiIdempotentRequest.createManyAndReturn({
    data: [{ apiKeyId, key, requestHash }],
    skipDuplicates: true,
    select: { id: true },
  });
  if (claimed.length === 0) {
    const earlier = await db.apiIdempotentRequest.findUniqueOrThrow({ where: { apiKeyId_key: { apiKeyId, key } } });
    if (earlier.requestHash !== requestHash) {
      return apiError(422, 'REFUSED', 'Cette clé Idempotency-Key a déjà servi pour une autre requête ; utilisez une nouvelle clé.');
    }
    if (earlier.responseStatus !== null) {
      return Response.json(earlier.responseBody, { status: earlier.responseStatus, headers: { 'Idempotent-Replayed': 'true' } });
    }
    // A first attempt whose process died never answers: after a while its retry takes the key over.
    const takenOver = await db.apiIdempotentRequest.updateMany({
      where: { id: earlier.id, responseStatus: null, createdAt: { lt: new Date(Date.now() - ABANDONED_AFTER_MS) } },
      data: { createdAt: new Date() },
    });
    if (takenOver.count === 0) {
      return apiError(409, 'CONFLICT', 'La même requête est en cours de traitement ; réessayez dans un instant.', undefined, { 'Retry-After': '1' });
    }
    return recordAnswer(earlier.id, await run());
  }
  return recordAnswer((claimed as [{ id: string }])[0].id, await run());
}

async function recordAnswer(id: string, response: Response): Promise<Response> {
  const { db } = consoleContext();
  if (response.status >= 500) {
    await db.apiIdempotentRequest.delete({ where: { id } });
    return response;
  }
  await db.apiIdempotentRequest.update({
    where: { id },
    data: { responseStatus: response.status, responseBody: await response.clone().json(), completedAt: new Date() },
  });
  return response;
}

const visitQuerySchema = z.object({
  employeeId: z.string().uuid('Identifiant de salarié invalide').optional(),
  status: z
    .enum(visitStatuses as [VisitStatus, ...VisitStatus[]], {
      errorMap: () => ({ message: `Statut inconnu ; valeurs admises : ${visitStatuses.join(', ')}` }),
    })
    .optional(),
  type: z.enum(visitTypes, { errorMap: () => ({ message: `Type de visite inconnu ; valeurs admises : ${visitTypes.join(', ')}` }) }).optional(),
  limit: z.coerce
    .number({ invalid_type_error: 'limit doit être un nombre' })
    .int('limit doit être un entier')
    .min(1, 'limit : 1 au moins')
    .max(MAX_VISITS, `limit : ${MAX_VISITS} au plus`)
    .default(DEFAULT_VISITS),
});

/** GET /api/v1/visits: the matching visits, earliest deadline first (a company's key: its own only). */
export async function listApiVisits(searchParams: URLSearchParams, caller: ApiCaller): Promise<ApiVisit[]> {
  const query = parseInput(visitQuerySchema, Object.fromEntries(searchParams));
  const visits = await consoleContext().db.visit.findMany({
    where: { ...visitWhere(query), ...(caller.employerId !== null && { employee: { employerId: caller.employerId } }) },
    orderBy: [{ deadline: 'asc' }, { id: 'asc' }],
    take: query.limit,
  });
  return visits.map(toApiVisit);
}

const billedAbsenceQuerySchema = z.object({
  employerId: z.string().uuid('Identifiant d’adhérent invalide').optional(),
  limit: visitQuerySchema.shape.limit,
});

/**
 * R-OPS-1: the missed appointments billed to a company, latest first, with the moment the excuse was due and
 * when a late excuse came. A company's key sees its own; the service's key all, or one company's.
 */
export async function listBilledAbsences(searchParams: URLSearchParams, caller: ApiCaller) {
  const query = parseInput(billedAbsenceQuerySchema, Object.fromEntries(searchParams));
  assertEmployerInScope(caller, query.employerId);
  const employerId = caller.employerId ?? query.employerId;
  const absences = await consoleContext().db.billedAbsence.findMany({
    where: employerId ? { visit: { employee: { employerId } } } : {},
    orderBy: [{ appointmentAt: 'desc' }, { id: 'asc' }],
    take: query.limit,
    select: { id: true, visitId: true, appointmentAt: true, excuseDueAt: true, excusedAt: true, visit: { select: { type: true, employeeId: true, employee: { select: { employerId: true } } } } },
  });
  return absences.map((absence) => ({
    id: absence.id,
    visitId: absence.visitId,
    visitType: absence.visit.type,
    employeeId: absence.visit.employeeId,
    employerId: absence.visit.employee.employerId,
    appointmentAt: absence.appointmentAt.toISOString(),
    excuseDueAt: absence.excuseDueAt.toISOString(),
    excusedAt: absence.excusedAt?.toISOString() ?? null,
  }));
}

export async function findApiVisit(id: string, caller: ApiCaller): Promise<ApiVisit> {
  const { db } = consoleContext();
  const inScope = caller.employerId === null || (await db.visit.count({ where: { id, employee: { employerId: caller.employerId } } })) > 0;
  if (!inScope) throw new DomainError('NOT_FOUND', 'Visite introuvable.');
  return toApiVisit(await findVisitOrThrow(db, id));
}
