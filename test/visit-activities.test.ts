// Activities run again after a worker crash or a timeout: each must find what its first attempt
// wrote instead of writing it twice (one task, one timeline entry, one document).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVisitActivities } from '../activities/visit-activities.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { aProfessional } from './support/factories.js';
import { aVisitRow } from './support/rows.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

const activities = () => createVisitActivities({ db: database.db, serviceName: 'SPSTI de test' });

describe('activities are idempotent', () => {
  it('a retried step leaves one task, one timeline entry and one document', async () => {
    const { openTask, recordAppointment, markOverdue, recordConclusion, closeVisit } = activities();
    const doctor = await aProfessional(database.db, 'DOCTOR', 'Dr Claire Martin');
    const visit = await aVisitRow(database.db);
    const twice = async (step: () => Promise<unknown>) => {
      const first = await step();
      expect(await step()).toEqual(first);
    };

    await twice(() => openTask({ visitId: visit.id, kind: 'SCHEDULING', role: 'ASSISTANT', dueDate: '2026-12-01', occurrence: 1 }));
    const appointment = { visitId: visit.id, revision: 1, appointmentAt: '2026-12-02T09:30:00+01:00', professionalId: doctor.id, actorId: doctor.id };
    await twice(() => recordAppointment(appointment));
    await twice(() => markOverdue({ visitId: visit.id, deadline: '2026-12-09' }));
    const conclusion = { outcome: 'ATTESTATION' as const, nextVisitDueDate: '2031-12-01', notes: 'Aucune plainte.', coupledMidCareer: false, inaptitudeRisk: false };
    await twice(() => recordConclusion({ visitId: visit.id, actorId: doctor.id, conclusion }));
    await twice(() => closeVisit({ visitId: visit.id }));

    const tasks = await database.db.humanTask.findMany({ where: { visitId: visit.id }, orderBy: { createdAt: 'asc' }, select: { kind: true, status: true } });
    expect(tasks).toEqual([
      { kind: 'SCHEDULING', status: 'DONE' },
      { kind: 'CONSULTATION', status: 'DONE' },
      { kind: 'ESCALATION', status: 'DONE' },
    ]);
    const events = await database.db.visitEvent.findMany({ where: { visitId: visit.id }, orderBy: { at: 'asc' }, select: { kind: true } });
    expect(events.map((event) => event.kind)).toEqual(['APPOINTMENT', 'OVERDUE', 'CONCLUSION', 'CLOSED']);
    expect(await database.db.document.count({ where: { visitId: visit.id } })).toBe(1);
    expect(await database.db.visit.findUniqueOrThrow({ where: { id: visit.id } })).toMatchObject({ status: 'COMPLETED', overdue: true });
  });
});
