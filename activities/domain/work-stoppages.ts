import { z } from 'zod';
import { dbDateFromCivil } from '../../workflows/rules/calendar.js';
import { stoppageCauses } from '../../workflows/rules/protocol-config.js';
import { repriseVisitRequired, repriseVisitWindow } from '../../workflows/rules/reprise.js';
import type { Db } from '../db.js';
import { DomainError } from './errors.js';
import { civilDateField, parseInput } from './input.js';
import { publishedProtocol } from './protocol.js';
import { insertVisit, startVisitWorkflow, toApiVisit, type ApiVisit, type PlannedVisit, type TemporalDeps } from './visits.js';

export const workStoppageInputSchema = z
  .object({
    employeeId: z.string({ required_error: 'Le salarié est obligatoire' }).uuid('Identifiant de salarié invalide'),
    cause: z.enum(stoppageCauses, { errorMap: () => ({ message: `Motif inconnu ; valeurs admises : ${stoppageCauses.join(', ')}` }) }),
    startDate: civilDateField('La date de début d’arrêt'),
    returnDate: civilDateField('La date de reprise'),
  })
  .refine((stoppage) => stoppage.returnDate > stoppage.startDate, {
    path: ['returnDate'],
    message: 'La date de reprise doit être postérieure au premier jour d’arrêt',
  });

/**
 * Records a work stoppage and, when R-REPRISE-1 requires it, the return visit with its workflow.
 * Nothing stays half-written: if the workflow cannot start, the rows are removed and the caller gets 503.
 */
export async function declareWorkStoppage(db: Db, temporal: TemporalDeps, input: unknown): Promise<{ id: string; visits: ApiVisit[] }> {
  const data = parseInput(workStoppageInputSchema, input);
  const employee = await db.employee.findUnique({ where: { id: data.employeeId }, include: { post: true } });
  if (!employee) throw new DomainError('VALIDATION', 'Salarié inconnu.', { employeeId: 'Aucun salarié avec cet identifiant' });
  const { version, config } = await publishedProtocol(db);

  const { stoppage, visit, plan } = await db.$transaction(async (tx) => {
    const stoppage = await tx.workStoppage.create({
      data: {
        employeeId: employee.id,
        cause: data.cause,
        startDate: dbDateFromCivil(data.startDate),
        returnDate: dbDateFromCivil(data.returnDate),
      },
    });
    if (!repriseVisitRequired(data, config.reprise)) return { stoppage };
    const plan: PlannedVisit = {
      employeeId: employee.id,
      employerId: employee.employerId,
      type: 'REPRISE',
      followUpCategory: employee.post.followUpCategory,
      ...repriseVisitWindow(data, config.reprise),
      protocolVersion: version,
      workStoppageId: stoppage.id,
    };
    return { stoppage, plan, visit: await insertVisit(tx, plan) };
  });

  if (!visit || !plan) return { id: stoppage.id, visits: [] };
  try {
    await startVisitWorkflow(temporal, visit, plan);
  } catch (error) {
    await db.$transaction([db.visit.delete({ where: { id: visit.id } }), db.workStoppage.delete({ where: { id: stoppage.id } })]);
    throw new DomainError('UNAVAILABLE', 'Le moteur de processus est indisponible ; l’arrêt n’a pas été enregistré, réessayez.', undefined, { cause: error });
  }
  return { id: stoppage.id, visits: [toApiVisit(visit)] };
}
