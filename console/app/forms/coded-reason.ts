// Issue 5: a coordinator's decision (cancel, reschedule, excuse an absence) gives a coded reason from the
// protocol configuration's list, plus free text, required for « Autre motif ». The workflow records the
// reason as text (its schemas are unchanged, so running visits replay); the audit trail also keeps the code.
import { z } from 'zod';
import { OTHER_REASON, type ReasonOption } from '../../../workflows/rules/protocol-config.js';

export const codedReasonFields = {
  reasonCode: z.string({ required_error: 'Choisissez un motif dans la liste' }).min(1, 'Choisissez un motif dans la liste'),
  reasonDetails: z
    .string()
    .trim()
    .max(400, 'Précisions : 400 caractères au plus')
    .optional()
    .transform((value) => value || undefined),
};

export interface CodedReason {
  reasonCode: string;
  reasonDetails?: string;
}

/** « Autre motif » says nothing by itself. */
export function detailsForOtherReason(form: Partial<CodedReason>, context: z.RefinementCtx): void {
  if (form.reasonCode === OTHER_REASON && !form.reasonDetails) {
    context.addIssue({ code: 'custom', path: ['reasonDetails'], message: 'Précisez le motif' });
  }
}

export const codedReasonSchema = z.object(codedReasonFields).superRefine(detailsForOtherReason);

/** The text the workflow and the visit's history record: the label, then the details. */
export function reasonText(option: ReasonOption, details: string | undefined): string {
  return details ? `${option.label} — ${details}` : option.label;
}
