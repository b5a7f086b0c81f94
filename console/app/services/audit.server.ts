// R-DATA-2: who, what, when and why for every read of medical data, every decision sent and every
// sign-in event, appended to the hash-chained audit trail.
import { appendAuditEvent } from '../../../activities/domain/audit-trail.js';
import { roleLabels } from '../../../workflows/rules/labels.js';
import type { SignedInProfessional } from './auth.server.js';
import { consoleContext } from './context.server.js';

export type AuditAction =
  | 'visit.read'
  | 'task.read'
  | 'document.download'
  | 'visit.schedule'
  | 'visit.schedule.refused'
  | 'visit.cancel'
  | 'visit.cancel.refused'
  | 'visit.conclude'
  | 'visit.conclude.refused'
  | 'visit.excuse-absence'
  | 'visit.excuse-absence.refused'
  | 'visit.no-show'
  | 'visit.no-show.refused'
  | 'visit.reorient'
  | 'visit.reorient.refused'
  | 'auth.sign-in'
  | 'auth.sign-in.failed'
  | 'auth.locked'
  | 'auth.second-factor.enrolled'
  | 'auth.second-factor.reset'
  | 'auth.recovery-code.used'
  | 'auth.sessions.revoked'
  | 'auth.password.changed'
  | 'audit.export';

export interface AuditEntry {
  /** Null for someone not signed in yet (a failed sign-in). */
  actor: Pick<SignedInProfessional, 'id' | 'displayName' | 'role'> | null;
  action: AuditAction;
  /** `Account` names an e-mail address that no professional has (its entityId is the address typed). */
  entityType: 'Visit' | 'HumanTask' | 'Document' | 'Professional' | 'Account' | 'AuditEvent';
  entityId: string;
  reason?: string;
}

/**
 * remix-serve hands loaders a Request without the socket, so the client address is known only from
 * the reverse proxy's headers; without a proxy it stays empty rather than guessed.
 */
function clientAddress(request: Request): string | null {
  const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || request.headers.get('x-real-ip') || null;
}

/** Written before the data leaves the server: a read that cannot be traced is not served. */
export async function audit(request: Request, entry: AuditEntry): Promise<void> {
  await appendAuditEvent(consoleContext().db, {
    actorId: entry.actor?.id ?? null,
    actorLabel: entry.actor ? `${entry.actor.displayName} (${roleLabels[entry.actor.role]})` : 'Personne non connectée',
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    reason: entry.reason,
    ip: clientAddress(request),
  });
}
