// An employee's follow-up across more than ten simulated years on the time-skipping server: hire,
// initial visit, a stoppage and its return, a move to an asbestos post, the SIR cycle, mid-career,
// exposure end, departure. Every visit the workflow opens is checked in PostgreSQL with its dates.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followUpPlan, recordEmployeeEvent } from '../activities/domain/follow-ups.js';
import { sendWorkflowUpdate, toApiVisit, type ApiVisit, type TemporalDeps } from '../activities/domain/visits.js';
import { declareWorkStoppage } from '../activities/domain/work-stoppages.js';
import { daysBetween, plusDays, plusMonths, plusYears } from '../workflows/rules/calendar.js';
import type { VisitType } from '../workflows/rules/visit-types.js';
import { concludeVisitUpdate, recordNoShowUpdate, scheduleVisitUpdate, type Actor } from '../workflows/visit/messages.js';
import type { ConclusionForm } from '../workflows/visit/forms.js';
import type { TestDatabase } from './support/database.js';
import { anEmployee } from './support/factories.js';
import { saveHistory } from './support/histories.js';
import { startWorkflowTestEnv, type WorkflowTestEnv } from './support/workflow-test-env.js';

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

async function visitsOf(employeeId: string): Promise<ApiVisit[]> {
  const visits = await database.db.visit.findMany({ where: { employeeId }, orderBy: [{ createdAt: 'asc' }] });
  return visits.map(toApiVisit);
}

/** Waits for the follow-up to open a visit of this type, up to its scheduling task for the coordinators. */
async function openVisitOf(employeeId: string, type: VisitType): Promise<ApiVisit> {
  let found: ApiVisit | undefined;
  await expect
    .poll(
      async () => {
      const visit = await database.db.visit.findFirst({
        where: { employeeId, type, status: 'TO_SCHEDULE', tasks: { some: { kind: 'SCHEDULING', status: 'OPEN' } } },
      });
      found = visit ? toApiVisit(visit) : undefined;
      return found?.type;
      },
      { timeout: 10_000 },
    )
    .toBe(type);
  return found!;
}

async function performVisit(visit: ApiVisit, professional: Actor, form: Partial<ConclusionForm>): Promise<void> {
  await sendWorkflowUpdate(temporal, visit.workflowId, scheduleVisitUpdate, {
    actor: assistant,
    professionalRole: professional.role,
    delegated: professional.role === 'NURSE',
    form: { appointmentAt: new Date((await env.currentTimeMs()) + 2 * HOUR_MS).toISOString(), professionalId: professional.id },
  });
  await sendWorkflowUpdate(temporal, visit.workflowId, concludeVisitUpdate, { actor: professional, form: form as ConclusionForm });
}

async function sleepUntil(date: string): Promise<void> {
  const days = daysBetween(await serverToday(), date);
  if (days > 0) await env.sleep(`${days} days`);
}

async function bookNurseFor(visit: ApiVisit): Promise<void> {
  await sendWorkflowUpdate(temporal, visit.workflowId, scheduleVisitUpdate, {
    actor: assistant,
    professionalRole: 'NURSE',
    delegated: true,
    form: { appointmentAt: new Date((await env.currentTimeMs()) + HOUR_MS).toISOString(), professionalId: nurse.id },
  });
}

describe('R-VIP, R-SIR, R-MID, R-REPRISE, R-POST: an employee followed for ten years', () => {
  it('plans every visit of the follow-up with the right dates, performer and rule', async () => {
    const hire = await serverToday();
    // 40 at hire: the mid-career window (R-MID-1) runs from the 43rd birthday to the end of the 45th's year.
    const birthDate = plusYears(hire, -40);
    const midCareerDeadline = `${Number(birthDate.slice(0, 4)) + 45}-12-31`;
    const { employeeId } = await anEmployee(database.db, temporal, { birthDate, hireDate: hire, post: { title: 'Comptable', risks: [], nightWork: false } });

    // R-VIP-1: the initial VIP opens at hire, due within 3 months, delegable to a nurse (R-DEL-1).
    const initial = await openVisitOf(employeeId, 'VIP_INITIAL');
    expect(initial).toMatchObject({ deadline: plusMonths(hire, 3), performer: 'DOCTOR_OR_NURSE', rule: 'R-VIP-1' });
    // R-VIP-5/6: the nurse states the next VIP within the 5-year maximum for SIS.
    const renewalDue = plusDays(plusYears(hire, 3), 90);
    await performVisit(initial, nurse, { outcome: 'ATTESTATION', nextVisitDueDate: renewalDue });

    // R-REPRISE-1/2: a 40-day work accident, declared while it runs, opens the return visit, deadline return + 8 days.
    await sleepUntil(plusDays(hire, 50));
    const returnDate = plusDays(hire, 80);
    const { visits: stoppageVisits } = await declareWorkStoppage(database.db, temporal, {
      employeeId,
      cause: 'WORK_ACCIDENT',
      startDate: plusDays(returnDate, -40),
      returnDate,
    });
    expect(stoppageVisits).toEqual([expect.objectContaining({ type: 'REPRISE', dueDate: returnDate, deadline: plusDays(returnDate, 8) })]);
    // R-OPS-1: a no-show is billed to the employer and the visit goes back to scheduling.
    const reprise = stoppageVisits[0]!;
    await bookNurseFor(reprise);
    await env.sleep('2 hours');
    await sendWorkflowUpdate(temporal, reprise.workflowId, recordNoShowUpdate, { actor: assistant });
    expect(await database.db.visit.findUniqueOrThrow({ where: { id: reprise.id } })).toMatchObject({ status: 'TO_SCHEDULE', billable: true });
    await performVisit(reprise, nurse, { outcome: 'ATTESTATION', nextVisitDueDate: renewalDue });

    // R-VIP-5: the renewal opens ahead of the date the attestation stated; inside the mid-career
    // window it also counts as the mid-career visit (R-MID-1: one attestation states both).
    await sleepUntil(plusDays(renewalDue, -59));
    const renewalVisit = await openVisitOf(employeeId, 'VIP_RENEWAL');
    expect(renewalVisit).toMatchObject({ dueDate: renewalDue, deadline: renewalDue, rule: 'R-VIP-5' });
    await performVisit(renewalVisit, nurse, { outcome: 'ATTESTATION', nextVisitDueDate: plusYears(renewalDue, 3), coupledMidCareer: true });
    expect((await followUpPlan(database.db, temporal, employeeId)).next.map((visit) => visit.type)).not.toContain('MID_CAREER');

    // Five years after hire the employee moves to an asbestos post: R-SIR-1 exam by the doctor before assignment.
    await sleepUntil(plusYears(hire, 5));
    const moveDate = await serverToday();
    const { visits: moveVisits } = await recordEmployeeEvent(database.db, temporal, employeeId, {
      type: 'POST_CHANGED',
      date: moveDate,
      post: { title: 'Opérateur de désamiantage', risks: ['ASBESTOS'], nightWork: false },
    });
    expect(moveVisits).toEqual([expect.objectContaining({ type: 'SIR_EXAM', performer: 'DOCTOR', deadline: moveDate, rule: 'R-SIR-1' })]);
    expect(await database.db.post.findFirstOrThrow({ where: { employees: { some: { id: employeeId } } } })).toMatchObject({ followUpCategory: 'SIR' });
    // R-DEL-2/R-SIR-4: the nurse cannot even be booked for the aptitude exam; the doctor issues the avis.
    const sirExam = moveVisits[0]!;
    await expect(bookNurseFor(sirExam)).rejects.toThrow(/médecin du travail est requis/);
    await performVisit(sirExam, doctor, { outcome: 'APTITUDE' });
    const examDate = await serverToday();

    // The plan shows the SIR cycle: intermediate at 2 years (R-SIR-2), renewal at 4 (R-SIR-3); no more VIP.
    const plan = await followUpPlan(database.db, temporal, employeeId);
    expect(plan.category).toBe('SIR');
    expect(plan.next.map((visit) => [visit.type, visit.dueDate])).toEqual([
      ['SIR_INTERMEDIATE', plusYears(examDate, 2)],
      ['SIR_RENEWAL', plusYears(examDate, 4)],
    ]);

    await sleepUntil(plusYears(examDate, 2));
    const intermediate = await openVisitOf(employeeId, 'SIR_INTERMEDIATE');
    expect(intermediate).toMatchObject({ dueDate: plusYears(examDate, 2), performer: 'DOCTOR_OR_NURSE', rule: 'R-SIR-2' });
    await performVisit(intermediate, nurse, { outcome: 'ATTESTATION' });

    await sleepUntil(plusYears(examDate, 4));
    const renewal = await openVisitOf(employeeId, 'SIR_RENEWAL');
    expect(renewal).toMatchObject({ dueDate: plusYears(examDate, 4), performer: 'DOCTOR', rule: 'R-SIR-3' });
    await performVisit(renewal, doctor, { outcome: 'APTITUDE_WITH_MEASURES', measures: 'Port du masque à adduction d’air obligatoire.' });

    // Past ten years of follow-up the exposure ends: R-POST-1 post-exposure visit by the doctor.
    await sleepUntil(plusDays(plusYears(hire, 10), 30));
    const exposureEnd = await serverToday();
    expect(daysBetween(hire, exposureEnd)).toBeGreaterThan(3650);
    expect(midCareerDeadline < exposureEnd).toBe(true);
    const { visits: postVisits } = await recordEmployeeEvent(database.db, temporal, employeeId, { type: 'EXPOSURE_ENDED', date: exposureEnd });
    expect(postVisits).toEqual([expect.objectContaining({ type: 'POST_EXPOSURE', performer: 'DOCTOR', rule: 'R-POST-1' })]);

    // Departure closes what is still open, and the follow-up ends.
    await recordEmployeeEvent(database.db, temporal, employeeId, { type: 'DEPARTURE', date: await serverToday() });
    const followUp = env.client.workflow.getHandle(`follow-up-${employeeId}`);
    await followUp.result();

    const visits = await visitsOf(employeeId);
    expect(visits.map((visit) => `${visit.type}:${visit.status}`)).toEqual([
      'VIP_INITIAL:COMPLETED',
      'REPRISE:COMPLETED',
      'VIP_RENEWAL:COMPLETED',
      'SIR_EXAM:COMPLETED',
      'SIR_INTERMEDIATE:COMPLETED',
      'SIR_RENEWAL:COMPLETED',
      'POST_EXPOSURE:CANCELLED',
    ]);
    expect(await database.db.visit.findFirstOrThrow({ where: { id: renewalVisit.id } })).toMatchObject({ coupledMidCareer: true });
    expect(await database.db.document.count({ where: { visit: { employeeId } } })).toBe(6);
    await saveHistory('follow-up-ten-years', followUp.workflowId, await followUp.fetchHistory());
  });
});
