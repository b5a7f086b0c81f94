// Each message of the visit workflow is defined once here; the console imports the same
// definitions and the same zod schemas, so a form shows exactly the refusal the workflow gives.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import { isCivilDate, type CivilDate } from '../rules/calendar.js';
import type { FollowUpCategory } from '../rules/follow-up-category.js';
import { visitOutcomes, type Performer, type ProfessionalRole, type VisitOutcome, type VisitType } from '../rules/visit-types.js';

export interface Actor {
  id: string;
  role: ProfessionalRole;
  displayName: string;
}

export interface VisitWorkflowInput {
  visitId: string;
  employeeId: string;
  /** The employee's follow-up workflow, told when this visit closes. */
  followUpWorkflowId: string;
  /** The obligation this visit fulfils in the follow-up ledger. */
  planKey: string;
  type: VisitType;
  followUpCategory: FollowUpCategory;
  performer: Performer;
  dueDate: CivilDate;
  deadline: CivilDate;
  /** End of the deadline day in Europe/Paris, computed by the caller so the workflow needs no time zone data. */
  deadlineEndsAt: string;
  protocolVersion: number;
  /** R-VIP-5: the latest next-due date the professional may set, counted from the visit day. */
  renewalCapYears?: number;
  /** R-MID-1: this visit may also count as the mid-career visit. */
  midCareerCouplingAllowed: boolean;
  /** R-OPS-1: an absence excused less than this many hours ahead is billed. */
  excuseHoursAhead: number;
}

export type VisitStatus = 'TO_SCHEDULE' | 'SCHEDULED' | 'COMPLETED' | 'CANCELLED';

export interface VisitSnapshot {
  status: VisitStatus;
  overdue: boolean;
  billable: boolean;
  appointmentAt?: string;
  professionalId?: string;
  outcome?: VisitOutcome;
  documentId?: string;
}

export const scheduleFormSchema = z.object({
  appointmentAt: z
    .string({ required_error: 'Indiquez la date et l’heure du rendez-vous' })
    .datetime({ offset: true, message: 'Date et heure du rendez-vous invalides' }),
  professionalId: z.string({ required_error: 'Choisissez un professionnel' }).uuid('Choisissez un professionnel'),
});
export type ScheduleForm = z.infer<typeof scheduleFormSchema>;

const optionalText = (max: number, label: string) =>
  z.string().trim().max(max, `${label} : ${max} caractères au plus`).optional().transform((value) => value || undefined);

export const conclusionFormSchema = z
  .object({
    outcome: z.enum(visitOutcomes, { errorMap: () => ({ message: 'Choisissez la conclusion de la visite' }) }),
    nextVisitDueDate: z
      .string()
      .optional()
      .transform((value) => value || undefined)
      .refine((value) => value === undefined || isCivilDate(value), 'Date de prochaine visite invalide (AAAA-MM-JJ)'),
    measures: optionalText(2000, 'Mesures proposées'),
    notes: optionalText(5000, 'Notes cliniques'),
    coupledMidCareer: z.boolean().optional().default(false),
  })
  .superRefine((form, context) => {
    if (form.outcome.endsWith('_WITH_MEASURES') && !form.measures) {
      context.addIssue({ code: 'custom', path: ['measures'], message: 'Décrivez les mesures proposées' });
    }
  });
/** What the form sends; the workflow parses it again into a `Conclusion`. */
export type ConclusionForm = z.input<typeof conclusionFormSchema>;
export type Conclusion = z.output<typeof conclusionFormSchema>;

export const cancellationFormSchema = z.object({
  reason: z.string().trim().min(3, 'Indiquez le motif de l’annulation').max(500, 'Motif : 500 caractères au plus'),
});
export type CancellationForm = z.infer<typeof cancellationFormSchema>;

export const absenceExcuseFormSchema = z.object({
  reason: z.string().trim().min(3, 'Indiquez le motif de l’absence').max(500, 'Motif : 500 caractères au plus'),
});
export type AbsenceExcuseForm = z.infer<typeof absenceExcuseFormSchema>;

export interface ScheduleVisitArgs {
  actor: Actor;
  form: ScheduleForm;
  /** The assigned professional's role, read by the caller from the directory. */
  professionalRole: ProfessionalRole;
}
export interface ConcludeVisitArgs {
  actor: Actor;
  form: ConclusionForm;
}
export interface CancelVisitArgs {
  actor: Actor;
  form: CancellationForm;
}
export interface ExcuseAbsenceArgs {
  actor: Actor;
  form: AbsenceExcuseForm;
}
export interface RecordNoShowArgs {
  actor: Actor;
}

export const scheduleVisitUpdate = defineUpdate<VisitSnapshot, [ScheduleVisitArgs]>('scheduleVisit');
export const concludeVisitUpdate = defineUpdate<VisitSnapshot, [ConcludeVisitArgs]>('concludeVisit');
export const cancelVisitUpdate = defineUpdate<VisitSnapshot, [CancelVisitArgs]>('cancelVisit');
export const excuseAbsenceUpdate = defineUpdate<VisitSnapshot, [ExcuseAbsenceArgs]>('excuseAbsence');
export const recordNoShowUpdate = defineUpdate<VisitSnapshot, [RecordNoShowArgs]>('recordNoShow');
/** The employee left: the follow-up closes what is still open. */
export const employeeDepartedSignal = defineSignal<[{ date: CivilDate }]>('employeeDeparted');
export const visitSnapshotQuery = defineQuery<VisitSnapshot>('visitSnapshot');
