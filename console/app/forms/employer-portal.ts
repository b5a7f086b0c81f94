// What the employer portal's page and its server share: the follow-up states it counts, and the request for a
// visit (R-DEMANDE-1), checked in the browser and again by the action.
import { z } from 'zod';

/** An open visit whose deadline falls within this many days is « bientôt dû ». */
export const DUE_SOON_DAYS = 30;

export const followUpStates = ['en-retard', 'bientot', 'a-jour'] as const;
export type FollowUpState = (typeof followUpStates)[number];
export const followUpStateLabels: Record<FollowUpState, string> = {
  'en-retard': 'En retard',
  bientot: `Échéance dans les ${DUE_SOON_DAYS} jours`,
  'a-jour': 'À jour',
};

export const visitRequestSchema = z.object({
  employeeId: z.string({ required_error: 'Choisissez le salarié' }).uuid('Choisissez le salarié'),
  reason: z.string({ required_error: 'Indiquez le motif de la demande' }).trim().min(3, 'Indiquez le motif de la demande').max(1000, '1 000 caractères au plus'),
});
