import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { parisCivilDate } from '../../workflows/rules/calendar.js';
import { stoppageCauses } from '../../workflows/rules/protocol-config.js';
import type { Db } from '../db.js';
import { DomainError } from './errors.js';
import { recordFollowUpEvent } from './follow-ups.js';
import { civilDateField, parseInput } from './input.js';
import type { ApiVisit, TemporalDeps } from './visits.js';

export const workStoppageInputSchema = z
  .object({
    employeeId: z.string({ required_error: 'Le salarié est obligatoire' }).uuid('Identifiant de salarié invalide'),
    cause: z.enum(stoppageCauses, { errorMap: () => ({ message: `Motif inconnu ; valeurs admises : ${stoppageCauses.join(', ')}` }) }),
    startDate: civilDateField('La date de début d’arrêt'),
    returnDate: civilDateField('La date de reprise').optional(),
  })
  .refine((stoppage) => !stoppage.returnDate || stoppage.returnDate > stoppage.startDate, {
    path: ['returnDate'],
    message: 'La date de reprise doit être postérieure au premier jour d’arrêt',
  });

/**
 * `POST /api/v1/work-stoppages`: the stoppage reaches the employee's follow-up, which records it and,
 * when R-REPRISE-1 requires it, opens the return visit; nothing is written if the workflow refuses it.
 */
export async function declareWorkStoppage(db: Db, temporal: TemporalDeps, input: unknown, now = new Date()): Promise<{ id: string; visits: ApiVisit[] }> {
  const data = parseInput(workStoppageInputSchema, input);
  const employee = await db.employee.findUnique({ where: { id: data.employeeId }, select: { id: true } });
  if (!employee) throw new DomainError('VALIDATION', 'Salarié inconnu.', { employeeId: 'Aucun salarié avec cet identifiant' });
  const stoppageId = randomUUID();
  const { visits } = await recordFollowUpEvent(db, temporal, employee.id, {
    type: 'STOPPAGE_DECLARED',
    date: parisCivilDate(now),
    stoppageId,
    cause: data.cause,
    startDate: data.startDate,
    returnDate: data.returnDate,
  });
  return { id: stoppageId, visits };
}
