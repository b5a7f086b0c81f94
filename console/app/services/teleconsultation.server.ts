// Teleconsultation screens (R-TELE-*): the employee's personal link, the third party's link, the satisfaction
// questionnaire, and the professional's panel on the visit page. Decisions go to the session's workflow through
// decisions.server.ts; this file reads, checks access codes and mints the short video tokens.
import { createCookie, type Cookie } from '@remix-run/node';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { DomainError } from '../../../activities/domain/errors.js';
import { parseInput } from '../../../activities/domain/input.js';
import { checkAccessCode, personalToken, plausibleToken, tokenHash } from '../../../activities/teleconsultation/links.js';
import { jitsiMeetingUrl, mintJitsiToken, type JitsiConfig } from '../../../activities/video/jitsi.js';
import { roleLabels, visitTypeLabels } from '../../../workflows/rules/labels.js';
import type { ProtocolConfig } from '../../../workflows/rules/protocol-config.js';
import { protocolConfigOf } from '../../../activities/domain/protocol.js';
import { accessCodeFormSchema } from '../forms/teleconsultation-forms.js';
import { adverseEventFormSchema, satisfactionFormSchema, type IdentityCheck, type ReportForm } from '../../../workflows/teleconsultation/forms.js';
import type { TeleconsultationStatus } from '../../../workflows/teleconsultation/messages.js';
import { audit, clientAddress } from './audit.server.js';
import type { SignedInProfessional } from './auth.server.js';
import { consoleContext } from './context.server.js';
import { EMPLOYEE_LINK, interruptByEmployee, joinWaitingRoom, recordLinkConsent, refuseByLink } from './decisions.server.js';
import { frenchDate, isCivilDate } from '../../../workflows/rules/calendar.js';
import { frenchDateTime, frenchDbDate, frenchShortDateTime } from './format.server.js';
import { employeeQuestionnaire, recordQuestionnaireAnswers } from './questionnaire.server.js';
import {
  consentChannelLabels,
  incidentKindLabels,
  interruptedByLabels,
  remoteProposerLabels,
  sexLabels,
  teleconsultationStatusLabels,
  thirdPartyRoleLabels,
} from './labels.server.js';

export type TeleconsultationSettings = ProtocolConfig['teleconsultation'];

const MINUTE_MS = 60_000;
/** Sessions that are over: their page says how it ended, whatever the time. */
const CLOSED: readonly TeleconsultationStatus[] = ['ENDED', 'REFUSED', 'INTERRUPTED', 'FAILED'];
/** The employee may still prepare: the questionnaire is for the professional to read before the consultation. */
const BEFORE_CONSULTATION: readonly TeleconsultationStatus[] = ['AWAITING_CONSENT', 'CONSENTED', 'WAITING_ROOM'];
/** A satisfaction link works this long after the session ended (R-TELE-15). */
const SATISFACTION_DAYS = 90;

export const UNKNOWN_LINK = 'Ce lien n’est pas valable. Vérifiez que vous avez copié l’adresse en entier, ou contactez le service de santé au travail.';
const EXPIRED_LINK = 'Ce lien a expiré : l’heure du rendez-vous est passée. Contactez le service de santé au travail pour un nouveau rendez-vous.';
const SUPERSEDED_LINK =
  'Ce lien n’est plus valable : le rendez-vous a été déplacé ou annulé. Si un nouveau rendez-vous est fixé, une nouvelle convocation vous est envoyée.';

// The pre-call's timeline entry (activities/teleconsultation-activities.ts) ends with the documents asked for.

/** Documents the employee keeps at hand; the assistant adds what this visit needs when she calls (R-TELE-4). */
const USUAL_DOCUMENTS = [
  'une pièce d’identité (elle peut vous être demandée à l’écran)',
  'vos ordonnances et traitements en cours',
  'vos lunettes ou lentilles si vous en portez',
  'les comptes rendus médicaux récents en lien avec votre travail',
];

/** The teleconsultation settings of a protocol version: a visit keeps the version it started with. */
export async function teleconsultationSettings(protocolVersion: number): Promise<TeleconsultationSettings> {
  return (await protocolConfigOf(consoleContext().db, protocolVersion)).teleconsultation;
}

function validUntil(appointmentAt: Date, settings: TeleconsultationSettings): Date {
  return new Date(appointmentAt.getTime() + settings.validMinutesAfterSlot * MINUTE_MS);
}

function jitsiConfig(): JitsiConfig {
  const { env } = consoleContext();
  return { domain: env.JITSI_DOMAIN, appId: env.JITSI_APP_ID, secret: env.JITSI_APP_SECRET };
}

export interface Meeting {
  domain: string;
  room: string;
  jwt: string;
  /** The meeting opened directly, when the embedded video cannot load. */
  url: string;
  moderator: boolean;
}

/** A token for one participant, valid from a little before the slot until the links stop working (R-TELE-14: nothing recorded). */
async function meetingFor(
  session: { roomName: string; appointmentAt: Date },
  settings: TeleconsultationSettings,
  user: { id: string; name: string; email?: string },
  moderator: boolean,
): Promise<Meeting> {
  const config = jitsiConfig();
  const jwt = await mintJitsiToken(config, {
    room: session.roomName,
    user,
    moderator,
    notBefore: new Date(session.appointmentAt.getTime() - settings.videoOpensMinutesBefore * MINUTE_MS),
    expiresAt: validUntil(session.appointmentAt, settings),
  });
  return { domain: config.domain, room: session.roomName, jwt, url: jitsiMeetingUrl(config, session.roomName, jwt), moderator };
}

export function professionalLabel(professional: { displayName: string; role: keyof typeof roleLabels } | null): string {
  return professional ? `${professional.displayName} (${roleLabels[professional.role]})` : 'le professionnel de santé du service';
}

// ————— The employee's personal link —————

const employeeSessionSelect = {
  id: true,
  workflowId: true,
  status: true,
  appointmentAt: true,
  professionalId: true,
  roomName: true,
  accessCodeFailures: true,
  accessCodeLockedAt: true,
  consentAt: true,
  consentChannel: true,
  consentTextVersion: true,
  endedAt: true,
  preCallDocuments: true,
  visit: {
    select: {
      id: true,
      type: true,
      protocolVersion: true,
      employee: { select: { id: true, firstNames: true, birthName: true, usedName: true, email: true } },
    },
  },
  satisfaction: { select: { id: true } },
} as const;

async function employeeSession(token: string) {
  if (!plausibleToken(token)) return null;
  return consoleContext().db.teleconsultation.findUnique({ where: { linkTokenHash: tokenHash(token) }, select: employeeSessionSelect });
}
type EmployeeSession = NonNullable<Awaited<ReturnType<typeof employeeSession>>>;

/** The session of a personal link, or a 404 in French when the link is unknown, superseded or expired. */
async function openEmployeeLink(token: string, now: Date): Promise<{ session: EmployeeSession; settings: TeleconsultationSettings }> {
  const session = await employeeSession(token);
  if (!session) throw new DomainError('NOT_FOUND', UNKNOWN_LINK);
  if (session.status === 'SUPERSEDED') throw new DomainError('NOT_FOUND', SUPERSEDED_LINK);
  const settings = await teleconsultationSettings(session.visit.protocolVersion);
  if (!CLOSED.includes(session.status) && now.getTime() > validUntil(session.appointmentAt, settings).getTime()) {
    throw new DomainError('NOT_FOUND', EXPIRED_LINK);
  }
  return { session, settings };
}

// The access code, once right, is remembered for this link only: a signed, httpOnly cookie named after the
// link, holding the session id and its end of validity. Path /teleconsultation so the page's data requests
// (`/teleconsultation/<token>.data`) carry it too.
const accessProof = z.object({ session: z.string(), until: z.number() });

function accessCookie(token: string): Cookie {
  return createCookie(`spsti_acces_${tokenHash(token).slice(0, 16)}`, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/teleconsultation',
    secrets: [consoleContext().env.LINK_SECRET],
  });
}

async function accessVerified(request: Request, token: string, sessionId: string, now: Date): Promise<boolean> {
  const proof = accessProof.safeParse(await accessCookie(token).parse(request.headers.get('Cookie')));
  return proof.success && proof.data.session === sessionId && proof.data.until > now.getTime();
}

function reachedOverHttps(request: Request): boolean {
  return new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
}

async function rememberAccess(request: Request, token: string, sessionId: string, until: Date, now: Date): Promise<string> {
  return accessCookie(token).serialize(
    { session: sessionId, until: until.getTime() },
    { maxAge: Math.max(60, Math.ceil((until.getTime() - now.getTime()) / 1000)), secure: reachedOverHttps(request) },
  );
}

/** The small answer the pages poll (every few seconds) to know when to reload: no medical data, nothing audited. */
export interface SessionPulse {
  pulse: true;
  status: TeleconsultationStatus;
}

export async function employeeLinkPulse(token: string): Promise<SessionPulse> {
  const session = await employeeSession(token);
  if (!session) throw new DomainError('NOT_FOUND', UNKNOWN_LINK);
  return { pulse: true, status: session.status };
}

/** What the page of the personal link shows, step by step: convocation, consent, equipment, code, waiting room, video, end. */
export async function loadEmployeeLink(request: Request, token: string, now = new Date()) {
  const { db } = consoleContext();
  const { session, settings } = await openEmployeeLink(token, now);
  const until = validUntil(session.appointmentAt, settings);
  const verified = await accessVerified(request, token, session.id, now);
  const professional = await db.professional.findUnique({ where: { id: session.professionalId }, select: { id: true, displayName: true, role: true } });
  const employee = session.visit.employee;
  const consented = session.consentAt !== null;

  let meeting: Meeting | null = null;
  // R-TELE-1: no consent, no video; the access code too, and only once admitted.
  if (session.status === 'IN_PROGRESS' && consented && verified) {
    meeting = await meetingFor(session, settings, { id: employee.id, name: `${employee.firstNames} ${employee.usedName ?? employee.birthName}`, email: employee.email }, false);
    await audit(request, { actor: EMPLOYEE_LINK, action: 'teleconsultation.video-token', entityType: 'Teleconsultation', entityId: session.id, reason: 'Salarié' });
  }
  const satisfactionOpen = session.status === 'ENDED' && session.satisfaction === null;
  // R-TELE-4: what the assistant asked for on the phone for this session.
  const requested = session.preCallDocuments;
  const { env } = consoleContext();
  return {
    status: session.status,
    firstNames: employee.firstNames,
    visitType: visitTypeLabels[session.visit.type],
    appointment: frenchDateTime(session.appointmentAt),
    professional: professionalLabel(professional),
    documents: requested ? [`demandés par le service : ${requested}`, ...USUAL_DOCUMENTS] : USUAL_DOCUMENTS,
    consent: {
      text: settings.consent.text,
      textVersion: settings.consent.textVersion,
      given: consented
        ? {
            at: frenchDateTime(session.consentAt!),
            channel: session.consentChannel ? consentChannelLabels[session.consentChannel] : null,
            textVersion: session.consentTextVersion,
          }
        : null,
    },
    access: {
      verified,
      locked: session.accessCodeLockedAt !== null,
      remaining: Math.max(0, settings.maxAccessCodeFailures - session.accessCodeFailures),
      until: frenchDateTime(until),
    },
    meeting,
    satisfactionPath: satisfactionOpen ? `/satisfaction/${personalToken(env.LINK_SECRET, 'satisfaction', session.id)}` : null,
    satisfactionAnswered: session.satisfaction !== null,
    questionnaire: BEFORE_CONSULTATION.includes(session.status) ? await employeeQuestionnaire(session.visit) : null,
  };
}
export type EmployeeLinkPage = Awaited<ReturnType<typeof loadEmployeeLink>>;

export const EMPLOYEE_INTENTS = ['consent', 'refuse', 'questionnaire', 'code', 'join', 'interrupt'] as const;
export type EmployeeIntent = (typeof EMPLOYEE_INTENTS)[number];

const codeMessages = {
  LOCKED: 'Lien verrouillé : contactez le service',
  EXPIRED: 'Ce code a expiré : l’heure du rendez-vous est passée. Contactez le service.',
} as const;

/**
 * One answer of the employee on their page. Returns the success message and, once the access code is
 * right, the cookie that remembers it; refusals come back as DomainErrors for the form.
 */
export async function employeeLinkDecision(
  request: Request,
  token: string,
  intent: EmployeeIntent,
  fields: Record<string, FormDataEntryValue>,
  now = new Date(),
): Promise<{ message: string; cookie?: string }> {
  const { db, env } = consoleContext();
  const { session, settings } = await openEmployeeLink(token, now);
  if (intent === 'consent') {
    await recordLinkConsent(request, session, fields);
    return { message: 'Merci : votre consentement est enregistré.' };
  }
  if (intent === 'refuse') {
    await refuseByLink(request, session, fields);
    return { message: 'Votre refus est enregistré : votre visite aura lieu en présentiel.' };
  }
  if (intent === 'questionnaire') {
    if (!BEFORE_CONSULTATION.includes(session.status)) throw new DomainError('CONFLICT', 'Le questionnaire se remplit avant la consultation.');
    await recordQuestionnaireAnswers(request, session.visit, fields);
    return { message: 'Merci : vos réponses sont transmises au professionnel de santé.' };
  }
  if (intent === 'code') {
    const { code } = parseInput(accessCodeFormSchema, fields);
    const until = validUntil(session.appointmentAt, settings);
    const result = await checkAccessCode(db, {
      teleconsultationId: session.id,
      code,
      secret: env.LINK_SECRET,
      maxFailures: settings.maxAccessCodeFailures,
      validUntil: until,
      now,
      ip: clientAddress(request),
    });
    if (result === 'WRONG') {
      const { accessCodeFailures } = await db.teleconsultation.findUniqueOrThrow({ where: { id: session.id }, select: { accessCodeFailures: true } });
      const remaining = Math.max(0, settings.maxAccessCodeFailures - accessCodeFailures);
      const message = `Code incorrect (${remaining} essai${remaining > 1 ? 's' : ''} restant${remaining > 1 ? 's' : ''})`;
      throw new DomainError('VALIDATION', message, { code: message });
    }
    if (result !== 'OK') throw new DomainError('REFUSED', codeMessages[result], { code: codeMessages[result] });
    const cookie = await rememberAccess(request, token, session.id, until, now);
    if (session.status === 'CONSENTED') {
      try {
        await joinWaitingRoom(request, session);
      } catch (error) {
        // The code stays remembered; the page offers to enter the waiting room again.
        if (error instanceof DomainError) return { message: `Code accepté. ${error.message}`, cookie };
        throw error;
      }
    }
    return { message: session.status === 'CONSENTED' ? 'Code accepté : vous êtes en salle d’attente.' : 'Code accepté.', cookie };
  }
  if (!(await accessVerified(request, token, session.id, now))) {
    throw new DomainError('REFUSED', 'Saisissez d’abord le code d’accès reçu par e-mail ou SMS.');
  }
  if (intent === 'join') {
    await joinWaitingRoom(request, session);
    return { message: 'Vous êtes en salle d’attente.' };
  }
  await interruptByEmployee(request, session, fields);
  return { message: 'La téléconsultation est interrompue. Le service vous recontacte pour un nouveau rendez-vous.' };
}

// ————— The third party's link (R-TELE-9) —————

async function thirdParty(token: string) {
  if (!plausibleToken(token)) return null;
  return consoleContext().db.teleconsultationParticipant.findUnique({
    where: { linkTokenHash: tokenHash(token) },
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      teleconsultation: {
        select: {
          id: true,
          status: true,
          appointmentAt: true,
          roomName: true,
          consentAt: true,
          professionalId: true,
          visit: { select: { type: true, protocolVersion: true, employee: { select: { firstNames: true, birthName: true, usedName: true } } } },
        },
      },
    },
  });
}

export async function thirdPartyPulse(token: string): Promise<SessionPulse> {
  const participant = await thirdParty(token);
  if (!participant) throw new DomainError('NOT_FOUND', UNKNOWN_LINK);
  return { pulse: true, status: participant.teleconsultation.status };
}

export async function loadThirdPartyLink(request: Request, token: string, now = new Date()) {
  const participant = await thirdParty(token);
  if (!participant) throw new DomainError('NOT_FOUND', UNKNOWN_LINK);
  const session = participant.teleconsultation;
  if (session.status === 'SUPERSEDED') throw new DomainError('NOT_FOUND', SUPERSEDED_LINK);
  const settings = await teleconsultationSettings(session.visit.protocolVersion);
  if (!CLOSED.includes(session.status) && now.getTime() > validUntil(session.appointmentAt, settings).getTime()) {
    throw new DomainError('NOT_FOUND', EXPIRED_LINK);
  }
  const professional = await consoleContext().db.professional.findUnique({ where: { id: session.professionalId }, select: { displayName: true, role: true } });
  const actor = { linkHolder: `${thirdPartyRoleLabels[participant.role]} invité(e) : ${participant.name}` };
  let meeting: Meeting | null = null;
  if (session.status === 'IN_PROGRESS' && session.consentAt !== null) {
    meeting = await meetingFor(session, settings, { id: participant.id, name: participant.name, email: participant.email ?? undefined }, false);
    await audit(request, { actor, action: 'teleconsultation.video-token', entityType: 'TeleconsultationParticipant', entityId: participant.id, reason: 'Tiers' });
  } else {
    await audit(request, { actor, action: 'teleconsultation.third-party-open', entityType: 'TeleconsultationParticipant', entityId: participant.id });
  }
  const employee = session.visit.employee;
  return {
    status: session.status,
    name: participant.name,
    role: thirdPartyRoleLabels[participant.role],
    // The employee chose this person: their name, no more (R-TELE-9).
    employee: `${employee.firstNames} ${employee.usedName ?? employee.birthName}`,
    appointment: frenchDateTime(session.appointmentAt),
    professional: professionalLabel(professional),
    meeting,
  };
}
export type ThirdPartyPage = Awaited<ReturnType<typeof loadThirdPartyLink>>;

// ————— Satisfaction (R-TELE-15) —————

/**
 * The session a satisfaction link belongs to. The token is an HMAC of the session id and no hash of it is
 * stored, so it is compared, in constant time, with the tokens of the sessions ended in the last
 * SATISFACTION_DAYS days: a few thousand HMACs at most, well under a millisecond each.
 */
async function satisfactionSession(token: string, now: Date) {
  if (!plausibleToken(token)) return null;
  const { db, env } = consoleContext();
  const candidates = await db.teleconsultation.findMany({
    where: { status: 'ENDED', endedAt: { gte: new Date(now.getTime() - SATISFACTION_DAYS * 24 * 60 * MINUTE_MS) } },
    select: { id: true },
  });
  const typed = Buffer.from(token);
  const match = candidates.find(({ id }) => {
    const expected = Buffer.from(personalToken(env.LINK_SECRET, 'satisfaction', id));
    return expected.length === typed.length && timingSafeEqual(expected, typed);
  });
  if (!match) return null;
  return db.teleconsultation.findUniqueOrThrow({
    where: { id: match.id },
    select: { id: true, appointmentAt: true, visit: { select: { type: true } }, satisfaction: { select: { score: true, createdAt: true } } },
  });
}

export async function loadSatisfaction(token: string, now = new Date()) {
  const session = await satisfactionSession(token, now);
  if (!session) throw new DomainError('NOT_FOUND', 'Ce lien de questionnaire n’est pas valable ou a expiré.');
  return {
    visitType: visitTypeLabels[session.visit.type],
    appointment: frenchDateTime(session.appointmentAt),
    answered: session.satisfaction ? { at: frenchShortDateTime(session.satisfaction.createdAt) } : null,
  };
}

/** One answer per session: a second one is refused with a thank-you all the same. */
export async function answerSatisfaction(request: Request, token: string, fields: unknown, now = new Date()): Promise<void> {
  const form = parseInput(satisfactionFormSchema, fields);
  const session = await satisfactionSession(token, now);
  if (!session) throw new DomainError('NOT_FOUND', 'Ce lien de questionnaire n’est pas valable ou a expiré.');
  // skipDuplicates: the unique teleconsultationId turns a second answer into a no-op rather than an error.
  const { count } = await consoleContext().db.satisfactionResponse.createMany({
    data: [{ teleconsultationId: session.id, score: form.score, comment: form.comment ?? null }],
    skipDuplicates: true,
  });
  if (count === 0) throw new DomainError('CONFLICT', 'Vous avez déjà répondu à ce questionnaire : merci !');
  await audit(request, { actor: EMPLOYEE_LINK, action: 'teleconsultation.satisfaction', entityType: 'Teleconsultation', entityId: session.id, reason: `Note ${form.score}/5` });
}

// ————— The professional's panel on the visit page —————

/** R-TELE-6..11: the assigned professional or any doctor runs the session (the workflow checks it again). */
export function mayRunSession(viewer: SignedInProfessional, professionalId: string): boolean {
  return viewer.role === 'DOCTOR' || (viewer.role === 'NURSE' && viewer.id === professionalId);
}

function isClinician(viewer: SignedInProfessional): boolean {
  return viewer.role === 'DOCTOR' || viewer.role === 'NURSE';
}

/**
 * The visit's current session as the visit page shows it. Everyone on staff sees its progress; identity
 * traits, incidents and the report are for clinicians (R-DATA-2); the forms and the video are for the
 * professional of the appointment or a doctor. The caller audits the read of the visit.
 */
export async function loadTeleconsultationPanel(
  viewer: SignedInProfessional,
  /** Whether the viewer may read this visit's clinical content (mayReadClinicalContent). */
  clinician: boolean,
  visit: {
    id: string;
    status: string;
    protocolVersion: number;
    employee: { firstNames: string; birthName: string; usedName: string | null; birthDate: Date; sex: 'F' | 'M'; birthPlace: string; ins: string | null };
  },
) {
  const { db } = consoleContext();
  const session = await db.teleconsultation.findFirst({
    where: { visitId: visit.id },
    orderBy: { revision: 'desc' },
    select: {
      id: true,
      revision: true,
      status: true,
      appointmentAt: true,
      professionalId: true,
      proposedBy: true,
      roomName: true,
      consentAt: true,
      consentChannel: true,
      consentTextVersion: true,
      refusedAt: true,
      refusalReason: true,
      preCallDoneAt: true,
      employeeJoinedAt: true,
      identityCheck: true,
      admittedAt: true,
      endedAt: true,
      endedReason: true,
      report: true,
      participants: { orderBy: { createdAt: 'asc' }, select: { id: true, role: true, name: true, createdAt: true } },
      incidents: { orderBy: { at: 'asc' }, select: { id: true, kind: true, at: true, by: true, reason: true } },
    },
  });
  if (!session) return null;
  const runs = mayRunSession(viewer, session.professionalId);
  const settings = await teleconsultationSettings(visit.protocolVersion);
  const meeting =
    runs && session.status === 'IN_PROGRESS'
      ? await meetingFor(session, settings, { id: viewer.id, name: viewer.displayName, email: viewer.email }, true)
      : null;
  const consultationTask =
    runs && session.status === 'ENDED'
      ? await db.humanTask.findFirst({ where: { visitId: visit.id, kind: { in: ['CONSULTATION', 'REORIENTATION'] }, status: 'OPEN' }, select: { id: true } })
      : null;
  const { employee } = visit;
  const open = !CLOSED.includes(session.status) && session.status !== 'SUPERSEDED';
  return {
    id: session.id,
    revision: session.revision,
    status: session.status,
    statusLabel: teleconsultationStatusLabels[session.status],
    appointment: frenchDateTime(session.appointmentAt),
    proposedBy: remoteProposerLabels[session.proposedBy],
    consent: session.consentAt
      ? {
          at: frenchDateTime(session.consentAt),
          channel: session.consentChannel ? consentChannelLabels[session.consentChannel] : null,
          textVersion: session.consentTextVersion,
        }
      : null,
    refusal: session.refusedAt ? { at: frenchDateTime(session.refusedAt), reason: clinician ? session.refusalReason : null } : null,
    preCallDone: session.preCallDoneAt ? frenchDateTime(session.preCallDoneAt) : null,
    employeeWaiting: session.status === 'WAITING_ROOM',
    employeeJoinedAt: session.employeeJoinedAt ? frenchShortDateTime(session.employeeJoinedAt) : null,
    admittedAt: session.admittedAt ? frenchShortDateTime(session.admittedAt) : null,
    endedAt: session.endedAt ? frenchShortDateTime(session.endedAt) : null,
    endedReason: clinician ? session.endedReason : null,
    participants: session.participants.map((participant) => ({
      id: participant.id,
      role: thirdPartyRoleLabels[participant.role],
      name: participant.name,
      at: frenchShortDateTime(participant.createdAt),
    })),
    incidents: clinician
      ? session.incidents.map((incident) => ({
          id: incident.id,
          kind: incidentKindLabels[incident.kind],
          at: frenchShortDateTime(incident.at),
          by: incident.by === 'EMPLOYEE' || incident.by === 'PROFESSIONAL' ? interruptedByLabels[incident.by] : null,
          reason: incident.reason,
        }))
      : null,
    clinical: clinician
      ? {
          // R-TELE-7: what the file says, beside what the professional reads from the employee.
          fileIdentity: {
            birthName: employee.birthName,
            usedName: employee.usedName,
            firstNames: employee.firstNames,
            birthDate: frenchDbDate(employee.birthDate),
            sex: sexLabels[employee.sex],
            birthPlace: employee.birthPlace,
            ins: employee.ins,
          },
          identityCheck: identityCheckView(session.identityCheck),
          report: reportView(session.report),
        }
      : null,
    /** The forms the viewer may use, by step. */
    runs: runs && open,
    meeting,
    consultationTaskId: consultationTask?.id ?? null,
    // R-TELE-15: an adverse event, once the visit is over.
    adverseEvent: clinician && visit.status === 'COMPLETED',
  };
}
export type TeleconsultationPanel = NonNullable<Awaited<ReturnType<typeof loadTeleconsultationPanel>>>;

function identityCheckView(value: unknown) {
  if (!value || typeof value !== 'object') return null;
  const check = value as Partial<IdentityCheck> & { checkedAt?: string; checkedBy?: string };
  return {
    birthName: check.birthName ?? null,
    firstNames: check.firstNames ?? null,
    birthDate: check.birthDate && isCivilDate(check.birthDate) ? frenchDate(check.birthDate) : null,
    sex: check.sex === 'F' || check.sex === 'M' ? sexLabels[check.sex] : null,
    birthPlace: check.birthPlace ?? null,
    ins: check.ins ?? null,
    photoIdSeen: check.photoIdSeen === true,
    remoteSuitable: check.remoteSuitable === true,
    location: check.location ?? null,
    phone: check.phone ?? null,
  };
}

function reportView(value: unknown) {
  if (!value || typeof value !== 'object') return null;
  const report = value as Partial<ReportForm>;
  return {
    actsPerformed: report.actsPerformed ?? null,
    prescriptions: report.prescriptions ?? null,
    accompanyingPersons: report.accompanyingPersons ?? null,
    technicalIncidents: report.technicalIncidents ?? null,
  };
}

/** R-TELE-15: a clinician notes an adverse event of a remote visit (written here: the session's workflow may be over). */
export async function recordAdverseEvent(request: Request, viewer: SignedInProfessional, visitId: string, fields: unknown): Promise<void> {
  if (!isClinician(viewer)) throw new DomainError('REFUSED', 'Seuls les médecins et infirmiers enregistrent un événement indésirable.');
  const form = parseInput(adverseEventFormSchema, fields);
  const { db } = consoleContext();
  const session = await db.teleconsultation.findFirst({ where: { visitId }, orderBy: { revision: 'desc' }, select: { id: true } });
  if (!session) throw new DomainError('NOT_FOUND', 'Aucune téléconsultation n’est liée à cette visite.');
  await db.teleconsultationIncident.create({
    data: { teleconsultationId: session.id, kind: 'ADVERSE_EVENT', reason: form.description, actorId: viewer.id, idempotencyKey: `adverse-event:${randomUUID()}` },
    select: { id: true },
  });
  // The description is health data: kept with the session, not in the audit trail.
  await audit(request, { actor: viewer, action: 'teleconsultation.adverse-event', entityType: 'Teleconsultation', entityId: session.id });
}
