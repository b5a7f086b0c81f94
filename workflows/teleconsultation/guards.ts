// Why a teleconsultation step is refused, in French. Pure functions: the teleconsultation workflow's
// update validators call them (and call them again when the step is applied), so the refusal reaches
// the console, the employee's page or the API as the update's failure message.
import type { ProtocolConfig } from '../rules/protocol-config.js';
import type { Actor } from '../visit/messages.js';
import {
  identityCheckFormSchema,
  interruptionFormSchema,
  recordedIdentityCheckSchema,
  preCallFormSchema,
  refusalFormSchema,
  reportFormSchema,
  technicalFailureFormSchema,
  thirdPartyFormSchema,
} from './forms.js';
import type {
  AdmitEmployeeArgs,
  CompletePreCallArgs,
  EndTeleconsultationArgs,
  InterruptTeleconsultationArgs,
  InviteThirdPartyArgs,
  RecordConsentArgs,
  RefuseTeleconsultationArgs,
  ReportTechnicalFailureArgs,
  TeleconsultationSnapshot,
  TeleconsultationWorkflowInput,
} from './messages.js';

export type Refusal = string | undefined;

/** What a session's checks need besides its snapshot: who runs it, when, and its protocol version's settings. */
export interface SessionContext {
  input: TeleconsultationWorkflowInput;
  settings: ProtocolConfig['teleconsultation'];
  snapshot: TeleconsultationSnapshot;
  now: Date;
}

function firstIssue(result: { success: boolean; error?: { issues: { message: string }[] } }): Refusal {
  return result.success ? undefined : result.error?.issues[0]?.message;
}

const closedRefusals: Partial<Record<TeleconsultationSnapshot['status'], string>> = {
  ENDED: 'La téléconsultation est terminée.',
  REFUSED: 'Le salarié a refusé la téléconsultation : la visite aura lieu en présentiel.',
  INTERRUPTED: 'La téléconsultation a été interrompue : un nouveau rendez-vous sera proposé.',
  FAILED: 'La téléconsultation a échoué (incident technique) : un nouveau rendez-vous sera proposé.',
  SUPERSEDED: 'Ce rendez-vous a été déplacé, manqué ou annulé : cette téléconsultation n’aura pas lieu.',
};

export function closedRefusal(snapshot: TeleconsultationSnapshot): Refusal {
  return closedRefusals[snapshot.status];
}

/** The professional the appointment is with, or any doctor (who may take over every visit). */
function sessionProfessionalRefusal(context: SessionContext, actor: Actor | undefined): Refusal {
  return actor && (actor.id === context.input.professionalId || actor.role === 'DOCTOR')
    ? undefined
    : 'Seul le professionnel de santé du rendez-vous (ou un médecin du travail) peut le faire.';
}

/** The employee acts from the personal link (no actor); on the phone, staff act for them (ORAL). */
function channelRefusal(channel: 'LINK' | 'ORAL', actor: Actor | undefined): Refusal {
  if (channel === 'LINK') return actor ? 'Seul le salarié répond depuis son lien personnel.' : undefined;
  return actor && actor.role !== 'ADMIN' ? undefined : 'Seuls le secrétariat et les professionnels de santé recueillent la réponse orale du salarié.';
}

/** R-TELE-1: explicit consent before each teleconsultation, to the consent text of the visit's protocol version. */
export function refuseConsent(context: SessionContext, args: RecordConsentArgs): Refusal {
  const { snapshot, settings } = context;
  return (
    closedRefusal(snapshot) ??
    (snapshot.consent ? 'Le consentement du salarié est déjà recueilli.' : undefined) ??
    channelRefusal(args.channel, args.actor) ??
    (args.textVersion !== settings.consent.textVersion ? 'Le texte de consentement a changé : relisez-le avant de consentir.' : undefined)
  );
}

/** R-TELE-2: the employee may refuse at any point before the end; the visit then turns in person. */
export function refuseRefusal(context: SessionContext, args: RefuseTeleconsultationArgs): Refusal {
  return firstIssue(refusalFormSchema.safeParse(args.form)) ?? closedRefusal(context.snapshot) ?? channelRefusal(args.channel, args.actor);
}

/** R-TELE-4: the assistant's call before the teleconsultation. */
export function refusePreCall(context: SessionContext, args: CompletePreCallArgs): Refusal {
  return (
    firstIssue(preCallFormSchema.safeParse(args.form)) ??
    closedRefusal(context.snapshot) ??
    (context.snapshot.preCallDone ? 'L’appel préalable est déjà enregistré.' : undefined) ??
    (args.actor.role !== 'ASSISTANT' ? 'L’appel préalable est fait par le secrétariat.' : undefined)
  );
}

/** R-TELE-1, R-TELE-6: no consent, no video; the link works until `validMinutesAfterSlot` after the slot. */
export function refuseWaitingRoom(context: SessionContext): Refusal {
  const { snapshot, settings, input, now } = context;
  return (
    closedRefusal(snapshot) ??
    (snapshot.consent ? undefined : 'Donnez d’abord votre consentement à la téléconsultation.') ??
    (now.getTime() > Date.parse(input.appointmentAt) + settings.validMinutesAfterSlot * 60_000
      ? 'Le créneau de cette téléconsultation est passé : le lien n’est plus valable.'
      : undefined)
  );
}

/** R-TELE-6/7: the professional admits the employee waiting, consent given, identity checked. */
export function refuseAdmission(context: SessionContext, args: AdmitEmployeeArgs): Refusal {
  const { snapshot } = context;
  return (
    closedRefusal(snapshot) ??
    sessionProfessionalRefusal(context, args.actor) ??
    (snapshot.consent ? undefined : 'Le salarié n’a pas donné son consentement à la téléconsultation.') ??
    (snapshot.status === 'IN_PROGRESS' ? 'Le salarié est déjà admis.' : undefined) ??
    (snapshot.status !== 'WAITING_ROOM' ? 'Le salarié n’est pas en salle d’attente.' : undefined) ??
    firstIssue(recordedIdentityCheckSchema.safeParse(args.identity))
  );
}

/**
 * R-TELE-3: a new admission also carries the professional's judgement that remote suits the employee.
 * Checked by the update's validator only, which replay does not run, so admissions recorded before this rule still replay.
 */
export function refuseUnjudgedAdmission(args: AdmitEmployeeArgs): Refusal {
  return firstIssue(identityCheckFormSchema.safeParse(args.identity));
}

/** R-TELE-9: a third party the employee chose, with their consent, before the end. */
export function refuseThirdParty(context: SessionContext, args: InviteThirdPartyArgs): Refusal {
  return firstIssue(thirdPartyFormSchema.safeParse(args.form)) ?? closedRefusal(context.snapshot) ?? sessionProfessionalRefusal(context, args.actor);
}

/** R-TELE-10: either side stops a session under way (waiting room or consultation), with a reason. */
export function refuseInterruption(context: SessionContext, args: InterruptTeleconsultationArgs): Refusal {
  const { snapshot } = context;
  return (
    firstIssue(interruptionFormSchema.safeParse(args.form)) ??
    closedRefusal(snapshot) ??
    (args.by === 'EMPLOYEE'
      ? args.actor
        ? 'Seul le salarié interrompt depuis son lien personnel.'
        : undefined
      : sessionProfessionalRefusal(context, args.actor)) ??
    (snapshot.status !== 'WAITING_ROOM' && snapshot.status !== 'IN_PROGRESS'
      ? 'La téléconsultation n’a pas commencé : le salarié peut la refuser, ou le rendez-vous être déplacé.'
      : undefined)
  );
}

/** R-TELE-13: before (equipment test) or during the session, staff report a technical failure. */
export function refuseTechnicalFailure(context: SessionContext, args: ReportTechnicalFailureArgs): Refusal {
  return (
    firstIssue(technicalFailureFormSchema.safeParse(args.form)) ??
    closedRefusal(context.snapshot) ??
    (args.actor.role === 'ASSISTANT' ? undefined : sessionProfessionalRefusal(context, args.actor))
  );
}

/** R-TELE-11: the professional ends a consultation under way with its report. */
export function refuseEnd(context: SessionContext, args: EndTeleconsultationArgs): Refusal {
  return (
    firstIssue(reportFormSchema.safeParse(args.form)) ??
    closedRefusal(context.snapshot) ??
    sessionProfessionalRefusal(context, args.actor) ??
    (context.snapshot.status !== 'IN_PROGRESS' ? 'La consultation n’a pas commencé : admettez d’abord le salarié.' : undefined)
  );
}

/**
 * R-TELE-10: who stops decides what comes next. The employee stopping withdraws from the remote modality,
 * like a refusal (R-TELE-2): in person. The professional who judges remote no longer adequate proposes in-person
 * care; stopping for another reason (the employee unwell, out of time) plans the visit again, remote or not.
 */
export function replanAfterInterruption(args: InterruptTeleconsultationArgs): 'IN_PERSON' | 'REMOTE' {
  return args.by === 'EMPLOYEE' || interruptionFormSchema.parse(args.form).remoteInadequate ? 'IN_PERSON' : 'REMOTE';
}
