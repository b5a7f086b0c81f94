// The return-to-work visit lifecycle on the time-skipping server with the real activities and PostgreSQL:
// an 8-day deadline passes in milliseconds. Each scenario saves its history for the replay test.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendWorkflowUpdate, type ApiVisit, type TemporalDeps } from '../activities/domain/visits.js';
import { recordEmployeeEvent } from '../activities/domain/follow-ups.js';
import { declareWorkStoppage } from '../activities/domain/work-stoppages.js';
import { plusDays, plusYears } from '../workflows/rules/calendar.js';
import { cancelVisitUpdate, concludeVisitUpdate, excuseAbsenceUpdate, scheduleVisitUpdate, visitSnapshotQuery, type Actor } from '../workflows/visit/messages.js';
import type { ConclusionForm } from '../workflows/visit/forms.js';
import type { TestDatabase } from './support/database.js';
import { anEmployee } from './support/factories.js';
import { saveHistory } from './support/histories.js';
import { invitationOf } from './support/smtp.js';
import { expectRefused, startWorkflowTestEnv, type WorkflowTestEnv } from './support/workflow-test-env.js';

const HOUR_MS = 3_600_000;

let setup: WorkflowTestEnv;
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let temporal: TemporalDeps;
let doctor: Actor;
let nurse: Actor;
let assistant: Actor;

beforeAll(async () => {
  setup = await startWorkflowTestEnv();
  ({ env, database, temporal } = setup);
  ({ doctor, nurse, assistant } = setup.staff);
});

afterAll(() => setup?.teardown());

const serverToday = () => setup.serverToday();

/** A work accident of 40 days ending on `returnDate`: R-REPRISE-1 requires the visit. */
async function aReturnVisit(returnDate: string, post: { risks?: string[] } = {}): Promise<ApiVisit> {
  const { employeeId } = await anEmployee(database.db, temporal, { post });
  const { visits } = await declareWorkStoppage(database.db, temporal, {
    employeeId,
    cause: 'WORK_ACCIDENT',
    startDate: plusDays(returnDate, -40),
    returnDate,
  });
  expect(visits).toHaveLength(1);
  return visits[0]!;
}

async function schedule(visit: ApiVisit, professional: Actor, inHours = 2) {
  const now = await env.currentTimeMs();
  return sendWorkflowUpdate(temporal, visit.workflowId, scheduleVisitUpdate, {
    actor: assistant,
    professionalRole: professional.role,
    delegated: professional.role === 'NURSE',
    form: { appointmentAt: new Date(now + inHours * HOUR_MS).toISOString(), professionalId: professional.id },
  });
}

async function conclude(visit: ApiVisit, actor: Actor, form: Partial<ConclusionForm>) {
  return sendWorkflowUpdate(temporal, visit.workflowId, concludeVisitUpdate, { actor, form: form as ConclusionForm });
}

function openTasks(visitId: string) {
  return database.db.humanTask.findMany({ where: { visitId, status: 'OPEN' }, select: { kind: true, role: true, assigneeId: true } });
}

describe('R-REPRISE-1..3: return-to-work visit workflow', () => {
  it('happy path: scheduling task, appointment, consultation, attestation, closed', async () => {
    const today = await serverToday();
    const visit = await aReturnVisit(today);
    expect(visit).toMatchObject({ type: 'REPRISE', status: 'TO_SCHEDULE', dueDate: today, deadline: plusDays(today, 8) });

    await expect.poll(() => openTasks(visit.id)).toEqual([{ kind: 'SCHEDULING', role: 'ASSISTANT', assigneeId: null }]);

    const scheduled = await schedule(visit, nurse);
    expect(scheduled.status).toBe('SCHEDULED');
    // The update returns once PostgreSQL shows the effect: the consultation task is the nurse's.
    expect(await openTasks(visit.id)).toEqual([{ kind: 'CONSULTATION', role: 'NURSE', assigneeId: nurse.id }]);

    // R-VIP-6: the attestation states the next due date; R-VIP-5: at most 5 years ahead for SIS.
    await expectRefused(conclude(visit, nurse, { outcome: 'ATTESTATION' }), /prochaine visite/);
    await expectRefused(conclude(visit, nurse, { outcome: 'ATTESTATION', nextVisitDueDate: plusDays(plusYears(today, 5), 1) }), /au plus tard dans 5 ans/);
    const nextDue = plusYears(today, 5);
    const closed = await conclude(visit, nurse, { outcome: 'ATTESTATION', nextVisitDueDate: nextDue, notes: 'Reprise sans restriction.' });
    expect(closed).toMatchObject({ status: 'COMPLETED', outcome: 'ATTESTATION' });

    const stored = await database.db.visit.findUniqueOrThrow({ where: { id: visit.id }, include: { documents: true } });
    expect(stored.status).toBe('COMPLETED');
    expect(stored.documents).toHaveLength(1);
    expect(stored.documents[0]!.kind).toBe('ATTESTATION');
    expect(Buffer.from(stored.documents[0]!.content).subarray(0, 4).toString()).toBe('%PDF');
    expect(await openTasks(visit.id)).toEqual([]);

    const handle = env.client.workflow.getHandle(visit.workflowId);
    expect(await handle.result()).toMatchObject({ status: 'COMPLETED', documentId: stored.documents[0]!.id });
    // Issue 8: the in-person appointment was mailed once, with its personal link.
    const { email } = await database.db.employee.findUniqueOrThrow({ where: { id: stored.employeeId } });
    const convocations = setup.mails.filter((mail) => mail.to.includes(email) && mail.subject.startsWith('Convocation'));
    expect(convocations).toHaveLength(1);
    expect(convocations[0]!.text).toContain('/convocation/');
    // reprise-happy-path.json is the same scenario recorded before convocations existed (no patch marker): both replay.
    await saveHistory('reprise-in-person-convocation', visit.workflowId, await handle.fetchHistory());
  });

  it('R-REPRISE-2: past the deadline the visit turns overdue with an escalation task, and still completes', async () => {
    const today = await serverToday();
    const visit = await aReturnVisit(today);
    await expect.poll(() => openTasks(visit.id)).toHaveLength(1);

    await env.sleep('8 days'); // the deadline day itself is still allowed
    expect((await database.db.visit.findUniqueOrThrow({ where: { id: visit.id } })).overdue).toBe(false);

    await env.sleep('1 day');
    await expect.poll(async () => (await database.db.visit.findUniqueOrThrow({ where: { id: visit.id } })).overdue).toBe(true);
    expect(await openTasks(visit.id)).toEqual(
      expect.arrayContaining([
        { kind: 'SCHEDULING', role: 'ASSISTANT', assigneeId: null },
        { kind: 'ESCALATION', role: 'ASSISTANT', assigneeId: null },
      ]),
    );
    const handle = env.client.workflow.getHandle(visit.workflowId);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect(await handle.query(visitSnapshotQuery)).toMatchObject({ status: 'TO_SCHEDULE', overdue: true });

    // Rescheduling settles the escalation; the late visit still ends with its attestation.
    await schedule(visit, doctor);
    expect(await openTasks(visit.id)).toEqual([{ kind: 'CONSULTATION', role: 'DOCTOR', assigneeId: doctor.id }]);
    await conclude(visit, doctor, { outcome: 'INAPTITUDE' });
    expect(await handle.result()).toMatchObject({ status: 'COMPLETED', overdue: true, outcome: 'INAPTITUDE' });
    const documents = await database.db.document.findMany({ where: { visitId: visit.id }, select: { kind: true } });
    expect(documents).toEqual([{ kind: 'AVIS' }]);
    await saveHistory('reprise-overdue', visit.workflowId, await handle.fetchHistory());
  });

  it('refuses invalid decisions with a French reason and leaves the visit unchanged', async () => {
    const today = await serverToday();
    const visit = await aReturnVisit(today, { risks: ['ASBESTOS'] });

    await expectRefused(conclude(visit, doctor, { outcome: 'APTITUDE', nextVisitDueDate: plusYears(today, 2) }), /planifiée avant/);
    await expectRefused(
      sendWorkflowUpdate(temporal, visit.workflowId, scheduleVisitUpdate, {
        actor: assistant,
        professionalRole: 'DOCTOR',
        delegated: false,
        form: { appointmentAt: new Date((await env.currentTimeMs()) - HOUR_MS).toISOString(), professionalId: doctor.id },
      }),
      /dans le futur/,
    );
    await expectRefused(schedule(visit, assistant), /ne peut pas réaliser/);
    // R-DEL-2, R-SIR-4: the asbestos worker's return ends with an avis, so it is the doctor's visit.
    expect(visit.performer).toBe('DOCTOR');
    await expectRefused(schedule(visit, nurse), /médecin du travail est requis/);

    await schedule(visit, doctor);
    await expectRefused(conclude(visit, nurse, { outcome: 'APTITUDE', nextVisitDueDate: plusYears(today, 2) }), /Seul un professionnel de santé habilité/);
    // R-REPRISE-3: a SIR worker gets an avis, not a plain attestation.
    await expectRefused(conclude(visit, doctor, { outcome: 'ATTESTATION', nextVisitDueDate: plusYears(today, 2) }), /n’est pas une conclusion possible/);
    await expectRefused(conclude(visit, doctor, { outcome: 'APTITUDE_WITH_MEASURES', nextVisitDueDate: plusYears(today, 2) }), /mesures proposées/);
    await expectRefused(conclude(visit, doctor, { outcome: 'APTITUDE', nextVisitDueDate: today }), /postérieure/);

    const stored = await database.db.visit.findUniqueOrThrow({ where: { id: visit.id } });
    expect(stored).toMatchObject({ status: 'SCHEDULED', outcome: null, concludedAt: null });
    expect(await database.db.document.count({ where: { visitId: visit.id } })).toBe(0);

    await conclude(visit, doctor, { outcome: 'APTITUDE_WITH_MEASURES', nextVisitDueDate: plusYears(today, 2), measures: 'Pas de port de charges > 15 kg pendant 3 mois.' });
    const handle = env.client.workflow.getHandle(visit.workflowId);
    expect(await handle.result()).toMatchObject({ status: 'COMPLETED', outcome: 'APTITUDE_WITH_MEASURES' });
    await saveHistory('reprise-refusals', visit.workflowId, await handle.fetchHistory());
  });

  it('cancellation with a reason closes every task, and the still-mandatory return visit is opened again', async () => {
    const visit = await aReturnVisit(await serverToday());
    await schedule(visit, doctor);
    await expectRefused(sendWorkflowUpdate(temporal, visit.workflowId, cancelVisitUpdate, { actor: assistant, form: { reason: '' } }), /motif/);
    await sendWorkflowUpdate(temporal, visit.workflowId, cancelVisitUpdate, { actor: assistant, form: { reason: 'Départ du salarié' } });

    const stored = await database.db.visit.findUniqueOrThrow({ where: { id: visit.id } });
    expect(stored).toMatchObject({ status: 'CANCELLED', cancellationReason: 'Départ du salarié' });
    expect(await openTasks(visit.id)).toEqual([]);
    const handle = env.client.workflow.getHandle(visit.workflowId);
    expect(await handle.result()).toMatchObject({ status: 'CANCELLED' });
    await expectRefused(conclude(visit, doctor, { outcome: 'INAPTITUDE' }), /clos/);
    // R-REPRISE-1 still requires the visit: the follow-up opens a new one for the same stoppage.
    await expect
      .poll(() => database.db.visit.findMany({ where: { workStoppageId: stored.workStoppageId, status: 'TO_SCHEDULE' }, select: { type: true } }))
      .toEqual([{ type: 'REPRISE' }]);
    await saveHistory('reprise-cancelled', visit.workflowId, await handle.fetchHistory());
  });

  it('R-REPRISE-2: extending the stoppage moves the open return visit to the new deadline', async () => {
    const today = await serverToday();
    const { employeeId } = await anEmployee(database.db, temporal);
    const { id: stoppageId, visits } = await declareWorkStoppage(database.db, temporal, {
      employeeId,
      cause: 'WORK_ACCIDENT',
      startDate: plusDays(today, -30),
      returnDate: plusDays(today, 5),
    });
    expect(visits).toEqual([expect.objectContaining({ type: 'REPRISE', deadline: plusDays(today, 13) })]);

    await recordEmployeeEvent(database.db, temporal, employeeId, { type: 'STOPPAGE_EXTENDED', date: today, stoppageId, returnDate: plusDays(today, 20) });

    await expect
      .poll(() =>
        database.db.visit.findMany({
          where: { workStoppageId: stoppageId },
          orderBy: { createdAt: 'asc' },
          select: { status: true, deadline: true, cancellationReason: true },
        }),
      )
      .toEqual([
        { status: 'CANCELLED', deadline: new Date(`${plusDays(today, 13)}T00:00:00Z`), cancellationReason: expect.stringMatching(/nouvelle échéance/) },
        { status: 'TO_SCHEDULE', deadline: new Date(`${plusDays(today, 28)}T00:00:00Z`), cancellationReason: null },
      ]);
    const followUp = env.client.workflow.getHandle(`follow-up-${employeeId}`);
    await saveHistory('follow-up-stoppage-extended', followUp.workflowId, await followUp.fetchHistory());
  });

  it('issue 8: an absence excused ahead withdraws the in-person appointment from the employee’s calendar, once', async () => {
    const visit = await aReturnVisit(await serverToday());
    await schedule(visit, doctor, 72);
    // The factory's employees share an address: this visit's mails are those whose calendar entry is its own.
    const mailsTo = (subject: string) => setup.mails.filter((mail) => mail.subject.startsWith(subject) && invitationOf(mail)?.get('UID')?.[0] === `${visit.id}@spsti`);
    await expect.poll(() => mailsTo('Convocation').length).toBe(1);

    const excused = await sendWorkflowUpdate(temporal, visit.workflowId, excuseAbsenceUpdate, { actor: assistant, form: { reason: 'Hospitalisation imprévue' } });
    expect(excused).toMatchObject({ status: 'TO_SCHEDULE', billable: false });
    await expect.poll(() => mailsTo('Rendez-vous annulé').length).toBe(1);
    const withdrawal = mailsTo('Rendez-vous annulé')[0]!;
    expect(withdrawal.text).not.toContain('Hospitalisation');
    expect(invitationOf(withdrawal)?.get('METHOD')).toEqual(['CANCEL']);

    // Cancelled while nothing is booked: no appointment left to withdraw, no cancellation mail.
    await sendWorkflowUpdate(temporal, visit.workflowId, cancelVisitUpdate, { actor: assistant, form: { reason: 'Visite en double' } });
    const handle = env.client.workflow.getHandle(visit.workflowId);
    expect(await handle.result()).toMatchObject({ status: 'CANCELLED' });
    expect(mailsTo('Rendez-vous annulé')).toHaveLength(1);
    expect(mailsTo('Annulation')).toHaveLength(0);
    await saveHistory('reprise-excused-appointment-withdrawn', visit.workflowId, await handle.fetchHistory());
  });

  it('rescheduling an appointment needs a reason, which the timeline keeps', async () => {
    const visit = await aReturnVisit(await serverToday());
    await schedule(visit, doctor, 2);
    await expectRefused(schedule(visit, doctor, 4), /motif du report/);
    await sendWorkflowUpdate(temporal, visit.workflowId, scheduleVisitUpdate, {
      actor: assistant,
      professionalRole: 'DOCTOR',
      delegated: false,
      form: { appointmentAt: new Date((await env.currentTimeMs()) + 4 * HOUR_MS).toISOString(), professionalId: doctor.id, reason: 'Médecin en formation' },
    });
    const events = await database.db.visitEvent.findMany({ where: { visitId: visit.id, kind: 'APPOINTMENT' }, orderBy: { at: 'asc' }, select: { summary: true } });
    expect(events.map((event) => event.summary)).toEqual([expect.stringMatching(/^Rendez-vous fixé/), expect.stringMatching(/^Rendez-vous reporté .* — motif : Médecin en formation$/)]);
  });
});
