// R-DATA-2: who, what, when and why for every read of medical data, every decision sent and every
// sign-in event, appended to the hash-chained audit trail.
import { appendAuditEvent } from '../../../activities/domain/audit-trail.js';
import { roleLabels } from '../../../workflows/rules/labels.js';
import type { SignedInAccount } from './auth.server.js';
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
  // Issue 5: the filtered visit list downloaded as CSV (names of employees and their employers).
  | 'visit.export'
  | 'task.read'
  // Issue 5: a task of the role's queue taken, or given back.
  | 'task.claim'
  | 'task.release'
  | 'document.download'
  | 'document.download.refused'
  | 'visit.schedule'
  | 'visit.schedule.refused'
  // Issue 5: the appointment kept, given to another professional (from the visit or in bulk).
  | 'visit.reassign'
  | 'visit.reassign.refused'
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
  | 'teleconsultation.satisfaction'
  | 'questionnaire.answer'
  | 'auth.sign-in'
  | 'auth.sign-in.failed'
  | 'auth.locked'
  | 'auth.second-factor.enrolled'
  | 'auth.second-factor.reset'
  | 'auth.recovery-code.used'
  | 'auth.sessions.revoked'
  | 'auth.password.changed'
  | 'audit.export'
  // Issue 8: an employer's staff file checked, then applied.
  | 'staff-import.upload'
  | 'staff-import.apply'
  | 'employer.visit-request'
  // Issue 8: a change the company declares for one employee (post, situation, end of exposure, departure).
  | 'employer.employee-event'
  // Issue 5: a member company recorded, or its contact address changed, by an administrator.
  | 'employer.create'
  | 'employer.update'
  // Issue 8: the yearly staff declaration campaigns opened, and a company's list as of 1 January confirmed.
  | 'staff-declaration.open'
  | 'staff-declaration.confirm'
  | 'api-key.create'
  | 'api-key.revoke'
  // Issue 5: administrators manage the accounts and the nurses' delegation protocols (R-DEL-1).
  | 'account.create'
  | 'account.password-reset'
  | 'account.deactivate'
  | 'account.reactivate'
  | 'delegation.create'
  | 'delegation.end'
  // Issue 5: the protocol configuration, edited as a draft then published.
  | 'protocol.draft.save'
  | 'protocol.draft.discard'
  | 'protocol.publish'
  // R-DATA-3, R-DATA-4: employees' requests on their record, handled by staff.
  | 'data-rights.list'
  | 'data-rights.read'
  | 'data-rights.record'
  | 'data-rights.papers'
  | 'data-rights.complete'
  | 'data-rights.complete.refused'
  | 'data-rights.export.download'
  | 'employee.freeze'
  | 'employee.freeze.lift'
  | 'employee.freeze.lift.refused'
  | 'employee.rectify';

/** Someone without an account, known by the personal link they used. */
export interface LinkHolder {
  linkHolder: string;
}

export interface AuditEntry {
  /** Null for someone not signed in yet (a failed sign-in). */
  actor: Pick<SignedInAccount, 'id' | 'displayName' | 'role'> | LinkHolder | null;
  action: AuditAction;
  /** `Account` names an e-mail address that no professional has (its entityId is the address typed). */
  entityType:
    | 'Visit'
    | 'HumanTask'
    | 'Document'
    | 'Teleconsultation'
    | 'TeleconsultationParticipant'
    | 'Professional'
    | 'Account'
    | 'AuditEvent'
    | 'StaffImport'
  | 'StaffDeclarationCampaign'
  | 'Employer'
    | 'Employee'
    | 'DataRightsRequest'
    | 'ApiKey'
    | 'DelegationProtocol'
    | 'ProtocolConfigVersion';
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

function actorLabel(actor: AuditEntry['actor']): string {
  if (actor === null) return 'Personne non connectée';
  if ('linkHolder' in actor) return actor.linkHolder;
  return `${actor.displayName} (${roleLabels[actor.role]})`;
}

/** Written before the data leaves the server: a read that cannot be traced is not served. */
export async function audit(request: Request, entry: AuditEntry): Promise<void> {
  await appendAuditEvent(consoleContext().db, {
    actorId: entry.actor && !('linkHolder' in entry.actor) ? entry.actor.id : null,
    actorLabel: actorLabel(entry.actor),
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    reason: entry.reason,
    ip: clientAddress(request),
  });
}
