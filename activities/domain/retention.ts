// R-DATA-1: the DMST is kept at least 40 years after the last visit; past that it may be purged. Never a
// record with an open request or a freeze (R-DATA-3): those wait until the request is resolved.
import { dbDateFromCivil, plusYears, type CivilDate } from '../../workflows/rules/calendar.js';
import type { Db } from '../db.js';
import { appendAuditEvent } from './audit-trail.js';

export const RETENTION_YEARS = 40;

export interface ExpiredRecord {
  employeeId: string;
  name: string;
  lastVisit: Date;
  /** Rows that would go, by table. */
  rows: Record<string, number>;
}

/** Employees whose latest visit (concluded, else appointment, else due date) is older than 40 years. */
export async function expiredRecords(db: Db, today: CivilDate): Promise<ExpiredRecord[]> {
  const cutoff = dbDateFromCivil(plusYears(today, -RETENTION_YEARS));
  const candidates = await db.$queryRaw<{ id: string; name: string; lastVisit: Date }[]>`
    SELECT e.id, coalesce(e."usedName", e."birthName") || ' ' || e."firstNames" AS name,
           max(coalesce(v."concludedAt", v."appointmentAt", v."dueDate")) AS "lastVisit"
    FROM "Employee" e JOIN "Visit" v ON v."employeeId" = e.id
    WHERE e."frozenAt" IS NULL
      AND NOT EXISTS (SELECT 1 FROM "DataRightsRequest" r WHERE r."employeeId" = e.id AND r.status = 'OPEN')
    GROUP BY e.id
    HAVING max(coalesce(v."concludedAt", v."appointmentAt", v."dueDate")) < ${cutoff}
    ORDER BY e.id`;
  return Promise.all(
    candidates.map(async (candidate) => {
      const visit = { visit: { employeeId: candidate.id } };
      const teleconsultation = { teleconsultation: visit };
      const [visits, tasks, documents, events, sessions, participants, incidents, satisfaction, messages, billed, questionnaires, stoppages, requests] = await Promise.all([
        db.visit.count({ where: { employeeId: candidate.id } }),
        db.humanTask.count({ where: visit }),
        db.document.count({ where: visit }),
        db.visitEvent.count({ where: visit }),
        db.teleconsultation.count({ where: visit }),
        db.teleconsultationParticipant.count({ where: teleconsultation }),
        db.teleconsultationIncident.count({ where: teleconsultation }),
        db.satisfactionResponse.count({ where: teleconsultation }),
        db.outboundMessage.count({ where: visit }),
        db.billedAbsence.count({ where: visit }),
        db.questionnaireAnswers.count({ where: visit }),
        db.workStoppage.count({ where: { employeeId: candidate.id } }),
        db.dataRightsRequest.count({ where: { employeeId: candidate.id } }),
      ]);
      return {
        employeeId: candidate.id,
        name: candidate.name,
        lastVisit: candidate.lastVisit,
        rows: { Employee: 1, Visit: visits, HumanTask: tasks, Document: documents, VisitEvent: events, Teleconsultation: sessions, TeleconsultationParticipant: participants, TeleconsultationIncident: incidents, SatisfactionResponse: satisfaction, OutboundMessage: messages, BilledAbsence: billed, QuestionnaireAnswers: questionnaires, WorkStoppage: stoppages, DataRightsRequest: requests },
      };
    }),
  );
}

/**
 * Deletes one expired record in one transaction, checking again inside it that no request or freeze
 * arrived meanwhile. The audit trail keeps that it was purged (its entries are append-only and stay).
 */
export async function purgeRecord(db: Db, employeeId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const employee = await tx.employee.findUnique({
      where: { id: employeeId },
      select: { frozenAt: true, postId: true, dataRightsRequests: { where: { status: 'OPEN' }, select: { id: true } } },
    });
    if (!employee || employee.frozenAt || employee.dataRightsRequests.length > 0) return false;
    const visit = { visit: { employeeId } };
    const teleconsultation = { teleconsultation: visit };
    await tx.teleconsultationParticipant.deleteMany({ where: teleconsultation });
    await tx.teleconsultationIncident.deleteMany({ where: teleconsultation });
    await tx.satisfactionResponse.deleteMany({ where: teleconsultation });
    await tx.teleconsultation.deleteMany({ where: visit });
    await tx.outboundMessage.deleteMany({ where: visit });
    await tx.humanTask.deleteMany({ where: visit });
    await tx.document.deleteMany({ where: visit });
    await tx.visitEvent.deleteMany({ where: visit });
    await tx.billedAbsence.deleteMany({ where: visit });
    await tx.questionnaireAnswers.deleteMany({ where: visit });
    await tx.visit.deleteMany({ where: { employeeId } });
    await tx.workStoppage.deleteMany({ where: { employeeId } });
    await tx.dataRightsRequest.deleteMany({ where: { employeeId } });
    await tx.employee.delete({ where: { id: employeeId } });
    await tx.post.deleteMany({ where: { id: employee.postId, employees: { none: {} } } });
    await appendAuditEvent(tx, {
      actorId: null,
      actorLabel: 'Conservation des dossiers (R-DATA-1)',
      action: 'employee.purge',
      entityType: 'Employee',
      entityId: employeeId,
      reason: `Dernière visite il y a plus de ${RETENTION_YEARS} ans`,
    });
    return true;
  });
}
