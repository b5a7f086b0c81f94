// Activities run again after a worker crash or a timeout: each must find what its first attempt
// wrote instead of writing it twice (one task, one timeline entry, one document).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createVisitActivities } from '../activities/visit-activities.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { aProfessional, randomSiret } from './support/factories.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

const activities = () => createVisitActivities({ db: database.db, serviceName: 'SPSTI de test' });

/** An employee row without its follow-up workflow: these tests drive the activities by hand. */
async function anEmployeeRow(): Promise<string> {
  const employer = await database.db.employer.create({ data: { name: 'Entreprise de test', siret: randomSiret() } });
  const post = await database.db.post.create({ data: { employerId: employer.id, title: 'Magasinier', risks: [], followUpCategory: 'SIS' } });
  const employee = await database.db.employee.create({
    data: {
      employerId: employer.id,
      postId: post.id,
      birthName: 'Martin',
      firstNames: 'Julie',
      birthDate: new Date('1985-04-12'),
      sex: 'F',
      birthPlace: 'Lyon',
      email: 'julie.martin@exemple.fr',
      phone: '06 11 22 33 44',
      hireDate: new Date('2020-09-01'),
      followUpWorkflowId: `follow-up-${randomUUID()}`,
    },
  });
  return employee.id;
}

async function aVisit() {
  const employeeId = await anEmployeeRow();
  return database.db.visit.create({
    data: {
      employeeId,
      type: 'REPRISE',
      performer: 'DOCTOR_OR_NURSE',
      earliestDate: new Date('2026-12-01'),
      dueDate: new Date('2026-12-01'),
      deadline: new Date('2026-12-09'),
      planKey: 'REPRISE:test',
      rule: 'R-REPRISE-2',
      workflowId: `visit-${randomUUID()}`,
      protocolVersion: 1,
    },
  });
}

describe('activities are idempotent', () => {
  it('a retried step leaves one task, one timeline entry and one document', async () => {
    const { openTask, recordAppointment, markOverdue, recordConclusion, closeVisit } = activities();
    const doctor = await aProfessional(database.db, 'DOCTOR', 'Dr Claire Martin');
    const visit = await aVisit();
    const twice = async (step: () => Promise<unknown>) => {
      const first = await step();
      expect(await step()).toEqual(first);
    };

    await twice(() => openTask({ visitId: visit.id, kind: 'SCHEDULING', role: 'ASSISTANT', dueDate: '2026-12-01', occurrence: 1 }));
    const appointment = { visitId: visit.id, revision: 1, appointmentAt: '2026-12-02T09:30:00+01:00', professionalId: doctor.id, actorId: doctor.id };
    await twice(() => recordAppointment(appointment));
    await twice(() => markOverdue({ visitId: visit.id, deadline: '2026-12-09' }));
    const conclusion = { outcome: 'ATTESTATION' as const, nextVisitDueDate: '2031-12-01', notes: 'Aucune plainte.', coupledMidCareer: false };
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
