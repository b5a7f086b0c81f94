// The inbox of human tasks the workflows open, and the consultation task page.
import { DomainError } from '../../../activities/domain/errors.js';
import { roleLabels, taskKindLabels, visitOutcomeLabels, visitStatusLabels, visitTypeLabels } from '../../../workflows/rules/labels.js';
import { allowedOutcomes } from '../../../workflows/rules/visit-types.js';
import { audit } from './audit.server.js';
import type { SignedInProfessional } from './auth.server.js';
import { consoleContext } from './context.server.js';
import { frenchDateTime, frenchDbDate } from './format.server.js';
import { followUpCategoryLabels } from './labels.server.js';
import { mayReadClinicalNotes, personName } from './visits.server.js';

const INBOX_LIMIT = 200;

/** Open tasks assigned to me, or to nobody yet and meant for my role; the most urgent first. */
export async function loadInbox(viewer: SignedInProfessional) {
  const tasks = await consoleContext().db.humanTask.findMany({
    where: { status: 'OPEN', OR: [{ assigneeId: viewer.id }, { assigneeId: null, role: viewer.role }] },
    orderBy: [{ dueDate: 'asc' }, { createdAt: 'asc' }],
    take: INBOX_LIMIT,
    select: {
      id: true,
      kind: true,
      dueDate: true,
      assigneeId: true,
      visit: {
        select: {
          id: true,
          type: true,
          deadline: true,
          overdue: true,
          appointmentAt: true,
          employee: { select: { firstNames: true, birthName: true, usedName: true, employer: { select: { name: true } } } },
        },
      },
    },
  });
  return {
    tasks: tasks.map((task) => ({
      id: task.id,
      kind: taskKindLabels[task.kind],
      urgent: task.kind === 'ESCALATION' || task.visit.overdue,
      dueDate: frenchDbDate(task.dueDate),
      mine: task.assigneeId === viewer.id,
      visitId: task.visit.id,
      visitType: visitTypeLabels[task.visit.type],
      deadline: frenchDbDate(task.visit.deadline),
      appointment: task.visit.appointmentAt ? frenchDateTime(task.visit.appointmentAt) : null,
      employee: personName(task.visit.employee),
      employer: task.visit.employee.employer.name,
    })),
    truncated: tasks.length === INBOX_LIMIT,
  };
}

/** A task and, for a consultation, what its conclusion form offers; the read is audited. */
export async function loadTaskPage(request: Request, viewer: SignedInProfessional, taskId: string) {
  const task = await consoleContext().db.humanTask.findUnique({
    where: { id: taskId },
    select: {
      id: true,
      kind: true,
      status: true,
      role: true,
      dueDate: true,
      assigneeId: true,
      assignee: { select: { displayName: true } },
      visit: {
        select: {
          id: true,
          type: true,
          status: true,
          deadline: true,
          appointmentAt: true,
          employee: {
            select: {
              firstNames: true,
              birthName: true,
              usedName: true,
              birthDate: true,
              employer: { select: { name: true } },
              post: { select: { title: true, followUpCategory: true } },
            },
          },
        },
      },
    },
  });
  if (!task) throw new DomainError('NOT_FOUND', 'Tâche introuvable.');
  await audit(request, { actor: viewer, action: 'task.read', entityType: 'HumanTask', entityId: task.id, reason: 'Ouverture de la tâche' });
  const { visit } = task;
  const category = visit.employee.post.followUpCategory;
  const consultation = task.kind === 'CONSULTATION';
  return {
    task: {
      id: task.id,
      kind: taskKindLabels[task.kind],
      consultation,
      open: task.status === 'OPEN',
      dueDate: frenchDbDate(task.dueDate),
      holder: task.assignee?.displayName ?? roleLabels[task.role],
      mine: task.assigneeId === viewer.id,
    },
    visit: {
      id: visit.id,
      type: visitTypeLabels[visit.type],
      status: visitStatusLabels[visit.status],
      deadline: frenchDbDate(visit.deadline),
      appointment: visit.appointmentAt ? frenchDateTime(visit.appointmentAt) : null,
    },
    employee: {
      name: personName(visit.employee),
      birthDate: frenchDbDate(visit.employee.birthDate),
      employer: visit.employee.employer.name,
      post: visit.employee.post.title,
      category: followUpCategoryLabels[category],
    },
    // The health professionals conclude; the workflow still checks who may issue which outcome.
    conclusion:
      consultation && task.status === 'OPEN' && mayReadClinicalNotes(viewer.role)
        ? { outcomes: allowedOutcomes(visit.type, category).map((value) => ({ value, label: visitOutcomeLabels[value] })) }
        : null,
  };
}
export type TaskPage = Awaited<ReturnType<typeof loadTaskPage>>;
