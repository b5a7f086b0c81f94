// The scheduling form as the browser fills it: a Paris wall-clock time from a datetime-local input.
// The server turns it into an instant and validates it again with the workflow's scheduleFormSchema.
// A reschedule also takes a coded reason.
import { z } from 'zod';
import { remoteProposers } from '../../../workflows/teleconsultation/forms.js';
import { remoteProposerRequired, scheduleFormFields } from '../../../workflows/visit/forms.js';
import { codedReasonFields, detailsForOtherReason } from './coded-reason.js';

const appointmentFields = scheduleFormFields.omit({ reason: true }).extend({
  appointmentAt: z
    .string({ required_error: 'Indiquez la date et l’heure du rendez-vous' })
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'Indiquez la date et l’heure du rendez-vous'),
  // R-TELE-3: radios nobody ticked read as null in the browser; the refinement below then says what is missing.
  remoteProposedBy: z.preprocess((value) => value ?? undefined, z.enum(remoteProposers).optional()),
});

/** The first appointment. */
export const scheduleFieldsSchema = appointmentFields.superRefine(remoteProposerRequired);

/** Moving an appointment takes a coded reason (issue 5), which the server turns into the workflow's `reason`. */
export const rescheduleFieldsSchema = appointmentFields.extend(codedReasonFields).superRefine((form, context) => {
  remoteProposerRequired(form, context);
  detailsForOtherReason(form, context);
});
