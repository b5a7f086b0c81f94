import type { FollowUpCategory } from './follow-up-category.js';

export const visitTypes = [
  'VIP_INITIAL',
  'VIP_RENEWAL',
  'SIR_EXAM',
  'SIR_INTERMEDIATE',
  'SIR_RENEWAL',
  'MID_CAREER',
  'PRE_REPRISE',
  'REPRISE',
  'POST_EXPOSURE',
  'LIAISON',
  'ON_REQUEST',
] as const;
export type VisitType = (typeof visitTypes)[number];

export type Performer = 'DOCTOR' | 'DOCTOR_OR_NURSE';
/** The service's own staff; employer portal accounts are not among them. */
export const professionalRoles = ['DOCTOR', 'NURSE', 'ASSISTANT', 'ADMIN'] as const;
export type ProfessionalRole = (typeof professionalRoles)[number];

export function isProfessionalRole(role: string): role is ProfessionalRole {
  return (professionalRoles as readonly string[]).includes(role);
}

export const visitOutcomes = [
  'ATTESTATION',
  'ATTESTATION_WITH_MEASURES',
  'APTITUDE',
  'APTITUDE_WITH_MEASURES',
  'INAPTITUDE',
  // R-LIAISON-1: the liaison meeting is not a medical visit; it only records that it took place.
  'LIAISON_HELD',
] as const;
export type VisitOutcome = (typeof visitOutcomes)[number];

/** R-DEL-2, R-SIR-4: aptitude, inaptitude and proposed measures are the doctor's alone. */
export function outcomeRequiresDoctor(outcome: VisitOutcome): boolean {
  return outcome !== 'ATTESTATION' && outcome !== 'LIAISON_HELD';
}

/** An avis (aptitude or inaptitude) rather than an attestation de suivi. */
export function outcomeIsAvis(outcome: VisitOutcome): boolean {
  return outcome === 'APTITUDE' || outcome === 'APTITUDE_WITH_MEASURES' || outcome === 'INAPTITUDE';
}

const avis = ['APTITUDE', 'APTITUDE_WITH_MEASURES', 'INAPTITUDE'] as const;
const attestationOrInaptitude = ['ATTESTATION', 'ATTESTATION_WITH_MEASURES', 'INAPTITUDE'] as const;

/** What a visit may conclude; `outcomeRequiresDoctor` then says which of these a nurse may issue. */
export function allowedOutcomes(type: VisitType, category: FollowUpCategory): readonly VisitOutcome[] {
  switch (type) {
    // R-SIR-4
    case 'SIR_EXAM':
    case 'SIR_RENEWAL':
      return avis;
    // R-REPRISE-3: a SIR worker's return ends with an avis; other workers get an attestation, or an inaptitude.
    case 'REPRISE':
      return category === 'SIR' ? avis : attestationOrInaptitude;
    // R-PRE-2: never an aptitude or an inaptitude.
    case 'PRE_REPRISE':
      return ['ATTESTATION', 'ATTESTATION_WITH_MEASURES'];
    // R-POST-1: the exposure record goes to the DMST; the employer only learns the visit took place.
    case 'POST_EXPOSURE':
      return ['ATTESTATION'];
    case 'LIAISON':
      return ['LIAISON_HELD'];
    // R-VIP-6, R-SIR-2, R-MID-2, R-DEMANDE-1: an attestation de suivi (with the doctor's measures), or the doctor's inaptitude.
    case 'VIP_INITIAL':
    case 'VIP_RENEWAL':
    case 'SIR_INTERMEDIATE':
    case 'MID_CAREER':
    case 'ON_REQUEST':
      return attestationOrInaptitude;
  }
}

/**
 * R-DEL-1, R-SIR-1, R-SIR-3, R-POST-1: the aptitude exams and the post-exposure visit are the doctor's;
 * every other visit may be delegated to a nurse under protocol. Some workers need the doctor for a visit
 * a nurse could otherwise do (R-VIP-2 EMF, R-VIP-3): the follow-up plan says so on the visit itself.
 */
export function performerFor(type: VisitType): Performer {
  return type === 'SIR_EXAM' || type === 'SIR_RENEWAL' || type === 'POST_EXPOSURE' ? 'DOCTOR' : 'DOCTOR_OR_NURSE';
}

export function roleMayPerform(role: ProfessionalRole, performer: Performer): boolean {
  return role === 'DOCTOR' || (performer === 'DOCTOR_OR_NURSE' && role === 'NURSE');
}
