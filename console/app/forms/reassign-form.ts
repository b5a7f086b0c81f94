// Issue 5: scheduled visits given to another professional, from a visit's page or in bulk from the list.
import { z } from 'zod';
import { codedReasonFields, detailsForOtherReason } from './coded-reason.js';

export const reassignFieldsSchema = z
  .object({
    professionalId: z.string({ required_error: 'Choisissez un professionnel' }).uuid('Choisissez un professionnel'),
    ...codedReasonFields,
  })
  .superRefine(detailsForOtherReason);
