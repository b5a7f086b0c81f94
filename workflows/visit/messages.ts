// Each message of the visit workflow is defined once here and imported by the console; the forms'
// zod schemas, shared by both, live in forms.ts so that the browser bundle carries no Temporal code.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CivilDate } from '../rules/calendar.js';
import type { FollowUpCategory } from '../rules/follow-up-category.js';
import type { Performer, ProfessionalRole, VisitOutcome, VisitType } from '../rules/visit-types.js';
import type { AbsenceExcuseForm, CancellationForm, ConclusionForm, ReorientationForm, ScheduleForm } from './forms.js';

export interface Actor {
  id: string;
  role: ProfessionalRole;
  displayName: string;
}

export interface VisitWorkflowInput {
  visitId: string;
  employeeId: string;
  /** The employee's follow-up workflow, told when this visit closes. */
  followUpWorkflowId: string;
  /** The obligation this visit fulfils in the follow-up ledger. */
  planKey: string;
  type: VisitType;
  followUpCategory: FollowUpCategory;
  performer: Performer;
  dueDate: CivilDate;
  deadline: CivilDate;
  /** End of the deadline day in Europe/Paris, computed by the caller so the workflow needs no time zone data. */
  deadlineEndsAt: string;
  protocolVersion: number;
  /** R-VIP-5: the latest next-due date the professional may set, counted from the visit day. */
  renewalCapYears?: number;
  /** R-MID-1: this visit may also count as the mid-career visit. */
  midCareerCouplingAllowed: boolean;
  /** R-OPS-1: an absence excused less than this many hours ahead is billed. */
  excuseHoursAhead: number;
}

export type VisitStatus = 'TO_SCHEDULE' | 'SCHEDULED' | 'COMPLETED' | 'CANCELLED';
export type VisitModality = 'IN_PERSON' | 'REMOTE';

export interface VisitSnapshot {
  status: VisitStatus;
  overdue: boolean;
  billable: boolean;
  appointmentAt?: string;
  professionalId?: string;
  outcome?: VisitOutcome;
  documentId?: string;
  /** R-DEL-2..4: set once a nurse re-oriented the visit; the doctor concludes it there. */
  reorientationWorkflowId?: string;
  /** R-TELE-3: the current (or last) appointment's modality. */
  modality: VisitModality;
  /** The session of the current remote appointment (a child workflow); cleared when the appointment goes. */
  teleconsultationWorkflowId?: string;
  /** R-TELE-11: that session ended with its report, so the visit may be concluded. */
  teleconsultationEnded?: boolean;
}

export interface ScheduleVisitArgs {
  actor: Actor;
  form: ScheduleForm;
  /** The assigned professional's role, read by the caller from the directory. */
  professionalRole: ProfessionalRole;
  /** R-DEL-1: a valid protocol covers this visit type for the assigned nurse on the appointment day (caller's check). */
  delegated: boolean;
}
export interface ConcludeVisitArgs {
  actor: Actor;
  form: ConclusionForm;
}
export interface CancelVisitArgs {
  actor: Actor;
  form: CancellationForm;
}
export interface ExcuseAbsenceArgs {
  actor: Actor;
  form: AbsenceExcuseForm;
}
export interface RecordNoShowArgs {
  actor: Actor;
}
export interface ReorientToDoctorArgs {
  actor: Actor;
  form: ReorientationForm;
}

export interface ReorientationWorkflowInput {
  /** The re-oriented visit's own input: the doctor's conclusion obeys the same rules. */
  visit: VisitWorkflowInput;
  /** Last day of the doctor's task, which the visit opened before starting this workflow. */
  dueDate: CivilDate;
}
export interface ConcludeReorientationArgs {
  actor: Actor;
  form: ConclusionForm;
}
/** What the doctor concluded; the visit completes with it. */
export interface ReorientationResult {
  outcome: VisitOutcome;
  nextVisitDueDate?: CivilDate;
  coupledMidCareer: boolean;
  concludedBy: Actor;
  documentId?: string;
}

export const scheduleVisitUpdate = defineUpdate<VisitSnapshot, [ScheduleVisitArgs]>('scheduleVisit');
export const concludeVisitUpdate = defineUpdate<VisitSnapshot, [ConcludeVisitArgs]>('concludeVisit');
export const cancelVisitUpdate = defineUpdate<VisitSnapshot, [CancelVisitArgs]>('cancelVisit');
export const excuseAbsenceUpdate = defineUpdate<VisitSnapshot, [ExcuseAbsenceArgs]>('excuseAbsence');
export const recordNoShowUpdate = defineUpdate<VisitSnapshot, [RecordNoShowArgs]>('recordNoShow');
/** R-DEL-2..4: a nurse hands the visit over to the doctor. */
export const reorientToDoctorUpdate = defineUpdate<VisitSnapshot, [ReorientToDoctorArgs]>('reorientToDoctor');
/** Sent to the re-orientation workflow (`VisitSnapshot.reorientationWorkflowId`): the doctor's conclusion. */
export const concludeReorientationUpdate = defineUpdate<ReorientationResult, [ConcludeReorientationArgs]>('concludeReorientation');
/** The employee left: the follow-up closes what is still open. */
export const employeeDepartedSignal = defineSignal<[{ date: CivilDate }]>('employeeDeparted');
/** An event changed this visit's dates: the follow-up cancels it and opens it again with the new ones. */
export const visitSupersededSignal = defineSignal<[{ reason: string }]>('visitSuperseded');
export const visitSnapshotQuery = defineQuery<VisitSnapshot>('visitSnapshot');
