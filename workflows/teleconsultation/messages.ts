// Each message of the teleconsultation workflow, defined once and imported by the console. One workflow per
// remote appointment (child of the visit, id `<visit workflow id>-tele-<revision>`): consent, pre-call,
// connection details, waiting room, identity check and admission, third parties, interruption, report.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor, VisitWorkflowInput } from '../visit/messages.js';
import type {
  ConsentChannel,
  IdentityCheckForm,
  InterruptionForm,
  PreCallForm,
  RefusalForm,
  RemoteProposer,
  ReportForm,
  TechnicalFailureForm,
  ThirdPartyForm,
} from './forms.js';

export interface TeleconsultationWorkflowInput {
  visit: VisitWorkflowInput;
  /** The visit's appointment revision this session belongs to. */
  revision: number;
  appointmentAt: string;
  professionalId: string;
  proposedBy: RemoteProposer;
}

export type TeleconsultationStatus =
  | 'AWAITING_CONSENT'
  | 'CONSENTED'
  | 'WAITING_ROOM'
  | 'IN_PROGRESS'
  | 'ENDED'
  | 'REFUSED'
  | 'INTERRUPTED'
  | 'FAILED'
  | 'SUPERSEDED';

export interface TeleconsultationSnapshot {
  status: TeleconsultationStatus;
  consent?: { channel: ConsentChannel; textVersion: string; at: string };
  preCallDone: boolean;
  connectionDetailsSent: boolean;
  identityChecked: boolean;
  thirdParties: number;
}

/** What the visit does next: conclude (ENDED), plan in person (R-TELE-2/10), plan again (R-TELE-13), nothing (SUPERSEDED). */
export interface TeleconsultationResult {
  status: 'ENDED' | 'REFUSED' | 'INTERRUPTED' | 'FAILED' | 'SUPERSEDED';
  replan: 'NONE' | 'IN_PERSON' | 'REMOTE';
  reason?: string;
}

/** The employee (on the page of the personal link, `actor` absent) or the assistant on the phone (`ORAL`). */
export interface RecordConsentArgs {
  channel: ConsentChannel;
  /** The consent text version the employee saw (R-TELE-1). */
  textVersion: string;
  ip?: string;
  actor?: Actor;
}
export interface RefuseTeleconsultationArgs {
  channel: ConsentChannel;
  form: RefusalForm;
  actor?: Actor;
}
export interface CompletePreCallArgs {
  actor: Actor;
  form: PreCallForm;
}
export interface AdmitEmployeeArgs {
  actor: Actor;
  identity: IdentityCheckForm;
}
export interface InviteThirdPartyArgs {
  actor: Actor;
  form: ThirdPartyForm;
}
export interface InterruptTeleconsultationArgs {
  by: 'EMPLOYEE' | 'PROFESSIONAL';
  /** Absent when the employee stops from their page. */
  actor?: Actor;
  form: InterruptionForm;
}
export interface ReportTechnicalFailureArgs {
  actor: Actor;
  form: TechnicalFailureForm;
}
export interface EndTeleconsultationArgs {
  actor: Actor;
  form: ReportForm;
}

export const recordConsentUpdate = defineUpdate<TeleconsultationSnapshot, [RecordConsentArgs]>('recordConsent');
/** R-TELE-2: at any point before the end; the visit turns in person. */
export const refuseTeleconsultationUpdate = defineUpdate<TeleconsultationSnapshot, [RefuseTeleconsultationArgs]>('refuseTeleconsultation');
export const completePreCallUpdate = defineUpdate<TeleconsultationSnapshot, [CompletePreCallArgs]>('completePreCall');
/** The employee, consent given and access code checked by the caller, enters the waiting room (R-TELE-6). */
export const joinWaitingRoomUpdate = defineUpdate<TeleconsultationSnapshot, []>('joinWaitingRoom');
/** R-TELE-6/7: the professional admits after the identity check. */
export const admitEmployeeUpdate = defineUpdate<TeleconsultationSnapshot, [AdmitEmployeeArgs]>('admitEmployee');
/** Returns the new participant's id; its link is derived from it. */
export const inviteThirdPartyUpdate = defineUpdate<{ participantId: string }, [InviteThirdPartyArgs]>('inviteThirdParty');
export const interruptTeleconsultationUpdate = defineUpdate<TeleconsultationSnapshot, [InterruptTeleconsultationArgs]>('interruptTeleconsultation');
export const reportTechnicalFailureUpdate = defineUpdate<TeleconsultationSnapshot, [ReportTechnicalFailureArgs]>('reportTechnicalFailure');
/** R-TELE-11: the session ends with its report; the visit is then concluded as any visit. */
export const endTeleconsultationUpdate = defineUpdate<TeleconsultationSnapshot, [EndTeleconsultationArgs]>('endTeleconsultation');
/** From the visit: the appointment was moved, missed or cancelled. */
export const teleconsultationSupersededSignal = defineSignal<[{ reason: string }]>('teleconsultationSuperseded');
export const teleconsultationQuery = defineQuery<TeleconsultationSnapshot>('teleconsultation');
