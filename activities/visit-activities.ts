// Activities of the visit workflow: every write is keyed so that a retried activity finds what
// its first attempt wrote instead of writing it twice.
import { createHash } from 'node:crypto';
import { civilFromDbDate, dbDateFromCivil, frenchDate, parisCivilDate, type CivilDate } from '../workflows/rules/calendar.js';
import { roleLabels, visitOutcomeLabels, visitTypeLabels } from '../workflows/rules/labels.js';
import { outcomeIsAvis, type ProfessionalRole, type VisitOutcome } from '../workflows/rules/visit-types.js';
import type { ConclusionForm } from '../workflows/visit/messages.js';
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
          summary: `${verb} le ${when} avec ${professional.displayName}`,
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

    async recordConclusion(input: { visitId: string; actorId: string; conclusion: ConclusionForm }): Promise<void> {
      const { conclusion } = input;
      await db.$transaction(async (tx) => {
        await tx.visit.update({
          where: { id: input.visitId },
          data: {
            outcome: conclusion.outcome,
            nextVisitDueDate: conclusion.nextVisitDueDate ? dbDateFromCivil(conclusion.nextVisitDueDate) : null,
            proposedMeasures: conclusion.measures ?? null,
            clinicalNotes: conclusion.notes ?? null,
            concludedAt: now(),
            concludedById: input.actorId,
          },
        });
        await tx.humanTask.updateMany({
          where: { visitId: input.visitId, status: 'OPEN', kind: { in: ['CONSULTATION', 'ESCALATION'] } },
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

    /** Issues the attestation or avis once; a retry returns the document the first attempt stored. */
    async issueVisitDocument(input: { visitId: string }): Promise<string> {
      const idempotencyKey = `${input.visitId}:document`;
      const existing = await db.document.findUnique({ where: { idempotencyKey }, select: { id: true } });
      if (existing) return existing.id;
      const visit = await db.visit.findUniqueOrThrow({
        where: { id: input.visitId },
        include: { employee: { include: { employer: true } }, assignedProfessional: true },
      });
      const concludedBy = visit.concludedById
        ? await db.professional.findUniqueOrThrow({ where: { id: visit.concludedById } })
        : visit.assignedProfessional;
      if (!visit.outcome || !concludedBy) throw new Error(`Visit ${visit.id} has no recorded conclusion`);
      const outcome = visit.outcome as VisitOutcome;
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
        visitDate: frenchDate(visitDate),
        outcomeLabel: visitOutcomeLabels[outcome],
        proposedMeasures: visit.proposedMeasures ?? undefined,
        nextVisitDueDate: visit.nextVisitDueDate ? frenchDate(civilFromDbDate(visit.nextVisitDueDate)) : undefined,
        professionalName: concludedBy.displayName,
        professionalRoleLabel: roleLabels[concludedBy.role],
      });
      const fileName = `${kind === 'AVIS' ? 'avis' : 'attestation'}-${visit.type.toLowerCase()}-${visitDate}.pdf`;
      return db.$transaction(async (tx) => {
        const document = await tx.document.upsert({
          where: { idempotencyKey },
          create: {
            visitId: visit.id,
            kind,
            fileName,
            content: Buffer.from(content),
            sha256: createHash('sha256').update(content).digest('hex'),
            idempotencyKey,
          },
          update: {},
          select: { id: true },
        });
        await tx.visit.update({ where: { id: visit.id }, data: { status: 'COMPLETED' } });
        await recordEvent(tx, {
          visitId: visit.id,
          step: 'document',
          kind: 'DOCUMENT',
          summary: `${kind === 'AVIS' ? 'Avis' : 'Attestation de suivi'} émis(e) ; visite clôturée`,
        });
        return document.id;
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
