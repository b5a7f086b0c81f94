// Activities of the visit workflow: every write is keyed so that a retried activity finds what
// its first attempt wrote instead of writing it twice.
import { createHash, randomUUID } from 'node:crypto';
import { civilFromDbDate, dbDateFromCivil, frenchDate, parisCivilDate, plusDays, type CivilDate } from '../workflows/rules/calendar.js';
import { reorientationReasonLabels, roleLabels, visitOutcomeLabels, visitTypeLabels } from '../workflows/rules/labels.js';
import { protocolConfigSchema } from '../workflows/rules/protocol-config.js';
import { outcomeIsAvis, type ProfessionalRole, type VisitOutcome } from '../workflows/rules/visit-types.js';
import type { Conclusion, ReorientationForm } from '../workflows/visit/forms.js';
import type { Db } from './db.js';
import { renderVisitDocumentPdf } from './documents/visit-document-pdf.js';
import type { Prisma } from '../prisma/generated/client.js';
import type { TaskKind } from '../prisma/generated/enums.js';

export interface VisitActivityDependencies {
  db: Db;
  serviceName: string;
  now?: () => Date;
}

export function createVisitActivities({ db, serviceName, now = () => new Date() }: VisitActivityDependencies) {
  /** The timeline entry of a step, keyed by the step so a retry does not repeat it. */
  function recordEvent(tx: Prisma.TransactionClient, event: { visitId: string; step: string; kind: string; summary: string; actorId?: string }) {
    const idempotencyKey = `${event.visitId}:${event.step}`;
    return tx.visitEvent.upsert({
      where: { idempotencyKey },
      create: { visitId: event.visitId, kind: event.kind, summary: event.summary, actorId: event.actorId, idempotencyKey },
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
    }): Promise<void> {
      const consultationKey = `${input.visitId}:CONSULTATION:${input.revision}`;
      const appointmentAt = new Date(input.appointmentAt);
      await db.$transaction(async (tx) => {
        const professional = await tx.professional.findUniqueOrThrow({ where: { id: input.professionalId } });
        await tx.visit.update({
          where: { id: input.visitId },
          data: { status: 'SCHEDULED', appointmentAt, assignedProfessionalId: professional.id },
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
        await recordEvent(tx, {
          visitId: input.visitId,
          step: `appointment:${input.revision}`,
          kind: 'APPOINTMENT',
          summary: `${verb} le ${when} avec ${professional.displayName}${input.reason ? ` — motif : ${input.reason}` : ''}`,
          actorId: input.actorId,
        });
      });
    },

    async markOverdue(input: { visitId: string; deadline: CivilDate }): Promise<void> {
      await db.$transaction(async (tx) => {
        await tx.visit.update({ where: { id: input.visitId }, data: { overdue: true } });
        await tx.humanTask.upsert({
          where: { idempotencyKey: `${input.visitId}:ESCALATION:1` },
          create: {
            visitId: input.visitId,
            kind: 'ESCALATION',
            role: 'ASSISTANT',
            dueDate: dbDateFromCivil(parisCivilDate(now())),
            idempotencyKey: `${input.visitId}:ESCALATION:1`,
          },
          update: {},
        });
        await recordEvent(tx, {
          visitId: input.visitId,
          step: 'overdue',
          kind: 'OVERDUE',
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
        await recordEvent(tx, {
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
        include: { employee: { include: { employer: true } }, assignedProfessional: true, documents: { select: { id: true } } },
      });
      if (!visit.outcome) throw new Error(`Visit ${visit.id} has no recorded conclusion`);
      const outcome = visit.outcome as VisitOutcome;
      const issuesDocument = outcome !== 'LIAISON_HELD';
      const stored = visit.documents[0];
      const fresh = issuesDocument && !stored ? await renderDocument(visit, outcome) : undefined;
      await db.$transaction(async (tx) => {
        if (fresh) await tx.document.upsert({ where: { idempotencyKey: fresh.idempotencyKey }, create: fresh, update: {} });
        await tx.visit.update({ where: { id: visit.id }, data: { status: 'COMPLETED' } });
        await recordEvent(tx, {
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
      await db.$transaction(async (tx) => {
        await tx.visit.update({
          where: { id: input.visitId },
          data: { status: 'TO_SCHEDULE', appointmentAt: null, assignedProfessionalId: null, ...(input.billable ? { billable: true } : {}) },
        });
        await tx.humanTask.updateMany({
          where: { visitId: input.visitId, status: 'OPEN', kind: 'CONSULTATION' },
          data: { status: 'CANCELLED', closedAt: now() },
        });
        const idempotencyKey = `${input.visitId}:SCHEDULING:${input.occurrence}`;
        await tx.humanTask.upsert({
          where: { idempotencyKey },
          create: { visitId: input.visitId, kind: 'SCHEDULING', role: 'ASSISTANT', dueDate: dbDateFromCivil(input.dueDate), idempotencyKey },
          update: {},
        });
        const what = input.kind === 'NO_SHOW' ? 'Absence au rendez-vous' : `Absence excusée (${input.reason})`;
        await recordEvent(tx, {
          visitId: input.visitId,
          step: `missed:${input.occurrence}`,
          kind: input.kind,
          summary: `${what}${input.billable ? ' : facturable à l’employeur' : ' : non facturée'} ; à replanifier`,
          actorId: input.actorId,
        });
      });
    },

    /** R-DEL-2..4: the nurse's consultation ends here; the visit records the link to the doctor's re-orientation. */
    async recordReorientation(input: { visitId: string; reorientationWorkflowId: string; actorId: string; form: ReorientationForm }): Promise<void> {
      await db.$transaction(async (tx) => {
        await tx.visit.update({
          where: { id: input.visitId },
          data: { reorientationWorkflowId: input.reorientationWorkflowId, reorientationDetails: input.form.details },
        });
        await tx.humanTask.updateMany({
          where: { visitId: input.visitId, status: 'OPEN', kind: 'CONSULTATION' },
          data: { status: 'DONE', closedAt: now() },
        });
        await recordEvent(tx, {
          visitId: input.visitId,
          step: 'reorientation',
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
    async openReorientationTask(input: { visitId: string; protocolVersion: number; openedOn: CivilDate }): Promise<CivilDate> {
      const version = await db.protocolConfigVersion.findUniqueOrThrow({ where: { version: input.protocolVersion }, select: { config: true } });
      const dueDate = plusDays(input.openedOn, protocolConfigSchema.parse(version.config).delegation.reorientationDeadlineDays);
      const idempotencyKey = `${input.visitId}:REORIENTATION:1`;
      const task = await db.humanTask.upsert({
        where: { idempotencyKey },
        create: { visitId: input.visitId, kind: 'REORIENTATION', role: 'DOCTOR', priority: 1, dueDate: dbDateFromCivil(dueDate), idempotencyKey },
        update: {},
      });
      return civilFromDbDate(task.dueDate);
    },

    /** The doctor has not seen the re-oriented employee in time: coordinators find a slot, first in their inbox. */
    async escalateReorientation(input: { visitId: string; dueDate: CivilDate; escalatedOn: CivilDate }): Promise<void> {
      await db.$transaction(async (tx) => {
        const idempotencyKey = `${input.visitId}:ESCALATION:reorientation`;
        await tx.humanTask.upsert({
          where: { idempotencyKey },
          create: { visitId: input.visitId, kind: 'ESCALATION', role: 'ASSISTANT', priority: 1, dueDate: dbDateFromCivil(input.escalatedOn), idempotencyKey },
          update: {},
        });
        await recordEvent(tx, {
          visitId: input.visitId,
          step: 'reorientation-overdue',
          kind: 'OVERDUE',
          summary: `Réorientation non reçue par le médecin au ${frenchDate(input.dueDate)} : escalade vers la coordination`,
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
        await recordEvent(tx, {
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
