// R-DATA-3, R-DATA-4: employees' requests on their record, recorded and steered by the service's staff
// (employees have no account). Each request runs its own workflow; a limitation freezes the record, and
// every path that changes or uses an employee's data asks `assertEmployeeNotFrozen` first.
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { z } from 'zod';
import { dataRightsDueDate, newRequestFormSchema, type CompletionForm, type DataRightsKind } from '../../workflows/data-rights/forms.js';
import { completeDataRightsRequestUpdate, type DataRightsResult, type DataRightsWorkflowInput } from '../../workflows/data-rights/messages.js';
import { civilFromDbDate, dbDateFromCivil, frenchDate, parisCivilDate } from '../../workflows/rules/calendar.js';
import type { Actor } from '../../workflows/visit/messages.js';
import type { Db } from '../db.js';
import { employeeInputSchema, identityTraits } from './employees.js';
import { DomainError } from './errors.js';
import { parseInput } from './input.js';
import { sendWorkflowUpdate, type TemporalDeps } from './visits.js';

export function frozenError(frozenAt: Date): DomainError {
  return new DomainError(
    'FROZEN',
    `Dossier gelé (limitation demandée le ${frenchDate(parisCivilDate(frozenAt))}) : il ne peut être ni modifié ni utilisé tant que le gel n’est pas levé.`,
  );
}

export async function assertEmployeeNotFrozen(db: Db, employeeId: string): Promise<void> {
  const employee = await db.employee.findUnique({ where: { id: employeeId }, select: { frozenAt: true } });
  if (employee?.frozenAt) throw frozenError(employee.frozenAt);
}

export async function assertVisitNotFrozen(db: Db, visitId: string): Promise<void> {
  const visit = await db.visit.findUnique({ where: { id: visitId }, select: { employee: { select: { frozenAt: true } } } });
  if (visit?.employee.frozenAt) throw frozenError(visit.employee.frozenAt);
}

/** Records the request and starts its workflow; a limitation freezes the record at once (R-DATA-3). */
export async function recordDataRightsRequest(
  db: Db,
  temporal: TemporalDeps,
  actor: Actor,
  input: unknown,
  now = new Date(),
): Promise<{ id: string; dueDate: string }> {
  const form = parseInput(newRequestFormSchema, input);
  const employee = await db.employee.findUnique({ where: { id: form.employeeId }, select: { id: true, frozenAt: true } });
  if (!employee) throw new DomainError('VALIDATION', 'Certaines données sont invalides.', { employeeId: 'Aucun salarié avec cet identifiant' });
  if (form.receivedOn > parisCivilDate(now)) {
    throw new DomainError('VALIDATION', 'Certaines données sont invalides.', { receivedOn: 'La date de réception ne peut pas être dans le futur' });
  }
  const id = randomUUID();
  const dueDate = dataRightsDueDate(form.receivedOn);
  const workflowId = `data-rights-${id}`;
  await db.$transaction(async (tx) => {
    await tx.dataRightsRequest.create({
      data: {
        id,
        employeeId: employee.id,
        kind: form.kind,
        receivedOn: dbDateFromCivil(form.receivedOn),
        dueDate: dbDateFromCivil(dueDate),
        details: form.details,
        recordedById: actor.id,
        writtenConsentReceived: form.writtenConsentReceived,
        idCopyReceived: form.idCopyReceived,
        workflowId,
      },
    });
    // A record already frozen by another limitation keeps that first freeze and its date.
    if (form.kind === 'LIMITATION' && !employee.frozenAt) {
      await tx.employee.update({ where: { id: employee.id }, data: { frozenAt: now, frozenReason: form.details, frozenByRequestId: id } });
    }
  });
  try {
    await temporal.client.workflow.start('dataRightsWorkflow', {
      workflowId,
      taskQueue: temporal.taskQueue,
      args: [{ requestId: id, kind: form.kind, dueDate } satisfies DataRightsWorkflowInput],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) {
      await db.$transaction([
        db.employee.updateMany({ where: { frozenByRequestId: id }, data: { frozenAt: null, frozenReason: null, frozenByRequestId: null } }),
        db.dataRightsRequest.delete({ where: { id } }),
      ]);
      throw new DomainError('UNAVAILABLE', 'Le moteur de processus est indisponible ; la demande n’a pas été enregistrée, réessayez.', undefined, { cause: error });
    }
  }
  return { id, dueDate };
}

async function openRequest(db: Db, requestId: string) {
  const request = await db.dataRightsRequest.findUnique({
    where: { id: requestId },
    select: { id: true, kind: true, status: true, workflowId: true, employeeId: true, writtenConsentReceived: true, idCopyReceived: true },
  });
  if (!request) throw new DomainError('NOT_FOUND', 'Demande introuvable.');
  if (request.status !== 'OPEN') throw new DomainError('CONFLICT', 'Cette demande est déjà traitée.');
  return request;
}

function refuseKind(kind: DataRightsKind, expected: DataRightsKind, message: string): void {
  if (kind !== expected) throw new DomainError('REFUSED', message);
}

/**
 * Completes a request through its workflow, which produces the export of an access or a transfer.
 * R-DATA-4: a transfer only with the written consent and the ID copy recorded. A limitation ends by
 * lifting its freeze (`liftFreeze`), and a frozen record is not exported.
 */
export async function completeDataRightsRequest(
  db: Db,
  temporal: TemporalDeps,
  actor: Actor,
  requestId: string,
  form: CompletionForm,
): Promise<DataRightsResult> {
  const request = await openRequest(db, requestId);
  if (request.kind === 'LIMITATION') throw new DomainError('REFUSED', 'Une demande de limitation se clôt en levant le gel du dossier.');
  if (request.kind === 'TRANSFER' && !(request.writtenConsentReceived && request.idCopyReceived)) {
    throw new DomainError('REFUSED', 'Transmission impossible : le consentement écrit du salarié et la copie de sa pièce d’identité doivent être reçus (R-DATA-4).');
  }
  await assertEmployeeNotFrozen(db, request.employeeId);
  return sendWorkflowUpdate(temporal, request.workflowId, completeDataRightsRequestUpdate, { actor, form });
}

/** R-DATA-4: the written consent and the ID copy of a transfer, as they arrive. */
export async function recordTransferPapers(db: Db, requestId: string, papers: { writtenConsentReceived: boolean; idCopyReceived: boolean }): Promise<void> {
  const request = await openRequest(db, requestId);
  refuseKind(request.kind, 'TRANSFER', 'Seule une demande de transmission attend un consentement et une pièce d’identité.');
  await db.dataRightsRequest.update({ where: { id: requestId }, data: papers });
}

/** Lifts the freeze of a limitation request and closes the request with the answer given. */
export async function liftFreeze(db: Db, temporal: TemporalDeps, actor: Actor, requestId: string, form: CompletionForm): Promise<DataRightsResult> {
  const request = await openRequest(db, requestId);
  refuseKind(request.kind, 'LIMITATION', 'Seule une demande de limitation gèle le dossier.');
  // The workflow validates the answer first: nothing is unfrozen if it refuses.
  const result = await sendWorkflowUpdate(temporal, request.workflowId, completeDataRightsRequestUpdate, { actor, form });
  await db.employee.updateMany({ where: { id: request.employeeId, frozenByRequestId: requestId }, data: { frozenAt: null, frozenReason: null, frozenByRequestId: null } });
  return result;
}

/** The identity traits a rectification may correct, validated like the employee's creation. */
export const rectificationSchema = employeeInputSchema.innerType().pick(identityTraits);

export type Rectification = z.output<typeof rectificationSchema>;

/** R-DATA-3 rectification: corrects the identity; returns what changed, before and after, for the audit trail. */
export async function rectifyIdentity(
  db: Db,
  requestId: string,
  input: unknown,
): Promise<{ before: Partial<Rectification>; after: Partial<Rectification> }> {
  const request = await openRequest(db, requestId);
  refuseKind(request.kind, 'RECTIFICATION', 'Seule une demande de rectification corrige l’identité.');
  const form = parseInput(rectificationSchema, input);
  await assertEmployeeNotFrozen(db, request.employeeId);
  const current = await db.employee.findUniqueOrThrow({
    where: { id: request.employeeId },
    select: identityTraits,
  });
  const stored: Record<string, unknown> = { ...current, birthDate: civilFromDbDate(current.birthDate) };
  const corrected = { ...form, usedName: form.usedName ?? null, ins: form.ins ?? null };
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(corrected)) {
    if ((stored[key] ?? null) !== value) {
      before[key] = stored[key] ?? null;
      after[key] = value;
    }
  }
  if (Object.keys(after).length === 0) throw new DomainError('VALIDATION', 'Aucune donnée n’a été modifiée.');
  await db.employee.update({ where: { id: request.employeeId }, data: { ...corrected, birthDate: dbDateFromCivil(form.birthDate) } });
  return { before: before as Partial<Rectification>, after: after as Partial<Rectification> };
}
