// Administrators hand out API keys: one for the service's own systems, or one per member company, which the
// API scopes to that company (api.server.ts). Only a key's hash is stored; its value is shown once.
import { randomBytes } from 'node:crypto';
import { hashApiKey } from '../../../activities/domain/credentials.js';
import { DomainError } from '../../../activities/domain/errors.js';
import { parseInput } from '../../../activities/domain/input.js';
import { apiKeyFormSchema } from '../forms/api-key-form.js';
import { audit } from './audit.server.js';
import type { SignedInProfessional } from './auth.server.js';
import { consoleContext } from './context.server.js';
import { frenchShortDateTime } from './format.server.js';

export async function loadApiKeys() {
  const { db } = consoleContext();
  const [keys, employers] = await Promise.all([
    db.apiKey.findMany({
      orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
      select: { id: true, name: true, createdAt: true, lastUsedAt: true, revokedAt: true, rateLimitPerMinute: true, employer: { select: { name: true } } },
    }),
    db.employer.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }),
  ]);
  return {
    keys: keys.map((key) => ({
      id: key.id,
      name: key.name,
      scope: key.employer?.name ?? 'Tout le service',
      createdAt: frenchShortDateTime(key.createdAt),
      lastUsedAt: key.lastUsedAt ? frenchShortDateTime(key.lastUsedAt) : null,
      revokedAt: key.revokedAt ? frenchShortDateTime(key.revokedAt) : null,
      rateLimitPerMinute: key.rateLimitPerMinute,
    })),
    employers,
  };
}

/** Creates a key and returns its value, the only time anyone sees it. */
export async function createApiKey(request: Request, admin: SignedInProfessional, fields: unknown): Promise<{ name: string; value: string }> {
  const form = parseInput(apiKeyFormSchema, fields);
  const { db } = consoleContext();
  const employerId = form.employerId === '' ? null : form.employerId;
  if (employerId && !(await db.employer.count({ where: { id: employerId } }))) {
    throw new DomainError('VALIDATION', 'Certaines données sont invalides.', { employerId: 'Choisissez une entreprise de la liste' });
  }
  const value = `spsti_${randomBytes(32).toString('base64url')}`;
  const key = await db.apiKey.create({ data: { name: form.name, keyHash: hashApiKey(value), employerId, rateLimitPerMinute: form.rateLimitPerMinute }, select: { id: true } });
  await audit(request, { actor: admin, action: 'api-key.create', entityType: 'ApiKey', entityId: key.id, reason: `${form.name} (${employerId ?? 'tout le service'})` });
  return { name: form.name, value };
}

export async function revokeApiKey(request: Request, admin: SignedInProfessional, keyId: unknown): Promise<string> {
  const { db } = consoleContext();
  const key = typeof keyId === 'string' ? await db.apiKey.findFirst({ where: { id: keyId, revokedAt: null }, select: { id: true, name: true } }) : null;
  if (!key) throw new DomainError('NOT_FOUND', 'Clé introuvable ou déjà révoquée.');
  await db.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
  await audit(request, { actor: admin, action: 'api-key.revoke', entityType: 'ApiKey', entityId: key.id, reason: key.name });
  return key.name;
}
