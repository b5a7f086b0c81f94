// R-TELE on the time-skipping server with the real activities, PostgreSQL and an SMTP server in this process:
// a remote appointment's session as a child of the visit, from the convocation to the end-of-visit emails,
// and every way it can stop. The happy path and a refusal save their histories for the replay test.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concludeReorientation } from '../activities/domain/delegation.js';
import { DomainError } from '../activities/domain/errors.js';
import { recordFollowUpEvent } from '../activities/domain/follow-ups.js';
import { sendWorkflowUpdate, type ApiVisit, type TemporalDeps } from '../activities/domain/visits.js';
import { declareWorkStoppage } from '../activities/domain/work-stoppages.js';
import { accessCodeFor, personalLink, personalToken, tokenHash } from '../activities/teleconsultation/links.js';
import { dbDateFromCivil, parisCivilDate, plusDays, plusYears } from '../workflows/rules/calendar.js';
import { defaultProtocolConfig } from '../workflows/rules/protocol-config.js';
import type { IdentityCheckForm, RemoteProposer } from '../workflows/teleconsultation/forms.js';
import {
  admitEmployeeUpdate,
  completePreCallUpdate,
  endTeleconsultationUpdate,
  interruptTeleconsultationUpdate,
  inviteThirdPartyUpdate,
  joinWaitingRoomUpdate,
  recordConsentUpdate,
  refuseTeleconsultationUpdate,
  reportTechnicalFailureUpdate,
  teleconsultationQuery,
  type TeleconsultationSnapshot,
} from '../workflows/teleconsultation/messages.js';
import type { ConclusionForm } from '../workflows/visit/forms.js';
import {
  cancelVisitUpdate,
  concludeVisitUpdate,
  recordNoShowUpdate,
  reorientToDoctorUpdate,
  scheduleVisitUpdate,
  visitSnapshotQuery,
  type Actor,
} from '../workflows/visit/messages.js';
import type { TestDatabase } from './support/database.js';
import { aProfessional, anEmployee } from './support/factories.js';
import { saveHistory } from './support/histories.js';
import { pdfText } from './support/pdf-text.js';
import { invitationOf } from './support/smtp.js';
import { expectRefused, startWorkflowTestEnv, TEST_LINK_SECRET, TEST_PUBLIC_URL, type WorkflowTestEnv } from './support/workflow-test-env.js';

const HOUR_MS = 3_600_000;
const TEXT_VERSION = defaultProtocolConfig.teleconsultation.consent.textVersion;
const NOT_BEFORE_REPORT = /La téléconsultation doit être terminée \(compte rendu\) avant la conclusion\./;

let setup: WorkflowTestEnv;
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let temporal: TemporalDeps;
let doctor: Actor;
let nurse: Actor;
let assistant: Actor;

/** The helpers below act on this environment. */
function use(environment: WorkflowTestEnv): void {
  setup = environment;
  ({ env, database, temporal } = setup);
  ({ doctor, nurse, assistant } = setup.staff);
}

beforeAll(async () => use(await startWorkflowTestEnv()));
afterAll(() => setup?.teardown());

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000, interval: 50 });
const serverNow = async () => new Date(await env.currentTimeMs());

interface RemoteVisit {
  visit: ApiVisit;
  employee: { email: string; phone: string };
  employerId: string;
}

/** A SIS employee back today from a 40-day work accident (R-REPRISE-1), with an address of their own. */
async function aRemoteCandidate(): Promise<RemoteVisit> {
  const returnDate = parisCivilDate(await serverNow());
  const employee = { email: `salarie-${randomUUID()}@exemple.fr`, phone: `06 ${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` };
  const { employeeId, employerId } = await anEmployee(database.db, temporal, employee);
  const { visits } = await declareWorkStoppage(database.db, temporal, { employeeId, cause: 'WORK_ACCIDENT', startDate: plusDays(returnDate, -40), returnDate });
  // The follow-up may open the employee's periodic visit in the same step as the stoppage: the return visit is ours.
  const returnVisits = visits.filter((visit) => visit.type === 'REPRISE');
  expect(returnVisits).toHaveLength(1);
  return { visit: returnVisits[0]!, employee, employerId };
}

async function scheduleRemote(visit: ApiVisit, options: { professional?: Actor; inHours?: number; proposedBy?: RemoteProposer; reason?: string } = {}) {
  const professional = options.professional ?? nurse;
  return sendWorkflowUpdate(temporal, visit.workflowId, scheduleVisitUpdate, {
    actor: assistant,
    professionalRole: professional.role,
    delegated: professional.role === 'NURSE',
    form: {
      appointmentAt: new Date((await env.currentTimeMs()) + (options.inHours ?? 2) * HOUR_MS).toISOString(),
      professionalId: professional.id,
      modality: 'REMOTE',
      remoteProposedBy: options.proposedBy ?? 'PROFESSIONAL',
      reason: options.reason,
    },
  });
}

/** The session of the visit's current remote appointment, once its workflow has written its row. */
async function sessionOf(visit: ApiVisit) {
  const { teleconsultationWorkflowId } = await database.db.visit.findUniqueOrThrow({ where: { id: visit.id } });
  expect(teleconsultationWorkflowId).toBeTruthy();
  const workflowId = teleconsultationWorkflowId!;
  await eventually(() => database.db.teleconsultation.count({ where: { workflowId } })).toBe(1);
  return { workflowId, id: (await database.db.teleconsultation.findUniqueOrThrow({ where: { workflowId } })).id };
}

const row = (workflowId: string) => database.db.teleconsultation.findUniqueOrThrow({ where: { workflowId }, include: { incidents: true, participants: true } });
const send = <Result, Args>(workflowId: string, update: Parameters<typeof sendWorkflowUpdate<Result, Args>>[2], args: Args) =>
  sendWorkflowUpdate<Result, Args>(temporal, workflowId, update, args);

/** joinWaitingRoom has no argument, which sendWorkflowUpdate cannot send: the same refusal mapping, by hand. */
async function join(workflowId: string): Promise<TeleconsultationSnapshot> {
  try {
    return await env.client.workflow.getHandle(workflowId).executeUpdate(joinWaitingRoomUpdate);
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) throw new DomainError('REFUSED', error.cause.message);
    throw error;
  }
}

const consentByLink = (workflowId: string) => send(workflowId, recordConsentUpdate, { channel: 'LINK', textVersion: TEXT_VERSION, ip: '203.0.113.7' });

const identity: IdentityCheckForm = {
  birthName: 'Martin',
  firstNames: 'Julie',
  birthDate: '1985-04-12',
  sex: 'F',
  birthPlace: 'Lyon',
  photoIdSeen: true,
  location: 'Domicile, 12 rue des Lilas, Lyon',
  phone: '06 11 22 33 44',
  identityConfirmed: true,
  remoteSuitable: true,
};
const admit = (workflowId: string, actor: Actor = nurse) => send(workflowId, admitEmployeeUpdate, { actor, identity });

/** Takes a fresh session to a stage of its life, as the employee and the nurse would. */
async function reach(workflowId: string, stage: 'AWAITING_CONSENT' | 'CONSENTED' | 'WAITING_ROOM' | 'IN_PROGRESS'): Promise<void> {
  if (stage === 'AWAITING_CONSENT') return;
  await consentByLink(workflowId);
  if (stage === 'CONSENTED') return;
  await join(workflowId);
  if (stage === 'WAITING_ROOM') return;
  await admit(workflowId);
}

const mailsTo = (recipient: string) => setup.mails.filter((mail) => mail.to.includes(recipient));
const mailTo = (recipient: string, subject: RegExp) => mailsTo(recipient).find((mail) => subject.test(mail.subject));

function openTasks(visitId: string) {
  return database.db.humanTask.findMany({
    where: { visitId, status: 'OPEN' },
    select: { kind: true, role: true, priority: true, dueDate: true },
    orderBy: { createdAt: 'asc' },
  });
}

const visitRow = (visit: ApiVisit) =>
  database.db.visit.findUniqueOrThrow({
    where: { id: visit.id },
    select: { status: true, modality: true, appointmentAt: true, teleconsultationWorkflowId: true, remoteProposedBy: true, billable: true, reorientationWorkflowId: true },
  });

function conclude(visit: ApiVisit, actor: Actor, form: Partial<ConclusionForm>) {
  return sendWorkflowUpdate(temporal, visit.workflowId, concludeVisitUpdate, { actor, form: form as ConclusionForm });
}

describe('R-TELE: a remote visit from convocation to end-of-visit documents', () => {
  it('R-TELE-1/4/5/6/7/9/11/12: consent by link, pre-call, connection details, admission, third party, report, conclusion, emails', async () => {
    const today = parisCivilDate(await serverNow());
    const { visit, employee, employerId } = await aRemoteCandidate();
    const employerEmail = `rh-${randomUUID()}@entreprise.fr`;
    await database.db.employer.update({ where: { id: employerId }, data: { contactEmail: employerEmail } });

    // R-TELE-3: the employer proposed the remote visit; the nurse's appointment is in two hours.
    const scheduled = await scheduleRemote(visit, { proposedBy: 'EMPLOYER' });
    const workflowId = `${visit.workflowId}-tele-1`;
    expect(scheduled).toMatchObject({ status: 'SCHEDULED', modality: 'REMOTE', teleconsultationWorkflowId: workflowId });
    expect(await visitRow(visit)).toMatchObject({ modality: 'REMOTE', remoteProposedBy: 'EMPLOYER', teleconsultationWorkflowId: workflowId });
    const session = await sessionOf(visit);
    const opened = await row(workflowId);
    expect(opened).toMatchObject({ status: 'AWAITING_CONSENT', revision: 1, proposedBy: 'EMPLOYER', professionalId: nurse.id });
    expect(opened.roomName).toMatch(/^[0-9a-f]{40}$/);
    expect(opened.linkTokenHash).toBe(tokenHash(personalToken(TEST_LINK_SECRET, 'employee', session.id)));

    // R-TELE-4: the assistant's call, due the day before the slot but not before today.
    const appointmentDay = parisCivilDate(new Date(scheduled.appointmentAt!));
    const preCallDue = plusDays(appointmentDay, -1) > today ? plusDays(appointmentDay, -1) : today;
    expect(await openTasks(visit.id)).toEqual([
      { kind: 'CONSULTATION', role: 'NURSE', priority: 0, dueDate: dbDateFromCivil(appointmentDay) },
      { kind: 'PRE_CALL', role: 'ASSISTANT', priority: 0, dueDate: dbDateFromCivil(preCallDue) },
    ]);

    // R-TELE-5: the convocation by email, with the personal link and a calendar invitation.
    const link = personalLink(TEST_PUBLIC_URL, 'employee', personalToken(TEST_LINK_SECRET, 'employee', session.id));
    await eventually(() => mailTo(employee.email, /^Convocation/)).toBeDefined();
    const convocation = mailTo(employee.email, /^Convocation/)!;
    expect(convocation.text).toContain(link);
    expect(convocation.text).toContain('Paul Bernard');
    expect(convocation.attachments.map((attachment) => attachment.filename)).toContain('invitation.ics');

    await expectRefused(send(workflowId, completePreCallUpdate, { actor: nurse, form: { administrativeFileUpdated: true, documentsToPrepare: 'Carte Vitale' } }), /secrétariat/);
    await send(workflowId, completePreCallUpdate, { actor: assistant, form: { administrativeFileUpdated: true, documentsToPrepare: 'Carte Vitale, ordonnances en cours' } });
    expect((await openTasks(visit.id)).map((task) => task.kind)).toEqual(['CONSULTATION']);
    expect((await row(workflowId)).preCallDoneAt).not.toBeNull();

    // R-TELE-1: no consent, no video; the text consented to is the visit's protocol version's.
    await expectRefused(join(workflowId), /consentement/);
    await expectRefused(send(workflowId, recordConsentUpdate, { channel: 'LINK', textVersion: '2020-01', ip: '203.0.113.7' }), /texte de consentement a changé/);
    await expectRefused(send(workflowId, recordConsentUpdate, { channel: 'LINK', textVersion: TEXT_VERSION, actor: assistant }), /lien personnel/);
    expect(await consentByLink(workflowId)).toMatchObject({ status: 'CONSENTED', consent: { channel: 'LINK', textVersion: TEXT_VERSION } });
    expect(await row(workflowId)).toMatchObject({ status: 'CONSENTED', consentChannel: 'LINK', consentTextVersion: TEXT_VERSION, consentIp: '203.0.113.7' });
    await expectRefused(consentByLink(workflowId), /déjà recueilli/);
    await expectRefused(conclude(visit, nurse, { outcome: 'ATTESTATION', nextVisitDueDate: plusYears(today, 5) }), NOT_BEFORE_REPORT);

    // R-TELE-5: link and access code by email and SMS, 15 minutes before the slot.
    const accessCode = accessCodeFor(TEST_LINK_SECRET, session.id);
    await env.sleep('100 minutes');
    expect(mailTo(employee.email, /commence/)).toBeUndefined();
    await env.sleep('10 minutes');
    await eventually(() => mailTo(employee.email, /commence/)?.text).toContain(accessCode);
    expect(mailTo(employee.email, /commence/)!.text).toContain(link);
    await eventually(async () => (await setup.sentSms()).filter((sms) => sms.to === employee.phone).map((sms) => sms.body)).toEqual([expect.stringContaining(accessCode)]);

    // R-TELE-6/7: the waiting room, then admission by the appointment's nurse after the identity check.
    expect(await join(workflowId)).toMatchObject({ status: 'WAITING_ROOM', connectionDetailsSent: true });
    const otherNurse = await aProfessional(database.db, 'NURSE', 'Autre Infirmière');
    await expectRefused(admit(workflowId, otherNurse), /Seul le professionnel de santé du rendez-vous/);
    await expectRefused(send(workflowId, admitEmployeeUpdate, { actor: nurse, identity: { ...identity, identityConfirmed: undefined as unknown as true } }), /Confirmez que l’identité/);
    // R-TELE-3: seeing the employee, the professional judges remote adequate, or stops it (R-TELE-10).
    await expectRefused(
      send(workflowId, admitEmployeeUpdate, { actor: nurse, identity: { ...identity, remoteSuitable: undefined as unknown as true } }),
      /Confirmez que la téléconsultation est adaptée/,
    );
    expect(await admit(workflowId)).toMatchObject({ status: 'IN_PROGRESS', identityChecked: true });
    expect((await row(workflowId)).identityCheck).toMatchObject({ birthName: 'Martin', location: 'Domicile, 12 rue des Lilas, Lyon', remoteSuitable: true, checkedById: nurse.id });

    // R-TELE-9: an interpreter the employee agreed to, with a personal link of their own.
    const interpreterEmail = `interprete-${randomUUID()}@exemple.fr`;
    const thirdParty = { role: 'INTERPRETER' as const, name: 'Ana Souza', email: interpreterEmail };
    await expectRefused(send(workflowId, inviteThirdPartyUpdate, { actor: nurse, form: thirdParty as never }), /consentir/);
    const { participantId } = await send(workflowId, inviteThirdPartyUpdate, { actor: nurse, form: { ...thirdParty, employeeConsented: true } });
    const participant = await database.db.teleconsultationParticipant.findUniqueOrThrow({ where: { id: participantId } });
    expect(participant).toMatchObject({ role: 'INTERPRETER', name: 'Ana Souza', invitedById: nurse.id, linkTokenHash: tokenHash(personalToken(TEST_LINK_SECRET, 'third-party', participantId)) });
    await eventually(() => mailsTo(interpreterEmail)[0]?.text).toContain(personalLink(TEST_PUBLIC_URL, 'third-party', personalToken(TEST_LINK_SECRET, 'third-party', participantId)));

    // R-TELE-11: the report, issued as a REPORT document; then the visit can be concluded.
    const report = { actsPerformed: 'Entretien de reprise, questionnaire sur le poste.', prescriptions: 'Aucune', technicalIncidents: 'Son coupé 1 minute' };
    await expectRefused(send(workflowId, endTeleconsultationUpdate, { actor: otherNurse, form: report }), /Seul le professionnel de santé du rendez-vous/);
    expect(await send(workflowId, endTeleconsultationUpdate, { actor: nurse, form: report })).toMatchObject({ status: 'ENDED' });
    const ended = await row(workflowId);
    expect(ended).toMatchObject({ status: 'ENDED', report: { ...report, writtenById: nurse.id } });
    const reportDocument = await database.db.document.findFirstOrThrow({ where: { visitId: visit.id, kind: 'REPORT' } });
    const reportText = await pdfText(reportDocument.content);
    for (const field of [
      'Compte rendu de téléconsultation',
      `Séance du `,
      `Consentement : recueilli sur le lien personnel`,
      `texte version ${TEXT_VERSION}`,
      'Martin, ',
      'pièce d’identité avec photo vue',
      'téléconsultation jugée adaptée par le professionnel',
      'Domicile, 12 rue des Lilas, Lyon',
      `${nurse.displayName}, `,
      'Ana Souza (',
      report.actsPerformed,
      'Son coupé 1 minute',
      'Aucun enregistrement audio ou vidéo',
    ]) {
      expect(reportText).toContain(field);
    }
    await expectRefused(consentByLink(workflowId), /clos|terminée/);
    await eventually(async () => (await env.client.workflow.getHandle(visit.workflowId).query(visitSnapshotQuery)).teleconsultationEnded).toBe(true);

    const completed = await conclude(visit, nurse, { outcome: 'ATTESTATION', nextVisitDueDate: plusYears(today, 5) });
    expect(completed).toMatchObject({ status: 'COMPLETED', modality: 'REMOTE' });
    const handle = env.client.workflow.getHandle(visit.workflowId);
    await handle.result();
    const attestation = await database.db.document.findFirstOrThrow({ where: { visitId: visit.id, kind: 'ATTESTATION' } });
    // R-TELE-12: what the employer may receive carries none of the report's clinical content.
    const attestationText = await pdfText(attestation.content);
    expect(attestationText).toContain('Ce document ne contient aucune information médicale.');
    for (const clinical of [report.actsPerformed, report.technicalIncidents, 'Domicile, 12 rue des Lilas', 'Ana Souza']) expect(attestationText).not.toContain(clinical);

    // R-TELE-12: the employee gets the attestation and the satisfaction link (R-TELE-15); the employer the
    // attestation and, as it proposed the remote visit, a written notice; never the report.
    const satisfactionLink = personalLink(TEST_PUBLIC_URL, 'satisfaction', personalToken(TEST_LINK_SECRET, 'satisfaction', session.id));
    const toEmployee = mailTo(employee.email, /document de fin de visite/)!;
    expect(toEmployee.text).toContain(satisfactionLink);
    expect(toEmployee.attachments.map((attachment) => attachment.filename)).toEqual([attestation.fileName]);
    expect(mailsTo(employerEmail).map((mail) => mail.subject)).toEqual(
      expect.arrayContaining([expect.stringMatching(/attestation de suivi$/), expect.stringMatching(/réalisée en téléconsultation$/)]),
    );
    expect(mailsTo(employerEmail)).toHaveLength(2);
    const sentToEmployer = mailsTo(employerEmail).flatMap((mail) => mail.attachments.map((attachment) => attachment.filename));
    expect(sentToEmployer).toEqual([attestation.fileName]);
    expect(sentToEmployer).not.toContain(reportDocument.fileName);
    expect(await database.db.visitEvent.findMany({ where: { visitId: visit.id, kind: 'EMPLOYER_NOTICE' }, select: { summary: true } })).toEqual([
      { summary: expect.stringContaining(employerEmail) },
    ]);
    expect(await database.db.auditEvent.count({ where: { entityType: 'Visit', entityId: visit.id, action: 'teleconsultation.employer-notice' } })).toBe(1);

    // A retried activity finds what its first attempt did: no second message, task, document or audit row.
    const mailCount = setup.mails.length;
    await setup.activities.notifyEmployee({ teleconsultationId: session.id, message: 'TELECONSULTATION_CONVOCATION', channel: 'EMAIL' });
    await setup.activities.notifyEmployee({ teleconsultationId: session.id, message: 'TELECONSULTATION_CONNECTION', channel: 'SMS' });
    await setup.activities.inviteThirdParty({ participantId });
    await setup.activities.sendEndOfVisitDocuments({ visitId: visit.id });
    expect(setup.mails).toHaveLength(mailCount);
    expect((await setup.sentSms()).filter((sms) => sms.to === employee.phone)).toHaveLength(1);
    expect(await database.db.auditEvent.count({ where: { entityType: 'Visit', entityId: visit.id, action: 'teleconsultation.employer-notice' } })).toBe(1);
    const reopened = await setup.activities.openTeleconsultation({
      workflowId,
      visitId: visit.id,
      revision: 1,
      appointmentAt: scheduled.appointmentAt!,
      professionalId: nurse.id,
      proposedBy: 'EMPLOYER',
      protocolVersion: 1,
      today,
    });
    expect(reopened.teleconsultationId).toBe(session.id);
    expect(await database.db.humanTask.count({ where: { visitId: visit.id, kind: 'PRE_CALL' } })).toBe(1);
    expect(await setup.activities.endTeleconsultation({ teleconsultationId: session.id, actorId: nurse.id, report, at: new Date().toISOString() })).toBe(reportDocument.id);
    expect(await database.db.document.count({ where: { visitId: visit.id } })).toBe(2);

    await saveHistory('remote-visit-happy-path', visit.workflowId, await handle.fetchHistory());
    await saveHistory('teleconsultation-happy-path', workflowId, await env.client.workflow.getHandle(workflowId).fetchHistory());
  });

  it('R-TELE-1/4: the assistant records an oral consent on the phone; an administrator cannot', async () => {
    const { visit } = await aRemoteCandidate();
    await scheduleRemote(visit);
    const { workflowId } = await sessionOf(visit);
    const admin = await aProfessional(database.db, 'ADMIN', 'Admin');
    await expectRefused(send(workflowId, recordConsentUpdate, { channel: 'ORAL', textVersion: TEXT_VERSION, actor: admin }), /secrétariat et les professionnels/);
    await expectRefused(send(workflowId, recordConsentUpdate, { channel: 'ORAL', textVersion: TEXT_VERSION }), /secrétariat et les professionnels/);
    expect(await send(workflowId, recordConsentUpdate, { channel: 'ORAL', textVersion: TEXT_VERSION, actor: assistant })).toMatchObject({ status: 'CONSENTED' });
    expect(await row(workflowId)).toMatchObject({ consentChannel: 'ORAL', consentRecordedById: assistant.id, consentTextVersion: TEXT_VERSION, consentIp: null });
    expect(await join(workflowId)).toMatchObject({ status: 'WAITING_ROOM' });
  });

  it('R-TELE-6: the link stops working once the slot is past its validity', async () => {
    const { visit } = await aRemoteCandidate();
    await scheduleRemote(visit, { inHours: 1 });
    const { workflowId } = await sessionOf(visit);
    await consentByLink(workflowId);
    await env.sleep(`${60 + defaultProtocolConfig.teleconsultation.validMinutesAfterSlot + 1} minutes`);
    await expectRefused(join(workflowId), /créneau de cette téléconsultation est passé/);
  });
});

describe('R-TELE-2: the employee refuses, at any point before the end', () => {
  it.each(['AWAITING_CONSENT', 'CONSENTED', 'WAITING_ROOM', 'IN_PROGRESS'] as const)(
    'R-TELE-2: refused while %s, the visit turns in person, first in the inbox, and the employee is told',
    async (stage) => {
      const today = parisCivilDate(await serverNow());
      const { visit, employee } = await aRemoteCandidate();
      await scheduleRemote(visit);
      const { workflowId } = await sessionOf(visit);
      await reach(workflowId, stage);

      // From the personal link, or on the phone through the assistant.
      const refused = stage === 'CONSENTED'
        ? await send(workflowId, refuseTeleconsultationUpdate, { channel: 'ORAL', actor: assistant, form: { reason: 'Préfère venir au centre' } })
        : await send(workflowId, refuseTeleconsultationUpdate, { channel: 'LINK', form: {} });
      expect(refused).toMatchObject({ status: 'REFUSED' });
      expect(await row(workflowId)).toMatchObject({ status: 'REFUSED', refusalReason: stage === 'CONSENTED' ? 'Préfère venir au centre' : null });

      await eventually(() => visitRow(visit)).toMatchObject({ status: 'TO_SCHEDULE', modality: 'IN_PERSON', appointmentAt: null, teleconsultationWorkflowId: null });
      expect(await openTasks(visit.id)).toEqual([{ kind: 'SCHEDULING', role: 'ASSISTANT', priority: 1, dueDate: dbDateFromCivil(today) }]);
      await eventually(() => mailTo(employee.email, /aura lieu en présentiel/)).toBeDefined();
      // The remote slot leaves the employee's calendar: the convocation's event, cancelled.
      const booked = invitationOf(mailTo(employee.email, /^Convocation/));
      const cancelled = invitationOf(mailTo(employee.email, /aura lieu en présentiel/));
      expect(cancelled?.get('METHOD')).toEqual(['CANCEL']);
      expect(cancelled?.get('STATUS')).toEqual(['CANCELLED']);
      expect(cancelled?.get('UID')).toEqual(booked?.get('UID'));
      expect(Number(cancelled?.get('SEQUENCE')?.[0])).toBeGreaterThan(Number(booked?.get('SEQUENCE')?.[0]));
      const handle = env.client.workflow.getHandle(visit.workflowId);
      expect(await handle.query(visitSnapshotQuery)).toMatchObject({ status: 'TO_SCHEDULE', modality: 'IN_PERSON' });
      expect(await env.client.workflow.getHandle(workflowId).result()).toEqual({
        status: 'REFUSED',
        replan: 'IN_PERSON',
        ...(stage === 'CONSENTED' && { reason: 'Préfère venir au centre' }),
      });

      // The refusal never blocks the visit: it is booked in person and goes on.
      await sendWorkflowUpdate(temporal, visit.workflowId, scheduleVisitUpdate, {
        actor: assistant,
        professionalRole: 'DOCTOR',
        delegated: false,
        form: { appointmentAt: new Date((await env.currentTimeMs()) + 3 * HOUR_MS).toISOString(), professionalId: doctor.id },
      });
      expect(await visitRow(visit)).toMatchObject({ status: 'SCHEDULED', modality: 'IN_PERSON', teleconsultationWorkflowId: null });
      if (stage === 'IN_PROGRESS') await saveHistory('remote-visit-refused', visit.workflowId, await handle.fetchHistory());
    },
  );
});

describe('R-TELE-10: either side stops the session, with a reason', () => {
  it('R-TELE-10: the employee stops: traced, told, planned again in person', async () => {
    const { visit, employee } = await aRemoteCandidate();
    await scheduleRemote(visit);
    const { workflowId } = await sessionOf(visit);
    await reach(workflowId, 'CONSENTED');
    await expectRefused(send(workflowId, interruptTeleconsultationUpdate, { by: 'EMPLOYEE', form: { reason: 'Je pars' } }), /n’a pas commencé/);
    await join(workflowId);
    await admit(workflowId);
    await expectRefused(send(workflowId, interruptTeleconsultationUpdate, { by: 'EMPLOYEE', form: { reason: '' } }), /motif de l’interruption/);
    await send(workflowId, interruptTeleconsultationUpdate, { by: 'EMPLOYEE', form: { reason: 'Connexion trop instable pour moi' } });
    expect((await row(workflowId)).incidents).toEqual([expect.objectContaining({ kind: 'INTERRUPTION', by: 'EMPLOYEE', reason: 'Connexion trop instable pour moi', actorId: null })]);
    expect(await env.client.workflow.getHandle(workflowId).result()).toEqual({ status: 'INTERRUPTED', replan: 'IN_PERSON', reason: 'Connexion trop instable pour moi' });
    await eventually(() => visitRow(visit)).toMatchObject({ status: 'TO_SCHEDULE', modality: 'IN_PERSON' });
    expect((await openTasks(visit.id)).map((task) => [task.kind, task.priority])).toEqual([['SCHEDULING', 1]]);
    await eventually(() => mailTo(employee.email, /reprogrammée/)?.text).toContain('à votre demande');
  });

  it('R-TELE-10: the professional stops because remote is no longer adequate (in person), or for another reason (planned again)', async () => {
    for (const { remoteInadequate, replan, modality, priority } of [
      { remoteInadequate: true, replan: 'IN_PERSON', modality: 'IN_PERSON', priority: 1 },
      { remoteInadequate: false, replan: 'REMOTE', modality: 'REMOTE', priority: 0 },
    ] as const) {
      const { visit, employee } = await aRemoteCandidate();
      await scheduleRemote(visit);
      const { workflowId } = await sessionOf(visit);
      await reach(workflowId, 'IN_PROGRESS');
      await expectRefused(send(workflowId, interruptTeleconsultationUpdate, { by: 'PROFESSIONAL', form: { reason: 'Motif' } }), /Seul le professionnel/);
      await send(workflowId, interruptTeleconsultationUpdate, { by: 'PROFESSIONAL', actor: nurse, form: { reason: 'Examen clinique nécessaire', remoteInadequate } });
      expect((await row(workflowId)).incidents).toEqual([expect.objectContaining({ kind: 'INTERRUPTION', by: 'PROFESSIONAL', reason: 'Examen clinique nécessaire', actorId: nurse.id })]);
      expect(await env.client.workflow.getHandle(workflowId).result()).toMatchObject({ status: 'INTERRUPTED', replan });
      await eventually(() => visitRow(visit)).toMatchObject({ status: 'TO_SCHEDULE', modality });
      expect((await openTasks(visit.id)).map((task) => [task.kind, task.priority])).toEqual([['SCHEDULING', priority]]);
      // The employee learns who stopped, not the (possibly clinical) reason.
      await eventually(() => mailTo(employee.email, /reprogrammée/)?.text).toContain('à l’initiative du professionnel de santé');
      expect(mailTo(employee.email, /reprogrammée/)!.text).not.toContain('Examen clinique');
    }
  });
});

describe('R-TELE-13: technical failure', () => {
  it('R-TELE-13: a failure is traced and the visit planned again, remote still possible, with a new consent', async () => {
    const { visit, employee } = await aRemoteCandidate();
    await scheduleRemote(visit);
    const first = await sessionOf(visit);
    await reach(first.workflowId, 'WAITING_ROOM');
    await send(first.workflowId, reportTechnicalFailureUpdate, { actor: nurse, form: { description: 'Vidéo impossible côté salarié' } });
    expect(await row(first.workflowId)).toMatchObject({
      status: 'FAILED',
      incidents: [expect.objectContaining({ kind: 'TECHNICAL_FAILURE', reason: 'Vidéo impossible côté salarié', actorId: nurse.id })],
    });
    expect(await env.client.workflow.getHandle(first.workflowId).result()).toMatchObject({ status: 'FAILED', replan: 'REMOTE' });
    await eventually(() => visitRow(visit)).toMatchObject({ status: 'TO_SCHEDULE', modality: 'REMOTE', teleconsultationWorkflowId: null });
    expect((await openTasks(visit.id)).map((task) => [task.kind, task.priority])).toEqual([['SCHEDULING', 0]]);
    await eventually(() => mailTo(employee.email, /reprogrammée/)?.text).toContain('incident technique');

    await scheduleRemote(visit, { inHours: 26 });
    const second = await sessionOf(visit);
    expect(second.workflowId).toBe(`${visit.workflowId}-tele-2`);
    expect(await env.client.workflow.getHandle(second.workflowId).query(teleconsultationQuery)).toMatchObject({ status: 'AWAITING_CONSENT' });
    await expectRefused(join(second.workflowId), /consentement/);
  });
});

describe('the visit moves on: its session is superseded', () => {
  it('rescheduling supersedes the session; the new one asks for consent again (R-TELE-1)', async () => {
    const { visit } = await aRemoteCandidate();
    await scheduleRemote(visit);
    const first = await sessionOf(visit);
    await reach(first.workflowId, 'CONSENTED');
    await expectRefused(scheduleRemote(visit, { inHours: 5 }), /motif du report/);
    await scheduleRemote(visit, { inHours: 5, reason: 'Salariée indisponible' });
    expect(await env.client.workflow.getHandle(first.workflowId).result()).toEqual({ status: 'SUPERSEDED', replan: 'NONE', reason: 'rendez-vous déplacé' });
    expect(await row(first.workflowId)).toMatchObject({ status: 'SUPERSEDED', endedReason: 'rendez-vous déplacé' });
    await expectRefused(consentByLink(first.workflowId), /clos|n’aura pas lieu/);

    const second = await sessionOf(visit);
    expect(second.workflowId).toBe(`${visit.workflowId}-tele-2`);
    expect(await row(second.workflowId)).toMatchObject({ status: 'AWAITING_CONSENT', consentAt: null });
    await expectRefused(join(second.workflowId), /consentement/);
    // Only the current session's pre-call remains to do.
    expect((await openTasks(visit.id)).map((task) => task.kind)).toEqual(['CONSULTATION', 'PRE_CALL']);
    expect(await env.client.workflow.getHandle(visit.workflowId).query(visitSnapshotQuery)).toMatchObject({ status: 'SCHEDULED', teleconsultationWorkflowId: second.workflowId });
  });

  it('R-OPS-1: a no-show recorded on the visit supersedes the session and is billed', async () => {
    const { visit } = await aRemoteCandidate();
    await scheduleRemote(visit, { inHours: 1 });
    const { workflowId } = await sessionOf(visit);
    await env.sleep('2 hours');
    await sendWorkflowUpdate(temporal, visit.workflowId, recordNoShowUpdate, { actor: assistant });
    expect(await visitRow(visit)).toMatchObject({ status: 'TO_SCHEDULE', billable: true, teleconsultationWorkflowId: null, modality: 'REMOTE' });
    await eventually(async () => (await row(workflowId)).status).toBe('SUPERSEDED');
    expect((await row(workflowId)).endedReason).toBe('absence au rendez-vous');
  });

  it('a cancelled visit closes at once; its session still records that it will not take place', async () => {
    const { visit } = await aRemoteCandidate();
    await scheduleRemote(visit);
    const { workflowId } = await sessionOf(visit);
    await sendWorkflowUpdate(temporal, visit.workflowId, cancelVisitUpdate, { actor: assistant, form: { reason: 'Départ du salarié' } });
    expect(await env.client.workflow.getHandle(workflowId).result()).toMatchObject({ status: 'SUPERSEDED', reason: 'visite annulée' });
    expect(await row(workflowId)).toMatchObject({ status: 'SUPERSEDED' });
  });
});

describe('R-DEL-2 on a remote visit', () => {
  it('R-DEL-2: the nurse ends the session, is refused the avis, re-orients; the doctor concludes and the documents are emailed', async () => {
    const today = parisCivilDate(await serverNow());
    const { visit, employee } = await aRemoteCandidate();
    // The employer proposed it but left no contact address: the notice is due by post, and traced so.
    await scheduleRemote(visit, { proposedBy: 'EMPLOYER' });
    const { workflowId } = await sessionOf(visit);
    await reach(workflowId, 'IN_PROGRESS');
    await send(workflowId, endTeleconsultationUpdate, { actor: nurse, form: { actsPerformed: 'Entretien ; douleurs persistantes.' } });
    await eventually(async () => (await env.client.workflow.getHandle(visit.workflowId).query(visitSnapshotQuery)).teleconsultationEnded).toBe(true);

    await expectRefused(conclude(visit, nurse, { outcome: 'INAPTITUDE' }), /Seul le médecin du travail peut émettre/);
    await sendWorkflowUpdate(temporal, visit.workflowId, reorientToDoctorUpdate, { actor: nurse, form: { reason: 'INAPTITUDE_RISK', details: 'Port de charges impossible.' } });
    await concludeReorientation(database.db, temporal, visit.id, { actor: doctor, form: { outcome: 'ATTESTATION', nextVisitDueDate: plusYears(today, 2) } });
    expect(await env.client.workflow.getHandle(visit.workflowId).result()).toMatchObject({ status: 'COMPLETED', modality: 'REMOTE' });
    expect(mailTo(employee.email, /document de fin de visite/)!.attachments.map((attachment) => attachment.filename)).toEqual([expect.stringMatching(/^attestation-/)]);
    expect(await database.db.visitEvent.findMany({ where: { visitId: visit.id, kind: 'EMPLOYER_NOTICE' }, select: { summary: true } })).toEqual([
      { summary: expect.stringMatching(/par courrier.*aucune adresse de contact/) },
    ]);
  });

  it('R-TELE-12: a visit the employer asked for (R-DEMANDE-1), held remotely at the doctor’s proposal, is notified to the employer in writing', async () => {
    const employee = { email: `salarie-${randomUUID()}@exemple.fr`, phone: '06 12 34 56 78' };
    const { employeeId, employerId } = await anEmployee(database.db, temporal, employee);
    const employerEmail = `rh-${randomUUID()}@entreprise.fr`;
    await database.db.employer.update({ where: { id: employerId }, data: { contactEmail: employerEmail } });
    const today = parisCivilDate(await serverNow());
    const { visits } = await recordFollowUpEvent(database.db, temporal, employeeId, {
      type: 'VISIT_REQUESTED',
      date: today,
      requestedBy: 'EMPLOYER',
      reason: 'Difficultés au poste signalées par le responsable',
    });
    const visit = visits.find((candidate) => candidate.type === 'ON_REQUEST')!;
    await scheduleRemote(visit, { professional: doctor, proposedBy: 'PROFESSIONAL' });
    const { workflowId } = await sessionOf(visit);
    await consentByLink(workflowId);
    await join(workflowId);
    await admit(workflowId, doctor);
    await send(workflowId, endTeleconsultationUpdate, { actor: doctor, form: { actsPerformed: 'Entretien à la demande de l’employeur.' } });
    await eventually(async () => (await env.client.workflow.getHandle(visit.workflowId).query(visitSnapshotQuery)).teleconsultationEnded).toBe(true);
    await conclude(visit, doctor, { outcome: 'ATTESTATION' });
    await env.client.workflow.getHandle(visit.workflowId).result();

    expect(mailsTo(employerEmail).map((mail) => mail.subject)).toEqual(expect.arrayContaining([expect.stringMatching(/réalisée en téléconsultation$/)]));
    expect(await database.db.visitEvent.findMany({ where: { visitId: visit.id, kind: 'EMPLOYER_NOTICE' }, select: { summary: true } })).toEqual([
      { summary: expect.stringContaining(employerEmail) },
    ]);
  });

  it('R-DEL-2: re-orienting during a session supersedes it', async () => {
    const { visit } = await aRemoteCandidate();
    await scheduleRemote(visit);
    const { workflowId } = await sessionOf(visit);
    await reach(workflowId, 'CONSENTED');
    await sendWorkflowUpdate(temporal, visit.workflowId, reorientToDoctorUpdate, { actor: nurse, form: { reason: 'EMPLOYEE_REQUEST', details: 'Souhaite voir le médecin.' } });
    expect(await env.client.workflow.getHandle(workflowId).result()).toMatchObject({ status: 'SUPERSEDED', reason: 'visite réorientée vers le médecin' });
  });
});

// Last, on the real dev server: the time-skipping server never tells a parent that its child was terminated.
describe('a child workflow that fails never leaves the visit stuck', () => {
  let timeSkipping: WorkflowTestEnv;
  beforeAll(async () => {
    timeSkipping = setup;
    use(await startWorkflowTestEnv({ server: 'dev' }));
  });
  afterAll(async () => {
    await setup?.teardown();
    use(timeSkipping);
  });

  it('a session whose workflow fails does not leave the visit stuck: traced as a failure, planned again', async () => {
    const { visit } = await aRemoteCandidate();
    await scheduleRemote(visit);
    const { workflowId } = await sessionOf(visit);
    await env.client.workflow.getHandle(workflowId).terminate('panne simulée');
    await eventually(() => visitRow(visit)).toMatchObject({ status: 'TO_SCHEDULE', modality: 'REMOTE', teleconsultationWorkflowId: null });
    expect(await row(workflowId)).toMatchObject({ status: 'FAILED', endedReason: 'Erreur du système' });
    const events = await database.db.visitEvent.findMany({ where: { visitId: visit.id, kind: 'REPLAN' }, select: { summary: true } });
    expect(events).toEqual([{ summary: expect.stringMatching(/erreur du système/) }]);
  });

  it('R-DEL-2: a re-orientation workflow that fails hands the visit to the coordinators instead of blocking it', async () => {
    const today = parisCivilDate(await serverNow());
    const { visit } = await aRemoteCandidate();
    await sendWorkflowUpdate(temporal, visit.workflowId, scheduleVisitUpdate, {
      actor: assistant,
      professionalRole: 'NURSE',
      delegated: true,
      form: { appointmentAt: new Date((await env.currentTimeMs()) + 2 * HOUR_MS).toISOString(), professionalId: nurse.id },
    });
    const { reorientationWorkflowId } = await sendWorkflowUpdate(temporal, visit.workflowId, reorientToDoctorUpdate, {
      actor: nurse,
      form: { reason: 'ADJUSTMENT', details: 'Aménagement à étudier.' },
    });
    await env.client.workflow.getHandle(reorientationWorkflowId!).terminate('panne simulée');
    await eventually(() => openTasks(visit.id)).toEqual([{ kind: 'ESCALATION', role: 'ASSISTANT', priority: 1, dueDate: dbDateFromCivil(today) }]);
    expect(await visitRow(visit)).toMatchObject({ status: 'SCHEDULED', reorientationWorkflowId: null });
    expect(await env.client.workflow.getHandle(visit.workflowId).query(visitSnapshotQuery)).not.toHaveProperty('reorientationWorkflowId');
    // The nurse may re-orient again: a new re-orientation, with a doctor's task of its own.
    const again = await sendWorkflowUpdate(temporal, visit.workflowId, reorientToDoctorUpdate, { actor: nurse, form: { reason: 'ADJUSTMENT', details: 'Deuxième essai.' } });
    expect(again.reorientationWorkflowId).toBe(`${visit.workflowId}-reorientation-2`);
    await eventually(() => openTasks(visit.id)).toContainEqual(expect.objectContaining({ kind: 'REORIENTATION', role: 'DOCTOR' }));
    await env.client.workflow.getHandle(again.reorientationWorkflowId!).terminate('panne simulée');
    await eventually(() => visitRow(visit)).toMatchObject({ reorientationWorkflowId: null });
    // The coordinators take it from there: a doctor's slot, concluded as any visit.
    await sendWorkflowUpdate(temporal, visit.workflowId, scheduleVisitUpdate, {
      actor: assistant,
      professionalRole: 'DOCTOR',
      delegated: false,
      form: { appointmentAt: new Date((await env.currentTimeMs()) + 3 * HOUR_MS).toISOString(), professionalId: doctor.id, reason: 'Réorientation interrompue' },
    });
    expect(await conclude(visit, doctor, { outcome: 'ATTESTATION_WITH_MEASURES', measures: 'Poste assis-debout.', nextVisitDueDate: plusYears(today, 2) })).toMatchObject({ status: 'COMPLETED' });
  });
});
