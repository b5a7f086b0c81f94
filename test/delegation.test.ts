// R-DEL-1..4 on the time-skipping server with the real activities and PostgreSQL: the protocol check before a
// nurse is assigned, and a nurse's re-orientation to the doctor (child workflow, doctor's task, escalation).
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertDelegationCovers, concludeReorientation } from '../activities/domain/delegation.js';
import { sendWorkflowUpdate, type ApiVisit, type TemporalDeps } from '../activities/domain/visits.js';
import { declareWorkStoppage } from '../activities/domain/work-stoppages.js';
import { civilFromDbDate, dbDateFromCivil, parisCivilDate, plusDays, plusYears, type CivilDate } from '../workflows/rules/calendar.js';
import { protocolCovers } from '../workflows/rules/delegation.js';
import type { VisitType } from '../workflows/rules/visit-types.js';
import type { ConclusionForm, ReorientationForm } from '../workflows/visit/forms.js';
import { concludeVisitUpdate, reorientToDoctorUpdate, scheduleVisitUpdate, type Actor } from '../workflows/visit/messages.js';
import type { TestDatabase } from './support/database.js';
import { aProfessional, anEmployee, randomSiret } from './support/factories.js';
import { expectRefused, startWorkflowTestEnv, type WorkflowTestEnv } from './support/workflow-test-env.js';

const HOUR_MS = 3_600_000;
const NO_PROTOCOL = /Aucun protocole de délégation valide ne couvre cette visite pour cet\(te\) infirmier\(ère\)/;

describe('R-DEL-1: protocolCovers', () => {
  const protocol = { nurseId: 'n1', validFrom: '2026-01-01', validTo: '2026-12-31', visitTypes: ['REPRISE', 'VIP_RENEWAL'] as VisitType[] };

  it('R-DEL-1: covers the listed types on both bounds of the validity, inclusive', () => {
    expect(protocolCovers([protocol], 'n1', 'REPRISE', '2026-01-01')).toBe(true);
    expect(protocolCovers([protocol], 'n1', 'VIP_RENEWAL', '2026-12-31')).toBe(true);
    expect(protocolCovers([protocol], 'n1', 'REPRISE', '2025-12-31')).toBe(false);
    expect(protocolCovers([protocol], 'n1', 'REPRISE', '2027-01-01')).toBe(false);
  });

  it('R-DEL-1: an open-ended protocol covers any later day; another nurse or an unlisted type is not covered', () => {
    const openEnded = { ...protocol, validTo: undefined };
    expect(protocolCovers([openEnded], 'n1', 'REPRISE', '2040-06-15')).toBe(true);
    expect(protocolCovers([protocol], 'n2', 'REPRISE', '2026-06-15')).toBe(false);
    expect(protocolCovers([protocol], 'n1', 'MID_CAREER', '2026-06-15')).toBe(false);
    expect(protocolCovers([], 'n1', 'REPRISE', '2026-06-15')).toBe(false);
    expect(protocolCovers([{ ...protocol, visitTypes: ['MID_CAREER'] }, protocol], 'n1', 'MID_CAREER', '2026-06-15')).toBe(true);
  });

  it('R-DEL-1, R-SIR-1, R-POST-1: aptitude exams and post-exposure visits stay the doctor’s even if a protocol lists them', () => {
    const overreaching = { ...protocol, visitTypes: ['SIR_EXAM', 'SIR_RENEWAL', 'POST_EXPOSURE'] as VisitType[] };
    for (const type of overreaching.visitTypes) expect(protocolCovers([overreaching], 'n1', type, '2026-06-15')).toBe(false);
  });
});

let setup: WorkflowTestEnv;
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let temporal: TemporalDeps;
let doctor: Actor;
let assistant: Actor;

beforeAll(async () => {
  setup = await startWorkflowTestEnv();
  ({ env, database, temporal } = setup);
  ({ doctor, assistant } = setup.staff);
});

afterAll(() => setup?.teardown());

async function serverToday(): Promise<CivilDate> {
  return parisCivilDate(new Date(await env.currentTimeMs()));
}

/** A SIS employee back today from a 40-day work accident: R-REPRISE-1 opens a return visit a nurse may do. */
async function aReturnVisit(employee: Record<string, unknown> = {}): Promise<ApiVisit> {
  const returnDate = await serverToday();
  const { employeeId } = await anEmployee(database.db, temporal, employee);
  const { visits } = await declareWorkStoppage(database.db, temporal, { employeeId, cause: 'WORK_ACCIDENT', startDate: plusDays(returnDate, -40), returnDate });
  expect(visits).toHaveLength(1);
  return visits[0]!;
}

async function aNurseWithProtocol(terms: { validFrom: CivilDate; validTo?: CivilDate; visitTypes: VisitType[] }): Promise<Actor> {
  const nurse = await aProfessional(database.db, 'NURSE', 'Paul Bernard');
  await database.db.delegationProtocol.create({
    data: {
      nurseId: nurse.id,
      doctorId: doctor.id,
      validFrom: dbDateFromCivil(terms.validFrom),
      validTo: terms.validTo ? dbDateFromCivil(terms.validTo) : null,
      visitTypes: terms.visitTypes,
      signedAt: new Date(),
    },
  });
  return nurse;
}

/** As the console does: the protocol check, then the update carrying its answer. */
async function schedule(visit: ApiVisit, professional: Actor) {
  const appointmentAt = new Date((await env.currentTimeMs()) + 2 * HOUR_MS);
  const delegated = await assertDelegationCovers(database.db, professional.id, visit.type, parisCivilDate(appointmentAt));
  return sendWorkflowUpdate(temporal, visit.workflowId, scheduleVisitUpdate, {
    actor: assistant,
    professionalRole: professional.role,
    delegated,
    form: { appointmentAt: appointmentAt.toISOString(), professionalId: professional.id },
  });
}

function reorient(visit: ApiVisit, actor: Actor, form: ReorientationForm) {
  return sendWorkflowUpdate(temporal, visit.workflowId, reorientToDoctorUpdate, { actor, form });
}

function openTasks(visitId: string) {
  return database.db.humanTask.findMany({
    where: { visitId, status: 'OPEN' },
    select: { kind: true, role: true, priority: true, dueDate: true },
    orderBy: { createdAt: 'asc' },
  });
}

describe('R-DEL-1: a nurse is assigned only the visits a valid protocol covers', () => {
  it('R-DEL-1: a nurse without protocol is refused, by the domain check and by the workflow validator', async () => {
    const visit = await aReturnVisit();
    const nurse = await aProfessional(database.db, 'NURSE', 'Sans Protocole');
    await expectRefused(schedule(visit, nurse), NO_PROTOCOL);
    // A caller that skipped the check still meets the workflow's refusal.
    await expectRefused(
      sendWorkflowUpdate(temporal, visit.workflowId, scheduleVisitUpdate, {
        actor: assistant,
        professionalRole: 'NURSE',
        delegated: false,
        form: { appointmentAt: new Date((await env.currentTimeMs()) + HOUR_MS).toISOString(), professionalId: nurse.id },
      }),
      NO_PROTOCOL,
    );
    expect(await database.db.visit.findUniqueOrThrow({ where: { id: visit.id }, select: { status: true } })).toEqual({ status: 'TO_SCHEDULE' });
  });

  it('R-DEL-1: a nurse whose protocol expired yesterday is refused', async () => {
    const today = await serverToday();
    const visit = await aReturnVisit();
    const nurse = await aNurseWithProtocol({ validFrom: plusYears(today, -2), validTo: plusDays(today, -1), visitTypes: ['REPRISE'] });
    await expectRefused(schedule(visit, nurse), NO_PROTOCOL);
  });

  it('R-DEL-1: a nurse whose valid protocol covers the visit type is assigned; a doctor needs no protocol', async () => {
    const today = await serverToday();
    // Valid through tomorrow: the appointment, two hours ahead, falls tomorrow when the test runs after 22:00 in Paris.
    const nurse = await aNurseWithProtocol({ validFrom: today, validTo: plusDays(today, 1), visitTypes: ['REPRISE'] });
    const visit = await aReturnVisit();
    expect(await schedule(visit, nurse)).toMatchObject({ status: 'SCHEDULED', professionalId: nurse.id });
    expect(await schedule(await aReturnVisit(), doctor)).toMatchObject({ status: 'SCHEDULED', professionalId: doctor.id });
  });

  it('R-DEL-5: an establishment nurse is refused even under a valid protocol, and the visit stays to schedule', async () => {
    const today = await serverToday();
    const nurse = await aNurseWithProtocol({ validFrom: plusYears(today, -1), visitTypes: ['REPRISE'] });
    const employer = await database.db.employer.create({ data: { name: 'Aciéries du Nord', siret: randomSiret() }, select: { id: true } });
    await database.db.professional.update({ where: { id: nurse.id }, data: { establishmentEmployerId: employer.id } });
    const visit = await aReturnVisit();
    await expectRefused(schedule(visit, nurse), /infirmier\(ère\) d’entreprise n’accède pas au dossier médical en santé au travail/);
    expect(await database.db.visit.findUniqueOrThrow({ where: { id: visit.id }, select: { status: true } })).toEqual({ status: 'TO_SCHEDULE' });
  });
});

describe('R-DEL-2..4: a nurse re-orients the employee to the doctor', () => {
  async function aVisitWithTheNurse(employee: Record<string, unknown> = {}) {
    const nurse = await aNurseWithProtocol({ validFrom: plusYears(await serverToday(), -1), visitTypes: ['REPRISE'] });
    const visit = await aReturnVisit(employee);
    await schedule(visit, nurse);
    return { nurse, visit };
  }

  it('R-DEL-2: measures in a nurse’s conclusion hand the visit to the doctor, who concludes with measures; the visit completes with his attestation', async () => {
    const today = await serverToday();
    const { nurse, visit } = await aVisitWithTheNurse();
    const measures: Partial<ConclusionForm> = { outcome: 'ATTESTATION_WITH_MEASURES', measures: 'Poste assis-debout pendant 2 mois.', nextVisitDueDate: plusYears(today, 2) };
    // Her conclusion does not close the visit: the workflow starts the re-orientation, her measures as the doctor's brief.
    const reoriented = await sendWorkflowUpdate(temporal, visit.workflowId, concludeVisitUpdate, { actor: nurse, form: measures as ConclusionForm });
    expect(reoriented).toMatchObject({ status: 'SCHEDULED', reorientationWorkflowId: `${visit.workflowId}-reorientation` });
    expect(reoriented).not.toHaveProperty('outcome');
    expect(await database.db.visit.findUniqueOrThrow({ where: { id: visit.id }, select: { reorientationDetails: true, outcome: true, documents: true } })).toEqual({
      reorientationDetails: 'Mesures envisagées : Poste assis-debout pendant 2 mois..',
      outcome: null,
      documents: [],
    });
    const stored = await database.db.visit.findUniqueOrThrow({ where: { id: visit.id }, include: { events: true } });
    expect(stored.reorientationWorkflowId).toBe(reoriented.reorientationWorkflowId);
    expect(stored.events.map((event) => event.summary)).toContainEqual(expect.stringMatching(/^Réorientation vers le médecin : aménagement du poste/));
    // « sans délai »: the doctor's task comes first in the inbox and is due within 2 days; the nurse's consultation is done.
    await expect.poll(() => openTasks(visit.id)).toEqual([{ kind: 'REORIENTATION', role: 'DOCTOR', priority: 1, dueDate: dbDateFromCivil(plusDays(today, 2)) }]);

    await expectRefused(reorient(visit, nurse, { reason: 'ADJUSTMENT', details: 'Une seconde fois.' }), /déjà réorientée/);
    await expectRefused(reorient(visit, nurse, { reason: 'MATERNITY_REQUEST', details: 'Une seconde fois.' }), /déjà réorientée/);
    await expectRefused(
      sendWorkflowUpdate(temporal, visit.workflowId, concludeVisitUpdate, { actor: doctor, form: measures as ConclusionForm }),
      /réorientée vers le médecin : c’est lui qui la conclut/,
    );
    await expectRefused(concludeReorientation(database.db, temporal, visit.id, { actor: nurse, form: measures as ConclusionForm }), /Seul le médecin du travail conclut/);
    await expectRefused(
      concludeReorientation(database.db, temporal, visit.id, { actor: doctor, form: { outcome: 'APTITUDE', nextVisitDueDate: plusYears(today, 2) } }),
      /n’est pas une conclusion possible/,
    );

    const result = await concludeReorientation(database.db, temporal, visit.id, { actor: doctor, form: measures as ConclusionForm });
    expect(result).toMatchObject({ outcome: 'ATTESTATION_WITH_MEASURES', concludedBy: { id: doctor.id } });
    const handle = env.client.workflow.getHandle(visit.workflowId);
    expect(await handle.result()).toMatchObject({ status: 'COMPLETED', outcome: 'ATTESTATION_WITH_MEASURES', documentId: result.documentId });
    const completed = await database.db.visit.findUniqueOrThrow({ where: { id: visit.id }, include: { documents: true } });
    expect(completed).toMatchObject({ status: 'COMPLETED', concludedById: doctor.id, proposedMeasures: 'Poste assis-debout pendant 2 mois.' });
    expect(completed.documents.map((document) => document.kind)).toEqual(['ATTESTATION']);
    expect(await openTasks(visit.id)).toEqual([]);
  });

  it('R-DEL-2: past the re-orientation deadline the coordinators get an escalation, first in their inbox', async () => {
    const today = await serverToday();
    const { nurse, visit } = await aVisitWithTheNurse();
    await reorient(visit, nurse, { reason: 'INAPTITUDE_RISK', details: 'Port de charges impossible à ce jour.' });
    await expect.poll(() => openTasks(visit.id)).toHaveLength(1);

    await env.sleep('2 days'); // the due day itself is still in time
    expect((await openTasks(visit.id)).map((task) => task.kind)).toEqual(['REORIENTATION']);
    await env.sleep('1 day');
    await expect
      .poll(() => openTasks(visit.id))
      .toEqual([
        { kind: 'REORIENTATION', role: 'DOCTOR', priority: 1, dueDate: dbDateFromCivil(plusDays(today, 2)) },
        { kind: 'ESCALATION', role: 'ASSISTANT', priority: 1, dueDate: dbDateFromCivil(plusDays(today, 3)) },
      ]);

    await concludeReorientation(database.db, temporal, visit.id, { actor: doctor, form: { outcome: 'INAPTITUDE' } });
    expect(await env.client.workflow.getHandle(visit.workflowId).result()).toMatchObject({ status: 'COMPLETED', outcome: 'INAPTITUDE' });
    expect(await openTasks(visit.id)).toEqual([]);
  });

  it('R-DEL-2: a doctor does not re-orient, he concludes; a visit not yet scheduled cannot be re-oriented', async () => {
    const visit = await aReturnVisit();
    const nurse = await aNurseWithProtocol({ validFrom: plusYears(await serverToday(), -1), visitTypes: ['REPRISE'] });
    await expectRefused(reorient(visit, nurse, { reason: 'PROFESSIONAL_JUDGEMENT', details: 'Avant tout rendez-vous.' }), /planifiée avant/);
    await schedule(visit, doctor);
    await expectRefused(reorient(visit, doctor, { reason: 'APTITUDE_DECISION', details: 'Le médecin lui-même.' }), /il la conclut/);
    await expectRefused(reorient(visit, nurse, { reason: 'ADJUSTMENT', details: '' }), /Précisez/);
  });

  it('R-DEL-2/3: a nurse cannot issue an avis; a risk of inaptitude she notes orients the employee to the doctor', async () => {
    const today = await serverToday();
    const { nurse, visit } = await aVisitWithTheNurse();
    await expectRefused(
      sendWorkflowUpdate(temporal, visit.workflowId, concludeVisitUpdate, { actor: nurse, form: { outcome: 'INAPTITUDE', inaptitudeRisk: true } }),
      /Seul le médecin du travail peut émettre « Avis d'inaptitude »/,
    );
    const reoriented = await sendWorkflowUpdate(temporal, visit.workflowId, concludeVisitUpdate, {
      actor: nurse,
      form: { outcome: 'ATTESTATION', inaptitudeRisk: true, notes: 'Lombalgie, port de charges.' },
    });
    expect(reoriented.reorientationWorkflowId).toBe(`${visit.workflowId}-reorientation`);
    await expect.poll(() => openTasks(visit.id)).toEqual([{ kind: 'REORIENTATION', role: 'DOCTOR', priority: 1, dueDate: dbDateFromCivil(plusDays(today, 2)) }]);
    const events = await database.db.visitEvent.findMany({ where: { visitId: visit.id, kind: 'REORIENTATION' }, select: { summary: true, actorId: true } });
    expect(events).toEqual([{ summary: 'Réorientation vers le médecin : risque d’inaptitude', actorId: nurse.id }]);
    expect((await database.db.visit.findUniqueOrThrow({ where: { id: visit.id }, select: { reorientationDetails: true } })).reorientationDetails).toBe(
      'Risque d’inaptitude relevé par l’infirmier(ère). Notes : Lombalgie, port de charges.',
    );
  });

  it('R-DEL-4: a coordinator relays a pregnant worker’s request before any appointment; only the clinical reasons wait for one', async () => {
    const today = await serverToday();
    const visit = await aReturnVisit({ pregnant: true });
    await expectRefused(reorient(visit, assistant, { reason: 'EMPLOYEE_REQUEST', details: 'Souhaite voir le médecin.' }), /Seul\(e\) l’infirmier\(ère\) qui voit le salarié/);
    await expectRefused(reorient(visit, doctor, { reason: 'MATERNITY_REQUEST', details: 'Le médecin lui-même.' }), /il la conclut/);
    expect((await openTasks(visit.id)).map((task) => task.kind)).toEqual(['SCHEDULING']);

    await reorient(visit, assistant, { reason: 'MATERNITY_REQUEST', details: 'Enceinte de 5 mois, demande à voir le médecin.' });
    // The scheduling task is done: the doctor receives her without delay, first in his inbox.
    await expect.poll(() => openTasks(visit.id)).toEqual([{ kind: 'REORIENTATION', role: 'DOCTOR', priority: 1, dueDate: dbDateFromCivil(plusDays(today, 2)) }]);
    await concludeReorientation(database.db, temporal, visit.id, { actor: doctor, form: { outcome: 'ATTESTATION', nextVisitDueDate: plusYears(today, 3) } });
    expect(await env.client.workflow.getHandle(visit.workflowId).result()).toMatchObject({ status: 'COMPLETED', outcome: 'ATTESTATION' });
  });

  it('R-DEL-4: a pregnant employee who asks to see the doctor is oriented without delay', async () => {
    const today = await serverToday();
    const { nurse, visit } = await aVisitWithTheNurse({ pregnant: true });
    await reorient(visit, nurse, { reason: 'EMPLOYEE_REQUEST', details: 'Salariée enceinte : demande à voir le médecin.' });
    await expect.poll(() => openTasks(visit.id)).toEqual([{ kind: 'REORIENTATION', role: 'DOCTOR', priority: 1, dueDate: dbDateFromCivil(plusDays(today, 2)) }]);
    const events = await database.db.visitEvent.findMany({ where: { visitId: visit.id, kind: 'REORIENTATION' }, select: { summary: true, actorId: true } });
    expect(events).toEqual([{ summary: 'Réorientation vers le médecin : demande du salarié', actorId: nurse.id }]);
    // R-DATA-2: the nurse's details stay out of the timeline, in a field only clinicians read.
    expect(await database.db.visit.findUniqueOrThrow({ where: { id: visit.id }, select: { reorientationDetails: true } })).toEqual({
      reorientationDetails: 'Salariée enceinte : demande à voir le médecin.',
    });

    await concludeReorientation(database.db, temporal, visit.id, { actor: doctor, form: { outcome: 'ATTESTATION', nextVisitDueDate: plusYears(today, 3) } });
    const completed = await env.client.workflow.getHandle(visit.workflowId).result();
    expect(completed).toMatchObject({ status: 'COMPLETED', outcome: 'ATTESTATION', reorientationWorkflowId: `${visit.workflowId}-reorientation` });
    const stored = await database.db.visit.findUniqueOrThrow({ where: { id: visit.id }, select: { concludedById: true, nextVisitDueDate: true } });
    expect(stored.concludedById).toBe(doctor.id);
    expect(civilFromDbDate(stored.nextVisitDueDate!)).toBe(plusYears(today, 3));
  });
});
