// Rows written straight through Prisma, for tests that need a visit or a teleconsultation to hang
// data on but no workflow behind it (the factories go through Temporal).
import { randomUUID } from 'node:crypto';
import type { Db } from '../../activities/db.js';
import { newRoomName } from '../../activities/video/jitsi.js';
import { randomSiret } from './factories.js';

export async function aVisitRow(db: Db): Promise<{ id: string; employeeId: string }> {
  const employer = await db.employer.create({ data: { name: 'Entreprise de test', siret: randomSiret() } });
  const post = await db.post.create({ data: { employerId: employer.id, title: 'Magasinier', risks: [], followUpCategory: 'SIS' } });
  const employee = await db.employee.create({
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
  return db.visit.create({
    data: {
      employeeId: employee.id,
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
    select: { id: true, employeeId: true },
  });
}

export async function aTeleconsultationRow(db: Db, appointmentAt: Date): Promise<{ id: string; visitId: string }> {
  const visit = await aVisitRow(db);
  return db.teleconsultation.create({
    data: {
      visitId: visit.id,
      workflowId: `teleconsultation-${randomUUID()}`,
      revision: 1,
      appointmentAt,
      professionalId: randomUUID(),
      proposedBy: 'PROFESSIONAL',
      roomName: newRoomName(),
      linkTokenHash: randomUUID(),
    },
    select: { id: true, visitId: true },
  });
}
