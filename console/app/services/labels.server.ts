// French labels the console needs beyond workflows/rules/labels.ts (shared with the documents).
import type { RiskCode } from '../../../workflows/rules/protocol-config.js';

export const followUpCategoryLabels = {
  SIS: 'Suivi individuel simple (SIS)',
  SIA: 'Suivi individuel adapté (SIA)',
  SIR: 'Suivi individuel renforcé (SIR)',
} as const;

export const modalityLabels = { IN_PERSON: 'Présentiel', REMOTE: 'Téléconsultation' } as const;

/** R-TELE-3: who proposed the remote modality. */
export const remoteProposerLabels = { PROFESSIONAL: 'le professionnel de santé', EMPLOYEE: 'le salarié', EMPLOYER: 'l’employeur' } as const;

export const teleconsultationStatusLabels = {
  AWAITING_CONSENT: 'En attente du consentement',
  CONSENTED: 'Consentement recueilli',
  WAITING_ROOM: 'Salarié en salle d’attente',
  IN_PROGRESS: 'En cours',
  ENDED: 'Terminée',
  REFUSED: 'Refusée par le salarié',
  INTERRUPTED: 'Interrompue',
  FAILED: 'Échec technique',
  SUPERSEDED: 'Remplacée (rendez-vous modifié)',
} as const;

export const consentChannelLabels = { LINK: 'sur le lien personnel', ORAL: 'oralement, par téléphone' } as const;

/** R-TELE-9 */
export const thirdPartyRoleLabels = {
  TREATING_DOCTOR: 'Médecin traitant',
  OTHER_PROFESSIONAL: 'Autre professionnel de santé',
  RELATIVE: 'Proche',
  INTERPRETER: 'Interprète',
} as const;

export const incidentKindLabels = {
  INTERRUPTION: 'Interruption',
  TECHNICAL_FAILURE: 'Incident technique',
  ADVERSE_EVENT: 'Événement indésirable',
} as const;

export const interruptedByLabels = { EMPLOYEE: 'par le salarié', PROFESSIONAL: 'par le professionnel' } as const;

export const performerLabels = { DOCTOR: 'Médecin du travail', DOCTOR_OR_NURSE: 'Médecin ou infirmier(ère)' } as const;

export const documentKindLabels = { ATTESTATION: 'Attestation de suivi', AVIS: 'Avis médical', REPORT: 'Compte rendu de téléconsultation' } as const;

export const sexLabels = { F: 'Femme', M: 'Homme' } as const;

export const riskLabels: Record<RiskCode, string> = {
  ASBESTOS: 'Amiante',
  LEAD: 'Plomb',
  CMR: 'Agents cancérogènes, mutagènes ou reprotoxiques',
  BIOLOGICAL_GROUP_3_4: 'Agents biologiques des groupes 3 et 4',
  IONISING_RADIATION: 'Rayonnements ionisants',
  IONISING_RADIATION_CATEGORY_A: 'Rayonnements ionisants (catégorie A)',
  HYPERBARIC: 'Milieu hyperbare',
  SCAFFOLDING_FALL: 'Chute de hauteur (échafaudages)',
  DRIVING_AUTHORISATION: 'Autorisation de conduite',
  ELECTRICAL_CLEARANCE: 'Habilitation électrique',
  MINOR_PROHIBITED_WORK: 'Travaux interdits aux mineurs',
  MANUAL_HANDLING_OVER_55KG: 'Manutention de plus de 55 kg',
  EMPLOYER_LISTED: 'Poste listé par l’employeur',
  BIOLOGICAL_GROUP_2: 'Agents biologiques du groupe 2',
  EMF_ABOVE_LIMITS: 'Champs électromagnétiques au-delà des valeurs limites',
};
