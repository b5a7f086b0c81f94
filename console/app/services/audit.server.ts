// R-DATA-2: who, what, when and why for every read of medical data and every decision sent.
import { roleLabels } from '../../../workflows/rules/labels.js';
import type { SignedInProfessional } from './auth.server.js';
import { consoleContext } from './context.server.js';

/** Decisions sent to the teleconsultation workflow; each is also audited `.refused` when the workflow says no. */
export type TeleconsultationDecision =
  | 'teleconsultation.consent'
  | 'teleconsultation.refuse'
  | 'teleconsultation.pre-call'
  | 'teleconsultation.join'
  | 'teleconsultation.admit'
  | 'teleconsultation.invite'
  | 'teleconsultation.interrupt'
  | 'teleconsultation.technical-failure'
  | 'teleconsultation.end';

export type AuditAction =
  | 'visit.read'
  | 'task.read'
  | 'document.download'
  | 'document.download.refused'
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
  | TeleconsultationDecision
  | `${TeleconsultationDecision}.refused`
  // R-TELE-15: an adverse event recorded after the session.
  | 'teleconsultation.adverse-event'
  // A video token handed out (employee, third party or professional): who entered the room, when.
  | 'teleconsultation.video-token'
  // The third party opened their personal link (R-TELE-9).
  | 'teleconsultation.third-party-open'
  // R-TELE-15
  | 'teleconsultation.satisfaction';

/** Someone without an account, known by the personal link they used. */
export interface LinkHolder {
  linkHolder: string;
}

export interface AuditEntry {
  actor: SignedInProfessional | LinkHolder;
  action: AuditAction;
  entityType: 'Visit' | 'HumanTask' | 'Document' | 'Teleconsultation' | 'TeleconsultationParticipant';
  entityId: string;
  reason?: string;
}

/**
 * remix-serve hands loaders a Request without the socket, so the client address is known only from
 * the reverse proxy's headers; without a proxy it stays empty rather than guessed.
 */
export function clientAddress(request: Request): string | null {
  const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || request.headers.get('x-real-ip') || null;
}

/** Written before the data leaves the server: a read that cannot be traced is not served. */
export async function audit(request: Request, entry: AuditEntry): Promise<void> {
  const { actor } = entry;
  await consoleContext().db.auditEvent.create({
    data: {
      actorId: 'linkHolder' in actor ? null : actor.id,
      actorLabel: 'linkHolder' in actor ? actor.linkHolder : `${actor.displayName} (${roleLabels[actor.role]})`,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      reason: entry.reason ?? null,
      ip: clientAddress(request),
    },
    select: { id: true },
  });
}
