// The follow-up plan: which visits an employee's situation and history make due under DOMAIN.md's
// rules. Pure and deterministic, for the follow-up workflow's sandbox: no I/O, no clock (today is an
// argument), no randomness. The ledger is never mutated; every change returns a new one.
import { compareCivil, daysBetween, frenchDate, isCivilDate, plusDays, plusMonths, plusYears, type CivilDate } from './calendar.js';
import { adaptedSituation, followUpCategory, isUnderAge, type FollowUpCategory } from './follow-up-category.js';
import type {
  ClosedVisit,
  DueVisit,
  EmployeeSituation,
  EventRefusal,
  FollowUpEvent,
  FollowUpLedger,
  PostSituation,
  PreRepriseRequester,
  PreviousFollowUp,
  RequestedVisit,
  StoppageRecord,
  VisitRequester,
} from './follow-up-types.js';
import { visitRequesters } from './follow-up-types.js';
import type { ProtocolConfig } from './protocol-config.js';
import { repriseVisitRequired, repriseVisitWindow, type Stoppage } from './reprise.js';
import { allowedOutcomes, outcomeRequiresDoctor, performerFor, type Performer, type VisitType } from './visit-types.js';

const earlier = (a: CivilDate, b: CivilDate): CivilDate => (a <= b ? a : b);
const later = (a: CivilDate, b: CivilDate): CivilDate => (a >= b ? a : b);
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Keys start with the visit type, so "a visit of this type is open" can be read from the open keys. */
function planKey(type: VisitType, ...parts: (string | number)[]): string {
  return [type, ...parts].join(':');
}

/** R-DEMANDE-1: who asked for an on-request visit, read back from its plan key (type, day, requester). */
export function onRequestRequester(visit: { type: VisitType; planKey: string }): VisitRequester | undefined {
  if (visit.type !== 'ON_REQUEST') return undefined;
  const requester = visit.planKey.split(':')[2];
  return visitRequesters.find((candidate) => candidate === requester);
}

function categoryOf(situation: EmployeeSituation, asOf: CivilDate, config: ProtocolConfig): FollowUpCategory {
  const { birthDate, post, disabled, invalidityPension, pregnant } = situation;
  return followUpCategory({ birthDate, risks: post.risks, nightWork: post.nightWork, disabled, invalidityPension, pregnant, asOf }, config.category);
}

function onSirPost(post: PostSituation, config: ProtocolConfig): boolean {
  return post.risks.some((risk) => config.category.sirRisks.includes(risk));
}

function withCategory(ledger: FollowUpLedger, asOf: CivilDate, config: ProtocolConfig): FollowUpLedger {
  const category = categoryOf(ledger.situation, asOf, config);
  return { ...ledger, category, everSir: ledger.everSir || category === 'SIR' };
}

/**
 * R-CAT-1..3: the ledger of a new employment. The category is the one of the day the post is taken,
 * or of `today` for a hire declared late (an employee hired at 17 and declared at 30 is not under-age).
 */
export function startFollowUp(employeeId: string, situation: EmployeeSituation, config: ProtocolConfig, today?: CivilDate): FollowUpLedger {
  const category = categoryOf(situation, today === undefined ? situation.hireDate : later(situation.hireDate, today), config);
  return { employeeId, situation, category, everSir: category === 'SIR', stoppages: [], requested: [], closed: [], open: [] };
}

// ---------------------------------------------------------------------------------------------------
// Events

const preRepriseRequesters: readonly string[] = [
  'EMPLOYEE',
  'TREATING_DOCTOR',
  'MEDICAL_ADVISER',
  'OCCUPATIONAL_DOCTOR',
] satisfies PreRepriseRequester[];

/** Every date an event carries: an impossible one would break the date arithmetic of the rules. */
function eventDates(event: FollowUpEvent): CivilDate[] {
  switch (event.type) {
    case 'STOPPAGE_DECLARED':
      return event.returnDate === undefined ? [event.date, event.startDate] : [event.date, event.startDate, event.returnDate];
    case 'STOPPAGE_EXTENDED':
    case 'RETURN':
      return [event.date, event.returnDate];
    case 'LIAISON_REQUESTED':
      return [event.date, event.acceptedOn];
    case 'RETIREMENT_ANNOUNCED':
      return [event.date, event.retirementDate];
    default:
      return [event.date];
  }
}

function findStoppage(ledger: FollowUpLedger, stoppageId: string): StoppageRecord | undefined {
  return ledger.stoppages.find((stoppage) => stoppage.stoppageId === stoppageId);
}

/** Back at work on `date`: the pre-return visit and the liaison meeting happen during the leave (R-PRE-1, R-LIAISON-1). */
function stoppageEnded(stoppage: StoppageRecord, date: CivilDate): boolean {
  return stoppage.returnDate !== undefined && stoppage.returnDate <= date;
}

function refuseReturnDate(startDate: CivilDate, returnDate: CivilDate): EventRefusal {
  return returnDate <= startDate ? `La date de reprise doit suivre le premier jour d’arrêt (${frenchDate(startDate)}).` : undefined;
}

const unknownStoppage = (stoppageId: string) => `Arrêt de travail inconnu : ${stoppageId}.`;
const fullTimeAlreadyRecorded = 'La reprise à temps complet est déjà enregistrée pour cet arrêt.';

/** Why `event` cannot apply to this follow-up, in French; undefined when it can. */
export function refuseFollowUpEvent(ledger: FollowUpLedger, event: FollowUpEvent, config: ProtocolConfig): EventRefusal {
  const invalid = eventDates(event).find((date) => !isCivilDate(date));
  if (invalid !== undefined) return `Date invalide : « ${invalid} » (format attendu AAAA-MM-JJ).`;
  // The departure closes the follow-up and its open visits: nothing more can happen in it.
  if (ledger.departedOn !== undefined) return `Le salarié a quitté l’entreprise le ${frenchDate(ledger.departedOn)} : son suivi est clos.`;
  const { hireDate } = ledger.situation;
  if (event.date < hireDate) return `L’événement précède l’embauche du ${frenchDate(hireDate)}.`;

  switch (event.type) {
    case 'POST_CHANGED': {
      const current = ledger.situation.post.assignedOn;
      return event.date < current ? `Le changement de poste ne peut pas précéder l’affectation actuelle (${frenchDate(current)}).` : undefined;
    }
    case 'STOPPAGE_DECLARED':
      if (findStoppage(ledger, event.stoppageId)) return `L’arrêt de travail ${event.stoppageId} est déjà déclaré.`;
      if (event.startDate < hireDate) return `L’arrêt ne peut pas commencer avant l’embauche du ${frenchDate(hireDate)}.`;
      return event.returnDate === undefined ? undefined : refuseReturnDate(event.startDate, event.returnDate);
    case 'STOPPAGE_EXTENDED': {
      const stoppage = findStoppage(ledger, event.stoppageId);
      if (!stoppage) return unknownStoppage(event.stoppageId);
      if (stoppage.fullTimeReturnDate !== undefined) return fullTimeAlreadyRecorded;
      if (stoppage.returnDate !== undefined && event.returnDate <= stoppage.returnDate) {
        return `Une prolongation repousse la date de reprise prévue (${frenchDate(
          stoppage.returnDate,
        )}) ; pour une reprise anticipée, déclarez la reprise.`;
      }
      return refuseReturnDate(stoppage.startDate, event.returnDate);
    }
    case 'RETURN': {
      const stoppage = findStoppage(ledger, event.stoppageId);
      if (!stoppage) return unknownStoppage(event.stoppageId);
      if (stoppage.fullTimeReturnDate !== undefined) return fullTimeAlreadyRecorded;
      return refuseReturnDate(stoppage.startDate, event.returnDate);
    }
    case 'FULL_TIME_RETURN': {
      const stoppage = findStoppage(ledger, event.stoppageId);
      if (!stoppage) return unknownStoppage(event.stoppageId);
      if (!stoppage.therapeuticPartTime || stoppage.returnDate === undefined) {
        return 'Aucune reprise à temps partiel thérapeutique n’est enregistrée pour cet arrêt.';
      }
      if (stoppage.fullTimeReturnDate !== undefined) return fullTimeAlreadyRecorded;
      return event.date <= stoppage.returnDate
        ? `La reprise à temps complet doit suivre la reprise à temps partiel thérapeutique du ${frenchDate(stoppage.returnDate)}.`
        : undefined;
    }
    case 'PRE_REPRISE_REQUESTED': {
      // R-OPS-2: the message schema already excludes the employer; guarded again for any other caller.
      if (!preRepriseRequesters.includes(event.requestedBy)) {
        return 'La visite de pré-reprise est demandée par le salarié, le médecin traitant, le médecin-conseil ou le médecin du travail, jamais par l’employeur.';
      }
      const stoppage = findStoppage(ledger, event.stoppageId);
      if (!stoppage) return unknownStoppage(event.stoppageId);
      // R-PRE-1 concerns sick leave (illness or accident), which maternity leave is not.
      if (stoppage.cause === 'MATERNITY') return 'La visite de pré-reprise concerne un arrêt pour maladie ou accident, pas un congé de maternité.';
      if (stoppageEnded(stoppage, event.date)) {
        return `L’arrêt a pris fin (reprise le ${frenchDate(stoppage.returnDate ?? event.date)}) : la pré-reprise a lieu pendant l’arrêt.`;
      }
      // R-PRE-1: "more than 30 days" must be established: the planned length, or the length so far when the end is unknown.
      const length = daysBetween(stoppage.startDate, stoppage.returnDate ?? event.date);
      if (length <= config.preReprise.minStoppageDays) {
        return `La visite de pré-reprise est réservée aux arrêts de plus de ${config.preReprise.minStoppageDays} jours (${length} jours connus).`;
      }
      const pending = ledger.requested.some(
        (request) => request.type === 'PRE_REPRISE' && request.stoppageId === event.stoppageId && !isClosed(ledger, request.key),
      );
      return pending ? 'Une visite de pré-reprise est déjà demandée pour cet arrêt.' : undefined;
    }
    case 'LIAISON_REQUESTED': {
      const stoppage = findStoppage(ledger, event.stoppageId);
      if (!stoppage) return unknownStoppage(event.stoppageId);
      if (event.acceptedOn > event.date) return 'Le salarié ne peut pas avoir accepté le rendez-vous après la date de la demande.';
      if (event.acceptedOn < stoppage.startDate) return `L’acceptation ne peut pas précéder le début de l’arrêt (${frenchDate(stoppage.startDate)}).`;
      return stoppageEnded(stoppage, event.date)
        ? `L’arrêt a pris fin (reprise le ${frenchDate(stoppage.returnDate ?? event.date)}) : le rendez-vous de liaison a lieu pendant l’arrêt.`
        : undefined;
    }
    case 'VISIT_REQUESTED':
      return event.reason.trim() === '' ? 'Indiquez le motif de la demande.' : undefined;
    case 'EXPOSURE_ENDED':
      // R-POST-1 concerns workers who are or were under SIR.
      return ledger.everSir ? undefined : 'Le salarié n’a jamais relevé du suivi individuel renforcé : aucune visite post-exposition n’est due.';
    case 'SITUATION_CHANGED':
    case 'RETIREMENT_ANNOUNCED':
    case 'DEPARTURE':
      return undefined;
  }
}

function updateStoppage(ledger: FollowUpLedger, stoppageId: string, change: (stoppage: StoppageRecord) => StoppageRecord): FollowUpLedger {
  return { ...ledger, stoppages: ledger.stoppages.map((stoppage) => (stoppage.stoppageId === stoppageId ? change(stoppage) : stoppage)) };
}

/** Idempotent: a redelivered event adds no second request. */
function addRequest(ledger: FollowUpLedger, request: RequestedVisit): FollowUpLedger {
  if (ledger.requested.some((existing) => existing.key === request.key)) return ledger;
  return { ...ledger, requested: [...ledger.requested, request] };
}

/** R-PRE-1, R-LIAISON-1: a meeting during the leave ends at the latest the day before the known return. */
function duringStoppage(ledger: FollowUpLedger, stoppageId: string, deadline: CivilDate): CivilDate {
  const returnDate = findStoppage(ledger, stoppageId)?.returnDate;
  return returnDate === undefined ? deadline : earlier(deadline, plusDays(returnDate, -1));
}

/** R-POST-1: by the doctor, as soon as possible, for workers who are or were under SIR. */
function requestPostExposure(ledger: FollowUpLedger, date: CivilDate, deadline: CivilDate): FollowUpLedger {
  if (!ledger.everSir) return ledger;
  const key = planKey('POST_EXPOSURE', date);
  return addRequest(ledger, { key, type: 'POST_EXPOSURE', requestedOn: date, earliestDate: date, dueDate: deadline, deadline, rule: 'R-POST-1' });
}

/** Folds an event that `refuseFollowUpEvent` accepts into a new ledger. */
export function applyFollowUpEvent(ledger: FollowUpLedger, event: FollowUpEvent, config: ProtocolConfig): FollowUpLedger {
  switch (event.type) {
    case 'POST_CHANGED': {
      const post: PostSituation = { title: event.post.title, risks: [...event.post.risks], nightWork: event.post.nightWork, assignedOn: event.date };
      return withCategory({ ...ledger, situation: { ...ledger.situation, post } }, event.date, config);
    }
    case 'SITUATION_CHANGED': {
      const current = ledger.situation;
      const situation: EmployeeSituation = {
        ...current,
        apprentice: event.apprentice ?? current.apprentice,
        disabled: event.disabled ?? current.disabled,
        invalidityPension: event.invalidityPension ?? current.invalidityPension,
        pregnant: event.pregnant ?? current.pregnant,
      };
      return withCategory({ ...ledger, situation }, event.date, config);
    }
    case 'STOPPAGE_DECLARED': {
      const { stoppageId, cause, startDate, returnDate } = event;
      return { ...ledger, stoppages: [...ledger.stoppages, { stoppageId, cause, startDate, returnDate, therapeuticPartTime: false }] };
    }
    case 'STOPPAGE_EXTENDED':
      return updateStoppage(ledger, event.stoppageId, (stoppage) => ({ ...stoppage, returnDate: event.returnDate }));
    case 'RETURN':
      return updateStoppage(ledger, event.stoppageId, (stoppage) => ({
        ...stoppage,
        returnDate: event.returnDate,
        therapeuticPartTime: event.therapeuticPartTime,
      }));
    case 'FULL_TIME_RETURN':
      return updateStoppage(ledger, event.stoppageId, (stoppage) => ({ ...stoppage, fullTimeReturnDate: event.date }));
    case 'PRE_REPRISE_REQUESTED': {
      const deadline = duringStoppage(ledger, event.stoppageId, plusDays(event.date, config.preReprise.deadlineDays));
      return addRequest(ledger, {
        key: planKey('PRE_REPRISE', event.stoppageId, event.date),
        type: 'PRE_REPRISE',
        requestedOn: event.date,
        earliestDate: event.date,
        dueDate: deadline,
        deadline,
        rule: 'R-PRE-1',
        stoppageId: event.stoppageId,
      });
    }
    case 'LIAISON_REQUESTED': {
      const deadline = duringStoppage(ledger, event.stoppageId, plusDays(event.acceptedOn, config.liaison.offerWithinDaysOfAcceptance));
      return addRequest(ledger, {
        key: planKey('LIAISON', event.stoppageId, event.acceptedOn),
        type: 'LIAISON',
        requestedOn: event.date,
        earliestDate: event.acceptedOn,
        dueDate: deadline,
        deadline,
        rule: 'R-LIAISON-1',
        stoppageId: event.stoppageId,
      });
    }
    case 'VISIT_REQUESTED': {
      const deadline = plusDays(event.date, config.onRequest.deadlineDays);
      // One request per requester and day: the same request sent twice opens one visit.
      const key = planKey('ON_REQUEST', event.date, event.requestedBy);
      return addRequest(ledger, {
        key,
        type: 'ON_REQUEST',
        requestedOn: event.date,
        earliestDate: event.date,
        dueDate: deadline,
        deadline,
        rule: 'R-DEMANDE-1',
      });
    }
    case 'EXPOSURE_ENDED':
      return requestPostExposure(ledger, event.date, plusDays(event.date, config.postExposure.deadlineDays));
    case 'RETIREMENT_ANNOUNCED': {
      // R-POST-1: before retirement, so the retirement day caps the target, but never before the announcement.
      const target = earlier(plusDays(event.date, config.postExposure.deadlineDays), event.retirementDate);
      return requestPostExposure(ledger, event.date, later(event.date, target));
    }
    case 'DEPARTURE':
      return { ...ledger, departedOn: event.date };
  }
}

// ---------------------------------------------------------------------------------------------------
// Visits opened and closed

export function recordVisitOpened(ledger: FollowUpLedger, key: string): FollowUpLedger {
  return ledger.open.includes(key) ? ledger : { ...ledger, open: [...ledger.open, key] };
}

/**
 * `closed` holds completed visits only, so a key in it is a fulfilled obligation. A cancellation
 * withdraws a request (pre-return, liaison, on-request, post-exposure: asked for once, asked again if
 * still wanted), while an obligation the rules derive (initial, periodic, return-to-work) stays out of
 * `closed` and is planned again under the same key: cancelling an appointment never cancels the
 * employer's duty.
 */
export function recordVisitClosed(ledger: FollowUpLedger, closed: ClosedVisit): FollowUpLedger {
  const open = ledger.open.filter((key) => key !== closed.key);
  if (closed.status === 'CANCELLED') return { ...ledger, open, requested: ledger.requested.filter((request) => request.key !== closed.key) };
  if (isClosed(ledger, closed.key)) return { ...ledger, open };
  return { ...ledger, open, closed: [...ledger.closed, closed] };
}

function isClosed(ledger: FollowUpLedger, key: string): boolean {
  return ledger.closed.some((visit) => visit.key === key);
}

// ---------------------------------------------------------------------------------------------------
// Due visits

/** The visit that happened last; on the same day, the one recorded last. */
function latestOf(visits: readonly ClosedVisit[]): ClosedVisit | undefined {
  return visits.reduce<ClosedVisit | undefined>((latest, visit) => (latest === undefined || visit.date >= latest.date ? visit : latest), undefined);
}

/** A visit that opens `leadDays` before it is due, so coordinators can book it. */
function periodicVisit(key: string, type: VisitType, dueDate: CivilDate, rule: string, config: ProtocolConfig): DueVisit {
  const opensOn = plusDays(dueDate, -config.planning.leadDays);
  return { key, type, opensOn, earliestDate: opensOn, dueDate, deadline: dueDate, performer: performerFor(type), rule };
}

/** R-VIP-5: the longest interval before the next VIP for this worker on `asOf` (the stricter cap applies). */
function renewalCapYears(situation: EmployeeSituation, asOf: CivilDate, config: ProtocolConfig): number {
  const caps = config.vip.maxRenewalYears;
  const { post } = situation;
  const adapted = adaptedSituation({ ...situation, risks: post.risks, nightWork: post.nightWork }, config.category);
  const underAge = isUnderAge(situation.birthDate, asOf, config.category.adultAge);
  return Math.min(caps.SIS, adapted ? caps.SIA : Infinity, underAge ? caps.UNDER_AGE : Infinity);
}

/** R-SIR-2/3: years to the next SIR visit after an aptitude exam. */
function sirIntervals(post: PostSituation, config: ProtocolConfig): { intermediate: number; renewal: number } {
  const yearly = post.risks.some((risk) => config.sir.yearlyRenewalRisks.includes(risk));
  return { intermediate: config.sir.intermediateAfterYears, renewal: yearly ? 1 : config.sir.renewalAfterYears };
}

/**
 * How many years ahead a professional may set the next visit at a visit on `visitDate`: R-VIP-5's cap
 * for the worker's category and age that day; under SIR, the next visit of the R-SIR-2/3 cycle.
 */
export function nextVisitCapYears(ledger: FollowUpLedger, visitDate: CivilDate, config: ProtocolConfig): number {
  const { post } = ledger.situation;
  if (onSirPost(post, config)) {
    const { intermediate, renewal } = sirIntervals(post, config);
    return Math.min(intermediate, renewal);
  }
  return renewalCapYears(ledger.situation, visitDate, config);
}

/** The latest next-due date a professional may state at a visit on `visitDate`. */
export function maxNextVisitDueDate(ledger: FollowUpLedger, visitDate: CivilDate, config: ProtocolConfig): CivilDate {
  return plusYears(visitDate, nextVisitCapYears(ledger, visitDate, config));
}

/** R-VIP-4: the previous follow-up when it exempts this hire from the initial VIP. */
function exemptingFollowUp(situation: EmployeeSituation, config: ProtocolConfig): PreviousFollowUp | undefined {
  const previous = situation.previousFollowUp;
  if (!previous) return undefined;
  const { hireDate } = situation;
  const recent = previous.lastVipDate <= hireDate && previous.lastVipDate >= plusYears(hireDate, -config.vip.exemptionLookbackYears);
  const exempts = recent && previous.sameJobEquivalentExposure && previous.attestationHeld && !previous.measuresOrInaptitudeInLookback;
  return exempts ? previous : undefined;
}

function initialVip(situation: EmployeeSituation, config: ProtocolConfig, today: CivilDate): DueVisit {
  const { hireDate, post, birthDate } = situation;
  const key = planKey('VIP_INITIAL', hireDate);
  const underAgeAtHire = isUnderAge(birthDate, hireDate, config.category.adultAge);
  const personal = situation.disabled || situation.invalidityPension || situation.pregnant;
  // R-VIP-3 and EMF (R-VIP-2): the doctor, not a nurse.
  const performer: Performer = personal || post.risks.includes('EMF_ABOVE_LIMITS') ? 'DOCTOR' : performerFor('VIP_INITIAL');
  // R-VIP-2: before assignment for under-18s (the first assignment, at hire) and for the R-CAT-2 risk
  // posts (biological group 2, EMF) and night work (the current post).
  const [beforeAssignment] = [
    ...(underAgeAtHire ? [hireDate] : []),
    ...(post.nightWork || post.risks.some((risk) => config.category.siaRisks.includes(risk)) ? [post.assignedOn] : []),
  ].sort();
  // R-VIP-1: adult apprentices have 2 months instead of 3.
  const months = situation.apprentice && !underAgeAtHire ? config.vip.apprenticeInitialDeadlineMonths : config.vip.initialDeadlineMonths;
  const afterHire = plusMonths(hireDate, months);
  if (beforeAssignment !== undefined && beforeAssignment <= afterHire) {
    // Due as soon as known: a hire declared ahead opens it today, one declared late is already due.
    const earliestDate = earlier(today, beforeAssignment);
    return {
      key,
      type: 'VIP_INITIAL',
      opensOn: earliestDate,
      earliestDate,
      dueDate: beforeAssignment,
      deadline: beforeAssignment,
      performer,
      rule: 'R-VIP-2',
    };
  }
  const rule = personal ? 'R-VIP-3' : 'R-VIP-1';
  return { key, type: 'VIP_INITIAL', opensOn: hireDate, earliestDate: hireDate, dueDate: afterHire, deadline: afterHire, performer, rule };
}

/** Visits whose attestation restarts the VIP interval (R-VIP-5, R-VIP-6). */
function restartsVipInterval(visit: ClosedVisit): boolean {
  switch (visit.type) {
    case 'VIP_INITIAL':
    case 'VIP_RENEWAL':
    case 'MID_CAREER':
    // A former SIR worker's VIP follows on from the last SIR visit.
    case 'SIR_EXAM':
    case 'SIR_INTERMEDIATE':
    case 'SIR_RENEWAL':
      return true;
    case 'REPRISE':
    case 'ON_REQUEST':
      return visit.nextVisitDueDate !== undefined;
    default:
      return false;
  }
}

/** R-VIP-1..5: the initial VIP until it is done (or exempted), then one renewal at a time. */
function vipVisits(ledger: FollowUpLedger, config: ProtocolConfig, today: CivilDate): DueVisit[] {
  const { situation } = ledger;
  // The SIR aptitude exam replaces the initial VIP for a worker who left a SIR post.
  const initialDone = ledger.closed.some((visit) => visit.type === 'VIP_INITIAL' || visit.type === 'SIR_EXAM');
  const exemption = exemptingFollowUp(situation, config);
  if (!initialDone && !exemption) return [initialVip(situation, config, today)];
  const restarts = ledger.closed.filter(restartsVipInterval);
  const latest = latestOf(restarts);
  // Keyed by the number of visits so far, so each renewal is a new obligation even on a day already used.
  const key = planKey('VIP_RENEWAL', restarts.length);
  if (latest) {
    // The professional's date, within the R-VIP-5 cap of the worker's situation on the visit day.
    const cap = plusYears(latest.date, renewalCapYears(situation, latest.date, config));
    return [periodicVisit(key, 'VIP_RENEWAL', earlier(latest.nextVisitDueDate ?? cap, cap), 'R-VIP-5', config)];
  }
  if (!exemption) return [];
  const dueDate = exemption.nextDueDate ?? plusYears(exemption.lastVipDate, renewalCapYears(situation, exemption.lastVipDate, config));
  return [periodicVisit(key, 'VIP_RENEWAL', dueDate, 'R-VIP-4', config)];
}

/**
 * R-SIR-1..3: the aptitude exam before each assignment to a SIR post, then from the latest exam or
 * renewal an intermediate visit (any professional) and the next renewal (the doctor).
 */
function sirVisits(ledger: FollowUpLedger, config: ProtocolConfig, today: CivilDate): DueVisit[] {
  const { post } = ledger.situation;
  const examKey = planKey('SIR_EXAM', post.assignedOn);
  const exams = ledger.closed.filter((visit) => visit.type === 'SIR_EXAM' || visit.type === 'SIR_RENEWAL');
  const latest = latestOf(exams);
  if (!latest || !isClosed(ledger, examKey)) {
    const earliestDate = earlier(today, post.assignedOn);
    return [
      {
        key: examKey,
        type: 'SIR_EXAM',
        opensOn: earliestDate,
        earliestDate,
        dueDate: post.assignedOn,
        deadline: post.assignedOn,
        performer: performerFor('SIR_EXAM'),
        rule: 'R-SIR-1',
      },
    ];
  }
  const intervals = sirIntervals(post, config);
  const renewal = periodicVisit(planKey('SIR_RENEWAL', exams.length), 'SIR_RENEWAL', plusYears(latest.date, intervals.renewal), 'R-SIR-3', config);
  const intermediateDue = plusYears(latest.date, intervals.intermediate);
  // A yearly renewal (R-SIR-3) comes before any intermediate visit would.
  if (intermediateDue >= renewal.dueDate) return [renewal];
  return [periodicVisit(planKey('SIR_INTERMEDIATE', exams.length), 'SIR_INTERMEDIATE', intermediateDue, 'R-SIR-2', config), renewal];
}

/** R-MID-1: the calendar year of the 45th birthday, anticipated from the 43rd. */
function midCareerWindow(
  birthDate: CivilDate,
  config: ProtocolConfig,
): { year: string; earliestDate: CivilDate; dueDate: CivilDate; deadline: CivilDate } {
  const year = plusYears(birthDate, config.midCareer.age).slice(0, 4);
  return { year, earliestDate: plusYears(birthDate, config.midCareer.earliestAge), dueDate: `${year}-01-01`, deadline: `${year}-12-31` };
}

function midCareerDone(ledger: FollowUpLedger): boolean {
  return ledger.closed.some((visit) => visit.type === 'MID_CAREER' || visit.coupledMidCareer === true);
}

/** R-MID-1: whether a visit on `visitDate` may also count as the mid-career visit (one attestation states both). */
export function midCareerCouplingAllowed(ledger: FollowUpLedger, visitDate: CivilDate, config: ProtocolConfig): boolean {
  const window = midCareerWindow(ledger.situation.birthDate, config);
  return !midCareerDone(ledger) && window.earliestDate <= visitDate && visitDate <= window.deadline;
}

function midCareerVisits(ledger: FollowUpLedger, config: ProtocolConfig): DueVisit[] {
  const window = midCareerWindow(ledger.situation.birthDate, config);
  // Done already, or the window closed before this employment began (a past employer's obligation).
  if (midCareerDone(ledger) || window.deadline < ledger.situation.hireDate) return [];
  const { year, ...dates } = window;
  return [
    {
      key: planKey('MID_CAREER', year),
      type: 'MID_CAREER',
      ...dates,
      opensOn: later(dates.earliestDate, plusDays(dates.dueDate, -config.planning.leadDays)),
      // R-MID-2: a nurse may do it.
      performer: performerFor('MID_CAREER'),
      rule: 'R-MID-1',
    },
  ];
}

/** R-REPRISE-1/2/4: open from the first day off, so the visit can be booked for the return day. */
function repriseVisits(ledger: FollowUpLedger, config: ProtocolConfig): DueVisit[] {
  return ledger.stoppages.flatMap((stoppage) => {
    const { stoppageId, cause, startDate, returnDate, fullTimeReturnDate } = stoppage;
    if (returnDate === undefined) return [];
    const absence: Stoppage = { cause, startDate, returnDate };
    if (!repriseVisitRequired(absence, config.reprise)) return [];
    const visit = (key: string, opensOn: CivilDate, back: CivilDate, rule: string): DueVisit => {
      const window = repriseVisitWindow({ ...absence, returnDate: back }, config.reprise);
      return { key, type: 'REPRISE', opensOn, earliestDate: window.dueDate, ...window, performer: performerFor('REPRISE'), rule, stoppageId };
    };
    const first = visit(planKey('REPRISE', stoppageId), startDate, returnDate, 'R-REPRISE-1');
    // R-REPRISE-4: the therapeutic part-time was the first return; full time is a second one.
    if (!stoppage.therapeuticPartTime || fullTimeReturnDate === undefined) return [first];
    return [first, visit(planKey('REPRISE', stoppageId, 'FULL_TIME'), returnDate, fullTimeReturnDate, 'R-REPRISE-4')];
  });
}

function requestedVisit(request: RequestedVisit): DueVisit {
  const { key, type, earliestDate, dueDate, deadline, rule, stoppageId } = request;
  return { key, type, opensOn: earliestDate, earliestDate, dueDate, deadline, performer: performerFor(type), rule, stoppageId };
}

const periodicTypes: readonly VisitType[] = ['VIP_INITIAL', 'VIP_RENEWAL', 'SIR_EXAM', 'SIR_INTERMEDIATE', 'SIR_RENEWAL', 'MID_CAREER'];

/** Done, or being done; a periodic visit also waits while an earlier one of its type is open. */
function alreadyHandled(ledger: FollowUpLedger, visit: DueVisit): boolean {
  if (isClosed(ledger, visit.key) || ledger.open.includes(visit.key)) return true;
  return periodicTypes.includes(visit.type) && ledger.open.some((key) => key.startsWith(`${visit.type}:`));
}

/**
 * Invariants every visit keeps under any published configuration (an earliest mid-career age above
 * the mid-career age, say): earliestDate ≤ dueDate ≤ deadline; and the doctor when no conclusion of
 * the visit is open to a nurse (a SIR worker's return ends with an avis, R-REPRISE-3).
 */
function consistent(visit: DueVisit, category: FollowUpCategory): DueVisit {
  const earliestDate = earlier(visit.earliestDate, visit.deadline);
  const doctorOnly = allowedOutcomes(visit.type, category).every(outcomeRequiresDoctor);
  return {
    ...visit,
    earliestDate,
    dueDate: later(earliestDate, earlier(visit.dueDate, visit.deadline)),
    performer: doctorOnly ? 'DOCTOR' : visit.performer,
  };
}

/** Every visit that must exist now or later and is neither open nor done, by opening day. */
export function dueVisits(ledger: FollowUpLedger, config: ProtocolConfig, today: CivilDate): DueVisit[] {
  // The departure ends the follow-up: its open visits are closed and nothing more is planned.
  if (ledger.departedOn !== undefined) return [];
  const { situation } = ledger;
  const category = categoryOf(situation, today, config);
  const periodic = onSirPost(situation.post, config) ? sirVisits(ledger, config, today) : vipVisits(ledger, config, today);
  return [
    // R-MULTI-1: the main employer organises the periodic follow-up; event-driven visits stay here.
    ...(situation.followedByMainEmployer ? [] : [...periodic, ...midCareerVisits(ledger, config)]),
    ...repriseVisits(ledger, config),
    ...ledger.requested.map(requestedVisit),
  ]
    .filter((visit) => !alreadyHandled(ledger, visit))
    .map((visit) => consistent(visit, category))
    .sort((a, b) => compareCivil(a.opensOn, b.opensOn) || compareText(a.key, b.key));
}

// ---------------------------------------------------------------------------------------------------
// Several employers, no-shows

export interface Employment {
  employmentId: string;
  hireDate: CivilDate;
  postTitle: string;
  /** Risk codes as stored; only compared. */
  risks: readonly string[];
}

/** Same post: same title (ignoring case and spacing) and the same set of risks. */
function samePostKey(employment: Employment): string {
  const title = employment.postTitle.trim().replace(/\s+/g, ' ').toLowerCase();
  return JSON.stringify([title, [...new Set(employment.risks)].sort()]);
}

/**
 * R-MULTI-1: for each employment, the employment that organises its follow-up: the oldest hire on the
 * same post (ties by id, to be deterministic), or itself when its post differs from the others'.
 */
export function organisingEmployment(employments: readonly Employment[]): Map<string, string> {
  const oldestFirst = [...employments].sort((a, b) => compareCivil(a.hireDate, b.hireDate) || compareText(a.employmentId, b.employmentId));
  const organiserByPost = new Map<string, string>();
  const organisers = new Map<string, string>();
  for (const employment of oldestFirst) {
    const post = samePostKey(employment);
    const organiser = organiserByPost.get(post) ?? employment.employmentId;
    organiserByPost.set(post, organiser);
    organisers.set(employment.employmentId, organiser);
  }
  return organisers;
}

/**
 * Open visits whose window an event changed (a stoppage extended, a post change bringing a deadline
 * forward) or that are no longer due: they are superseded, and the obligation, if it stands, reopens
 * with the new dates.
 */
export function supersededOpenVisits(before: FollowUpLedger, after: FollowUpLedger, config: ProtocolConfig, today: CivilDate): string[] {
  const windows = (ledger: FollowUpLedger) =>
    new Map(dueVisits({ ...ledger, open: [] }, config, today).map((visit) => [visit.key, `${visit.earliestDate}/${visit.dueDate}/${visit.deadline}`]));
  const previous = windows(before);
  const current = windows(after);
  return after.open.filter((key) => previous.has(key) && current.get(key) !== previous.get(key));
}
