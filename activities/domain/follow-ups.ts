// The employee's follow-up: every event reaches the follow-up workflow, which writes the domain rows
// and opens the visits; the API answers once they are in PostgreSQL.
import { followUpEventSchema, followUpPlanQuery, recordFollowUpEventUpdate, type FollowUpPlan } from '../../workflows/follow-up/messages.js';
import type { FollowUpEvent } from '../../workflows/rules/follow-up-types.js';
import type { Db } from '../db.js';
import { assertEmployeeNotFrozen } from './data-rights.js';
import { DomainError } from './errors.js';
import { parseInput } from './input.js';
import { sendWorkflowUpdate, visitsByIds, type ApiVisit, type TemporalDeps } from './visits.js';

async function followUpWorkflowIdOf(db: Db, employeeId: string): Promise<string> {
  const employee = await db.employee.findUnique({ where: { id: employeeId }, select: { followUpWorkflowId: true } });
  if (!employee) throw new DomainError('NOT_FOUND', 'Salarié introuvable.');
  return employee.followUpWorkflowId;
}

export async function recordFollowUpEvent(db: Db, temporal: TemporalDeps, employeeId: string, event: FollowUpEvent): Promise<{ visits: ApiVisit[] }> {
  const workflowId = await followUpWorkflowIdOf(db, employeeId);
  // R-DATA-3: a frozen record takes no event (API events, stoppages, the console alike).
  await assertEmployeeNotFrozen(db, employeeId);
  const { openedVisitIds } = await sendWorkflowUpdate(temporal, workflowId, recordFollowUpEventUpdate, event);
  return { visits: await visitsByIds(db, openedVisitIds) };
}

/** `POST /api/v1/employees/:id/events`: any event of the follow-up, validated by the workflow's own schema. */
export async function recordEmployeeEvent(db: Db, temporal: TemporalDeps, employeeId: string, input: unknown): Promise<{ visits: ApiVisit[] }> {
  return recordFollowUpEvent(db, temporal, employeeId, parseInput(followUpEventSchema, input));
}

export async function followUpPlan(db: Db, temporal: TemporalDeps, employeeId: string): Promise<FollowUpPlan> {
  const workflowId = await followUpWorkflowIdOf(db, employeeId);
  return temporal.client.workflow.getHandle(workflowId).query(followUpPlanQuery);
}
