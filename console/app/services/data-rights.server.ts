// R-DATA-3, R-DATA-4: the staff's pages on employees' requests. Every read and every action is audited
// (R-DATA-2); the domain rules live in activities/domain/data-rights.ts, the deadlines in the workflow.
import {
  completeDataRightsRequest,
  liftFreeze,
  recordDataRightsRequest,
  recordTransferPapers,
  rectifyIdentity,
} from '../../../activities/domain/data-rights.js';
import { DomainError } from '../../../activities/domain/errors.js';
import { parseInput } from '../../../activities/domain/input.js';
import { completionFormSchema, dataRightsKindLabels } from '../../../workflows/data-rights/forms.js';
import { civilFromDbDate, parisCivilDate } from '../../../workflows/rules/calendar.js';
import type { Actor } from '../../../workflows/visit/messages.js';
import { audit, type AuditAction } from './audit.server.js';
import type { SignedInProfessional } from './auth.server.js';
import { consoleContext } from './context.server.js';
import { frenchDateTime, frenchDbDate, frenchShortDateTime, surnameFirst } from './format.server.js';

const actorOf = (professional: SignedInProfessional): Actor => ({ id: professional.id, role: professional.role, displayName: professional.displayName });

const LIST_SIZE = 200;

/** Open requests first, the nearest due date first; overdue ones say so. */
export async function listDataRightsRequests(request: Request, professional: SignedInProfessional) {
  const { db } = consoleContext();
  const rows = await db.dataRightsRequest.findMany({
    orderBy: [{ status: 'asc' }, { dueDate: 'asc' }, { id: 'asc' }],
    take: LIST_SIZE,
    select: {
      id: true,
      kind: true,
      status: true,
      receivedOn: true,
      dueDate: true,
      employee: { select: { birthName: true, usedName: true, firstNames: true, frozenAt: true } },
      tasks: { where: { status: 'OPEN' }, select: { kind: true } },
    },
  });
  await audit(request, { actor: professional, action: 'data-rights.list', entityType: 'DataRightsRequest', entityId: '*' });
  const today = parisCivilDate(new Date());
  return rows.map((row) => ({
    id: row.id,
    kind: dataRightsKindLabels[row.kind],
    employee: surnameFirst(row.employee),
    frozen: row.employee.frozenAt !== null,
    receivedOn: frenchDbDate(row.receivedOn),
    dueDate: frenchDbDate(row.dueDate),
    open: row.status === 'OPEN',
    overdue: row.status === 'OPEN' && civilFromDbDate(row.dueDate) < today,
    reminder: row.tasks.some((task) => task.kind === 'REMINDER'),
  }));
}

/** The employees a request may be recorded for, by name. */
export async function employeeChoices() {
  const employees = await consoleContext().db.employee.findMany({
    orderBy: [{ birthName: 'asc' }, { firstNames: 'asc' }, { id: 'asc' }],
    select: { id: true, birthName: true, usedName: true, firstNames: true, birthDate: true, employer: { select: { name: true } } },
  });
  return employees.map((employee) => ({
    id: employee.id,
    label: `${surnameFirst(employee)}, né(e) le ${frenchDbDate(employee.birthDate)} — ${employee.employer.name}`,
  }));
}

export async function recordRequest(request: Request, professional: SignedInProfessional, fields: unknown): Promise<string> {
  const { db, temporal } = consoleContext();
  const { id } = await recordDataRightsRequest(db, temporal, actorOf(professional), fields);
  const recorded = await db.dataRightsRequest.findUniqueOrThrow({ where: { id }, select: { kind: true, employeeId: true } });
  await audit(request, { actor: professional, action: 'data-rights.record', entityType: 'DataRightsRequest', entityId: id, reason: dataRightsKindLabels[recorded.kind] });
  if (recorded.kind === 'LIMITATION') {
    await audit(request, { actor: professional, action: 'employee.freeze', entityType: 'Employee', entityId: recorded.employeeId, reason: `Demande ${id}` });
  }
  return id;
}

export async function loadRequestPage(request: Request, professional: SignedInProfessional, requestId: string) {
  const { db } = consoleContext();
  const row = await db.dataRightsRequest.findUnique({
    where: { id: requestId },
    include: {
      employee: { include: { employer: { select: { name: true } } } },
      tasks: { orderBy: { createdAt: 'asc' } },
      export: { select: { id: true, createdAt: true } },
    },
  });
  if (!row) throw new DomainError('NOT_FOUND', 'Demande introuvable.');
  await audit(request, { actor: professional, action: 'data-rights.read', entityType: 'DataRightsRequest', entityId: row.id });
  const { employee } = row;
  const names = await db.professional.findMany({
    where: { id: { in: [row.recordedById, row.completedById].filter((id): id is string => id !== null) } },
    select: { id: true, displayName: true },
  });
  const nameOf = (id: string | null) => names.find((candidate) => candidate.id === id)?.displayName ?? null;
  return {
    request: {
      id: row.id,
      kind: row.kind,
      kindLabel: dataRightsKindLabels[row.kind],
      open: row.status === 'OPEN',
      overdue: row.status === 'OPEN' && civilFromDbDate(row.dueDate) < parisCivilDate(new Date()),
      receivedOn: frenchDbDate(row.receivedOn),
      dueDate: frenchDbDate(row.dueDate),
      details: row.details,
      recordedBy: nameOf(row.recordedById),
      writtenConsentReceived: row.writtenConsentReceived,
      idCopyReceived: row.idCopyReceived,
      summary: row.summary,
      completedAt: row.completedAt && frenchDateTime(row.completedAt),
      completedBy: nameOf(row.completedById),
      tasks: row.tasks.map((task) => ({ id: task.id, kind: task.kind, open: task.status === 'OPEN', createdAt: frenchShortDateTime(task.createdAt) })),
      exportReady: row.export !== null,
    },
    employee: {
      id: employee.id,
      name: surnameFirst(employee),
      employer: employee.employer.name,
      frozenAt: employee.frozenAt && frenchDateTime(employee.frozenAt),
      frozenReason: employee.frozenReason,
      identity: {
        birthName: employee.birthName,
        usedName: employee.usedName ?? '',
        firstNames: employee.firstNames,
        birthDate: civilFromDbDate(employee.birthDate),
        sex: employee.sex,
        birthPlace: employee.birthPlace,
        ins: employee.ins ?? '',
        email: employee.email,
        phone: employee.phone,
      },
    },
  };
}

/** Sends an answer and audits it, accepted or refused (a refusal also comes back to the form). */
async function answered(request: Request, professional: SignedInProfessional, action: Extract<AuditAction, 'data-rights.complete' | 'employee.freeze.lift'>, entity: { entityType: 'DataRightsRequest' | 'Employee'; entityId: string }, send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch (error) {
    if (error instanceof DomainError && (error.code === 'REFUSED' || error.code === 'FROZEN')) {
      await audit(request, { actor: professional, action: `${action}.refused`, ...entity, reason: error.message });
    }
    throw error;
  }
  await audit(request, { actor: professional, action, ...entity });
}

export async function completeRequest(request: Request, professional: SignedInProfessional, requestId: string, fields: unknown): Promise<void> {
  const { db, temporal } = consoleContext();
  const form = parseInput(completionFormSchema, fields);
  await answered(request, professional, 'data-rights.complete', { entityType: 'DataRightsRequest', entityId: requestId }, () =>
    completeDataRightsRequest(db, temporal, actorOf(professional), requestId, form),
  );
}

/** Lifting the freeze is audited on the employee's record, and closes the limitation request. */
export async function liftRequestFreeze(request: Request, professional: SignedInProfessional, requestId: string, fields: unknown): Promise<void> {
  const { db, temporal } = consoleContext();
  const form = parseInput(completionFormSchema, fields);
  const row = await db.dataRightsRequest.findUnique({ where: { id: requestId }, select: { employeeId: true } });
  if (!row) throw new DomainError('NOT_FOUND', 'Demande introuvable.');
  await answered(request, professional, 'employee.freeze.lift', { entityType: 'Employee', entityId: row.employeeId }, () =>
    liftFreeze(db, temporal, actorOf(professional), requestId, form),
  );
  await audit(request, { actor: professional, action: 'data-rights.complete', entityType: 'DataRightsRequest', entityId: requestId });
}

export async function recordPapers(request: Request, professional: SignedInProfessional, requestId: string, fields: Record<string, FormDataEntryValue>): Promise<void> {
  const papers = { writtenConsentReceived: fields.writtenConsentReceived === 'on', idCopyReceived: fields.idCopyReceived === 'on' };
  await recordTransferPapers(consoleContext().db, requestId, papers);
  await audit(request, {
    actor: professional,
    action: 'data-rights.papers',
    entityType: 'DataRightsRequest',
    entityId: requestId,
    reason: `Consentement écrit : ${papers.writtenConsentReceived ? 'reçu' : 'non reçu'} ; copie de la pièce d’identité : ${papers.idCopyReceived ? 'reçue' : 'non reçue'}`,
  });
}

/** R-DATA-3 rectification: what was corrected, before and after, is kept in the audit trail. */
export async function rectify(request: Request, professional: SignedInProfessional, requestId: string, fields: Record<string, FormDataEntryValue>): Promise<void> {
  const { db } = consoleContext();
  // Empty optional fields mean "none", as the employee schema expects them absent.
  const input = Object.fromEntries(Object.entries(fields).filter(([name, value]) => name !== 'intent' && value !== ''));
  const { before, after } = await rectifyIdentity(db, requestId, input);
  const row = await db.dataRightsRequest.findUniqueOrThrow({ where: { id: requestId }, select: { employeeId: true } });
  await audit(request, { actor: professional, action: 'employee.rectify', entityType: 'Employee', entityId: row.employeeId, reason: JSON.stringify({ requestId, before, after }) });
}

/** The stored export, PDF or JSON, for staff to hand over; each download is audited. */
export async function exportDownload(request: Request, professional: SignedInProfessional, requestId: string, format: string): Promise<Response> {
  if (format !== 'pdf' && format !== 'json') throw new DomainError('NOT_FOUND', 'Format inconnu.');
  const stored = await consoleContext().db.dataRightsExport.findUnique({ where: { requestId }, select: { pdf: true, json: true } });
  if (!stored) throw new DomainError('NOT_FOUND', 'Aucun export pour cette demande.');
  await audit(request, { actor: professional, action: 'data-rights.export.download', entityType: 'DataRightsRequest', entityId: requestId, reason: format.toUpperCase() });
  const headers = (type: string) => ({
    'Content-Type': type,
    'Content-Disposition': `attachment; filename="dmst-${requestId}.${format}"`,
    'Cache-Control': 'private, no-store',
  });
  return format === 'pdf'
    ? new Response(stored.pdf, { headers: headers('application/pdf') })
    : new Response(JSON.stringify(stored.json, null, 2), { headers: headers('application/json; charset=utf-8') });
}
