// R-DATA-2: who, what, when and why for every read of medical data and every decision sent.
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
  | 'visit.reorient.refused';

export interface AuditEntry {
  actor: SignedInProfessional;
  action: AuditAction;
  entityType: 'Visit' | 'HumanTask' | 'Document';
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
  await consoleContext().db.auditEvent.create({
    data: {
      actorId: entry.actor.id,
      actorLabel: `${entry.actor.displayName} (${roleLabels[entry.actor.role]})`,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      reason: entry.reason ?? null,
      ip: clientAddress(request),
    },
    select: { id: true },
  });
}
