// R-DATA-3 access, R-DATA-4 transfer: the employee's DMST as staff hand it over, in JSON (complete, for
// another service's software) and in PDF (to read): identity, post, visits with their outcomes and
// dates, documents, and who accessed the record (R-DATA-2, from the audit trail).
import { civilFromDbDate, frenchDate } from '../../workflows/rules/calendar.js';
import { visitOutcomeLabels, visitStatusLabels, visitTypeLabels } from '../../workflows/rules/labels.js';
import type { VisitOutcome } from '../../workflows/rules/visit-types.js';
import type { Db } from '../db.js';
import { createPdfWriter } from './pdf-writer.js';

export interface DmstExport {
  generatedAt: string;
  identity: {
    birthName: string;
    usedName: string | null;
    firstNames: string;
    birthDate: string;
    sex: string;
    birthPlace: string;
    ins: string | null;
    email: string;
    phone: string;
  };
  employer: { name: string; siret: string };
  hireDate: string;
  departedOn: string | null;
  posts: { title: string; risks: string[]; nightWork: boolean; followUpCategory: string }[];
  stoppages: { cause: string; startDate: string; returnDate: string | null }[];
  visits: {
    id: string;
    type: string;
    status: string;
    dueDate: string;
    deadline: string;
    appointmentAt: string | null;
    concludedAt: string | null;
    outcome: string | null;
    proposedMeasures: string | null;
    clinicalNotes: string | null;
    nextVisitDueDate: string | null;
    /** The pre-visit questionnaire's answers (issue 8), each with its question. */
    questionnaire: { question: string; answer: string }[];
  }[];
  documents: { id: string; visitId: string; kind: string; fileName: string; createdAt: string; sha256: string }[];
  accessHistory: { at: string; actor: string; action: string; entityType: string; entityId: string; reason: string | null }[];
}

const civil = (date: Date | null) => (date ? civilFromDbDate(date) : null);

export async function collectDmst(db: Db, employeeId: string, now: Date): Promise<DmstExport> {
  const employee = await db.employee.findUniqueOrThrow({
    where: { id: employeeId },
    include: {
      employer: { select: { name: true, siret: true } },
      post: true,
      stoppages: { orderBy: { startDate: 'asc' } },
      visits: {
        orderBy: { dueDate: 'asc' },
        include: { documents: { select: { id: true, kind: true, fileName: true, createdAt: true, sha256: true } }, questionnaire: { select: { answers: true } } },
      },
      dataRightsRequests: { select: { id: true } },
    },
  });
  const visitIds = employee.visits.map((visit) => visit.id);
  const documentIds = employee.visits.flatMap((visit) => visit.documents.map((document) => document.id));
  const audited = await db.auditEvent.findMany({
    where: {
      OR: [
        { entityType: 'Employee', entityId: employeeId },
        { entityType: 'Visit', entityId: { in: visitIds } },
        { entityType: 'Document', entityId: { in: documentIds } },
        { entityType: 'DataRightsRequest', entityId: { in: employee.dataRightsRequests.map((request) => request.id) } },
      ],
    },
    orderBy: { sequence: 'asc' },
  });
  return {
    generatedAt: now.toISOString(),
    identity: {
      birthName: employee.birthName,
      usedName: employee.usedName,
      firstNames: employee.firstNames,
      birthDate: civilFromDbDate(employee.birthDate),
      sex: employee.sex,
      birthPlace: employee.birthPlace,
      ins: employee.ins,
      email: employee.email,
      phone: employee.phone,
    },
    employer: employee.employer,
    hireDate: civilFromDbDate(employee.hireDate),
    departedOn: civil(employee.departedOn),
    posts: [{ title: employee.post.title, risks: employee.post.risks, nightWork: employee.post.nightWork, followUpCategory: employee.post.followUpCategory }],
    stoppages: employee.stoppages.map((stoppage) => ({ cause: stoppage.cause, startDate: civilFromDbDate(stoppage.startDate), returnDate: civil(stoppage.returnDate) })),
    visits: employee.visits.map((visit) => ({
      id: visit.id,
      type: visit.type,
      status: visit.status,
      dueDate: civilFromDbDate(visit.dueDate),
      deadline: civilFromDbDate(visit.deadline),
      appointmentAt: visit.appointmentAt?.toISOString() ?? null,
      concludedAt: visit.concludedAt?.toISOString() ?? null,
      outcome: visit.outcome,
      proposedMeasures: visit.proposedMeasures,
      clinicalNotes: visit.clinicalNotes,
      nextVisitDueDate: civil(visit.nextVisitDueDate),
      questionnaire: (visit.questionnaire?.answers ?? []) as { question: string; answer: string }[],
    })),
    documents: employee.visits.flatMap((visit) =>
      visit.documents.map((document) => ({ ...document, visitId: visit.id, createdAt: document.createdAt.toISOString() })),
    ),
    accessHistory: audited.map((event) => ({
      at: event.at.toISOString(),
      actor: event.actorLabel,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      reason: event.reason,
    })),
  };
}

const parisDateTime = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' });
const instant = (iso: string | null) => (iso ? parisDateTime.format(new Date(iso)) : '—');

export async function renderDmstPdf(serviceName: string, dmst: DmstExport): Promise<Uint8Array> {
  const name = `${dmst.identity.usedName ?? dmst.identity.birthName} ${dmst.identity.firstNames}`;
  const { write, skip, save } = await createPdfWriter(`Dossier médical en santé au travail — ${name}`);
  write(serviceName, { size: 10 });
  skip(10);
  write('Dossier médical en santé au travail', { size: 18, bold: true });
  write(`Édité le ${instant(dmst.generatedAt)}`, { size: 9 });
  skip(8);
  write('Identité', { size: 13, bold: true });
  write(`${dmst.identity.birthName}${dmst.identity.usedName ? ` (nom d’usage ${dmst.identity.usedName})` : ''}, ${dmst.identity.firstNames}`);
  write(`Né(e) le ${frenchDate(dmst.identity.birthDate)} à ${dmst.identity.birthPlace}, sexe ${dmst.identity.sex}${dmst.identity.ins ? `, INS ${dmst.identity.ins}` : ''}`);
  write(`Contact : ${dmst.identity.email}, ${dmst.identity.phone}`);
  write(`Employeur : ${dmst.employer.name} (SIRET ${dmst.employer.siret}), embauche le ${frenchDate(dmst.hireDate)}`);
  skip(8);
  write('Poste', { size: 13, bold: true });
  for (const post of dmst.posts) write(`${post.title} — suivi ${post.followUpCategory}${post.risks.length ? `, risques : ${post.risks.join(', ')}` : ''}`);
  skip(8);
  write('Visites', { size: 13, bold: true });
  if (dmst.visits.length === 0) write('Aucune visite.');
  for (const visit of dmst.visits) {
    const type = visitTypeLabels[visit.type as keyof typeof visitTypeLabels] ?? visit.type;
    const status = visitStatusLabels[visit.status as keyof typeof visitStatusLabels] ?? visit.status;
    write(`${type} — ${status}, échéance ${frenchDate(visit.deadline)}, rendez-vous ${instant(visit.appointmentAt)}`, { bold: true });
    if (visit.outcome) write(`Conclusion le ${instant(visit.concludedAt)} : ${visitOutcomeLabels[visit.outcome as VisitOutcome] ?? visit.outcome}`);
    if (visit.proposedMeasures) write(`Mesures proposées : ${visit.proposedMeasures}`);
    if (visit.clinicalNotes) write(`Notes cliniques : ${visit.clinicalNotes}`);
    for (const { question, answer } of visit.questionnaire) write(`Questionnaire préalable — ${question} ${answer}`);
    if (visit.nextVisitDueDate) write(`Prochaine visite au plus tard le ${frenchDate(visit.nextVisitDueDate)}`);
  }
  skip(8);
  write('Documents', { size: 13, bold: true });
  if (dmst.documents.length === 0) write('Aucun document.');
  for (const document of dmst.documents) write(`${document.fileName} (${instant(document.createdAt)})`);
  skip(8);
  write('Historique des accès au dossier', { size: 13, bold: true });
  for (const access of dmst.accessHistory) write(`${instant(access.at)} — ${access.actor} — ${access.action}${access.reason ? ` (${access.reason})` : ''}`, { size: 9 });
  return save();
}
