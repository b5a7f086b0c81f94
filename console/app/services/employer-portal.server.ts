// The employer portal (issue 8): a member company sees the follow-up of its own employees, asks for a visit
// (R-DEMANDE-1) and downloads their attestations and avis — never medical content (R-TELE-12, R-DATA-2). Every
// query is scoped by the signed-in account's company; another company's employee or document is « introuvable ».
import { DomainError } from '../../../activities/domain/errors.js';
import { recordFollowUpEvent } from '../../../activities/domain/follow-ups.js';
import { parseInput } from '../../../activities/domain/input.js';
import { civilFromDbDate, parisCivilDate, plusDays } from '../../../workflows/rules/calendar.js';
import { visitStatusLabels, visitTypeLabels } from '../../../workflows/rules/labels.js';
import { documentKindLabels, followUpCategoryLabels } from './labels.server.js';
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
