// What the coordinator list and the visit page read: explicit selects, turned into French view models.
import { assignableProfessionalWhere, mayReadClinicalContent } from '../../../activities/domain/delegation.js';
import { identityTraits } from '../../../activities/domain/employees.js';
import { DomainError } from '../../../activities/domain/errors.js';
import { parisCivilDate } from '../../../workflows/rules/calendar.js';
import { parisLocalInput } from './paris-time.server.js';
import {
  roleLabels,
  stoppageCauseLabels,
  taskKindLabels,
  visitOutcomeLabels,
  visitStatusLabels,
  visitTypeLabels,
} from '../../../workflows/rules/labels.js';
import type { RiskCode } from '../../../workflows/rules/protocol-config.js';
import { protocolConfigOf } from '../../../activities/domain/protocol.js';
import { isProfessionalRole, roleMayPerform, type VisitOutcome } from '../../../workflows/rules/visit-types.js';
import { absenceIsBillable } from '../../../workflows/visit/guards.js';
import { audit } from './audit.server.js';
import type { SignedInProfessional } from './auth.server.js';
import { consoleContext } from './context.server.js';
import { frenchDateTime, frenchDbDate, frenchShortDateTime, personName } from './format.server.js';
import {
  documentKindLabels,
  followUpCategoryLabels,
  modalityLabels,
  performerLabels,
  remoteProposerLabels,
  riskLabels,
  sexLabels,
} from './labels.server.js';
import { loadTeleconsultationPanel } from './teleconsultation.server.js';
import { visitTimeline } from './timeline.server.js';
import { OPEN_STATUSES } from '../../../activities/domain/visit-filters.js';
import { isOverdue } from './visit-list.server.js';


/**
 * R-OPS-1, for a scheduled visit: before the appointment an absence may be excused (billed when the excuse
 * comes less than the protocol's hours ahead), after it only recorded as a no-show. The hours come from
 * the protocol version the visit's workflow was started with.
 */
function absenceOptions(excuseHoursAhead: number, appointmentAt: Date, now: Date) {
  return {
    appointmentPassed: appointmentAt.getTime() <= now.getTime(),
    excuseHoursAhead,
    billedIfExcusedNow: absenceIsBillable(appointmentAt.toISOString(), now, excuseHoursAhead),
  };
}

/** Everything the visit page shows; the read is audited before it is returned. */
export async function loadVisitPage(request: Request, viewer: SignedInProfessional, visitId: string, now = new Date()) {
  const { db, temporal } = consoleContext();
  const holder = await db.visit.findUnique({ where: { id: visitId }, select: { type: true, assignedProfessionalId: true } });
  const withNotes = holder !== null && (await mayReadClinicalContent(db, viewer, holder, parisCivilDate(now)));
  // Read before the page's data: a change in between makes the next poll reload the page, instead of the
  // pulse already matching what the page does not show yet.
  const { status: pulse } = await visitPulse(visitId);
  const visit = await db.visit.findUnique({
    where: { id: visitId },
    select: {
      id: true,
      type: true,
      status: true,
      modality: true,
      remoteProposedBy: true,
      performer: true,
      dueDate: true,
      deadline: true,
      overdue: true,
      billable: true,
      appointmentAt: true,
      workflowId: true,
      protocolVersion: true,
      outcome: true,
      nextVisitDueDate: true,
      coupledMidCareer: true,
      proposedMeasures: true,
      clinicalNotes: withNotes,
      concludedAt: true,
      cancellationReason: true,
      reorientationWorkflowId: true,
      employee: {
        select: {
          ...identityTraits,
          employer: { select: { name: true, siret: true } },
          post: { select: { title: true, followUpCategory: true, risks: true, nightWork: true } },
        },
      },
      workStoppage: { select: { cause: true, startDate: true, returnDate: true } },
      assignedProfessional: { select: { displayName: true, role: true } },
      tasks: {
        where: { status: 'OPEN' },
        orderBy: { dueDate: 'asc' },
        select: { id: true, kind: true, role: true, dueDate: true, priority: true, assignee: { select: { displayName: true } } },
      },
      // R-TELE-11, R-DATA-2: the teleconsultation report is medical content, listed for clinicians only.
      documents: {
        where: withNotes ? {} : { kind: { not: 'REPORT' } },
        orderBy: { createdAt: 'asc' },
        select: { id: true, kind: true, fileName: true, createdAt: true },
      },
      events: { orderBy: { at: 'asc' }, select: { id: true, at: true, kind: true, summary: true, actorId: true } },
    },
  });
  if (!visit) throw new DomainError('NOT_FOUND', 'Visite introuvable.');
  await audit(request, { actor: viewer, action: 'visit.read', entityType: 'Visit', entityId: visit.id, reason: 'Consultation du dossier de visite' });

  const actorIds = [...new Set(visit.events.flatMap((event) => (event.actorId ? [event.actorId] : [])))];
  const [actors, professionals] = await Promise.all([
    db.professional.findMany({ where: { id: { in: actorIds } }, select: { id: true, displayName: true } }),
    db.professional.findMany({
      where: assignableProfessionalWhere,
      orderBy: { displayName: 'asc' },
      select: { id: true, displayName: true, role: true },
    }),
  ]);
  const actorNames = new Map(actors.map((actor) => [actor.id, actor.displayName]));
  const timeline = await visitTimeline(
    temporal,
    visit.workflowId,
    visit.events.map((event) => ({ ...event, actorName: event.actorId ? (actorNames.get(event.actorId) ?? null) : null })),
  );
  const today = parisCivilDate(now);
  const { employee } = visit;
  const open = (OPEN_STATUSES as readonly string[]).includes(visit.status);
  // R-DEL-2: a re-oriented visit is the doctor's; its appointment is no longer the coordinators' to move or excuse.
  const reoriented = open && visit.reorientationWorkflowId !== null;
  // The visit keeps the protocol version it started with: its hours of notice and its lists of reasons.
  const protocol = open ? await protocolConfigOf(db, visit.protocolVersion) : null;
  const absence =
    protocol && visit.status === 'SCHEDULED' && visit.appointmentAt && !reoriented ? absenceOptions(protocol.noShow.excuseHoursAhead, visit.appointmentAt, now) : null;
  const teleconsultation = await loadTeleconsultationPanel(viewer, withNotes, { ...visit, employee });

  return {
    visit: {
      id: visit.id,
      type: visitTypeLabels[visit.type],
      status: visit.status,
      statusLabel: visitStatusLabels[visit.status],
      modality: modalityLabels[visit.modality],
      remote: visit.modality === 'REMOTE',
      // R-TELE-3
      remoteProposedBy: visit.modality === 'REMOTE' && visit.remoteProposedBy ? remoteProposerLabels[visit.remoteProposedBy] : null,
      performer: performerLabels[visit.performer],
      dueDate: frenchDbDate(visit.dueDate),
      deadline: frenchDbDate(visit.deadline),
      overdue: isOverdue(visit, today),
      billable: visit.billable,
      appointment: visit.appointmentAt ? frenchDateTime(visit.appointmentAt) : null,
      professional: visit.assignedProfessional
        ? `${visit.assignedProfessional.displayName} (${roleLabels[visit.assignedProfessional.role]})`
        : null,
      outcome: visit.outcome ? visitOutcomeLabels[visit.outcome as VisitOutcome] : null,
      nextVisitDueDate: visit.nextVisitDueDate ? frenchDbDate(visit.nextVisitDueDate) : null,
      coupledMidCareer: visit.coupledMidCareer,
      proposedMeasures: visit.proposedMeasures,
      clinicalNotes: withNotes ? (visit.clinicalNotes ?? null) : undefined,
      concludedAt: visit.concludedAt ? frenchDateTime(visit.concludedAt) : null,
      cancellationReason: visit.cancellationReason,
      open,
      reoriented,
      pulse,
    },
    employee: {
      name: personName(employee),
      birthDate: frenchDbDate(employee.birthDate),
      sex: sexLabels[employee.sex],
      email: employee.email,
      phone: employee.phone,
      post: employee.post.title,
      category: followUpCategoryLabels[employee.post.followUpCategory],
      risks: employee.post.risks.map((risk) => riskLabels[risk as RiskCode] ?? risk),
      nightWork: employee.post.nightWork,
    },
    employer: employee.employer,
    stoppage: visit.workStoppage
      ? {
          cause: stoppageCauseLabels[visit.workStoppage.cause],
          startDate: frenchDbDate(visit.workStoppage.startDate),
          // Null while the end of the stoppage is not known yet.
          returnDate: visit.workStoppage.returnDate ? frenchDbDate(visit.workStoppage.returnDate) : null,
        }
      : null,
    tasks: visit.tasks.map((task) => ({
      id: task.id,
      kind: taskKindLabels[task.kind],
      holder: task.assignee ? task.assignee.displayName : roleLabels[task.role],
      dueDate: frenchDbDate(task.dueDate),
      priority: task.priority > 0,
    })),
    documents: visit.documents.map((document) => ({
      id: document.id,
      kind: documentKindLabels[document.kind],
      fileName: document.fileName,
      createdAt: frenchShortDateTime(document.createdAt),
    })),
    timeline,
    schedule: open
      ? {
          professionals: professionals.flatMap(({ id, displayName, role }) =>
            isProfessionalRole(role) && roleMayPerform(role, visit.performer) ? [{ id, label: `${displayName} — ${roleLabels[role]}` }] : [],
          ),
          earliest: parisLocalInput(now),
          // Issue 5: the visit's protocol version says whether its type may be remote at all.
          remoteOffered: protocol?.teleconsultation.remoteVisitTypes.includes(visit.type) ?? false,
        }
      : null,
    absence,
    // Issue 5: the coded reasons of the coordinators' decisions.
    reasons: protocol?.steeringReasons ?? null,
    teleconsultation,
    // R-DEL-4: relayed by whoever hears the request; the doctor concludes instead.
    maternityRequest: open && !reoriented && (viewer.role === 'ASSISTANT' || viewer.role === 'NURSE'),
  };
}
export type VisitPage = Awaited<ReturnType<typeof loadVisitPage>>;

/**
 * What the visit page polls to learn that its workflow moved: the visit's row, its tasks and documents and its
 * current session, as one string. A small answer with no medical data, so not audited; the page's reload is.
 */
export async function visitPulse(visitId: string): Promise<{ pulse: true; status: string }> {
  const visit = await consoleContext().db.visit.findUnique({
    where: { id: visitId },
    select: {
      status: true,
      modality: true,
      updatedAt: true,
      teleconsultations: { orderBy: { revision: 'desc' }, take: 1, select: { status: true } },
      tasks: { select: { status: true } },
      _count: { select: { documents: true } },
    },
  });
  if (!visit) return { pulse: true, status: 'absente' };
  const openTasks = visit.tasks.filter((task) => task.status === 'OPEN').length;
  const parts = [visit.status, visit.modality, visit.updatedAt.toISOString(), visit.teleconsultations[0]?.status ?? '-', visit.tasks.length, openTasks, visit._count.documents];
  return { pulse: true, status: parts.join('/') };
}
