// Activities of the teleconsultation workflow (R-TELE) and of a remote visit's end (R-TELE-12). Every write
// is keyed by the session and its step, every message by what it is about (Messaging keeps one per key), so a
// retried activity neither writes twice nor sends a second message or document.
import { appendAuditEvent } from './domain/audit-trail.js';
import { protocolConfigOf } from './domain/protocol.js';
import { createHash, randomUUID } from 'node:crypto';
import { civilFromDbDate, dbDateFromCivil, frenchDate, parisCivilDate, plusDays, type CivilDate } from '../workflows/rules/calendar.js';
import { roleLabels, visitTypeLabels } from '../workflows/rules/labels.js';
import { onRequestRequester } from '../workflows/rules/follow-up-plan.js';
import type { MessageTemplateKey, ProtocolConfig } from '../workflows/rules/protocol-config.js';
import type { VisitType } from '../workflows/rules/visit-types.js';
import { recordedIdentityCheckSchema, type IdentityCheckForm, type RecordedIdentityCheck, type PreCallForm, type RemoteProposer, type ReportForm, type ThirdPartyForm } from '../workflows/teleconsultation/forms.js';
import type { TeleconsultationStatus } from '../workflows/teleconsultation/messages.js';
import type { Db } from './db.js';
import { renderTeleconsultationReportPdf } from './documents/teleconsultation-report-pdf.js';
import type { Messaging } from './messaging/messaging.js';
import { employeeNameOf, inSentence, parisDate, parisTime, SLOT_MINUTES } from './messaging/values.js';
import { accessCodeFor, personalLink, personalToken, tokenHash } from './teleconsultation/links.js';
import { newRoomName } from './video/jitsi.js';
import { recordVisitEvent } from './visit-activities.js';
import type { Prisma } from '../prisma/generated/client.js';

export interface TeleconsultationActivityDependencies {
  db: Db;
  serviceName: string;
  messaging: Messaging;
  /** Derives personal links and access codes (R-TELE-5); never stored. */
  linkSecret: string;
  /** The console as employees reach it, for personal links. */
  publicUrl: string;
  now?: () => Date;
}

/** What the workflow needs of its visit's protocol version (R-TELE-1 consent text, R-TELE-5 timings). */
export type TeleconsultationSettings = ProtocolConfig['teleconsultation'];

/** A step of the session, written with its status and its timeline entry. `at` is the workflow's clock. */
export type TeleconsultationStep =
  | { kind: 'CONSENT'; at: string; channel: 'LINK' | 'ORAL'; textVersion: string; ip?: string; actorId?: string }
  | { kind: 'REFUSAL'; at: string; channel: 'LINK' | 'ORAL'; reason?: string; actorId?: string }
  | { kind: 'PRE_CALL'; at: string; actorId: string; form: PreCallForm }
  | { kind: 'WAITING_ROOM'; at: string }
  | { kind: 'ADMISSION'; at: string; actorId: string; identity: IdentityCheckForm }
  | { kind: 'INTERRUPTION'; at: string; by: 'EMPLOYEE' | 'PROFESSIONAL'; reason: string; actorId?: string; replan: 'IN_PERSON' | 'REMOTE' }
  | { kind: 'TECHNICAL_FAILURE'; at: string; actorId: string; description: string }
  | { kind: 'SUPERSEDED'; at: string; reason: string };

/** The messages the employee receives about the session (R-TELE-2, R-TELE-5, R-TELE-10/13). */
export type EmployeeMessage = Extract<
  MessageTemplateKey,
  'TELECONSULTATION_CONVOCATION' | 'TELECONSULTATION_CONNECTION' | 'TELECONSULTATION_IN_PERSON' | 'TELECONSULTATION_REPLANNED'
>;

// Labels for the timeline and the report; the console keeps its own for its pages.
const proposerLabels: Record<RemoteProposer, string> = { PROFESSIONAL: 'le professionnel de santé', EMPLOYEE: 'le salarié', EMPLOYER: 'l’employeur' };
const consentChannelLabels = { LINK: 'sur le lien personnel', ORAL: 'oralement, par téléphone' } as const;
const thirdPartyRoleLabels = { TREATING_DOCTOR: 'médecin traitant', OTHER_PROFESSIONAL: 'autre professionnel de santé', RELATIVE: 'proche', INTERPRETER: 'interprète' } as const;
const incidentLabels = { INTERRUPTION: 'Interruption', TECHNICAL_FAILURE: 'Incident technique', ADVERSE_EVENT: 'Événement indésirable' } as const;

const CALENDAR_METHOD: Partial<Record<EmployeeMessage, 'REQUEST' | 'CANCEL'>> = {
  TELECONSULTATION_CONVOCATION: 'REQUEST',
  TELECONSULTATION_IN_PERSON: 'CANCEL',
  TELECONSULTATION_REPLANNED: 'CANCEL',
};

const openStatuses: TeleconsultationStatus[] = ['AWAITING_CONSENT', 'CONSENTED', 'WAITING_ROOM', 'IN_PROGRESS'];

/** R-PRE-1/2: the pre-return visit is the employee's own step during sick leave; its document is not the employer's. */
function employerReceivesDocuments(type: VisitType): boolean {
  return type !== 'PRE_REPRISE';
}

/** One pre-call task per session (R-TELE-4). */
const preCallKey = (session: { visitId: string; revision: number }) => `${session.visitId}:PRE_CALL:${session.revision}`;

export function createTeleconsultationActivities({ db, serviceName, messaging, linkSecret, publicUrl, now = () => new Date() }: TeleconsultationActivityDependencies) {
  const employeeLink = (teleconsultationId: string) => personalLink(publicUrl, 'employee', personalToken(linkSecret, 'employee', teleconsultationId));

  function loadSession(teleconsultationId: string) {
    return db.teleconsultation.findUniqueOrThrow({
      where: { id: teleconsultationId },
      include: { visit: { include: { employee: { include: { employer: true } } } }, participants: { orderBy: { createdAt: 'asc' } }, incidents: { orderBy: { at: 'asc' } } },
    });
  }
  type Session = Awaited<ReturnType<typeof loadSession>>;

  /** Placeholders every session message may use (templates are editable, so all of them are always given). */
  async function sessionValues(session: Session): Promise<Record<string, string>> {
    const professional = await db.professional.findUniqueOrThrow({ where: { id: session.professionalId }, select: { displayName: true } });
    return {
      employeeName: employeeNameOf(session.visit.employee),
      visitType: inSentence(visitTypeLabels[session.visit.type]),
      appointmentDate: parisDate(session.appointmentAt),
      appointmentTime: parisTime(session.appointmentAt),
      professionalName: professional.displayName,
      serviceName,
    };
  }

  /** The status, the step's own columns and its timeline entry, in one transaction. */
  async function writeStep(
    session: { id: string; visitId: string; revision: number },
    step: { key: string; status?: TeleconsultationStatus; data: Prisma.TeleconsultationUpdateInput; summary: string; actorId?: string },
    extra?: (tx: Prisma.TransactionClient) => Promise<unknown>,
  ): Promise<void> {
    await db.$transaction(async (tx) => {
      await tx.teleconsultation.update({ where: { id: session.id }, data: { status: step.status, ...step.data } });
      // The pre-call is pointless once the session is over, whatever ended it.
      if (step.status && !openStatuses.includes(step.status)) {
        await tx.humanTask.updateMany({
          where: { idempotencyKey: preCallKey(session), status: 'OPEN' },
          data: { status: 'CANCELLED', closedAt: now() },
        });
      }
      await extra?.(tx);
      await recordVisitEvent(tx, {
        visitId: session.visitId,
        step: `teleconsultation:${session.revision}:${step.key}`,
        kind: 'TELECONSULTATION',
        summary: step.summary,
        actorId: step.actorId,
      });
    });
  }

  function recordIncident(
    session: { id: string },
    incident: { kind: 'INTERRUPTION' | 'TECHNICAL_FAILURE'; at: string; reason: string; by?: string; actorId?: string },
  ): (tx: Prisma.TransactionClient) => Promise<unknown> {
    const idempotencyKey = `${session.id}:${incident.kind}`;
    return (tx) =>
      tx.teleconsultationIncident.upsert({
        where: { idempotencyKey },
        create: { teleconsultationId: session.id, kind: incident.kind, at: new Date(incident.at), by: incident.by, reason: incident.reason, actorId: incident.actorId, idempotencyKey },
        update: {},
      });
  }

  return {
    /**
     * The session's row (R-TELE-14: an unguessable room; only the personal link's hash is kept) and the assistant's
     * pre-call task, due `preCallDaysBefore` before the slot but not before `today` (R-TELE-4).
     */
    async openTeleconsultation(input: {
      workflowId: string;
      visitId: string;
      revision: number;
      appointmentAt: string;
      professionalId: string;
      proposedBy: RemoteProposer;
      protocolVersion: number;
      today: CivilDate;
    }): Promise<{ teleconsultationId: string; settings: TeleconsultationSettings }> {
      const settings = (await protocolConfigOf(db, input.protocolVersion)).teleconsultation;
      const appointmentAt = new Date(input.appointmentAt);
      const preCallDue = plusDays(parisCivilDate(appointmentAt), -settings.preCallDaysBefore);
      const id = randomUUID();
      const session = await db.$transaction(async (tx) => {
        const row = await tx.teleconsultation.upsert({
          where: { workflowId: input.workflowId },
          create: {
            id,
            visitId: input.visitId,
            workflowId: input.workflowId,
            revision: input.revision,
            appointmentAt,
            professionalId: input.professionalId,
            proposedBy: input.proposedBy,
            roomName: newRoomName(),
            linkTokenHash: tokenHash(personalToken(linkSecret, 'employee', id)),
          },
          update: {},
        });
        const idempotencyKey = preCallKey(input);
        await tx.humanTask.upsert({
          where: { idempotencyKey },
          create: {
            visitId: input.visitId,
            kind: 'PRE_CALL',
            role: 'ASSISTANT',
            dueDate: dbDateFromCivil(preCallDue > input.today ? preCallDue : input.today),
            idempotencyKey,
          },
          update: {},
        });
        await recordVisitEvent(tx, {
          visitId: input.visitId,
          step: `teleconsultation:${input.revision}:opened`,
          kind: 'TELECONSULTATION',
          summary: `Téléconsultation proposée par ${proposerLabels[input.proposedBy]} : en attente du consentement du salarié`,
        });
        return row;
      });
      return { teleconsultationId: session.id, settings };
    },

    /**
     * R-TELE-5: the convocation (email with its calendar invitation) and the connection details (link and access
     * code, by each configured channel); R-TELE-2/10/13: what happens to the visit when the session did not.
     */
    async notifyEmployee(input: { teleconsultationId: string; message: EmployeeMessage; channel: 'EMAIL' | 'SMS'; reason?: string }): Promise<void> {
      const session = await loadSession(input.teleconsultationId);
      const { employee } = session.visit;
      const config = await protocolConfigOf(db, session.visit.protocolVersion);
      const link = employeeLink(session.id);
      const values = await sessionValues(session);
      await messaging.send({
        idempotencyKey: `${session.id}:${input.message}:${input.channel}`,
        channel: input.channel,
        recipient: input.channel === 'EMAIL' ? employee.email : employee.phone,
        template: config.messages[input.message],
        values: {
          ...values,
          link,
          ...(input.message === 'TELECONSULTATION_CONNECTION' && { accessCode: accessCodeFor(linkSecret, session.id) }),
          ...(input.reason !== undefined && { reason: input.reason }),
        },
        visitId: session.visitId,
        // The convocation puts the slot in the employee's calendar; a session that will not take place takes
        // it out again (same UID, next SEQUENCE).
        ...(input.channel === 'EMAIL' &&
          input.message in CALENDAR_METHOD && {
            calendarEvent: {
              uid: `${session.id}@spsti`,
              start: session.appointmentAt,
              durationMinutes: SLOT_MINUTES,
              summary: `Téléconsultation : ${values.visitType}`,
              description: `Avec ${values.professionalName}. Votre lien personnel : ${link}`,
              url: link,
              ...(CALENDAR_METHOD[input.message] === 'CANCEL' && { cancelled: true, sequence: 1 }),
            },
          }),
      });
    },

    async recordTeleconsultationStep(input: { teleconsultationId: string; step: TeleconsultationStep }): Promise<void> {
      const { step } = input;
      const session = await db.teleconsultation.findUniqueOrThrow({ where: { id: input.teleconsultationId }, select: { id: true, visitId: true, revision: true } });
      const at = new Date(step.at);
      const key = step.kind.toLowerCase();
      switch (step.kind) {
        case 'CONSENT':
          // R-TELE-1: kept with the session, filed in the DMST.
          return writeStep(session, {
            key,
            status: 'CONSENTED',
            data: { consentAt: at, consentChannel: step.channel, consentTextVersion: step.textVersion, consentIp: step.ip ?? null, consentRecordedById: step.actorId ?? null },
            summary: `Consentement à la téléconsultation recueilli ${consentChannelLabels[step.channel]} (texte ${step.textVersion})`,
            actorId: step.actorId,
          });
        case 'REFUSAL':
          return writeStep(session, {
            key,
            status: 'REFUSED',
            data: { refusedAt: at, refusalReason: step.reason ?? null, endedAt: at },
            summary: `Téléconsultation refusée par le salarié (${consentChannelLabels[step.channel]}) : visite en présentiel`,
            actorId: step.actorId,
          });
        case 'PRE_CALL':
          return writeStep(
            session,
            {
              key,
              data: { preCallDoneAt: at, preCallDocuments: step.form.documentsToPrepare, preCallNotes: step.form.notes ?? null },
              summary: `Appel préalable à la téléconsultation : dossier administratif mis à jour ; documents à préparer : ${step.form.documentsToPrepare}`,
              actorId: step.actorId,
            },
            (tx) =>
              tx.humanTask.updateMany({
                where: { idempotencyKey: preCallKey(session), status: 'OPEN' },
                data: { status: 'DONE', closedAt: now() },
              }),
          );
        case 'WAITING_ROOM':
          return writeStep(session, { key, status: 'WAITING_ROOM', data: { employeeJoinedAt: at }, summary: 'Salarié en salle d’attente virtuelle' });
        case 'ADMISSION': {
          // R-TELE-7: the traits checked, where the employee is and their phone, who checked and when.
          const identityCheck = { ...recordedIdentityCheckSchema.parse(step.identity), checkedById: step.actorId, checkedAt: step.at };
          return writeStep(session, {
            key,
            status: 'IN_PROGRESS',
            data: { identityCheck, admittedAt: at },
            summary: 'Identité du salarié vérifiée ; téléconsultation commencée',
            actorId: step.actorId,
          });
        }
        case 'INTERRUPTION':
          // R-TELE-10: the reason is kept in the incident, out of the timeline (it may be clinical).
          return writeStep(
            session,
            {
              key,
              status: 'INTERRUPTED',
              data: { endedAt: at, endedReason: step.reason },
              summary: `Téléconsultation interrompue ${step.by === 'EMPLOYEE' ? 'par le salarié' : 'par le professionnel de santé'} : visite à replanifier${step.replan === 'IN_PERSON' ? ' en présentiel' : ''}`,
              actorId: step.actorId,
            },
            recordIncident(session, { kind: 'INTERRUPTION', at: step.at, reason: step.reason, by: step.by, actorId: step.actorId }),
          );
        case 'TECHNICAL_FAILURE':
          return writeStep(
            session,
            { key, status: 'FAILED', data: { endedAt: at, endedReason: step.description }, summary: 'Échec technique de la téléconsultation : visite à replanifier', actorId: step.actorId },
            recordIncident(session, { kind: 'TECHNICAL_FAILURE', at: step.at, reason: step.description, actorId: step.actorId }),
          );
        case 'SUPERSEDED':
          return writeStep(session, {
            key,
            status: 'SUPERSEDED',
            data: { endedAt: at, endedReason: step.reason },
            summary: `Téléconsultation sans suite : ${step.reason}`,
          });
      }
    },

    /** R-TELE-9: the participant's row; its personal link is derived from its id. Returns that id. */
    async addThirdParty(input: { teleconsultationId: string; occurrence: number; actorId: string; form: ThirdPartyForm; at: string }): Promise<string> {
      const idempotencyKey = `${input.teleconsultationId}:third-party:${input.occurrence}`;
      const id = randomUUID();
      const session = await db.teleconsultation.findUniqueOrThrow({ where: { id: input.teleconsultationId }, select: { visitId: true, revision: true } });
      const participant = await db.$transaction(async (tx) => {
        const row = await tx.teleconsultationParticipant.upsert({
          where: { idempotencyKey },
          create: {
            id,
            teleconsultationId: input.teleconsultationId,
            role: input.form.role,
            name: input.form.name.trim(),
            email: input.form.email || null,
            employeeConsentAt: new Date(input.at),
            invitedById: input.actorId,
            linkTokenHash: tokenHash(personalToken(linkSecret, 'third-party', id)),
            idempotencyKey,
          },
          update: {},
        });
        await recordVisitEvent(tx, {
          visitId: session.visitId,
          step: `teleconsultation:${session.revision}:third-party:${input.occurrence}`,
          kind: 'TELECONSULTATION',
          summary: `Tiers invité à la téléconsultation avec l’accord du salarié : ${thirdPartyRoleLabels[input.form.role]}`,
          actorId: input.actorId,
        });
        return row;
      });
      return participant.id;
    },

    async inviteThirdParty(input: { participantId: string }): Promise<void> {
      const participant = await db.teleconsultationParticipant.findUniqueOrThrow({ where: { id: input.participantId } });
      if (!participant.email) return;
      const session = await loadSession(participant.teleconsultationId);
      const config = await protocolConfigOf(db, session.visit.protocolVersion);
      await messaging.send({
        idempotencyKey: `${participant.id}:TELECONSULTATION_THIRD_PARTY:EMAIL`,
        channel: 'EMAIL',
        recipient: participant.email,
        template: config.messages.TELECONSULTATION_THIRD_PARTY,
        values: {
          ...(await sessionValues(session)),
          participantName: participant.name,
          link: personalLink(publicUrl, 'third-party', personalToken(linkSecret, 'third-party', participant.id)),
        },
        visitId: session.visitId,
      });
    },

    /** R-TELE-11: the report, stored and issued once as a REPORT document; the session ends. Returns the document's id. */
    async endTeleconsultation(input: { teleconsultationId: string; actorId: string; report: ReportForm; at: string }): Promise<string> {
      const session = await loadSession(input.teleconsultationId);
      const idempotencyKey = `${session.id}:report`;
      const stored = await db.document.findUnique({ where: { idempotencyKey }, select: { id: true } });
      const endedAt = new Date(input.at);
      const fresh = stored ? undefined : await renderReport(session, input.actorId, input.report, endedAt);
      await writeStep(
        session,
        {
          key: 'ended',
          status: 'ENDED',
          data: { endedAt, report: { ...input.report, writtenById: input.actorId, writtenAt: input.at } },
          summary: 'Téléconsultation terminée ; compte rendu établi',
          actorId: input.actorId,
        },
        async (tx) => {
          if (fresh) await tx.document.upsert({ where: { idempotencyKey }, create: { ...fresh, idempotencyKey }, update: {} });
        },
      );
      // A concurrent first attempt may have stored its own copy: the stored one is the document.
      return (await db.document.findUniqueOrThrow({ where: { idempotencyKey }, select: { id: true } })).id;
    },

    /**
     * R-TELE-12, once a remote visit is completed: the employee receives the attestation or avis with the satisfaction
     * questionnaire (R-TELE-15); the employer's contact only the attestation or avis, never the report; and, when the
     * employer proposed the remote visit, a written notice, traced in the timeline and the audit trail (DMST).
     */
    async sendEndOfVisitDocuments(input: { visitId: string }): Promise<void> {
      const visit = await db.visit.findUniqueOrThrow({
        where: { id: input.visitId },
        include: {
          employee: { include: { employer: true } },
          documents: { where: { kind: { in: ['ATTESTATION', 'AVIS'] } } },
          teleconsultations: { where: { status: 'ENDED' }, orderBy: { revision: 'desc' }, take: 1 },
        },
      });
      const session = visit.teleconsultations[0];
      if (!session) throw new Error(`Visit ${visit.id} has no ended teleconsultation`);
      const config = await protocolConfigOf(db, visit.protocolVersion);
      const { employer } = visit.employee;
      const values = {
        employeeName: employeeNameOf(visit.employee),
        visitType: inSentence(visitTypeLabels[visit.type]),
        visitDate: frenchDate(parisCivilDate(visit.concludedAt ?? now())),
        serviceName,
      };
      const send = (key: MessageTemplateKey, recipient: string, extra: { values?: Record<string, string>; attachmentDocumentIds?: string[] } = {}) =>
        messaging.send({
          idempotencyKey: `${visit.id}:${key}`,
          channel: 'EMAIL',
          recipient,
          template: config.messages[key],
          values: { ...values, ...extra.values },
          visitId: visit.id,
          attachmentDocumentIds: extra.attachmentDocumentIds,
        });

      // R-LIAISON-1: a liaison meeting issues no document, so there is nothing to send but the employer's notice.
      const document = visit.documents[0];
      if (document) {
        const satisfactionLink = personalLink(publicUrl, 'satisfaction', personalToken(linkSecret, 'satisfaction', session.id));
        await send('VISIT_DOCUMENTS_EMPLOYEE', visit.employee.email, { values: { satisfactionLink }, attachmentDocumentIds: [document.id] });
        if (employer.contactEmail && employerReceivesDocuments(visit.type)) {
          const documentTitle = document.kind === 'AVIS' ? 'avis du médecin du travail' : 'attestation de suivi';
          await send('VISIT_DOCUMENTS_EMPLOYER', employer.contactEmail, { values: { documentTitle }, attachmentDocumentIds: [document.id] });
        }
      }
      // R-TELE-12: the employer asked for the visit (R-DEMANDE-1), or for it to take place remotely (R-TELE-3).
      if (onRequestRequester(visit) !== 'EMPLOYER' && visit.remoteProposedBy !== 'EMPLOYER') return;
      if (employer.contactEmail) await send('EMPLOYER_REMOTE_NOTICE', employer.contactEmail);
      await db.$transaction(async (tx) => {
        const step = 'employer-remote-notice';
        // The audit row has no key of its own: written with the timeline entry, only by the attempt that creates it.
        if (await tx.visitEvent.findUnique({ where: { idempotencyKey: `${visit.id}:${step}` }, select: { id: true } })) return;
        const summary = employer.contactEmail
          ? `Employeur informé par écrit (${employer.contactEmail}) que la visite demandée a eu lieu en téléconsultation`
          : 'Employeur à informer par courrier que la visite demandée a eu lieu en téléconsultation : aucune adresse de contact';
        await recordVisitEvent(tx, { visitId: visit.id, step, kind: 'EMPLOYER_NOTICE', summary });
        await appendAuditEvent(tx, {
          actorId: null,
          actorLabel: 'Service (automatique)',
          action: 'teleconsultation.employer-notice',
          entityType: 'Visit',
          entityId: visit.id,
          reason: summary,
        });
      });
    },
  };

  async function renderReport(session: Session, actorId: string, report: ReportForm, endedAt: Date) {
    const { visit } = session;
    const identity = session.identityCheck as (RecordedIdentityCheck & { checkedById: string; checkedAt: string }) | null;
    const professionalIds = [...new Set([session.professionalId, identity?.checkedById, actorId].filter((id): id is string => id !== undefined))];
    const professionals = await db.professional.findMany({ where: { id: { in: professionalIds } }, select: { displayName: true, role: true } });
    const startedAt = session.admittedAt ?? session.appointmentAt;
    const content = await renderTeleconsultationReportPdf({
      serviceName,
      employeeName: employeeNameOf(visit.employee),
      employeeBirthDate: frenchDate(civilFromDbDate(visit.employee.birthDate)),
      visitTypeLabel: visitTypeLabels[visit.type],
      sessionDate: parisDate(startedAt),
      sessionTimes: `de ${parisTime(startedAt)} à ${parisTime(endedAt)} (heure de Paris)`,
      consent:
        session.consentAt && session.consentChannel
          ? `recueilli ${consentChannelLabels[session.consentChannel]} le ${parisDate(session.consentAt)} à ${parisTime(session.consentAt)}, texte version ${session.consentTextVersion}`
          : 'non tracé',
      identityCheck: identity
        ? `${identity.birthName}, ${identity.firstNames}, né(e) le ${frenchDate(identity.birthDate)} à ${identity.birthPlace}, sexe ${identity.sex}` +
          `${identity.ins ? `, INS ${identity.ins}` : ''}${identity.photoIdSeen ? ', pièce d’identité avec photo vue' : ''} — vérifiée à ${parisTime(new Date(identity.checkedAt))}` +
          `${identity.remoteSuitable ? ' ; téléconsultation jugée adaptée par le professionnel' : ''}`
        : 'non tracée',
      employeeLocation: identity ? `${identity.location}, ${identity.phone}` : 'non renseignés',
      professionals: professionals.map((professional) => `${professional.displayName}, ${roleLabels[professional.role]}`),
      accompanyingPersons: [
        ...session.participants.map((participant) => `${participant.name} (${thirdPartyRoleLabels[participant.role]}), invité(e) avec l’accord du salarié`),
        ...(report.accompanyingPersons ? [report.accompanyingPersons] : []),
      ],
      actsPerformed: report.actsPerformed,
      prescriptions: report.prescriptions,
      technicalIncidents: [
        ...session.incidents.map((row) => `${parisTime(row.at)} — ${incidentLabels[row.kind]} : ${row.reason}`),
        ...(report.technicalIncidents ? [report.technicalIncidents] : []),
      ],
    });
    const date = parisCivilDate(endedAt);
    return {
      id: randomUUID(),
      visitId: visit.id,
      kind: 'REPORT',
      fileName: `compte-rendu-teleconsultation-${visit.type.toLowerCase()}-${date}.pdf`,
      content: Buffer.from(content),
      sha256: createHash('sha256').update(content).digest('hex'),
    } as const;
  }
}

export type TeleconsultationActivities = ReturnType<typeof createTeleconsultationActivities>;
