// The employee's follow-up as pure data: the follow-up workflow holds a `FollowUpLedger`, folds each
// event into it with `applyFollowUpEvent`, and asks `dueVisits` what must exist now and what comes next.
import type { CivilDate } from './calendar.js';
import type { FollowUpCategory } from './follow-up-category.js';
import type { RiskCode, StoppageCause } from './protocol-config.js';
import type { Performer, VisitOutcome, VisitType } from './visit-types.js';

export interface PostSituation {
  title: string;
  risks: RiskCode[];
  nightWork: boolean;
  /** The day the employee actually takes up this post (hire or post change). */
  assignedOn: CivilDate;
}

/** R-VIP-4: what the service knows of the employee's follow-up before this hire. */
export interface PreviousFollowUp {
  lastVipDate: CivilDate;
  sameJobEquivalentExposure: boolean;
  /** The service holds the last attestation or avis. */
  attestationHeld: boolean;
  measuresOrInaptitudeInLookback: boolean;
  /** The next-due date stated on that last attestation. */
  nextDueDate?: CivilDate;
}

export interface EmployeeSituation {
  birthDate: CivilDate;
  hireDate: CivilDate;
  post: PostSituation;
  apprentice: boolean;
  disabled: boolean;
  invalidityPension: boolean;
  /** Pregnant, post-partum or breastfeeding (R-CAT-2), declared by the employee's choice. */
  pregnant: boolean;
  previousFollowUp?: PreviousFollowUp;
  /** R-MULTI-1: another employer (the oldest, same post) organises the periodic follow-up. */
  followedByMainEmployer: boolean;
}

export interface StoppageRecord {
  stoppageId: string;
  cause: StoppageCause;
  startDate: CivilDate;
  /** First day back at work, when known. */
  returnDate?: CivilDate;
  /** R-REPRISE-4: the return is a therapeutic part-time; the later full-time return needs another visit. */
  therapeuticPartTime: boolean;
  fullTimeReturnDate?: CivilDate;
}

export type PreRepriseRequester = 'EMPLOYEE' | 'TREATING_DOCTOR' | 'MEDICAL_ADVISER' | 'OCCUPATIONAL_DOCTOR';
export const visitRequesters = ['EMPLOYEE', 'EMPLOYER', 'DOCTOR'] as const;
export type VisitRequester = (typeof visitRequesters)[number];

export type FollowUpEvent =
  | { type: 'POST_CHANGED'; date: CivilDate; post: Omit<PostSituation, 'assignedOn'> }
  | { type: 'SITUATION_CHANGED'; date: CivilDate; apprentice?: boolean; disabled?: boolean; invalidityPension?: boolean; pregnant?: boolean }
  | { type: 'STOPPAGE_DECLARED'; date: CivilDate; stoppageId: string; cause: StoppageCause; startDate: CivilDate; returnDate?: CivilDate }
  | { type: 'STOPPAGE_EXTENDED'; date: CivilDate; stoppageId: string; returnDate: CivilDate }
  | { type: 'RETURN'; date: CivilDate; stoppageId: string; returnDate: CivilDate; therapeuticPartTime: boolean }
  | { type: 'FULL_TIME_RETURN'; date: CivilDate; stoppageId: string }
  | { type: 'PRE_REPRISE_REQUESTED'; date: CivilDate; stoppageId: string; requestedBy: PreRepriseRequester }
  | { type: 'LIAISON_REQUESTED'; date: CivilDate; stoppageId: string; acceptedOn: CivilDate }
  | { type: 'VISIT_REQUESTED'; date: CivilDate; requestedBy: VisitRequester; reason: string }
  | { type: 'EXPOSURE_ENDED'; date: CivilDate }
  | { type: 'RETIREMENT_ANNOUNCED'; date: CivilDate; retirementDate: CivilDate }
  | { type: 'DEPARTURE'; date: CivilDate };

export type FollowUpEventType = FollowUpEvent['type'];

/** A visit that happened (or was cancelled), as the follow-up remembers it. */
export interface ClosedVisit {
  key: string;
  type: VisitType;
  status: 'COMPLETED' | 'CANCELLED';
  /** Day of the consultation (or of the cancellation). */
  date: CivilDate;
  outcome?: VisitOutcome;
  nextVisitDueDate?: CivilDate;
  performedBy?: 'DOCTOR' | 'NURSE';
  /** R-MID-1: this visit's attestation also states the mid-career visit. */
  coupledMidCareer?: boolean;
}

/** Event-driven visits waiting to be opened (requests, returns, exposure ends…), keyed for idempotency. */
export interface RequestedVisit {
  key: string;
  type: VisitType;
  requestedOn: CivilDate;
  earliestDate: CivilDate;
  dueDate: CivilDate;
  deadline: CivilDate;
  rule: string;
  /** The work stoppage behind a PRE_REPRISE or LIAISON request, carried to its `DueVisit`. */
  stoppageId?: string;
}

export interface FollowUpLedger {
  employeeId: string;
  situation: EmployeeSituation;
  category: FollowUpCategory;
  /** R-POST-1: true once the employee has ever been under SIR. */
  everSir: boolean;
  stoppages: StoppageRecord[];
  requested: RequestedVisit[];
  closed: ClosedVisit[];
  /** Keys of the visits currently open (a visit workflow is running). */
  open: string[];
  departedOn?: CivilDate;
}

/** A visit the rules say must exist: open it when `opensOn` arrives (today or earlier: now). */
export interface DueVisit {
  /** Stable identity: the same obligation always has the same key, so it is opened once. */
  key: string;
  type: VisitType;
  opensOn: CivilDate;
  earliestDate: CivilDate;
  dueDate: CivilDate;
  /** Last allowed day, inclusive; never before `earliestDate`. */
  deadline: CivilDate;
  performer: Performer;
  /** The DOMAIN.md rule that makes it due, e.g. `R-VIP-1`. */
  rule: string;
  /** The work stoppage behind a REPRISE, PRE_REPRISE or LIAISON visit. */
  stoppageId?: string;
}

/** Why an event is refused, in French, or undefined when it applies. */
export type EventRefusal = string | undefined;
