// The visit forms' zod schemas, shared by the console (react-hook-form and the action) and by the
// workflow's update validators, so a form shows exactly the refusal the workflow would give.
// No Temporal import here: the browser loads this file.
import { z } from 'zod';
import { isCivilDate } from '../rules/calendar.js';
import { visitOutcomes } from '../rules/visit-types.js';
import { remoteProposers } from '../teleconsultation/forms.js';

const optionalText = (max: number, label: string) =>
  z.string().trim().max(max, `${label} : ${max} caractères au plus`).optional().transform((value) => value || undefined);

/** The scheduling fields; the console swaps the appointment field for the browser's wall-clock input. */
export const scheduleFormFields = z.object({
  appointmentAt: z
    .string({ required_error: 'Indiquez la date et l’heure du rendez-vous' })
    .datetime({ offset: true, message: 'Date et heure du rendez-vous invalides' }),
  professionalId: z.string({ required_error: 'Choisissez un professionnel' }).uuid('Choisissez un professionnel'),
  // Required by the workflow when an appointment is moved (a reschedule), not for the first one.
  reason: optionalText(500, 'Motif du report'),
  // R-TELE-3: the professional judges, per appointment, whether it can be remote; who proposed it is recorded.
  modality: z.enum(['IN_PERSON', 'REMOTE']).default('IN_PERSON'),
  remoteProposedBy: z.enum(remoteProposers).optional(),
});

/** R-TELE-3: a remote appointment records who proposed it. */
export function remoteProposerRequired(form: { modality: 'IN_PERSON' | 'REMOTE'; remoteProposedBy?: string }, context: z.RefinementCtx): void {
  if (form.modality === 'REMOTE' && form.remoteProposedBy === undefined) {
    context.addIssue({ code: 'custom', path: ['remoteProposedBy'], message: 'Indiquez qui a proposé la téléconsultation' });
  }
}

export const scheduleFormSchema = scheduleFormFields.superRefine(remoteProposerRequired);
export type ScheduleForm = z.input<typeof scheduleFormSchema>;

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
    // R-DEL-3: a risk of inaptitude noted by a nurse sends the employee to the doctor instead of closing the visit.
    inaptitudeRisk: z.boolean().optional().default(false),
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

/**
 * R-DEL-2: aptitude and adjustments are the doctor's; R-DEL-3: after a VIP or on a risk of inaptitude the
 * professional may orient; R-DEL-4: a pregnant, post-partum or breastfeeding worker who asks is oriented.
 */
export const reorientationReasons = [
  'APTITUDE_DECISION',
  'ADJUSTMENT',
  'INAPTITUDE_RISK',
  'EMPLOYEE_REQUEST',
  'PROFESSIONAL_JUDGEMENT',
  'MATERNITY_REQUEST',
] as const;
export type ReorientationReason = (typeof reorientationReasons)[number];
/** R-DEL-4: asked for at any time, relayed by whoever hears it (nurse, assistant, the service's systems). */
export const anytimeReorientationReasons: readonly ReorientationReason[] = ['MATERNITY_REQUEST'];

export const reorientationFormSchema = z.object({
  reason: z.enum(reorientationReasons, { errorMap: () => ({ message: 'Choisissez le motif de la réorientation' }) }),
  details: z.string().trim().min(3, 'Précisez ce que le médecin doit savoir').max(2000, 'Précisions : 2000 caractères au plus'),
});
export type ReorientationForm = z.infer<typeof reorientationFormSchema>;

/** R-DEL-4: the re-orientation a coordinator or the API relays, whose reason is fixed. */
export const maternityRequestFormSchema = reorientationFormSchema.pick({ details: true });
