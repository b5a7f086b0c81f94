// Activities of the follow-up workflow: the employee's domain rows follow the events the workflow
// accepted, and each due visit gets its row before its workflow starts. Keyed by ids the workflow
// chose, so a retry rewrites the same rows.
import type { Client } from '@temporalio/client';
import { dbDateFromCivil, endOfParisDay } from '../workflows/rules/calendar.js';
import type { FollowUpCategory } from '../workflows/rules/follow-up-category.js';
import type { DueVisit, FollowUpEvent } from '../workflows/rules/follow-up-types.js';
import { employerIdKey, visitDeadlineKey, visitStatusKey, visitTypeKey } from '../workflows/search-attributes.js';
import type { VisitWorkflowInput } from '../workflows/visit/messages.js';
import type { Db } from './db.js';

export interface FollowUpActivityDependencies {
  db: Db;
  temporal: { client: Client; taskQueue: string };
}

export function createFollowUpActivities({ db, temporal }: FollowUpActivityDependencies) {
  return {
    async applyEmployeeEvent(input: { employeeId: string; event: FollowUpEvent; eventId: string; category: FollowUpCategory }): Promise<void> {
      const { event, employeeId } = input;
      switch (event.type) {
        case 'POST_CHANGED': {
          const employee = await db.employee.findUniqueOrThrow({ where: { id: employeeId }, select: { employerId: true } });
          await db.$transaction(async (tx) => {
            const post = await tx.post.upsert({
              where: { id: input.eventId },
              create: { id: input.eventId, employerId: employee.employerId, ...event.post, followUpCategory: input.category },
              update: {},
            });
            await tx.employee.update({ where: { id: employeeId }, data: { postId: post.id } });
          });
          return;
        }
        case 'SITUATION_CHANGED': {
          const { apprentice, disabled, invalidityPension, pregnant } = event;
          await db.employee.update({ where: { id: employeeId }, data: { apprentice, disabled, invalidityPension, pregnant } });
          await db.post.updateMany({ where: { employees: { some: { id: employeeId } } }, data: { followUpCategory: input.category } });
          return;
        }
        case 'STOPPAGE_DECLARED':
          await db.workStoppage.upsert({
            where: { id: event.stoppageId },
            create: {
              id: event.stoppageId,
              employeeId,
              cause: event.cause,
              startDate: dbDateFromCivil(event.startDate),
              returnDate: event.returnDate ? dbDateFromCivil(event.returnDate) : null,
            },
            update: {},
          });
          return;
        case 'STOPPAGE_EXTENDED':
          await db.workStoppage.update({ where: { id: event.stoppageId }, data: { returnDate: dbDateFromCivil(event.returnDate) } });
          return;
        case 'RETURN':
          await db.workStoppage.update({
            where: { id: event.stoppageId },
            data: { returnDate: dbDateFromCivil(event.returnDate), therapeuticPartTime: event.therapeuticPartTime },
          });
          return;
        case 'FULL_TIME_RETURN':
          await db.workStoppage.update({ where: { id: event.stoppageId }, data: { fullTimeReturnDate: dbDateFromCivil(event.date) } });
          return;
        case 'DEPARTURE':
          await db.employee.update({ where: { id: employeeId }, data: { departedOn: dbDateFromCivil(event.date) } });
          return;
        // Requests, exposure end and retirement change no employee row: the visit they open is their record.
        case 'PRE_REPRISE_REQUESTED':
        case 'LIAISON_REQUESTED':
        case 'VISIT_REQUESTED':
        case 'EXPOSURE_ENDED':
        case 'RETIREMENT_ANNOUNCED':
          return;
      }
    },

    /**
     * Writes the visit row, then starts its workflow. Visits are workflows of their own rather than
     * children: they outlive the follow-up's yearly runs. A retry finds the row and the running workflow.
     */
    async openVisit(input: { employerId: string; due: DueVisit; visit: Omit<VisitWorkflowInput, 'deadlineEndsAt'> }): Promise<{ workflowId: string }> {
      const { due, visit } = input;
      const workflowId = `visit-${visit.visitId}`;
      await db.visit.upsert({
        where: { id: visit.visitId },
        create: {
          id: visit.visitId,
          employeeId: visit.employeeId,
          type: due.type,
          performer: due.performer,
          earliestDate: dbDateFromCivil(due.earliestDate),
          dueDate: dbDateFromCivil(due.dueDate),
          deadline: dbDateFromCivil(due.deadline),
          planKey: due.key,
          rule: due.rule,
          workStoppageId: due.stoppageId,
          workflowId,
          protocolVersion: visit.protocolVersion,
        },
        update: {},
      });
      const deadlineEndsAt = endOfParisDay(due.deadline);
      await temporal.client.workflow.start('visitWorkflow', {
        workflowId,
        taskQueue: temporal.taskQueue,
        args: [{ ...visit, deadlineEndsAt: deadlineEndsAt.toISOString() } satisfies VisitWorkflowInput],
        workflowIdConflictPolicy: 'USE_EXISTING',
        typedSearchAttributes: [
          { key: visitTypeKey, value: due.type },
          { key: visitStatusKey, value: 'TO_SCHEDULE' },
          { key: employerIdKey, value: input.employerId },
          { key: visitDeadlineKey, value: deadlineEndsAt },
        ],
      });
      return { workflowId };
    },
  };
}

export type FollowUpActivities = ReturnType<typeof createFollowUpActivities>;
