// Visits as the API and the console see them, and the updates that steer workflows.
import { ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { civilFromDbDate, type CivilDate } from '../../workflows/rules/calendar.js';
import type { VisitType } from '../../workflows/rules/visit-types.js';
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
  earliestDate: CivilDate;
  dueDate: CivilDate;
  deadline: CivilDate;
  rule: string;
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
    earliestDate: civilFromDbDate(visit.earliestDate),
    dueDate: civilFromDbDate(visit.dueDate),
    deadline: civilFromDbDate(visit.deadline),
    rule: visit.rule,
    overdue: visit.overdue,
    billable: visit.billable,
    appointmentAt: visit.appointmentAt?.toISOString() ?? null,
    workflowId: visit.workflowId,
  };
}

export interface VisitFilters {
  employeeId?: string;
  status?: Visit['status'];
  type?: VisitType;
}

export function visitWhere(filters: VisitFilters): Prisma.VisitWhereInput {
  return { employeeId: filters.employeeId, status: filters.status, type: filters.type };
}

/**
 * The server takes no update while the workflow's last task failed or timed out: its worker died during it (a
 * crash, a deployment), and the task waits for its timeout to run again on another worker. Nothing was accepted.
 */
function workflowTaskRetrying(error: unknown): boolean {
  return error instanceof ServiceError && /Workflow Task in failed state/i.test(error.message + String((error.cause as Error | undefined)?.message ?? ''));
}
/** Longer than a workflow task's timeout (10 s) and its rescheduling. */
const TASK_RETRY_WINDOW_MS = 30_000;

/** Sends a human decision or an event to a workflow; a refusal comes back as a French message. */
export async function sendWorkflowUpdate<Result, Args>(
  temporal: TemporalDeps,
  workflowId: string,
  update: UpdateDefinition<Result, [Args]>,
  args: Args,
): Promise<Result> {
  const once = () => temporal.client.workflow.getHandle(workflowId).executeUpdate(update, { args: [args] });
  const send = async () => {
    const giveUpAt = Date.now() + TASK_RETRY_WINDOW_MS;
    for (let wait = 250; ; wait = Math.min(wait * 2, 4_000)) {
      try {
        return await once();
      } catch (error) {
        if (!workflowTaskRetrying(error)) throw error;
        if (Date.now() + wait > giveUpAt) throw new DomainError('UNAVAILABLE', 'Ce dossier reprend après l’arrêt d’un serveur : réessayez dans un instant.');
        await sleep(wait);
      }
    }
  };
  try {
    try {
      return await send();
    } catch (error) {
      // A visit row is written an instant before its workflow starts: an update in that window is sent once more
      // when the workflow has started since.
      if (error instanceof WorkflowNotFoundError && (await workflowStatus(temporal, workflowId)) === 'RUNNING') return await send();
      throw error;
    }
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      throw new DomainError('REFUSED', error.cause.message);
    }
    if (error instanceof WorkflowNotFoundError) {
      throw (await workflowStatus(temporal, workflowId)) === undefined
        ? new DomainError('UNAVAILABLE', 'Ce dossier est en cours d’ouverture : réessayez dans un instant.')
        : new DomainError('REFUSED', 'Ce dossier est clos : il ne peut plus être modifié.');
    }
    throw error;
  }
}

/** The workflow's status name, or undefined when it does not exist (yet). */
async function workflowStatus(temporal: TemporalDeps, workflowId: string): Promise<string | undefined> {
  try {
    return (await temporal.client.workflow.getHandle(workflowId).describe()).status.name;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}

export async function findVisitOrThrow(db: Db, id: string): Promise<Visit> {
  const visit = await db.visit.findUnique({ where: { id } });
  if (!visit) throw new DomainError('NOT_FOUND', 'Visite introuvable.');
  return visit;
}

export async function visitsByIds(db: Db, ids: readonly string[]): Promise<ApiVisit[]> {
  const visits = await db.visit.findMany({ where: { id: { in: [...ids] } }, orderBy: { deadline: 'asc' } });
  return visits.map(toApiVisit);
}
