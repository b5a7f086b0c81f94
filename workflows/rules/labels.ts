// French labels shared by the console and the documents.
import type { VisitOutcome, VisitType } from './visit-types.js';

export const visitTypeLabels: Record<VisitType, string> = {
  VIP_INITIAL: "Visite d'information et de prévention initiale",
  VIP_RENEWAL: "Renouvellement de la visite d'information et de prévention",
  SIR_EXAM: "Examen médical d'aptitude à l'embauche",
  SIR_INTERMEDIATE: 'Visite intermédiaire (SIR)',
  SIR_RENEWAL: "Renouvellement de l'examen d'aptitude",
  MID_CAREER: 'Visite de mi-carrière',
  PRE_REPRISE: 'Visite de pré-reprise',
  REPRISE: 'Visite de reprise',
  POST_EXPOSURE: 'Visite de fin d’exposition ou de fin de carrière',
  LIAISON: 'Rendez-vous de liaison',
  ON_REQUEST: 'Visite à la demande',
};

export const visitOutcomeLabels: Record<VisitOutcome, string> = {
  ATTESTATION: 'Attestation de suivi',
  ATTESTATION_WITH_MEASURES: 'Attestation de suivi avec propositions de mesures',
  APTITUDE: "Avis d'aptitude",
  APTITUDE_WITH_MEASURES: "Avis d'aptitude avec propositions de mesures",
  INAPTITUDE: "Avis d'inaptitude",
  LIAISON_HELD: 'Rendez-vous de liaison tenu',
};

export const visitStatusLabels = {
  TO_SCHEDULE: 'À planifier',
  SCHEDULED: 'Planifiée',
  COMPLETED: 'Clôturée',
  CANCELLED: 'Annulée',
} as const;

export const taskKindLabels = {
  SCHEDULING: 'Planifier le rendez-vous',
  CONSULTATION: 'Réaliser la consultation',
  ESCALATION: 'Échéance dépassée : replanifier en priorité',
  REORIENTATION: 'Réorientation : recevoir le salarié sans délai',
  PRE_CALL: 'Appeler le salarié avant la téléconsultation',
} as const;

export const reorientationReasonLabels = {
  APTITUDE_DECISION: 'décision d’aptitude ou d’inaptitude',
  ADJUSTMENT: 'aménagement du poste ou du temps de travail',
  INAPTITUDE_RISK: 'risque d’inaptitude',
  EMPLOYEE_REQUEST: 'demande du salarié',
  PROFESSIONAL_JUDGEMENT: 'appréciation du professionnel de santé',
  MATERNITY_REQUEST: 'demande d’une salariée enceinte, venant d’accoucher ou allaitante',
} as const;

export const roleLabels = {
  DOCTOR: 'Médecin du travail',
  NURSE: 'Infirmier(ère) en santé au travail',
  ASSISTANT: 'Assistant(e) médical(e)',
  ADMIN: 'Administrateur',
  EMPLOYER: 'Employeur (portail entreprise)',
} as const;

export const stoppageCauseLabels = {
  ILLNESS: 'Maladie ou accident non professionnel',
  WORK_ACCIDENT: 'Accident du travail',
  OCCUPATIONAL_DISEASE: 'Maladie professionnelle',
  MATERNITY: 'Congé de maternité',
} as const;
