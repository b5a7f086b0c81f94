// Personal links and access codes (R-TELE-5). Tokens and codes are HMACs of the session's id: a retried
// activity sends the same link and code again, and nothing secret is stored (only the token's hash).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Prisma } from '../../prisma/generated/client.js';
import type { Db } from '../db.js';
import { appendAuditEvent } from '../domain/audit-trail.js';

export type LinkPurpose = 'employee' | 'third-party' | 'satisfaction' | 'convocation';
export type AccessCodeCheck = 'OK' | 'WRONG' | 'LOCKED' | 'EXPIRED';

const linkPaths: Record<LinkPurpose, string> = {
  employee: 'teleconsultation',
  'third-party': 'teleconsultation/tiers',
  satisfaction: 'satisfaction',
  convocation: 'convocation',
};

function hmac(secret: string, purpose: string, id: string): Buffer {
  return createHmac('sha256', secret).update(`${purpose}:${id}`).digest();
}

export function personalToken(secret: string, purpose: LinkPurpose, id: string): string {
  return hmac(secret, purpose, id).toString('base64url');
}

/** Tokens are base64url HMACs: anything else is not worth a query. */
export function plausibleToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{20,100}$/.test(token);
}

/** What Teleconsultation.linkTokenHash and TeleconsultationParticipant.linkTokenHash hold. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function personalLink(publicUrl: string, purpose: LinkPurpose, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/${linkPaths[purpose]}/${token}`;
}

/** Six digits, for this teleconsultation only. */
export function accessCodeFor(secret: string, teleconsultationId: string): string {
  // 2^32 values onto 10^6 codes: the modulo bias (< 0.03 %) does not help a guesser locked out after a few tries.
  return String(hmac(secret, 'access-code', teleconsultationId).readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

/**
 * Checks a code typed on the personal link; every attempt is audited. The wrong attempt that reaches
 * `maxFailures` locks the link and already answers LOCKED; from then on even the right code is refused.
 */
export async function checkAccessCode(
  db: Db,
  input: { teleconsultationId: string; code: string; secret: string; maxFailures: number; validUntil: Date; now?: Date; ip?: string | null },
): Promise<AccessCodeCheck> {
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    const result = await attempt(tx, input, now);
    await appendAuditEvent(tx, {
      actorId: null,
      actorLabel: 'Salarié (lien personnel)',
      action: 'teleconsultation.access-code',
      entityType: 'Teleconsultation',
      entityId: input.teleconsultationId,
      reason: result,
      ip: input.ip ?? null,
    });
    return result;
  });
}

async function attempt(
  tx: Prisma.TransactionClient,
  input: { teleconsultationId: string; code: string; secret: string; maxFailures: number; validUntil: Date },
  now: Date,
): Promise<AccessCodeCheck> {
  // FOR UPDATE: concurrent attempts on one link take turns, so none is compared after the one that locked it.
  const [session] = await tx.$queryRaw<{ accessCodeLockedAt: Date | null }[]>`
    SELECT "accessCodeLockedAt" FROM "Teleconsultation" WHERE id = ${input.teleconsultationId} FOR UPDATE`;
  if (!session) throw new Error(`Téléconsultation inconnue : ${input.teleconsultationId}`);
  if (now.getTime() > input.validUntil.getTime()) return 'EXPIRED';
  if (session.accessCodeLockedAt !== null) return 'LOCKED';
  if (sameCode(input.code.replace(/\s+/g, ''), accessCodeFor(input.secret, input.teleconsultationId))) return 'OK';

  // Incremented in SQL (`SET x = x + 1`): concurrent wrong attempts all count.
  const { accessCodeFailures } = await tx.teleconsultation.update({
    where: { id: input.teleconsultationId },
    data: { accessCodeFailures: { increment: 1 } },
    select: { accessCodeFailures: true },
  });
  if (accessCodeFailures < input.maxFailures) return 'WRONG';
  await tx.teleconsultation.updateMany({
    where: { id: input.teleconsultationId, accessCodeLockedAt: null },
    data: { accessCodeLockedAt: now },
  });
  return 'LOCKED';
}

/** Compares digests of both codes: equal lengths for timingSafeEqual, whatever length was typed. */
function sameCode(typed: string, expected: string): boolean {
  const digest = (code: string): Buffer => createHash('sha256').update(code).digest();
  return timingSafeEqual(digest(typed), digest(expected));
}
