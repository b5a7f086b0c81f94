// French labels the console needs beyond workflows/rules/labels.ts (shared with the documents).
import type { RiskCode } from '../../../workflows/rules/protocol-config.js';

export const followUpCategoryLabels = {
  SIS: 'Suivi individuel simple (SIS)',
  SIA: 'Suivi individuel adapté (SIA)',
  SIR: 'Suivi individuel renforcé (SIR)',
} as const;

export const modalityLabels = { IN_PERSON: 'Sur place', REMOTE: 'Téléconsultation' } as const;

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
