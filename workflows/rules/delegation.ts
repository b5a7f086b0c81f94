// R-DEL-1: which visits a nurse may perform, from the delegation protocols a doctor signed. Pure, so the
// domain check before scheduling and the tests share it.
import type { CivilDate } from './calendar.js';
import { performerFor, type VisitType } from './visit-types.js';

export interface DelegationProtocolTerms {
  nurseId: string;
  validFrom: CivilDate;
  /** Inclusive; absent while the protocol has not been revoked. */
  validTo?: CivilDate;
  visitTypes: readonly VisitType[];
}

/** True when one of the nurse's protocols, valid on that day (bounds inclusive), lists a delegable visit type. */
export function protocolCovers(protocols: readonly DelegationProtocolTerms[], nurseId: string, visitType: VisitType, onDate: CivilDate): boolean {
  // The aptitude exams and the post-exposure visit stay the doctor's whatever a protocol says (R-DEL-1, R-SIR-1, R-POST-1).
  if (performerFor(visitType) !== 'DOCTOR_OR_NURSE') return false;
  return protocols.some(
    (protocol) =>
      protocol.nurseId === nurseId &&
      protocol.validFrom <= onDate &&
      (protocol.validTo === undefined || onDate <= protocol.validTo) &&
      protocol.visitTypes.includes(visitType),
  );
}
