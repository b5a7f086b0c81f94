// The employer portal (issue 8): a member company sees the follow-up of its own employees, asks for a visit
// (R-DEMANDE-1) and downloads their attestations and avis — never medical content (R-TELE-12, R-DATA-2). Every
// query is scoped by the signed-in account's company; another company's employee or document is « introuvable ».
import { DomainError } from '../../../activities/domain/errors.js';
import { recordFollowUpEvent } from '../../../activities/domain/follow-ups.js';
import { followUpEventSchema } from '../../../workflows/follow-up/messages.js';
import { riskCodes } from '../../../workflows/rules/protocol-config.js';
import { parseInput } from '../../../activities/domain/input.js';
import { civilFromDbDate, frenchDate, parisCivilDate, plusDays } from '../../../workflows/rules/calendar.js';
import { visitStatusLabels, visitTypeLabels } from '../../../workflows/rules/labels.js';
import { documentKindLabels, followUpCategoryLabels, riskLabels } from './labels.server.js';
import { DUE_SOON_DAYS, followUpStateLabels, followUpStates, visitRequestSchema, type FollowUpState } from '../forms/employer-portal.js';
import { audit } from './audit.server.js';
import type { SignedInEmployer } from './auth.server.js';
import { consoleContext } from './context.server.js';
import { pdfDownload } from './documents.server.js';
import { frenchDbDate, frenchShortDateTime, surnameFirst } from './format.server.js';

const OPEN_STATUSES = ['TO_SCHEDULE', 'SCHEDULED'] as const;
/** What an employer may download: attestations and avis, not the teleconsultation report. */
const EMPLOYER_DOCUMENT_KINDS = ['ATTESTATION', 'AVIS'] as const;

function stateOf(openDeadlines: string[], today: string): FollowUpState {
  if (openDeadlines.some((deadline) => deadline < today)) return 'en-retard';
  if (openDeadlines.some((deadline) => deadline <= plusDays(today, DUE_SOON_DAYS))) return 'bientot';
  return 'a-jour';
}

export async function loadEmployerDashboard(employer: SignedInEmployer, filter: string | null) {
  const { db } = consoleContext();
  const today = parisCivilDate(new Date());
  const [company, employees, documents, billedAbsences, waitingCampaign] = await Promise.all([
    db.employer.findUniqueOrThrow({ where: { id: employer.employerId }, select: { name: true } }),
    db.employee.findMany({
      where: { employerId: employer.employerId, departedOn: null },
      orderBy: [{ birthName: 'asc' }, { firstNames: 'asc' }],
      select: {
        id: true,
        birthName: true,
        usedName: true,
        firstNames: true,
        post: { select: { title: true, followUpCategory: true } },
        visits: {
          where: { status: { in: [...OPEN_STATUSES] } },
          orderBy: { deadline: 'asc' },
          select: { id: true, type: true, status: true, deadline: true, appointmentAt: true },
        },
      },
    }),
    db.document.findMany({
      where: { kind: { in: [...EMPLOYER_DOCUMENT_KINDS] }, visit: { employee: { employerId: employer.employerId } } },
      orderBy: { createdAt: 'desc' },
      take: 50,
      select: { id: true, kind: true, fileName: true, createdAt: true, visit: { select: { employee: { select: { birthName: true, usedName: true, firstNames: true } } } } },
    }),
    // R-OPS-1: what the company is billed for, with what it needs to check each line.
    db.billedAbsence.findMany({
      where: { visit: { employee: { employerId: employer.employerId } } },
      orderBy: { appointmentAt: 'desc' },
      take: 100,
      select: {
        id: true,
        appointmentAt: true,
        excuseDueAt: true,
        excusedAt: true,
        visit: { select: { type: true, employee: { select: { birthName: true, usedName: true, firstNames: true } } } },
      },
    }),
    // Issue 8: a yearly staff declaration still waiting for the company's confirmation.
    db.staffDeclarationCampaign.findFirst({
      where: { employerId: employer.employerId, confirmedAt: null, expiredAt: null },
      orderBy: { year: 'desc' },
      select: { year: true },
    }),
  ]);
  const rows = employees.map((employee) => {
    const state = stateOf(employee.visits.map((visit) => civilFromDbDate(visit.deadline)), today);
    return {
      id: employee.id,
      name: surnameFirst(employee),
      post: employee.post.title,
      category: followUpCategoryLabels[employee.post.followUpCategory],
      state,
      stateLabel: followUpStateLabels[state],
      visits: employee.visits.map((visit) => ({
        id: visit.id,
        type: visitTypeLabels[visit.type],
        status: visitStatusLabels[visit.status],
        deadline: frenchDbDate(visit.deadline),
        appointment: visit.appointmentAt ? frenchShortDateTime(visit.appointmentAt) : null,
      })),
    };
  });
  const counts = Object.fromEntries(followUpStates.map((state) => [state, rows.filter((row) => row.state === state).length])) as Record<FollowUpState, number>;
  const shown = followUpStates.find((state) => state === filter);
  return {
    company: company.name,
    declarationWaitingYear: waitingCampaign?.year ?? null,
    counts,
    filter: shown ?? null,
    employees: shown ? rows.filter((row) => row.state === shown) : rows,
    everyone: rows.map(({ id, name }) => ({ id, name })),
    documents: documents.map((document) => ({
      id: document.id,
      kind: documentKindLabels[document.kind],
      fileName: document.fileName,
      createdAt: frenchShortDateTime(document.createdAt),
      employee: surnameFirst(document.visit.employee),
    })),
    billedAbsences: billedAbsences.map((absence) => ({
      id: absence.id,
      employee: surnameFirst(absence.visit.employee),
      visitType: visitTypeLabels[absence.visit.type],
      appointment: frenchShortDateTime(absence.appointmentAt),
      excuseDue: frenchShortDateTime(absence.excuseDueAt),
      excuse: absence.excusedAt ? `Excusée le ${frenchShortDateTime(absence.excusedAt)}, trop tard` : 'Absence sans excuse',
    })),
  };
}

/** R-DEMANDE-1: the employer asks for a visit of one of its employees; the follow-up workflow opens it. */
export async function requestVisit(request: Request, employer: SignedInEmployer, fields: unknown): Promise<void> {
  const form = parseInput(visitRequestSchema, fields);
  const { db, temporal } = consoleContext();
  const employee = await db.employee.findFirst({ where: { id: form.employeeId, employerId: employer.employerId, departedOn: null }, select: { id: true } });
  if (!employee) throw new DomainError('NOT_FOUND', 'Salarié introuvable.');
  await recordFollowUpEvent(db, temporal, employee.id, { type: 'VISIT_REQUESTED', date: parisCivilDate(new Date()), requestedBy: 'EMPLOYER', reason: form.reason });
  await audit(request, { actor: employer, action: 'employer.visit-request', entityType: 'Employee', entityId: employee.id, reason: form.reason });
}

/** An attestation or avis of one of the company's employees, as a PDF; the download is audited. */
export async function employerDocumentDownload(request: Request, employer: SignedInEmployer, documentId: string): Promise<Response> {
  const document = await consoleContext().db.document.findFirst({
    where: { id: documentId, kind: { in: [...EMPLOYER_DOCUMENT_KINDS] }, visit: { employee: { employerId: employer.employerId } } },
    select: { id: true, fileName: true, content: true },
  });
  if (!document) throw new DomainError('NOT_FOUND', 'Document introuvable.');
  await audit(request, { actor: employer, action: 'document.download', entityType: 'Document', entityId: document.id, reason: 'Téléchargement par l’employeur' });
  return pdfDownload(document);
}

/** What the company declared of an employee: the portal's employee page and its list as of 1 January. */
export const declaredEmployeeSelect = {
  id: true,
  birthName: true,
  usedName: true,
  firstNames: true,
  hireDate: true,
  departedOn: true,
  apprentice: true,
  disabled: true,
  invalidityPension: true,
  post: { select: { title: true, risks: true, nightWork: true, followUpCategory: true } },
} as const;

/** One of the company's employees, or « introuvable » (another company's, or, unless `departed`, gone). */
async function ownEmployee(employer: SignedInEmployer, employeeId: string, { departed = false } = {}) {
  const employee = await consoleContext().db.employee.findFirst({
    where: { id: employeeId, employerId: employer.employerId, ...(departed ? {} : { departedOn: null }) },
    select: declaredEmployeeSelect,
  });
  if (!employee) throw new DomainError('NOT_FOUND', 'Salarié introuvable.');
  return employee;
}

/** Issue 8: what the company declared of one employee, and the changes it may declare. Nothing medical. */
export async function loadEmployerEmployee(employer: SignedInEmployer, employeeId: string) {
  // A departed employee stays readable, so the page that declared the departure can say it was recorded.
  const employee = await ownEmployee(employer, employeeId, { departed: true });
  return {
    id: employee.id,
    name: surnameFirst(employee),
    hireDate: frenchDbDate(employee.hireDate),
    departedOn: employee.departedOn ? frenchDbDate(employee.departedOn) : null,
    post: { title: employee.post.title, risks: employee.post.risks, nightWork: employee.post.nightWork },
    category: followUpCategoryLabels[employee.post.followUpCategory],
    situation: { apprentice: employee.apprentice, disabled: employee.disabled, invalidityPension: employee.invalidityPension },
    riskOptions: riskCodes.map((code) => ({ code, label: riskLabels[code] })),
    today: parisCivilDate(new Date()),
  };
}

export const employeeEventKinds = ['POST_CHANGED', 'SITUATION_CHANGED', 'EXPOSURE_ENDED', 'DEPARTURE'] as const;
export type EmployeeEventKind = (typeof employeeEventKinds)[number];
const employeeEventLabels: Record<EmployeeEventKind, string> = {
  POST_CHANGED: 'Changement de poste ou de risques',
  SITUATION_CHANGED: 'Changement de situation',
  EXPOSURE_ENDED: 'Fin d’exposition (R-POST-1)',
  DEPARTURE: 'Départ de l’entreprise',
};

/** The event a form describes, for the follow-up workflow's own schema to judge. */
function employeeEventOf(kind: EmployeeEventKind, form: FormData): unknown {
  const date = String(form.get('date') ?? '');
  const ticked = (name: string) => form.get(name) === 'on';
  switch (kind) {
    case 'POST_CHANGED':
      return { type: kind, date, post: { title: String(form.get('title') ?? ''), risks: form.getAll('risks').map(String), nightWork: ticked('nightWork') } };
    case 'SITUATION_CHANGED':
      // Pregnancy stays the employee's to declare (R-CAT-2): the company's form does not carry it.
      return { type: kind, date, apprentice: ticked('apprentice'), disabled: ticked('disabled'), invalidityPension: ticked('invalidityPension') };
    case 'EXPOSURE_ENDED':
    case 'DEPARTURE':
      return { type: kind, date };
  }
}

/**
 * Issue 8: a change the company declares for one of its employees becomes an event of the employee's follow-up
 * workflow, which opens the visits it calls for; returns them, in French.
 */
export async function declareEmployeeChange(request: Request, employer: SignedInEmployer, employeeId: string, form: FormData): Promise<{ kind: EmployeeEventKind; message: string }> {
  const kind = employeeEventKinds.find((candidate) => candidate === form.get('intent'));
  if (!kind) throw new DomainError('VALIDATION', 'Choisissez le changement à déclarer.');
  const employee = await ownEmployee(employer, employeeId);
  const event = parseInput(followUpEventSchema, employeeEventOf(kind, form));
  const { db, temporal } = consoleContext();
  const { visits } = await recordFollowUpEvent(db, temporal, employee.id, event);
  await audit(request, { actor: employer, action: 'employer.employee-event', entityType: 'Employee', entityId: employee.id, reason: `${employeeEventLabels[kind]} au ${frenchDate(event.date)}` });
  const opened = visits.map((visit) => `${visitTypeLabels[visit.type]}, au plus tard le ${frenchDate(visit.deadline)}`);
  const message = `${employeeEventLabels[kind]} enregistré. ${opened.length > 0 ? `Visite(s) ouverte(s) : ${opened.join(' ; ')}.` : 'Aucune nouvelle visite n’est due.'}`;
  return { kind, message };
}

