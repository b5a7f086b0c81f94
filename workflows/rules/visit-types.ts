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
export type ProfessionalRole = 'DOCTOR' | 'NURSE' | 'ASSISTANT' | 'ADMIN';

export const visitOutcomes = [
  'ATTESTATION',
  'ATTESTATION_WITH_MEASURES',
  'APTITUDE',
  'APTITUDE_WITH_MEASURES',
  'INAPTITUDE',
] as const;
export type VisitOutcome = (typeof visitOutcomes)[number];

/** R-DEL-2, R-SIR-4: aptitude, inaptitude and proposed measures are the doctor's alone. */
export function outcomeRequiresDoctor(outcome: VisitOutcome): boolean {
  return outcome !== 'ATTESTATION';
}

/** An avis (aptitude or inaptitude) rather than an attestation de suivi. */
export function outcomeIsAvis(outcome: VisitOutcome): boolean {
  return outcome === 'APTITUDE' || outcome === 'APTITUDE_WITH_MEASURES' || outcome === 'INAPTITUDE';
}

/** R-REPRISE-3: a SIR worker's return ends with an avis; other workers get an attestation, or an inaptitude. */
export function allowedOutcomes(type: VisitType, category: FollowUpCategory): readonly VisitOutcome[] {
  if (type === 'REPRISE' && category === 'SIR') return ['APTITUDE', 'APTITUDE_WITH_MEASURES', 'INAPTITUDE'];
  return ['ATTESTATION', 'ATTESTATION_WITH_MEASURES', 'INAPTITUDE'];
}

/** R-DEL-1: the return visit may be delegated to a nurse under protocol. */
export function performerFor(type: VisitType): Performer {
  return type === 'REPRISE' ? 'DOCTOR_OR_NURSE' : 'DOCTOR';
}

export function roleMayPerform(role: ProfessionalRole, performer: Performer): boolean {
  return role === 'DOCTOR' || (performer === 'DOCTOR_OR_NURSE' && role === 'NURSE');
}
