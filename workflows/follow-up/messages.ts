// Messages of the per-employee follow-up workflow, defined once and imported by the API.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import { isCivilDate, type CivilDate } from '../rules/calendar.js';
import type { FollowUpCategory } from '../rules/follow-up-category.js';
import { visitRequesters, type ClosedVisit, type DueVisit, type FollowUpEvent, type FollowUpLedger } from '../rules/follow-up-types.js';
import { riskCodes, stoppageCauses, type ProtocolConfig } from '../rules/protocol-config.js';

const civilDate = (label: string) =>
  z
    .string({ required_error: `${label} est obligatoire`, invalid_type_error: `${label} doit être une date AAAA-MM-JJ` })
    .refine(isCivilDate, `${label} doit être une date valide au format AAAA-MM-JJ`);
const id = (label: string) => z.string({ required_error: `${label} est obligatoire` }).uuid(`${label} invalide`);
const flag = z.boolean({ invalid_type_error: 'Valeur attendue : true ou false' });

/** Every event of R-* that changes an employee's follow-up, as the API and the console send it. */
export const followUpEventSchema = z.discriminatedUnion(
  'type',
  [
    z.object({
      type: z.literal('POST_CHANGED'),
      date: civilDate('La date de prise du poste'),
      post: z.object({
        title: z.string().trim().min(1, 'L’intitulé du poste est obligatoire').max(200),
        risks: z.array(z.enum(riskCodes, { errorMap: () => ({ message: `Risque inconnu ; valeurs admises : ${riskCodes.join(', ')}` }) })),
        nightWork: flag,
      }),
    }),
    z.object({
      type: z.literal('SITUATION_CHANGED'),
      date: civilDate('La date'),
      apprentice: flag.optional(),
      disabled: flag.optional(),
      invalidityPension: flag.optional(),
      pregnant: flag.optional(),
    }),
    z.object({
      type: z.literal('STOPPAGE_DECLARED'),
      date: civilDate('La date de déclaration'),
      stoppageId: id('L’identifiant d’arrêt'),
      cause: z.enum(stoppageCauses, { errorMap: () => ({ message: `Motif inconnu ; valeurs admises : ${stoppageCauses.join(', ')}` }) }),
      startDate: civilDate('La date de début d’arrêt'),
      returnDate: civilDate('La date de reprise').optional(),
    }),
    z.object({ type: z.literal('STOPPAGE_EXTENDED'), date: civilDate('La date'), stoppageId: id('L’identifiant d’arrêt'), returnDate: civilDate('La nouvelle date de reprise') }),
    z.object({
      type: z.literal('RETURN'),
      date: civilDate('La date'),
      stoppageId: id('L’identifiant d’arrêt'),
      returnDate: civilDate('La date de reprise'),
      therapeuticPartTime: flag,
    }),
    z.object({ type: z.literal('FULL_TIME_RETURN'), date: civilDate('La date de reprise à temps plein'), stoppageId: id('L’identifiant d’arrêt') }),
    z.object({
      type: z.literal('PRE_REPRISE_REQUESTED'),
      date: civilDate('La date de la demande'),
      stoppageId: id('L’identifiant d’arrêt'),
      // R-OPS-2: the employer requests every visit except the pre-return one.
      requestedBy: z.enum(['EMPLOYEE', 'TREATING_DOCTOR', 'MEDICAL_ADVISER', 'OCCUPATIONAL_DOCTOR'], {
        errorMap: () => ({ message: 'La pré-reprise est demandée par le salarié, le médecin traitant, le médecin-conseil ou le médecin du travail, jamais par l’employeur' }),
      }),
    }),
    z.object({
      type: z.literal('LIAISON_REQUESTED'),
      date: civilDate('La date de la demande'),
      stoppageId: id('L’identifiant d’arrêt'),
      acceptedOn: civilDate('La date d’acceptation du salarié'),
    }),
    z.object({
      type: z.literal('VISIT_REQUESTED'),
      date: civilDate('La date de la demande'),
      requestedBy: z.enum(visitRequesters, { errorMap: () => ({ message: 'Demandeur : EMPLOYEE, EMPLOYER ou DOCTOR' }) }),
      reason: z.string().trim().min(3, 'Indiquez le motif de la demande').max(1000),
    }),
    z.object({ type: z.literal('EXPOSURE_ENDED'), date: civilDate('La date de fin d’exposition') }),
    z.object({ type: z.literal('RETIREMENT_ANNOUNCED'), date: civilDate('La date'), retirementDate: civilDate('La date de départ en retraite') }),
    z.object({ type: z.literal('DEPARTURE'), date: civilDate('La date de départ') }),
  ],
  { errorMap: () => ({ message: 'Type d’événement inconnu' }) },
) satisfies z.ZodType<FollowUpEvent, z.ZodTypeDef, unknown>;

export interface FollowUpWorkflowInput {
  ledger: FollowUpLedger;
  employerId: string;
  protocolVersion: number;
  config: ProtocolConfig;
  /** Carried over by continue-as-new: the running visit workflows by plan key. */
  openVisitWorkflows?: Record<string, string>;
}

export interface FollowUpPlan {
  category: FollowUpCategory;
  past: ClosedVisit[];
  current: string[];
  next: DueVisit[];
  departedOn?: CivilDate;
}

export interface RecordedEvent {
  /** Visits the event opened (their ids in PostgreSQL). */
  openedVisitIds: string[];
}

export const recordFollowUpEventUpdate = defineUpdate<RecordedEvent, [FollowUpEvent]>('recordFollowUpEvent');
export const visitClosedSignal = defineSignal<[ClosedVisit]>('visitClosed');
export const followUpPlanQuery = defineQuery<FollowUpPlan>('followUpPlan');
