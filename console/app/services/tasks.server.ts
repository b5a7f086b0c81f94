// The inbox of human tasks the workflows open, and the task page: a consultation to conclude or re-orient,
// or a re-orientation (R-DEL-2..4) the doctor concludes.
import { mayReadClinicalContent } from '../../../activities/domain/delegation.js';
import { DomainError } from '../../../activities/domain/errors.js';
import type { TaskKind } from '../../../prisma/generated/enums.js';
import { frenchDate, parisCivilDate, plusYears, type CivilDate } from '../../../workflows/rules/calendar.js';
import type { FollowUpCategory } from '../../../workflows/rules/follow-up-category.js';
import { reorientationReasonLabels, roleLabels, taskKindLabels, visitOutcomeLabels, visitStatusLabels, visitTypeLabels } from '../../../workflows/rules/labels.js';
import { allowedOutcomes, type VisitOutcome, type VisitType } from '../../../workflows/rules/visit-types.js';
import { reorientationReasons } from '../../../workflows/visit/forms.js';
import { nextDueDateRequirement } from '../../../workflows/visit/guards.js';
import { audit } from './audit.server.js';
import type { SignedInProfessional } from './auth.server.js';
import { consoleContext } from './context.server.js';
import { frenchDateTime, frenchDbDate, personName } from './format.server.js';
import { consentChannelLabels, followUpCategoryLabels, teleconsultationStatusLabels } from './labels.server.js';
import { questionnaireAnswersOf } from './questionnaire.server.js';
import { teleconsultationSettings } from './teleconsultation.server.js';
import { visitWorkflowInput } from './visit-workflow-input.server.js';

const INBOX_LIMIT = 200;

/** Open tasks assigned to me, or to nobody yet and meant for my role; re-orientations (R-DEL-2) first, then the most urgent. */
export async function loadInbox(viewer: SignedInProfessional, view: InboxView = 'toutes') {
  const mine = { assigneeId: viewer.id };
  const queue = { assigneeId: null, role: viewer.role };
  const tasks = await consoleContext().db.humanTask.findMany({
    where: { status: 'OPEN', ...(view === 'miennes' ? mine : view === 'a-prendre' ? queue : { OR: [mine, queue] }) },
    orderBy: [{ priority: 'desc' }, { dueDate: 'asc' }, { createdAt: 'asc' }],
    take: INBOX_LIMIT,
    select: {
      id: true,
      kind: true,
      priority: true,
      dueDate: true,
      assigneeId: true,
      claimedAt: true,
      visit: {
        select: {
          id: true,
          type: true,
          deadline: true,
          overdue: true,
          appointmentAt: true,
          modality: true,
          employee: { select: { firstNames: true, birthName: true, usedName: true, employer: { select: { name: true } } } },
        },
      },
    },
  });
  return {
    tasks: tasks.map((task) => ({
      id: task.id,
      kind: taskKindLabels[task.kind],
      priority: task.priority > 0,
      urgent: task.kind === 'ESCALATION' || task.visit.overdue,
      dueDate: frenchDbDate(task.dueDate),
      mine: task.assigneeId === viewer.id,
      /** Taken from the queue, so it can be given back; a task the workflow assigned cannot. */
      releasable: task.assigneeId === viewer.id && task.claimedAt !== null,
      visitId: task.visit.id,
      visitType: visitTypeLabels[task.visit.type],
      deadline: frenchDbDate(task.visit.deadline),
      appointment: task.visit.appointmentAt ? frenchDateTime(task.visit.appointmentAt) : null,
      remote: task.visit.modality === 'REMOTE',
      employee: personName(task.visit.employee),
      employer: task.visit.employee.employer.name,
    })),
    truncated: tasks.length === INBOX_LIMIT,
  };
}

export const inboxViews = ['toutes', 'miennes', 'a-prendre'] as const;
export type InboxView = (typeof inboxViews)[number];

export function inboxViewOf(searchParams: URLSearchParams): InboxView {
  return inboxViews.find((view) => view === searchParams.get('vue')) ?? 'toutes';
}

/**
 * Issue 5: takes an open task of my role's queue, in one conditional write, so two colleagues clicking at
 * once cannot both hold it; the second reads who took it.
 */
export async function claimTask(request: Request, viewer: SignedInProfessional, taskId: unknown): Promise<string> {
  const { db } = consoleContext();
  const id = typeof taskId === 'string' ? taskId : '';
  const taken = await db.humanTask.updateMany({
    where: { id, status: 'OPEN', assigneeId: null, role: viewer.role },
    data: { assigneeId: viewer.id, claimedAt: new Date() },
  });
  if (taken.count === 0) {
    const task = await db.humanTask.findFirst({ where: { id, OR: [{ role: viewer.role }, { assigneeId: viewer.id }] }, select: { status: true, assignee: { select: { displayName: true } } } });
    if (!task) throw new DomainError('NOT_FOUND', 'Tâche introuvable.');
    if (task.status !== 'OPEN') throw new DomainError('CONFLICT', 'Cette tâche est déjà close.');
    throw new DomainError('CONFLICT', `Cette tâche est déjà prise par ${task.assignee?.displayName ?? 'un collègue'}.`);
  }
  await audit(request, { actor: viewer, action: 'task.claim', entityType: 'HumanTask', entityId: id });
  return id;
}

/** Gives back a task I took, to my role's queue. */
export async function releaseTask(request: Request, viewer: SignedInProfessional, taskId: unknown): Promise<string> {
  const id = typeof taskId === 'string' ? taskId : '';
  const released = await consoleContext().db.humanTask.updateMany({
    where: { id, status: 'OPEN', assigneeId: viewer.id, claimedAt: { not: null } },
    data: { assigneeId: null, claimedAt: null },
  });
  if (released.count === 0) throw new DomainError('CONFLICT', 'Vous ne pouvez relâcher qu’une tâche ouverte que vous avez prise vous-même.');
  await audit(request, { actor: viewer, action: 'task.release', entityType: 'HumanTask', entityId: id });
  return id;
}

const outcomeList = new Intl.ListFormat('fr-FR', { type: 'disjunction' });

/** R-VIP-6 and R-VIP-5 for this visit: for which outcomes the next-due date is required, and how far it may go. */
function nextVisitHint(type: VisitType, outcomes: readonly VisitOutcome[], latest: CivilDate | undefined, capYears: number | undefined): string {
  const labelled = (requirement: ReturnType<typeof nextDueDateRequirement>) =>
    outcomeList.format(outcomes.filter((outcome) => nextDueDateRequirement(type, outcome) === requirement).map((outcome) => `« ${visitOutcomeLabels[outcome]} »`));
  const required = labelled('REQUIRED');
  const optional = labelled('OPTIONAL');
  const none = labelled('NONE');
  if (!required && !optional) return 'Sans objet pour cette visite : laissez ce champ vide.';
  return [
    required ? `Obligatoire pour ${required} : l’attestation indique la date avant laquelle la prochaine visite doit avoir lieu (R-VIP-6).` : 'Facultative.',
    none ? `Sans objet pour ${none}.` : '',
    latest ? `Au plus tard le ${frenchDate(latest)} (R-VIP-5 : ${capYears} ans au plus).` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * What the conclusion form offers, decided like the workflow decides: the outcomes of the visit type,
 * and from the workflow's own input the mid-career coupling (R-MID-1) and the latest next-due date.
 */
async function conclusionOptions(type: VisitType, category: FollowUpCategory, workflowId: string, today: CivilDate, viewer: SignedInProfessional) {
  const input = await visitWorkflowInput(consoleContext().temporal, workflowId);
  const outcomes = allowedOutcomes(type, category);
  const capYears = input?.renewalCapYears;
  const latest = capYears === undefined ? undefined : plusYears(today, capYears);
  return {
    outcomes: outcomes.map((value) => ({ value, label: visitOutcomeLabels[value] })),
    nextVisit: { hint: nextVisitHint(type, outcomes, latest, capYears), latest },
    midCareerCoupling: input?.midCareerCouplingAllowed === true,
    // R-DEL-2/3: a nurse's measures or noted risk of inaptitude send the employee to the doctor.
    handsOverToDoctor: viewer.role === 'NURSE',
  };
}

/** R-DEL-2..4: why the nurse handed the visit over; her details are read for clinicians only. */
async function reorientationHandover(visitId: string) {
  const { db } = consoleContext();
  const event = await db.visitEvent.findFirst({
    where: { visitId, kind: 'REORIENTATION' },
    orderBy: { at: 'desc' },
    select: { at: true, summary: true, actorId: true, visit: { select: { reorientationDetails: true } } },
  });
  if (!event) return null;
  const nurse = event.actorId ? await db.professional.findUnique({ where: { id: event.actorId }, select: { displayName: true } }) : null;
  return { summary: event.summary, details: event.visit.reorientationDetails, by: nurse?.displayName ?? null, at: frenchDateTime(event.at) };
}

/** R-TELE-4, R-TELE-1/2: what the assistant does on the phone before a teleconsultation. */
async function preCallOptions(visitId: string, protocolVersion: number, viewer: SignedInProfessional) {
  const session = await consoleContext().db.teleconsultation.findFirst({
    where: { visitId },
    orderBy: { revision: 'desc' },
    select: { status: true, consentAt: true, consentChannel: true, consentTextVersion: true, preCallDoneAt: true },
  });
  if (!session) return null;
  const { consent } = await teleconsultationSettings(protocolVersion);
  const undecided = session.status === 'AWAITING_CONSENT';
  return {
    status: teleconsultationStatusLabels[session.status],
    consent: { text: consent.text, textVersion: consent.textVersion },
    given: session.consentAt
      ? { at: frenchDateTime(session.consentAt), channel: session.consentChannel ? consentChannelLabels[session.consentChannel] : null, textVersion: session.consentTextVersion }
      : null,
    // Oral consent while none is recorded; refusal at any time before the session (R-TELE-2).
    mayRecordConsent: undecided,
    mayRefuse: ['AWAITING_CONSENT', 'CONSENTED'].includes(session.status),
    // The workflow has the last word: the pre-call is the secretariat's (R-TELE-4).
    mayCompleteCall: viewer.role === 'ASSISTANT' && session.preCallDoneAt === null,
  };
}

/** Why the viewer has no form on this task. */
function taskNotice(kind: TaskKind, open: boolean): string {
  if (!open) return 'Cette tâche est close.';
  if (kind === 'CONSULTATION') return 'Seul un professionnel de santé peut conclure cette consultation.';
  if (kind === 'REORIENTATION') return 'Seul le médecin du travail conclut une visite réorientée vers lui.';
  if (kind === 'PRE_CALL') return 'L’appel préalable à la téléconsultation est fait par le secrétariat.';
  return 'Cette tâche se traite depuis la page de la visite.';
}

const reorientationReasonOptions = reorientationReasons.map((value) => {
  const label = reorientationReasonLabels[value];
  return { value, label: label.charAt(0).toUpperCase() + label.slice(1) };
});

/**
 * A task and the forms it offers the viewer: a health professional concludes a consultation, a nurse may
 * instead re-orient it to the doctor, and the doctor concludes a re-orientation (R-DEL-2). The read is audited.
 */
export async function loadTaskPage(request: Request, viewer: SignedInProfessional, taskId: string, now = new Date()) {
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
          assignedProfessionalId: true,
          workflowId: true,
          protocolVersion: true,
          employee: {
            select: {
              firstNames: true,
              birthName: true,
              usedName: true,
              birthDate: true,
              phone: true,
              email: true,
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
  const open = task.status === 'OPEN';
  const clinician = await mayReadClinicalContent(consoleContext().db, viewer, visit, parisCivilDate(now));
  // The workflow still checks who may issue which outcome.
  const concludes = open && ((task.kind === 'CONSULTATION' && clinician) || (task.kind === 'REORIENTATION' && viewer.role === 'DOCTOR'));
  // R-TELE-4: the secretariat calls; health professionals may also take the employee's answer on the phone.
  const preCall = open && task.kind === 'PRE_CALL' && viewer.role !== 'ADMIN' ? await preCallOptions(visit.id, visit.protocolVersion, viewer) : null;
  return {
    task: {
      id: task.id,
      kind: taskKindLabels[task.kind],
      open,
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
    conclusion: concludes ? await conclusionOptions(visit.type, category, visit.workflowId, parisCivilDate(now), viewer) : null,
    handover: task.kind === 'REORIENTATION' && clinician ? await reorientationHandover(visit.id) : null,
    // Issue 8: the employee's answers, for whoever examines them (the read is this page's audited one).
    questionnaire: (task.kind === 'CONSULTATION' || task.kind === 'REORIENTATION') && clinician ? await questionnaireAnswersOf(visit.id) : null,
    reorientation: open && task.kind === 'CONSULTATION' && viewer.role === 'NURSE' ? { reasons: reorientationReasonOptions } : null,
    preCall,
    contact: task.kind === 'PRE_CALL' ? { phone: visit.employee.phone, email: visit.employee.email } : null,
    notice: concludes || preCall ? null : taskNotice(task.kind, open),
  };
}
export type TaskPage = Awaited<ReturnType<typeof loadTaskPage>>;
