// Activities of the visit workflow: every write is keyed so that a retried activity finds what
// its first attempt wrote instead of writing it twice.
import { createHash, randomUUID } from 'node:crypto';
import { civilFromDbDate, dbDateFromCivil, frenchDate, parisCivilDate, plusDays, type CivilDate } from '../workflows/rules/calendar.js';
import { reorientationReasonLabels, roleLabels, visitOutcomeLabels, visitTypeLabels } from '../workflows/rules/labels.js';
import { outcomeIsAvis, type ProfessionalRole, type VisitOutcome } from '../workflows/rules/visit-types.js';
import type { RemoteProposer } from '../workflows/teleconsultation/forms.js';
import type { Conclusion, ReorientationForm } from '../workflows/visit/forms.js';
import type { VisitModality } from '../workflows/visit/messages.js';
import type { Db } from './db.js';
import { protocolConfigOf } from './domain/protocol.js';
import { renderVisitDocumentPdf } from './documents/visit-document-pdf.js';
import type { Prisma } from '../prisma/generated/client.js';
import type { TaskKind } from '../prisma/generated/enums.js';

export interface VisitActivityDependencies {
  db: Db;
  serviceName: string;
  now?: () => Date;
}

/** The timeline entry of a step, keyed by the step so a retry does not repeat it. */
export function recordVisitEvent(tx: Prisma.TransactionClient, event: { visitId: string; step: string; kind: string; summary: string; actorId?: string }) {
  const idempotencyKey = `${event.visitId}:${event.step}`;
  return tx.visitEvent.upsert({
    where: { idempotencyKey },
    create: { visitId: event.visitId, kind: event.kind, summary: event.summary, actorId: event.actorId, idempotencyKey },
    update: {},
  });
}

/** Coordinators' escalation task, once per `key`, with its timeline entry. */
async function openEscalation(
  tx: Prisma.TransactionClient,
  escalation: { visitId: string; key: string; priority: number; dueDate: CivilDate; step: string; summary: string },
): Promise<void> {
  const idempotencyKey = `${escalation.visitId}:ESCALATION:${escalation.key}`;
  await tx.humanTask.upsert({
    where: { idempotencyKey },
    create: { visitId: escalation.visitId, kind: 'ESCALATION', role: 'ASSISTANT', priority: escalation.priority, dueDate: dbDateFromCivil(escalation.dueDate), idempotencyKey },
    update: {},
  });
  await recordVisitEvent(tx, { visitId: escalation.visitId, step: escalation.step, kind: 'OVERDUE', summary: escalation.summary });
}

export function createVisitActivities({ db, serviceName, now = () => new Date() }: VisitActivityDependencies) {
  /**
   * The appointment is gone (missed, or its teleconsultation did not take place): the visit is to schedule again,
   * with a new scheduling task occurrence; the session of the appointment goes with it.
   */
  async function reopenScheduling(
    tx: Prisma.TransactionClient,
    input: { visitId: string; occurrence: number; dueDate: CivilDate; priority: number; data: { billable?: boolean; modality?: VisitModality } },
  ): Promise<void> {
    await tx.visit.update({
      where: { id: input.visitId },
      data: { status: 'TO_SCHEDULE', appointmentAt: null, assignedProfessionalId: null, teleconsultationWorkflowId: null, ...input.data },
    });
    await tx.humanTask.updateMany({
      where: { visitId: input.visitId, status: 'OPEN', kind: 'CONSULTATION' },
      data: { status: 'CANCELLED', closedAt: now() },
    });
    const idempotencyKey = `${input.visitId}:SCHEDULING:${input.occurrence}`;
    await tx.humanTask.upsert({
      where: { idempotencyKey },
      create: { visitId: input.visitId, kind: 'SCHEDULING', role: 'ASSISTANT', priority: input.priority, dueDate: dbDateFromCivil(input.dueDate), idempotencyKey },
      update: {},
    });
  }

  type VisitForDocument = Prisma.VisitGetPayload<{ include: { employee: { include: { employer: true } }; assignedProfessional: true } }>;

  async function renderDocument(visit: VisitForDocument, outcome: VisitOutcome) {
    const concludedBy = visit.concludedById
      ? await db.professional.findUniqueOrThrow({ where: { id: visit.concludedById } })
      : visit.assignedProfessional;
    if (!concludedBy) throw new Error(`Visit ${visit.id} has no professional`);
    const kind = outcomeIsAvis(outcome) ? 'AVIS' : 'ATTESTATION';
    const visitDate = parisCivilDate(visit.concludedAt ?? now());
    const content = await renderVisitDocumentPdf({
      serviceName,
      title: kind === 'AVIS' ? visitOutcomeLabels[outcome] : 'Attestation de suivi individuel de l’état de santé',
      employeeName: `${visit.employee.firstNames} ${visit.employee.birthName}`,
      employeeBirthDate: frenchDate(civilFromDbDate(visit.employee.birthDate)),
      employerName: visit.employee.employer.name,
      employerSiret: visit.employee.employer.siret,
      visitTypeLabel: visitTypeLabels[visit.type],
      alsoMidCareer: visit.coupledMidCareer,
      visitDate: frenchDate(visitDate),
      outcomeLabel: visitOutcomeLabels[outcome],
      proposedMeasures: visit.proposedMeasures ?? undefined,
      nextVisitDueDate: visit.nextVisitDueDate ? frenchDate(civilFromDbDate(visit.nextVisitDueDate)) : undefined,
      professionalName: concludedBy.displayName,
      professionalRoleLabel: roleLabels[concludedBy.role],
    });
    return {
      id: randomUUID(),
      visitId: visit.id,
      kind,
      fileName: `${kind === 'AVIS' ? 'avis' : 'attestation'}-${visit.type.toLowerCase()}-${visitDate}.pdf`,
      content: Buffer.from(content),
      sha256: createHash('sha256').update(content).digest('hex'),
      idempotencyKey: `${visit.id}:document`,
    } as const;
  }

  return {
    async openTask(input: { visitId: string; kind: TaskKind; role: ProfessionalRole; dueDate: CivilDate; occurrence: number }): Promise<void> {
      const idempotencyKey = `${input.visitId}:${input.kind}:${input.occurrence}`;
      await db.humanTask.upsert({
        where: { idempotencyKey },
        create: { visitId: input.visitId, kind: input.kind, role: input.role, dueDate: dbDateFromCivil(input.dueDate), idempotencyKey },
        update: {},
      });
    },

    async recordAppointment(input: {
      visitId: string;
      revision: number;
      appointmentAt: string;
      professionalId: string;
      actorId: string;
      /** Why an existing appointment moves (a reschedule). */
      reason?: string;
      /** R-TELE-3; absent in the histories of visits scheduled before teleconsultation existed. */
      modality?: VisitModality;
      remoteProposedBy?: RemoteProposer;
      teleconsultationWorkflowId?: string;
    }): Promise<void> {
      const consultationKey = `${input.visitId}:CONSULTATION:${input.revision}`;
      const appointmentAt = new Date(input.appointmentAt);
      await db.$transaction(async (tx) => {
        const professional = await tx.professional.findUniqueOrThrow({ where: { id: input.professionalId } });
        await tx.visit.update({
          where: { id: input.visitId },
          data: {
            status: 'SCHEDULED',
            appointmentAt,
            assignedProfessionalId: professional.id,
            modality: input.modality ?? 'IN_PERSON',
            remoteProposedBy: input.remoteProposedBy ?? null,
            teleconsultationWorkflowId: input.teleconsultationWorkflowId ?? null,
          },
        });
        // A new appointment settles scheduling and any escalation, and replaces the previous consultation task.
        await tx.humanTask.updateMany({
          where: { visitId: input.visitId, status: 'OPEN', kind: { in: ['SCHEDULING', 'ESCALATION'] } },
          data: { status: 'DONE', closedAt: now() },
        });
        await tx.humanTask.updateMany({
          where: { visitId: input.visitId, status: 'OPEN', kind: 'CONSULTATION', idempotencyKey: { not: consultationKey } },
          data: { status: 'CANCELLED', closedAt: now() },
        });
        await tx.humanTask.upsert({
          where: { idempotencyKey: consultationKey },
          create: {
            visitId: input.visitId,
            kind: 'CONSULTATION',
            role: professional.role,
            assigneeId: professional.id,
            dueDate: dbDateFromCivil(parisCivilDate(appointmentAt)),
            idempotencyKey: consultationKey,
          },
          update: {},
        });
        const when = appointmentAt.toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'full', timeStyle: 'short' });
        const verb = input.revision === 1 ? 'Rendez-vous fixé' : 'Rendez-vous reporté';
        await recordVisitEvent(tx, {
          visitId: input.visitId,
          step: `appointment:${input.revision}`,
          kind: 'APPOINTMENT',
          summary: `${verb} le ${when} avec ${professional.displayName}${input.modality === 'REMOTE' ? ' en téléconsultation' : ''}${input.reason ? ` — motif : ${input.reason}` : ''}`,
          actorId: input.actorId,
        });
      });
    },

    async markOverdue(input: { visitId: string; deadline: CivilDate }): Promise<void> {
      await db.$transaction(async (tx) => {
        await tx.visit.update({ where: { id: input.visitId }, data: { overdue: true } });
        await openEscalation(tx, {
          visitId: input.visitId,
          key: '1',
          priority: 0,
          dueDate: parisCivilDate(now()),
          step: 'overdue',
          summary: `Échéance du ${frenchDate(input.deadline)} dépassée : escalade vers la coordination`,
        });
      });
    },

    async recordConclusion(input: { visitId: string; actorId: string; conclusion: Conclusion }): Promise<void> {
      const { conclusion } = input;
      await db.$transaction(async (tx) => {
        await tx.visit.update({
          where: { id: input.visitId },
          data: {
            outcome: conclusion.outcome,
            nextVisitDueDate: conclusion.nextVisitDueDate ? dbDateFromCivil(conclusion.nextVisitDueDate) : null,
            proposedMeasures: conclusion.measures ?? null,
            clinicalNotes: conclusion.notes ?? null,
            coupledMidCareer: conclusion.coupledMidCareer,
            concludedAt: now(),
            concludedById: input.actorId,
          },
        });
        await tx.humanTask.updateMany({
          where: { visitId: input.visitId, status: 'OPEN', kind: { in: ['CONSULTATION', 'ESCALATION', 'REORIENTATION'] } },
          data: { status: 'DONE', closedAt: now() },
        });
        await recordVisitEvent(tx, {
          visitId: input.visitId,
          step: 'conclusion',
          kind: 'CONCLUSION',
          summary: `Consultation conclue : ${visitOutcomeLabels[conclusion.outcome]}`,
          actorId: input.actorId,
        });
      });
    },

    /**
     * Closes a concluded visit, issuing its attestation or avis once (a retry returns the stored one).
     * R-LIAISON-1: the liaison meeting is not a medical visit and produces no document.
     */
    async closeVisit(input: { visitId: string }): Promise<string | null> {
      const visit = await db.visit.findUniqueOrThrow({
        where: { id: input.visitId },
        // Its own attestation or avis, not a teleconsultation report (R-TELE-11) filed on the same visit.
        include: {
          employee: { include: { employer: true } },
          assignedProfessional: true,
          documents: { where: { idempotencyKey: `${input.visitId}:document` }, select: { id: true } },
        },
      });
      if (!visit.outcome) throw new Error(`Visit ${visit.id} has no recorded conclusion`);
      const outcome = visit.outcome as VisitOutcome;
      const issuesDocument = outcome !== 'LIAISON_HELD';
      const stored = visit.documents[0];
      const fresh = issuesDocument && !stored ? await renderDocument(visit, outcome) : undefined;
      await db.$transaction(async (tx) => {
        if (fresh) await tx.document.upsert({ where: { idempotencyKey: fresh.idempotencyKey }, create: fresh, update: {} });
        await tx.visit.update({ where: { id: visit.id }, data: { status: 'COMPLETED' } });
        await recordVisitEvent(tx, {
          visitId: visit.id,
          step: 'closed',
          kind: 'CLOSED',
          summary: issuesDocument ? `${outcomeIsAvis(outcome) ? 'Avis émis' : 'Attestation de suivi émise'} ; visite clôturée` : 'Visite clôturée',
        });
      });
      if (!issuesDocument) return null;
      // A concurrent first attempt may have stored its own copy: the stored one is the document.
      const document = await db.document.findUniqueOrThrow({ where: { idempotencyKey: `${visit.id}:document` }, select: { id: true } });
      return document.id;
    },

    async recordMissedAppointment(input: {
      visitId: string;
      occurrence: number;
      kind: 'NO_SHOW' | 'EXCUSED';
      billable: boolean;
      reason?: string;
      actorId: string;
      dueDate: CivilDate;
    }): Promise<void> {
      // R-OPS-1: the bill names the appointment missed; a retry after the commit finds it already cleared, and its line written.
      const missed = await db.visit.findUniqueOrThrow({ where: { id: input.visitId }, select: { appointmentAt: true, protocolVersion: true } });
      const excuseHoursAhead = missed.appointmentAt && input.billable ? (await protocolConfigOf(db, missed.protocolVersion)).noShow.excuseHoursAhead : 0;
      await db.$transaction(async (tx) => {
        if (missed.appointmentAt && input.billable) {
          await tx.billedAbsence.createMany({
            data: [
              {
                visitId: input.visitId,
                occurrence: input.occurrence,
                appointmentAt: missed.appointmentAt,
                excuseDueAt: new Date(missed.appointmentAt.getTime() - excuseHoursAhead * 3_600_000),
                excusedAt: input.kind === 'EXCUSED' ? now() : null,
              },
            ],
            skipDuplicates: true,
          });
        }
        await reopenScheduling(tx, { ...input, priority: 0, data: input.billable ? { billable: true } : {} });
        const what = input.kind === 'NO_SHOW' ? 'Absence au rendez-vous' : `Absence excusée (${input.reason})`;
        await recordVisitEvent(tx, {
          visitId: input.visitId,
          step: `missed:${input.occurrence}`,
          kind: input.kind,
          summary: `${what}${input.billable ? ' : facturable à l’employeur' : ' : non facturée'} ; à replanifier`,
          actorId: input.actorId,
        });
      });
    },

    /** R-DEL-2..4: the nurse's consultation ends here; the visit records the link to the doctor's re-orientation. */
    /** `occurrence` counts the visit's re-orientations (1 when absent: workflows started before it existed). */
    async recordReorientation(input: { visitId: string; reorientationWorkflowId: string; occurrence?: number; actorId: string; form: ReorientationForm }): Promise<void> {
      const occurrence = input.occurrence ?? 1;
      await db.$transaction(async (tx) => {
        await tx.visit.update({
          where: { id: input.visitId },
          data: { reorientationWorkflowId: input.reorientationWorkflowId, reorientationDetails: input.form.details },
        });
        // R-DEL-4: a request relayed before any appointment also takes the visit off the coordinators' scheduling list.
        await tx.humanTask.updateMany({
          where: { visitId: input.visitId, status: 'OPEN', kind: { in: ['CONSULTATION', 'SCHEDULING'] } },
          data: { status: 'DONE', closedAt: now() },
        });
        await recordVisitEvent(tx, {
          visitId: input.visitId,
          step: occurrence === 1 ? 'reorientation' : `reorientation-${occurrence}`,
          kind: 'REORIENTATION',
          summary: `Réorientation vers le médecin : ${reorientationReasonLabels[input.form.reason]}`,
          actorId: input.actorId,
        });
      });
    },

    /**
     * R-DEL-2: the doctor's task, first in the inbox, due within the visit's protocol version's
     * `delegation.reorientationDeadlineDays` of `openedOn` (the workflow's day). Returns its due date.
     */
    async openReorientationTask(input: { visitId: string; protocolVersion: number; openedOn: CivilDate; occurrence?: number }): Promise<CivilDate> {
      const dueDate = plusDays(input.openedOn, (await protocolConfigOf(db, input.protocolVersion)).delegation.reorientationDeadlineDays);
      const idempotencyKey = `${input.visitId}:REORIENTATION:${input.occurrence ?? 1}`;
      const task = await db.humanTask.upsert({
        where: { idempotencyKey },
        create: { visitId: input.visitId, kind: 'REORIENTATION', role: 'DOCTOR', priority: 1, dueDate: dbDateFromCivil(dueDate), idempotencyKey },
        update: {},
      });
      return civilFromDbDate(task.dueDate);
    },

    /** The doctor has not seen the re-oriented employee in time: coordinators find a slot, first in their inbox. */
    async escalateReorientation(input: { visitId: string; dueDate: CivilDate; escalatedOn: CivilDate }): Promise<void> {
      await db.$transaction((tx) =>
        openEscalation(tx, {
          visitId: input.visitId,
          key: 'reorientation',
          priority: 1,
          dueDate: input.escalatedOn,
          step: 'reorientation-overdue',
          summary: `Réorientation non reçue par le médecin au ${frenchDate(input.dueDate)} : escalade vers la coordination`,
        }),
      );
    },

    /**
     * The re-orientation workflow failed or was terminated: the visit is the nurse's scheduled visit again and
     * coordinators, first in their inbox, decide what follows (a new re-orientation, a slot with a doctor).
     */
    async abandonReorientation(input: { visitId: string; escalatedOn: CivilDate }): Promise<void> {
      await db.$transaction(async (tx) => {
        await tx.visit.update({ where: { id: input.visitId }, data: { reorientationWorkflowId: null } });
        await tx.humanTask.updateMany({
          where: { visitId: input.visitId, status: 'OPEN', kind: 'REORIENTATION' },
          data: { status: 'CANCELLED', closedAt: now() },
        });
        await openEscalation(tx, {
          visitId: input.visitId,
          key: 'reorientation-failed',
          priority: 1,
          dueDate: input.escalatedOn,
          step: 'reorientation-failed',
          summary: 'La réorientation vers le médecin s’est arrêtée sur une erreur : la coordination reprend la visite',
        });
      });
    },

    /**
     * R-TELE-2/10/13: the remote appointment did not take place. In person (refusal, remote no longer adequate) it is
     * planned again as soon as possible, first in the inbox; otherwise planned again like a missed appointment.
     * `failedWorkflowId`: the session's workflow itself failed, so its row is closed here.
     */
    async replanAfterTeleconsultation(input: {
      visitId: string;
      occurrence: number;
      dueDate: CivilDate;
      modality: VisitModality;
      failedWorkflowId?: string;
    }): Promise<void> {
      const inPerson = input.modality === 'IN_PERSON';
      await db.$transaction(async (tx) => {
        if (input.failedWorkflowId) {
          await tx.teleconsultation.updateMany({
            where: { workflowId: input.failedWorkflowId, status: { in: ['AWAITING_CONSENT', 'CONSENTED', 'WAITING_ROOM', 'IN_PROGRESS'] } },
            data: { status: 'FAILED', endedAt: now(), endedReason: 'Erreur du système' },
          });
        }
        await reopenScheduling(tx, { ...input, priority: inPerson ? 1 : 0, data: { modality: input.modality } });
        const why = input.failedWorkflowId ? 'La téléconsultation s’est arrêtée sur une erreur du système' : 'La téléconsultation n’a pas eu lieu';
        await recordVisitEvent(tx, {
          visitId: input.visitId,
          step: `replan:${input.occurrence}`,
          kind: 'REPLAN',
          summary: `${why} : visite à replanifier${inPerson ? ' en présentiel, dès que possible' : ''}`,
        });
      });
    },

    async recordCancellation(input: { visitId: string; actorId: string; reason: string }): Promise<void> {
      await db.$transaction(async (tx) => {
        await tx.visit.update({ where: { id: input.visitId }, data: { status: 'CANCELLED', cancellationReason: input.reason } });
        await tx.humanTask.updateMany({
          where: { visitId: input.visitId, status: 'OPEN' },
          data: { status: 'CANCELLED', closedAt: now() },
        });
        await recordVisitEvent(tx, {
          visitId: input.visitId,
          step: 'cancellation',
          kind: 'CANCELLATION',
          summary: `Visite annulée : ${input.reason}`,
          actorId: input.actorId,
        });
      });
    },
  };
}

export type VisitActivities = ReturnType<typeof createVisitActivities>;
