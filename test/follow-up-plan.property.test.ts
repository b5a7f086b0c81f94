// Invariants of the follow-up plan over generated employees and histories: whatever happens, the plan
// never asks for a visit with an impossible window, twice, after the departure, or from the wrong person.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCivilDate, plusDays, type CivilDate } from '../workflows/rules/calendar.js';
import {
  applyFollowUpEvent,
  dueVisits,
  recordVisitClosed,
  recordVisitOpened,
  refuseFollowUpEvent,
  startFollowUp,
} from '../workflows/rules/follow-up-plan.js';
import type {
  DueVisit,
  EmployeeSituation,
  FollowUpEvent,
  FollowUpLedger,
  PreRepriseRequester,
  VisitRequester,
} from '../workflows/rules/follow-up-types.js';
import {
  defaultProtocolConfig,
  protocolConfigSchema,
  riskCodes,
  stoppageCauses,
  type ProtocolConfig,
  type RiskCode,
} from '../workflows/rules/protocol-config.js';
import { allowedOutcomes, outcomeRequiresDoctor, type VisitType } from '../workflows/rules/visit-types.js';

const RUNS = 200;

const day = (from: CivilDate, min: number, max: number) => fc.integer({ min, max }).map((offset) => plusDays(from, offset));
const rarely = fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 });
// Mostly no risk: 13 of the 15 codes make the post SIR.
const risks: fc.Arbitrary<RiskCode[]> = fc.oneof(
  { arbitrary: fc.constant<RiskCode[]>([]), weight: 2 },
  { arbitrary: fc.subarray([...riskCodes], { maxLength: 2 }), weight: 1 },
);

/** The shipped protocol, or one an administrator could publish (the schema's ranges, odd combinations included). */
const configArbitrary: fc.Arbitrary<ProtocolConfig> = fc.oneof(
  fc.constant(defaultProtocolConfig),
  fc
    .record({
      leadDays: fc.integer({ min: 0, max: 800 }),
      age: fc.integer({ min: 40, max: 50 }),
      earliestAge: fc.integer({ min: 40, max: 50 }),
      intermediateAfterYears: fc.integer({ min: 1, max: 5 }),
      renewalAfterYears: fc.integer({ min: 1, max: 5 }),
      requestDays: fc.integer({ min: 0, max: 60 }),
      renewalYears: fc.integer({ min: 1, max: 5 }),
    })
    .map(({ leadDays, age, earliestAge, intermediateAfterYears, renewalAfterYears, requestDays, renewalYears }) =>
      protocolConfigSchema.parse({
        ...defaultProtocolConfig,
        planning: { leadDays },
        midCareer: { age, earliestAge },
        sir: { ...defaultProtocolConfig.sir, intermediateAfterYears, renewalAfterYears },
        preReprise: { ...defaultProtocolConfig.preReprise, deadlineDays: requestDays },
        liaison: { offerWithinDaysOfAcceptance: requestDays },
        onRequest: { deadlineDays: requestDays },
        postExposure: { deadlineDays: requestDays },
        vip: { ...defaultProtocolConfig.vip, maxRenewalYears: { SIS: renewalYears, SIA: renewalYears, UNDER_AGE: renewalYears } },
      }),
    ),
);

const situationArbitrary: fc.Arbitrary<EmployeeSituation> = day('2000-01-01', 0, 365 * 30).chain((hireDate) =>
  fc.record({
    birthDate: day(hireDate, -65 * 365, -14 * 366),
    hireDate: fc.constant(hireDate),
    post: fc.record({
      title: fc.constantFrom('Comptable', 'Cariste', 'Infirmier de nuit'),
      risks,
      nightWork: rarely,
      assignedOn: fc.constant(hireDate),
    }),
    apprentice: rarely,
    disabled: rarely,
    invalidityPension: rarely,
    pregnant: rarely,
    previousFollowUp: fc.option(
      fc.record({
        lastVipDate: day(hireDate, -8 * 365, 0),
        sameJobEquivalentExposure: fc.boolean(),
        attestationHeld: fc.boolean(),
        measuresOrInaptitudeInLookback: rarely,
        nextDueDate: fc.option(day(hireDate, -400, 5 * 365), { nil: undefined }),
      }),
      { nil: undefined },
    ),
    followedByMainEmployer: rarely,
  }),
);

/** Events recorded from `today` on, in order; a stoppage's events name it. */
type EventsAt = (today: CivilDate, ledger: FollowUpLedger) => FollowUpEvent[];

const situationEvent: fc.Arbitrary<EventsAt> = fc.oneof(
  fc.record({ title: fc.constantFrom('Soudeur', 'Magasinier'), risks, nightWork: rarely }).map(
    (post): EventsAt =>
      (date) =>
        [{ type: 'POST_CHANGED', date, post }],
  ),
  fc
    .record({
      apprentice: fc.option(fc.boolean(), { nil: undefined }),
      disabled: fc.option(fc.boolean(), { nil: undefined }),
      pregnant: fc.option(fc.boolean(), { nil: undefined }),
    })
    .map(
      (changes): EventsAt =>
        (date) =>
          [{ type: 'SITUATION_CHANGED', date, ...changes }],
    ),
  fc.constantFrom<VisitRequester>('EMPLOYEE', 'EMPLOYER', 'DOCTOR').map(
    (requestedBy): EventsAt =>
      (date) =>
        [{ type: 'VISIT_REQUESTED', date, requestedBy, reason: 'Demande' }],
  ),
  fc.constant((date: CivilDate): FollowUpEvent[] => [{ type: 'EXPOSURE_ENDED', date }]),
  fc.integer({ min: -30, max: 400 }).map(
    (inDays): EventsAt =>
      (date) =>
        [{ type: 'RETIREMENT_ANNOUNCED', date, retirementDate: plusDays(date, inDays) }],
  ),
);

/** What may follow a declaration, `after` days after the previous event. */
type StoppageEventAt = (date: CivilDate, stoppageId: string) => FollowUpEvent;

const stoppageFollowUp: fc.Arbitrary<StoppageEventAt> = fc.oneof(
  fc.integer({ min: -5, max: 120 }).map(
    (inDays): StoppageEventAt =>
      (date, stoppageId) => ({ type: 'STOPPAGE_EXTENDED', date, stoppageId, returnDate: plusDays(date, inDays) }),
  ),
  fc.record({ inDays: fc.integer({ min: -10, max: 20 }), therapeuticPartTime: fc.boolean() }).map(
    ({ inDays, therapeuticPartTime }): StoppageEventAt =>
      (date, stoppageId) => ({ type: 'RETURN', date, stoppageId, returnDate: plusDays(date, inDays), therapeuticPartTime }),
  ),
  fc.constant((date: CivilDate, stoppageId: string): FollowUpEvent => ({ type: 'FULL_TIME_RETURN', date, stoppageId })),
  fc.constantFrom<PreRepriseRequester>('EMPLOYEE', 'TREATING_DOCTOR', 'MEDICAL_ADVISER', 'OCCUPATIONAL_DOCTOR').map(
    (requestedBy): StoppageEventAt =>
      (date, stoppageId) => ({ type: 'PRE_REPRISE_REQUESTED', date, stoppageId, requestedBy }),
  ),
  fc.integer({ min: 0, max: 10 }).map(
    (acceptedAgo): StoppageEventAt =>
      (date, stoppageId) => ({ type: 'LIAISON_REQUESTED', date, stoppageId, acceptedOn: plusDays(date, -acceptedAgo) }),
  ),
);

/** A stoppage's story: usually a new one declared then followed, sometimes more news of an earlier (or unknown) one. */
const stoppageStory: fc.Arbitrary<EventsAt> = fc
  .record({
    declared: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }),
    pick: fc.nat(),
    cause: fc.constantFrom(...stoppageCauses),
    startsAgo: fc.integer({ min: 0, max: 90 }),
    length: fc.option(fc.integer({ min: -2, max: 200 }), { nil: undefined }),
    next: fc.array(fc.record({ after: fc.integer({ min: 0, max: 45 }), event: stoppageFollowUp }), { maxLength: 4 }),
  })
  .map(
    ({ declared, pick, cause, startsAgo, length, next }): EventsAt =>
      (today, ledger) => {
        const stoppageId = declared ? `s${ledger.stoppages.length + 1}` : ledger.stoppages[pick % ledger.stoppages.length]?.stoppageId ?? 'unknown';
        const startDate = plusDays(today, -startsAgo);
        const declaration: FollowUpEvent[] = declared
          ? [
              {
                type: 'STOPPAGE_DECLARED',
                date: today,
                stoppageId,
                cause,
                startDate,
                returnDate: length === undefined ? undefined : plusDays(startDate, length),
              },
            ]
          : [];
        let date = today;
        return [
          ...declaration,
          ...next.map(({ after, event }) => {
            date = plusDays(date, after);
            return event(date, stoppageId);
          }),
        ];
      },
  );

// The departure ends the history: rare, so most histories get to live a while.
const eventsArbitrary: fc.Arbitrary<EventsAt> = fc.oneof(
  { arbitrary: situationEvent, weight: 10 },
  { arbitrary: stoppageStory, weight: 10 },
  { arbitrary: fc.constant((date: CivilDate): FollowUpEvent[] => [{ type: 'DEPARTURE', date }]), weight: 1 },
);

type Step =
  | { kind: 'events'; advance: number; events: EventsAt }
  | { kind: 'open'; advance: number; pick: number }
  | {
      kind: 'close';
      advance: number;
      pick: number;
      completed: boolean;
      performedBy: 'DOCTOR' | 'NURSE';
      outcome: number;
      nextInDays?: number;
      coupledMidCareer: boolean;
    };

const advance = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 20 }), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: 3 * 365 }), weight: 1 });

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('events' as const), advance, events: eventsArbitrary }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('open' as const), advance, pick: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('close' as const),
      advance,
      pick: fc.nat(),
      completed: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }),
      performedBy: fc.constantFrom('DOCTOR' as const, 'NURSE' as const),
      outcome: fc.nat(),
      // Professionals' dates, including ones a form would refuse: the plan must stay consistent anyway.
      nextInDays: fc.option(fc.integer({ min: -100, max: 6 * 365 }), { nil: undefined }),
      coupledMidCareer: rarely,
    }),
    weight: 3,
  },
);

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const nested of Object.values(value)) deepFreeze(nested);
  }
  return value;
}

interface History {
  config: ProtocolConfig;
  ledger: FollowUpLedger;
  today: CivilDate;
  /** Plans seen along the way, with the ledger and the day they were computed for. */
  plans: { ledger: FollowUpLedger; today: CivilDate; plan: DueVisit[] }[];
}

/** Plays the steps as the follow-up workflow would: refused events are skipped, each change starts from a frozen ledger. */
function play(config: ProtocolConfig, situation: EmployeeSituation, steps: Step[]): History {
  let today = plusDays(situation.hireDate, -10);
  let ledger = deepFreeze(startFollowUp('employee', situation, config, today));
  const openTypes = new Map<string, VisitType>();
  const plans: History['plans'] = [];
  const observe = () => {
    for (const day of [today, plusDays(today, 400)]) plans.push({ ledger, today: day, plan: dueVisits(ledger, config, day) });
  };
  for (const step of steps) {
    today = plusDays(today, step.advance);
    const plan = dueVisits(ledger, config, today);
    if (step.kind === 'events') {
      for (const event of step.events(today, ledger)) {
        if (refuseFollowUpEvent(ledger, event, config) === undefined) ledger = deepFreeze(applyFollowUpEvent(ledger, event, config));
      }
    } else if (step.kind === 'open') {
      const visit = plan[step.pick % Math.max(plan.length, 1)];
      if (visit) {
        openTypes.set(visit.key, visit.type);
        ledger = deepFreeze(recordVisitOpened(ledger, visit.key));
      }
    } else {
      const candidates = [...[...openTypes].filter(([key]) => ledger.open.includes(key)).map(([key, type]) => ({ key, type })), ...plan];
      const visit = candidates[step.pick % Math.max(candidates.length, 1)];
      if (visit) {
        const outcomes = allowedOutcomes(visit.type, ledger.category);
        ledger = deepFreeze(
          recordVisitClosed(ledger, {
            key: visit.key,
            type: visit.type,
            status: step.completed ? 'COMPLETED' : 'CANCELLED',
            date: today,
            outcome: step.completed ? outcomes[step.outcome % outcomes.length] : undefined,
            nextVisitDueDate: step.nextInDays === undefined ? undefined : plusDays(today, step.nextInDays),
            performedBy: step.performedBy,
            coupledMidCareer: step.coupledMidCareer,
          }),
        );
      }
    }
    observe();
  }
  return { config, ledger, today, plans };
}

const historyArbitrary = fc
  .tuple(configArbitrary, situationArbitrary, fc.array(stepArbitrary, { maxLength: 30 }))
  .map(([config, situation, steps]) => play(config, situation, steps));

const property = (check: (history: History) => void) => fc.assert(fc.property(historyArbitrary, check), { numRuns: RUNS });

describe('follow-up plan invariants', () => {
  it('no planned visit has its deadline before its earliest date (nor its due date outside the window)', () => {
    property(({ plans }) => {
      for (const { plan } of plans) {
        for (const visit of plan) {
          for (const date of [visit.opensOn, visit.earliestDate, visit.dueDate, visit.deadline]) expect(isCivilDate(date)).toBe(true);
          expect(visit.earliestDate <= visit.dueDate && visit.dueDate <= visit.deadline, JSON.stringify(visit)).toBe(true);
        }
      }
    });
  });

  it('never the same key twice, never a visit already open or done, always by opening day', () => {
    property(({ plans }) => {
      for (const { ledger, plan } of plans) {
        const keys = plan.map((visit) => visit.key);
        expect(new Set(keys).size).toBe(keys.length);
        for (const key of keys) {
          expect(ledger.open).not.toContain(key);
          expect(ledger.closed.map((visit) => visit.key)).not.toContain(key);
        }
        expect(plan.map((visit) => visit.opensOn)).toEqual(plan.map((visit) => visit.opensOn).sort());
      }
    });
  });

  it('nothing is planned once the employee has left', () => {
    property(({ plans }) => {
      for (const { ledger, plan } of plans) if (ledger.departedOn !== undefined) expect(plan).toEqual([]);
    });
  });

  it('an avis visit is never delegable to a nurse, nor any visit whose every conclusion is the doctor’s', () => {
    property(({ plans }) => {
      for (const { ledger, plan } of plans) {
        for (const visit of plan) {
          if (visit.type === 'SIR_EXAM' || visit.type === 'SIR_RENEWAL' || visit.type === 'POST_EXPOSURE') expect(visit.performer).toBe('DOCTOR');
          if (allowedOutcomes(visit.type, ledger.category).every(outcomeRequiresDoctor)) expect(visit.performer).toBe('DOCTOR');
        }
      }
    });
  });

  it('applying an event leaves the ledger it was given untouched', () => {
    fc.assert(
      fc.property(historyArbitrary, eventsArbitrary, fc.integer({ min: 0, max: 400 }), ({ config, ledger: start, today }, eventsAt, later) => {
        let ledger = start;
        for (const event of eventsAt(plusDays(today, later), start)) {
          if (refuseFollowUpEvent(ledger, event, config) !== undefined) continue;
          const before = structuredClone(ledger);
          // Deeply frozen: a mutation would throw here.
          const next = applyFollowUpEvent(deepFreeze(ledger), event, config);
          expect(ledger).toEqual(before);
          ledger = next;
        }
      }),
      { numRuns: RUNS },
    );
  });
});
