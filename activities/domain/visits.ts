// Visits as the API and the console see them, and the human decisions that steer their workflow.
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { civilFromDbDate, dbDateFromCivil, endOfParisDay, type CivilDate } from '../../workflows/rules/calendar.js';
import type { FollowUpCategory } from '../../workflows/rules/follow-up-category.js';
import { performerFor, type VisitType } from '../../workflows/rules/visit-types.js';
import { employerIdKey, visitDeadlineKey, visitStatusKey, visitTypeKey } from '../../workflows/search-attributes.js';
import type { VisitSnapshot, VisitWorkflowInput } from '../../workflows/visit/messages.js';
import type { Prisma, Visit } from '../../prisma/generated/client.js';
import type { Db } from '../db.js';
import { DomainError } from './errors.js';

export interface TemporalDeps {
  client: Client;
  taskQueue: string;
}

export interface ApiVisit {
  id: string;
  employeeId: string;
  type: VisitType;
  status: Visit['status'];
  modality: Visit['modality'];
  performer: Visit['performer'];
  dueDate: CivilDate;
  deadline: CivilDate;
  overdue: boolean;
  billable: boolean;
  appointmentAt: string | null;
  workflowId: string;
}

export function toApiVisit(visit: Visit): ApiVisit {
  return {
    id: visit.id,
    employeeId: visit.employeeId,
    type: visit.type,
    status: visit.status,
    modality: visit.modality,
    performer: visit.performer,
    dueDate: civilFromDbDate(visit.dueDate),
    deadline: civilFromDbDate(visit.deadline),
    overdue: visit.overdue,
    billable: visit.billable,
    appointmentAt: visit.appointmentAt?.toISOString() ?? null,
    workflowId: visit.workflowId,
  };
}

export interface PlannedVisit {
  employeeId: string;
  employerId: string;
  type: VisitType;
  followUpCategory: FollowUpCategory;
  dueDate: CivilDate;
  deadline: CivilDate;
  protocolVersion: number;
  workStoppageId?: string;
}

/** The visit row, written inside the caller's transaction; its workflow id is fixed before the workflow exists. */
export async function insertVisit(tx: Prisma.TransactionClient, plan: PlannedVisit): Promise<Visit> {
  const id = randomUUID();
  return tx.visit.create({
    data: {
      id,
      employeeId: plan.employeeId,
      type: plan.type,
      performer: performerFor(plan.type),
      dueDate: dbDateFromCivil(plan.dueDate),
      deadline: dbDateFromCivil(plan.deadline),
      workflowId: `visit-${id}`,
      protocolVersion: plan.protocolVersion,
      workStoppageId: plan.workStoppageId,
    },
  });
}

export async function startVisitWorkflow(temporal: TemporalDeps, visit: Visit, plan: PlannedVisit): Promise<void> {
  const deadlineEndsAt = endOfParisDay(plan.deadline);
  const input: VisitWorkflowInput = {
    visitId: visit.id,
    type: plan.type,
    followUpCategory: plan.followUpCategory,
    performer: visit.performer,
    dueDate: plan.dueDate,
    deadline: plan.deadline,
    deadlineEndsAt: deadlineEndsAt.toISOString(),
    protocolVersion: plan.protocolVersion,
  };
  await temporal.client.workflow.start('visitWorkflow', {
    workflowId: visit.workflowId,
    taskQueue: temporal.taskQueue,
    args: [input],
    typedSearchAttributes: [
      { key: visitTypeKey, value: plan.type },
      { key: visitStatusKey, value: visit.status },
      { key: employerIdKey, value: plan.employerId },
      { key: visitDeadlineKey, value: deadlineEndsAt },
    ],
  });
}

export interface VisitFilters {
  employeeId?: string;
  status?: Visit['status'];
  type?: VisitType;
}

export function visitWhere(filters: VisitFilters): Prisma.VisitWhereInput {
  return { employeeId: filters.employeeId, status: filters.status, type: filters.type };
}

/** Sends a human decision to the visit's workflow; a refusal comes back as a French message. */
export async function sendVisitDecision<Args>(
  temporal: TemporalDeps,
  workflowId: string,
  update: UpdateDefinition<VisitSnapshot, [Args]>,
  args: Args,
): Promise<VisitSnapshot> {
  try {
    return await temporal.client.workflow.getHandle(workflowId).executeUpdate(update, { args: [args] });
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      throw new DomainError('REFUSED', error.cause.message);
    }
    // A finished workflow takes no more updates: the visit is closed or cancelled.
    if (error instanceof WorkflowNotFoundError) throw new DomainError('REFUSED', 'La visite est close : elle ne peut plus être modifiée.');
    throw error;
  }
}

export async function findVisitOrThrow(db: Db, id: string): Promise<Visit> {
  const visit = await db.visit.findUnique({ where: { id } });
  if (!visit) throw new DomainError('NOT_FOUND', 'Visite introuvable.');
  return visit;
}
