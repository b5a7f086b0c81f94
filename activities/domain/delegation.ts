// R-DEL-1..4 for the callers of the visit workflow: the protocol check before a nurse is assigned (the
// workflow cannot read protocols, so the caller passes the answer as `delegated`), and the doctor's
// conclusion of a re-oriented visit, sent to its re-orientation workflow.
import { civilFromDbDate, type CivilDate } from '../../workflows/rules/calendar.js';
import { protocolCovers, type DelegationProtocolTerms } from '../../workflows/rules/delegation.js';
import type { VisitType } from '../../workflows/rules/visit-types.js';
import { concludeReorientationUpdate, type ConcludeReorientationArgs, type ReorientationResult } from '../../workflows/visit/messages.js';
import type { Prisma } from '../../prisma/generated/client.js';
import type { Db } from '../db.js';
import { DomainError } from './errors.js';
import { findVisitOrThrow, sendWorkflowUpdate, type TemporalDeps } from './visits.js';

/** Who may be given a visit: the service's doctors and nurses in activity, never an establishment's nurse (R-DEL-5). */
export const assignableProfessionalWhere = { role: { in: ['DOCTOR', 'NURSE'] }, establishmentEmployerId: null, deactivatedAt: null } satisfies Prisma.ProfessionalWhereInput;

/**
 * Refuses a deactivated account, an establishment nurse (R-DEL-5) and a nurse no valid protocol covers for this visit type on `date` (the appointment's Paris day).
 * Returns the `delegated` flag of the schedule update: true for a covered nurse, false for a doctor, who needs none.
 */
export async function assertDelegationCovers(db: Db, professionalId: string, visitType: VisitType, date: CivilDate): Promise<boolean> {
  return (await delegationCheckFor(db, professionalId))(visitType, date);
}

/** The same check with the professional's protocols read once, for a bulk reassignment asking it of many visits. */
export async function delegationCheckFor(db: Db, professionalId: string): Promise<(visitType: VisitType, date: CivilDate) => boolean> {
  const professional = await db.professional.findUnique({ where: { id: professionalId }, select: { role: true, establishmentEmployerId: true, deactivatedAt: true } });
  if (professional?.deactivatedAt) throw new DomainError('REFUSED', 'Ce compte est désactivé : confiez la visite à un professionnel en activité.');
  if (professional?.establishmentEmployerId) {
    throw new DomainError(
      'REFUSED',
      'Un(e) infirmier(ère) d’entreprise n’accède pas au dossier médical en santé au travail, même sous protocole (R-DEL-5) : confiez la visite à un professionnel du service.',
    );
  }
  if (professional?.role !== 'NURSE') return () => false;
  const terms = await protocolTermsOf(db, professionalId);
  return (visitType, date) => {
    if (!protocolCovers(terms, professionalId, visitType, date)) {
      throw new DomainError('REFUSED', 'Aucun protocole de délégation valide ne couvre cette visite pour cet(te) infirmier(ère).');
    }
    return true;
  };
}

export async function protocolTermsOf(db: Db, nurseId: string): Promise<DelegationProtocolTerms[]> {
  const protocols = await db.delegationProtocol.findMany({ where: { nurseId }, select: { nurseId: true, validFrom: true, validTo: true, visitTypes: true } });
  return protocols.map((protocol) => ({
    nurseId: protocol.nurseId,
    validFrom: civilFromDbDate(protocol.validFrom),
    validTo: protocol.validTo ? civilFromDbDate(protocol.validTo) : undefined,
    visitTypes: protocol.visitTypes,
  }));
}

/**
 * R-DATA-2 and R-DEL-1, least privilege: a visit's clinical content (notes, teleconsultation report) is for its
 * doctors; a nurse reads it for a visit she holds, or of a type one of her protocols covers on `today`.
 */
export async function mayReadClinicalContent(db: Db, reader: { id: string; role: string }, visit: { type: VisitType; assignedProfessionalId: string | null }, today: CivilDate): Promise<boolean> {
  if (reader.role === 'DOCTOR') return true;
  if (reader.role !== 'NURSE') return false;
  return visit.assignedProfessionalId === reader.id || protocolCovers(await protocolTermsOf(db, reader.id), reader.id, visit.type, today);
}

/** R-DEL-2: the doctor concludes a visit a nurse re-oriented; the visit then completes with this conclusion. */
export async function concludeReorientation(db: Db, temporal: TemporalDeps, visitId: string, args: ConcludeReorientationArgs): Promise<ReorientationResult> {
  const visit = await findVisitOrThrow(db, visitId);
  if (!visit.reorientationWorkflowId) throw new DomainError('NOT_FOUND', 'Cette visite n’a pas été réorientée vers le médecin.');
  return sendWorkflowUpdate(temporal, visit.reorientationWorkflowId, concludeReorientationUpdate, args);
}
