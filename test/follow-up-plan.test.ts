// The follow-up plan, rule by rule: what an employee's situation and history make due, and when.
import { describe, expect, it } from 'vitest';
import { plusDays, type CivilDate } from '../workflows/rules/calendar.js';
import { absenceIsBillable } from '../workflows/visit/guards.js';
import {
  applyFollowUpEvent,
  dueVisits,
  maxNextVisitDueDate,
  midCareerCouplingAllowed,
  onRequestRequester,
  organisingEmployment,
  recordVisitClosed,
  recordVisitOpened,
  refuseFollowUpEvent,
  startFollowUp,
} from '../workflows/rules/follow-up-plan.js';
import type {
  ClosedVisit,
  DueVisit,
  EmployeeSituation,
  FollowUpEvent,
  FollowUpLedger,
  PostSituation,
  PreRepriseRequester,
} from '../workflows/rules/follow-up-types.js';
import { defaultProtocolConfig as config, type RiskCode, type StoppageCause } from '../workflows/rules/protocol-config.js';
import { allowedOutcomes, outcomeRequiresDoctor, performerFor, type VisitType } from '../workflows/rules/visit-types.js';

type SituationOverrides = Partial<Omit<EmployeeSituation, 'post'>> & { post?: Partial<PostSituation> };

const HIRE = '2026-03-02';

function situation(overrides: SituationOverrides = {}): EmployeeSituation {
  const hireDate = overrides.hireDate ?? HIRE;
  return {
    birthDate: '1990-05-10',
    apprentice: false,
    disabled: false,
    invalidityPension: false,
    pregnant: false,
    followedByMainEmployer: false,
    ...overrides,
    hireDate,
    post: { title: 'Comptable', risks: [], nightWork: false, assignedOn: hireDate, ...overrides.post },
  };
}

const hire = (overrides: SituationOverrides = {}, today?: CivilDate) => startFollowUp('employee-1', situation(overrides), config, today);

/** Applies events the way the follow-up workflow does: each must be accepted first. */
function apply(ledger: FollowUpLedger, ...events: FollowUpEvent[]): FollowUpLedger {
  return events.reduce((current, event) => {
    expect(refuseFollowUpEvent(current, event, config), `${event.type} refused`).toBeUndefined();
    return applyFollowUpEvent(current, event, config);
  }, ledger);
}

const refusal = (ledger: FollowUpLedger, event: FollowUpEvent) => refuseFollowUpEvent(ledger, event, config);
const due = (ledger: FollowUpLedger, today: CivilDate = HIRE) => dueVisits(ledger, config, today);
const dueOfType = (ledger: FollowUpLedger, type: VisitType, today: CivilDate = HIRE) => due(ledger, today).filter((visit) => visit.type === type);
const only = (visits: DueVisit[]): DueVisit => {
  expect(visits).toHaveLength(1);
  return visits[0]!;
};

function complete(ledger: FollowUpLedger, visit: Pick<DueVisit, 'key' | 'type'>, date: CivilDate, extra: Partial<ClosedVisit> = {}): FollowUpLedger {
  return recordVisitClosed(recordVisitOpened(ledger, visit.key), { key: visit.key, type: visit.type, status: 'COMPLETED', date, ...extra });
}

const declare = (stoppageId: string, cause: StoppageCause, startDate: CivilDate, returnDate?: CivilDate): FollowUpEvent => ({
  type: 'STOPPAGE_DECLARED',
  date: startDate,
  stoppageId,
  cause,
  startDate,
  returnDate,
});

describe('R-CAT-1..3: the category follows the post, the age and the personal situation', () => {
  const cases: { name: string; overrides: SituationOverrides; category: 'SIS' | 'SIA' | 'SIR' }[] = [
    { name: 'R-CAT-1: no particular risk or situation → SIS', overrides: {}, category: 'SIS' },
    { name: 'R-CAT-2: disabled worker → SIA', overrides: { disabled: true }, category: 'SIA' },
    { name: 'R-CAT-2: invalidity pension → SIA', overrides: { invalidityPension: true }, category: 'SIA' },
    { name: 'R-CAT-2: pregnant, post-partum or breastfeeding → SIA', overrides: { pregnant: true }, category: 'SIA' },
    { name: 'R-CAT-2: night work → SIA', overrides: { post: { nightWork: true } }, category: 'SIA' },
    { name: 'R-CAT-2: biological agents group 2 → SIA', overrides: { post: { risks: ['BIOLOGICAL_GROUP_2'] } }, category: 'SIA' },
    { name: 'R-CAT-2: under 18 at hire → SIA', overrides: { birthDate: '2009-01-15' }, category: 'SIA' },
    { name: 'R-CAT-3: asbestos → SIR, even for a disabled worker', overrides: { disabled: true, post: { risks: ['ASBESTOS'] } }, category: 'SIR' },
  ];
  for (const { name, overrides, category } of cases) {
    it(name, () => {
      const ledger = hire(overrides);
      expect(ledger.category).toBe(category);
      expect(ledger.everSir).toBe(category === 'SIR');
    });
  }

  it('R-CAT-2: a declared pregnancy makes the follow-up adapted, and its end makes it simple again', () => {
    const pregnant = apply(hire(), { type: 'SITUATION_CHANGED', date: '2026-09-01', pregnant: true });
    expect(pregnant.category).toBe('SIA');
    expect(pregnant.situation.pregnant).toBe(true);
    expect(apply(pregnant, { type: 'SITUATION_CHANGED', date: '2027-09-01', pregnant: false }).category).toBe('SIS');
  });

  it('R-CAT-3: leaving a SIR post changes the category but the worker stays "ever SIR"', () => {
    const ledger = apply(hire({ post: { risks: ['LEAD'] } }), {
      type: 'POST_CHANGED',
      date: '2028-01-03',
      post: { title: 'Magasinier', risks: [], nightWork: false },
    });
    expect(ledger.category).toBe('SIS');
    expect(ledger.everSir).toBe(true);
    expect(ledger.situation.post).toEqual({ title: 'Magasinier', risks: [], nightWork: false, assignedOn: '2028-01-03' });
  });

  it('R-CAT-2: a minor declared only after turning 18 is categorised for today', () => {
    expect(hire({ birthDate: '2008-04-10', hireDate: '2026-03-01' }, '2026-03-01').category).toBe('SIA');
    expect(hire({ birthDate: '2008-04-10', hireDate: '2026-03-01' }, '2027-01-04').category).toBe('SIS');
  });
});

describe('R-VIP-1: initial VIP within 3 months of taking up the post', () => {
  it('R-VIP-1: any professional, from the hire day to 3 months after it', () => {
    expect(only(dueOfType(hire(), 'VIP_INITIAL'))).toEqual({
      key: 'VIP_INITIAL:2026-03-02',
      type: 'VIP_INITIAL',
      opensOn: '2026-03-02',
      earliestDate: '2026-03-02',
      dueDate: '2026-06-02',
      deadline: '2026-06-02',
      performer: 'DOCTOR_OR_NURSE',
      rule: 'R-VIP-1',
    });
  });

  const deadlines: { name: string; overrides: SituationOverrides; deadline: CivilDate }[] = [
    { name: 'R-VIP-1: hire on 31 January → deadline 30 April', overrides: { hireDate: '2026-01-31' }, deadline: '2026-04-30' },
    { name: 'R-VIP-1: hire on 29 February 2024 → deadline 29 May 2024', overrides: { hireDate: '2024-02-29' }, deadline: '2024-05-29' },
    { name: 'R-VIP-1: adult apprentice → 2 months', overrides: { apprentice: true }, deadline: '2026-05-02' },
    {
      name: 'R-VIP-1: adult apprentice hired on 31 December → end of February',
      overrides: { apprentice: true, hireDate: '2025-12-31' },
      deadline: '2026-02-28',
    },
  ];
  for (const { name, overrides, deadline } of deadlines) {
    it(name, () => expect(only(dueOfType(hire(overrides), 'VIP_INITIAL', overrides.hireDate ?? HIRE)).deadline).toBe(deadline));
  }
});

describe('R-VIP-2: initial VIP before assignment', () => {
  const cases: { name: string; overrides: SituationOverrides; performer: 'DOCTOR' | 'DOCTOR_OR_NURSE' }[] = [
    { name: 'under 18', overrides: { birthDate: '2010-07-01' }, performer: 'DOCTOR_OR_NURSE' },
    {
      name: 'under-18 apprentice (not the 2 months of adult apprentices)',
      overrides: { birthDate: '2010-07-01', apprentice: true },
      performer: 'DOCTOR_OR_NURSE',
    },
    { name: 'night worker', overrides: { post: { nightWork: true } }, performer: 'DOCTOR_OR_NURSE' },
    { name: 'biological agents group 2', overrides: { post: { risks: ['BIOLOGICAL_GROUP_2'] } }, performer: 'DOCTOR_OR_NURSE' },
    { name: 'electromagnetic fields above limits, by the doctor', overrides: { post: { risks: ['EMF_ABOVE_LIMITS'] } }, performer: 'DOCTOR' },
  ];
  for (const { name, overrides, performer } of cases) {
    it(`R-VIP-2: ${name} → due by the first day on the post, open as soon as declared`, () => {
      expect(only(dueOfType(hire(overrides), 'VIP_INITIAL', '2026-02-10'))).toMatchObject({
        opensOn: '2026-02-10',
        earliestDate: '2026-02-10',
        dueDate: HIRE,
        deadline: HIRE,
        performer,
        rule: 'R-VIP-2',
      });
    });
  }

  it('R-VIP-2: a hire declared after the first day is already due (earliest = deadline)', () => {
    expect(only(dueOfType(hire({ post: { nightWork: true } }), 'VIP_INITIAL', '2026-03-20'))).toMatchObject({
      opensOn: HIRE,
      earliestDate: HIRE,
      deadline: HIRE,
    });
  });

  it('R-VIP-2: a 17-year-old turning 18 before the 3 months still needs the VIP before assignment (SIA at hire)', () => {
    const ledger = hire({ birthDate: '2008-04-10', hireDate: '2026-03-01' }, '2026-02-20');
    expect(ledger.category).toBe('SIA');
    expect(only(dueOfType(ledger, 'VIP_INITIAL', '2026-02-20'))).toMatchObject({ deadline: '2026-03-01', rule: 'R-VIP-2' });
  });

  it('R-VIP-2: moving to night work before the initial VIP brings it forward to the new assignment', () => {
    const ledger = apply(hire(), { type: 'POST_CHANGED', date: '2026-04-01', post: { title: 'Veilleur de nuit', risks: [], nightWork: true } });
    expect(only(dueOfType(ledger, 'VIP_INITIAL', '2026-03-25'))).toMatchObject({
      key: 'VIP_INITIAL:2026-03-02',
      deadline: '2026-04-01',
      rule: 'R-VIP-2',
    });
  });
});

describe('R-VIP-3: disabled, invalidity pension, pregnant: within 3 months, by the doctor', () => {
  for (const overrides of [{ disabled: true }, { invalidityPension: true }, { pregnant: true }]) {
    it(`R-VIP-3: ${Object.keys(overrides)[0]} → 3 months, doctor`, () => {
      expect(only(dueOfType(hire(overrides), 'VIP_INITIAL'))).toMatchObject({ deadline: '2026-06-02', performer: 'DOCTOR', rule: 'R-VIP-3' });
    });
  }
});

describe('R-VIP-4: exemption from the initial VIP', () => {
  const exempting = { lastVipDate: '2023-01-10', sameJobEquivalentExposure: true, attestationHeld: true, measuresOrInaptitudeInLookback: false };

  it('R-VIP-4: all four conditions → no initial VIP; the renewal is due on the date of the last attestation', () => {
    const visits = due(hire({ previousFollowUp: { ...exempting, nextDueDate: '2027-11-30' } }));
    expect(visits.filter((visit) => visit.type === 'VIP_INITIAL')).toEqual([]);
    expect(only(visits.filter((visit) => visit.type === 'VIP_RENEWAL'))).toMatchObject({
      dueDate: '2027-11-30',
      deadline: '2027-11-30',
      rule: 'R-VIP-4',
    });
  });

  it('R-VIP-4: without a stated next date, the renewal is due at the last VIP + the longest interval', () => {
    expect(only(dueOfType(hire({ previousFollowUp: exempting }), 'VIP_RENEWAL')).dueDate).toBe('2028-01-10');
  });

  it('R-VIP-4: a VIP exactly 5 years before the hire still exempts', () => {
    expect(dueOfType(hire({ previousFollowUp: { ...exempting, lastVipDate: '2021-03-02' } }), 'VIP_INITIAL')).toEqual([]);
  });

  const notExempt: { name: string; previous: typeof exempting }[] = [
    { name: 'last VIP more than 5 years before the hire', previous: { ...exempting, lastVipDate: '2021-03-01' } },
    { name: 'a different job or exposure', previous: { ...exempting, sameJobEquivalentExposure: false } },
    { name: 'the service does not hold the last attestation', previous: { ...exempting, attestationHeld: false } },
    { name: 'measures or an inaptitude in the last 5 years', previous: { ...exempting, measuresOrInaptitudeInLookback: true } },
  ];
  for (const { name, previous } of notExempt) {
    it(`R-VIP-4: ${name} → initial VIP due`, () => {
      expect(dueOfType(hire({ previousFollowUp: previous }), 'VIP_INITIAL')).toHaveLength(1);
      expect(dueOfType(hire({ previousFollowUp: previous }), 'VIP_RENEWAL')).toEqual([]);
    });
  }
});

describe('R-VIP-5: renewal at the date set by the professional, within the maximum interval', () => {
  const afterInitial = (overrides: SituationOverrides, date: CivilDate, nextVisitDueDate?: CivilDate) => {
    const ledger = hire(overrides, date);
    return complete(ledger, only(dueOfType(ledger, 'VIP_INITIAL', date)), date, { outcome: 'ATTESTATION', nextVisitDueDate, performedBy: 'NURSE' });
  };

  it('R-VIP-5: due on the stated date, open 60 days before for booking', () => {
    const ledger = afterInitial({}, '2026-04-15', '2030-04-15');
    expect(dueOfType(ledger, 'VIP_INITIAL', '2026-04-15')).toEqual([]);
    expect(only(dueOfType(ledger, 'VIP_RENEWAL', '2026-04-15'))).toMatchObject({
      opensOn: '2030-02-14',
      earliestDate: '2030-02-14',
      dueDate: '2030-04-15',
      deadline: '2030-04-15',
      performer: 'DOCTOR_OR_NURSE',
      rule: 'R-VIP-5',
    });
  });

  const caps: { name: string; overrides: SituationOverrides; visitDate: CivilDate; stated: CivilDate; dueDate: CivilDate }[] = [
    { name: 'SIS: a date beyond 5 years is capped at 5 years', overrides: {}, visitDate: '2026-04-15', stated: '2032-04-15', dueDate: '2031-04-15' },
    {
      name: 'SIA (night work): capped at 3 years',
      overrides: { post: { nightWork: true } },
      visitDate: '2026-02-20',
      stated: '2030-02-20',
      dueDate: '2029-02-20',
    },
    {
      name: 'under 18 on the visit day: capped at 3 years',
      overrides: { birthDate: '2010-01-10' },
      visitDate: '2026-02-20',
      stated: '2031-02-20',
      dueDate: '2029-02-20',
    },
    { name: 'no stated date (inaptitude): the cap', overrides: {}, visitDate: '2026-04-15', stated: '', dueDate: '2031-04-15' },
  ];
  for (const { name, overrides, visitDate, stated, dueDate } of caps) {
    it(`R-VIP-5: ${name}`, () => {
      const ledger = afterInitial(overrides, visitDate, stated || undefined);
      expect(only(dueOfType(ledger, 'VIP_RENEWAL', visitDate)).dueDate).toBe(dueDate);
    });
  }

  const maxima: { name: string; overrides: SituationOverrides; visitDate: CivilDate; max: CivilDate }[] = [
    { name: 'SIS → 5 years', overrides: {}, visitDate: '2026-05-01', max: '2031-05-01' },
    { name: 'night worker → 3 years', overrides: { post: { nightWork: true } }, visitDate: '2026-05-01', max: '2029-05-01' },
    { name: 'disabled worker → 3 years', overrides: { disabled: true }, visitDate: '2026-05-01', max: '2029-05-01' },
    { name: 'under 18 → 3 years', overrides: { birthDate: '2010-01-10' }, visitDate: '2026-05-01', max: '2029-05-01' },
    { name: 'the same worker once 18 → 5 years', overrides: { birthDate: '2010-01-10' }, visitDate: '2028-05-01', max: '2033-05-01' },
    { name: 'SIR → the intermediate visit, 2 years', overrides: { post: { risks: ['ASBESTOS'] } }, visitDate: '2026-05-01', max: '2028-05-01' },
    {
      name: 'SIR renewed yearly → 1 year',
      overrides: { post: { risks: ['IONISING_RADIATION_CATEGORY_A'] } },
      visitDate: '2026-05-01',
      max: '2027-05-01',
    },
  ];
  for (const { name, overrides, visitDate, max } of maxima) {
    it(`R-VIP-5: the professional may not set a next-due date beyond the cap: ${name}`, () => {
      expect(maxNextVisitDueDate(hire(overrides), visitDate, config)).toBe(max);
    });
  }

  it('R-VIP-5: a return-to-work visit stating a next date restarts the interval; one without does not', () => {
    const initial = afterInitial({}, '2026-04-15', '2031-04-15');
    const stopped = apply(initial, declare('s1', 'ILLNESS', '2027-01-04', '2027-03-08'));
    const reprise = only(dueOfType(stopped, 'REPRISE', '2027-03-01'));
    const withoutDate = complete(stopped, reprise, '2027-03-08', { outcome: 'ATTESTATION' });
    expect(only(dueOfType(withoutDate, 'VIP_RENEWAL', '2027-03-08')).dueDate).toBe('2031-04-15');
    const withDate = complete(stopped, reprise, '2027-03-08', { outcome: 'ATTESTATION', nextVisitDueDate: '2028-03-08' });
    expect(only(dueOfType(withDate, 'VIP_RENEWAL', '2027-03-08')).dueDate).toBe('2028-03-08');
  });

  it('R-VIP-5: each renewal plans the next one under a new key', () => {
    const first = afterInitial({}, '2026-04-15', '2030-04-15');
    const renewal = only(dueOfType(first, 'VIP_RENEWAL', '2030-03-01'));
    const second = complete(first, renewal, '2030-03-20', { outcome: 'ATTESTATION', nextVisitDueDate: '2035-03-20' });
    const next = only(dueOfType(second, 'VIP_RENEWAL', '2030-03-20'));
    expect(next.key).not.toBe(renewal.key);
    expect(next.dueDate).toBe('2035-03-20');
  });
});

describe('R-VIP-6: the VIP ends with an attestation de suivi stating the next date', () => {
  it('R-VIP-6: attestation (or the doctor’s measures or inaptitude), never an avis d’aptitude', () => {
    for (const type of ['VIP_INITIAL', 'VIP_RENEWAL'] as const) {
      expect(allowedOutcomes(type, 'SIS')).toEqual(['ATTESTATION', 'ATTESTATION_WITH_MEASURES', 'INAPTITUDE']);
    }
  });

  it('R-VIP-6: the date stated on the attestation is the next VIP’s due date', () => {
    const ledger = hire();
    const attested = complete(ledger, only(dueOfType(ledger, 'VIP_INITIAL')), '2026-05-04', {
      outcome: 'ATTESTATION',
      nextVisitDueDate: '2029-05-04',
    });
    expect(only(dueOfType(attested, 'VIP_RENEWAL')).dueDate).toBe('2029-05-04');
  });
});

describe('R-SIR-1..4: reinforced follow-up', () => {
  const sir = (risks: RiskCode[] = ['ASBESTOS'], overrides: SituationOverrides = {}) =>
    hire({ ...overrides, post: { title: 'Désamianteur', risks } }, '2026-02-15');

  it('R-SIR-1: aptitude exam by the doctor before assignment, instead of the initial VIP', () => {
    const visits = due(sir(), '2026-02-15');
    expect(visits.filter((visit) => visit.type.startsWith('VIP_'))).toEqual([]);
    expect(only(visits.filter((visit) => visit.type === 'SIR_EXAM'))).toEqual({
      key: 'SIR_EXAM:2026-03-02',
      type: 'SIR_EXAM',
      opensOn: '2026-02-15',
      earliestDate: '2026-02-15',
      dueDate: HIRE,
      deadline: HIRE,
      performer: 'DOCTOR',
      rule: 'R-SIR-1',
    });
  });

  it('R-SIR-1: a new SIR post needs a new aptitude exam, under a new key', () => {
    const ledger = sir();
    const examined = complete(ledger, only(dueOfType(ledger, 'SIR_EXAM')), '2026-02-25', { outcome: 'APTITUDE' });
    expect(dueOfType(examined, 'SIR_EXAM')).toEqual([]);
    const moved = apply(examined, { type: 'POST_CHANGED', date: '2027-09-01', post: { title: 'Soudeur', risks: ['LEAD'], nightWork: false } });
    expect(only(dueOfType(moved, 'SIR_EXAM', '2027-08-20'))).toMatchObject({
      key: 'SIR_EXAM:2027-09-01',
      deadline: '2027-09-01',
      performer: 'DOCTOR',
    });
  });

  it('R-SIR-1: moving from a simple post to a SIR post needs the exam, not a VIP', () => {
    const ledger = apply(hire(), {
      type: 'POST_CHANGED',
      date: '2026-03-16',
      post: { title: 'Cariste', risks: ['DRIVING_AUTHORISATION'], nightWork: false },
    });
    expect(ledger.category).toBe('SIR');
    expect(due(ledger, '2026-03-10').map((visit) => visit.type)).toEqual(['SIR_EXAM', 'MID_CAREER']);
  });

  it('R-SIR-2, R-SIR-3: ten years of follow-up: exam, intermediate at +2, renewal at +4, intermediate at +6…', () => {
    let ledger = hire({ hireDate: '2016-03-01', post: { title: 'Désamianteur', risks: ['ASBESTOS'] } }, '2016-02-01');
    const steps: { today: CivilDate; expected: [VisitType, CivilDate, string][]; done?: [VisitType, CivilDate] }[] = [
      { today: '2016-02-01', expected: [['SIR_EXAM', '2016-03-01', 'DOCTOR']], done: ['SIR_EXAM', '2016-02-20'] },
      {
        today: '2016-02-20',
        expected: [
          ['SIR_INTERMEDIATE', '2018-02-20', 'DOCTOR_OR_NURSE'],
          ['SIR_RENEWAL', '2020-02-20', 'DOCTOR'],
        ],
        done: ['SIR_INTERMEDIATE', '2018-02-01'],
      },
      { today: '2018-02-01', expected: [['SIR_RENEWAL', '2020-02-20', 'DOCTOR']], done: ['SIR_RENEWAL', '2020-02-10'] },
      {
        today: '2020-02-10',
        expected: [
          ['SIR_INTERMEDIATE', '2022-02-10', 'DOCTOR_OR_NURSE'],
          ['SIR_RENEWAL', '2024-02-10', 'DOCTOR'],
        ],
        done: ['SIR_INTERMEDIATE', '2022-01-20'],
      },
      { today: '2022-01-20', expected: [['SIR_RENEWAL', '2024-02-10', 'DOCTOR']], done: ['SIR_RENEWAL', '2024-02-01'] },
      {
        today: '2024-02-01',
        expected: [
          ['SIR_INTERMEDIATE', '2026-02-01', 'DOCTOR_OR_NURSE'],
          ['SIR_RENEWAL', '2028-02-01', 'DOCTOR'],
        ],
        done: ['SIR_INTERMEDIATE', '2026-01-15'],
      },
      { today: '2026-01-15', expected: [['SIR_RENEWAL', '2028-02-01', 'DOCTOR']] },
    ];
    for (const { today, expected, done } of steps) {
      const visits = due(ledger, today).filter((visit) => visit.type.startsWith('SIR_'));
      expect(visits.map((visit) => [visit.type, visit.deadline, visit.performer])).toEqual(expected);
      if (done)
        ledger = complete(ledger, only(visits.filter((visit) => visit.type === done[0])), done[1], {
          outcome: done[0] === 'SIR_INTERMEDIATE' ? 'ATTESTATION' : 'APTITUDE',
        });
    }
  });

  for (const risk of ['IONISING_RADIATION_CATEGORY_A', 'MINOR_PROHIBITED_WORK'] as const) {
    it(`R-SIR-3: ${risk} → renewal every year, no intermediate visit`, () => {
      let ledger = sir([risk], risk === 'MINOR_PROHIBITED_WORK' ? { birthDate: '2010-09-01' } : {});
      ledger = complete(ledger, only(dueOfType(ledger, 'SIR_EXAM')), '2026-02-20', { outcome: 'APTITUDE' });
      expect(
        due(ledger, '2026-02-20')
          .filter((visit) => visit.type.startsWith('SIR_'))
          .map((visit) => [visit.type, visit.deadline]),
      ).toEqual([['SIR_RENEWAL', '2027-02-20']]);
      ledger = complete(ledger, only(dueOfType(ledger, 'SIR_RENEWAL')), '2027-02-10', { outcome: 'APTITUDE' });
      expect(only(dueOfType(ledger, 'SIR_RENEWAL', '2027-02-10')).deadline).toBe('2028-02-10');
    });
  }

  it('R-SIR-4: the exam and its renewal end with an avis, the doctor’s alone', () => {
    for (const type of ['SIR_EXAM', 'SIR_RENEWAL'] as const) {
      expect(allowedOutcomes(type, 'SIR')).toEqual(['APTITUDE', 'APTITUDE_WITH_MEASURES', 'INAPTITUDE']);
      expect(allowedOutcomes(type, 'SIR').every(outcomeRequiresDoctor)).toBe(true);
      expect(performerFor(type)).toBe('DOCTOR');
    }
    expect(allowedOutcomes('SIR_INTERMEDIATE', 'SIR')).toEqual(['ATTESTATION', 'ATTESTATION_WITH_MEASURES', 'INAPTITUDE']);
  });
});

describe('R-MID-1, R-MID-2: mid-career visit', () => {
  const windows: { name: string; birthDate: CivilDate; earliestDate: CivilDate; year: string }[] = [
    { name: 'born mid-year', birthDate: '1981-06-15', earliestDate: '2024-06-15', year: '2026' },
    { name: '45th birthday on 1 January', birthDate: '1981-01-01', earliestDate: '2024-01-01', year: '2026' },
    { name: '45th birthday on 31 December', birthDate: '1981-12-31', earliestDate: '2024-12-31', year: '2026' },
    { name: '45th birthday on 31 December of the year before', birthDate: '1980-12-31', earliestDate: '2023-12-31', year: '2025' },
  ];
  for (const { name, birthDate, earliestDate, year } of windows) {
    it(`R-MID-1: ${name} → the calendar year ${year}, anticipated from the 43rd birthday`, () => {
      const visit = only(dueOfType(hire({ birthDate, hireDate: '2020-01-06' }), 'MID_CAREER', '2020-01-06'));
      expect(visit).toEqual({
        key: `MID_CAREER:${year}`,
        type: 'MID_CAREER',
        opensOn: plusDays(`${year}-01-01`, -60),
        earliestDate,
        dueDate: `${year}-01-01`,
        deadline: `${year}-12-31`,
        performer: 'DOCTOR_OR_NURSE',
        rule: 'R-MID-1',
      });
    });
  }

  it('R-MID-1: coupling with another visit is allowed from the 43rd birthday to 31 December of the 45th', () => {
    const ledger = hire({ birthDate: '1981-06-15', hireDate: '2020-01-06' });
    const allowed = (date: CivilDate) => midCareerCouplingAllowed(ledger, date, config);
    expect([allowed('2024-06-14'), allowed('2024-06-15'), allowed('2026-12-31'), allowed('2027-01-01')]).toEqual([false, true, true, false]);
  });

  it('R-MID-1: a visit coupled with the mid-career visit fulfils it', () => {
    const ledger = apply(hire({ birthDate: '1981-06-15', hireDate: '2020-01-06' }), {
      type: 'VISIT_REQUESTED',
      date: '2025-03-03',
      requestedBy: 'EMPLOYEE',
      reason: 'Douleurs lombaires',
    });
    const onRequest = only(dueOfType(ledger, 'ON_REQUEST', '2025-03-03'));
    const coupled = complete(ledger, onRequest, '2025-03-10', { outcome: 'ATTESTATION', coupledMidCareer: true });
    expect(dueOfType(coupled, 'MID_CAREER', '2025-03-10')).toEqual([]);
    expect(midCareerCouplingAllowed(coupled, '2025-06-01', config)).toBe(false);
  });

  it('R-MID-1: not planned when the window closed before this employment began', () => {
    expect(dueOfType(hire({ birthDate: '1970-01-01' }), 'MID_CAREER')).toEqual([]);
  });

  it('R-MID-2: a nurse may do it, and orients to the doctor for measures or inaptitude', () => {
    expect(performerFor('MID_CAREER')).toBe('DOCTOR_OR_NURSE');
    expect(allowedOutcomes('MID_CAREER', 'SIS').filter((outcome) => !outcomeRequiresDoctor(outcome))).toEqual(['ATTESTATION']);
  });
});

describe('R-REPRISE-1..4: return-to-work visit', () => {
  const employee = () => hire({ hireDate: '2020-01-06' });
  const cases: { name: string; cause: StoppageCause; startDate: CivilDate; returnDate: CivilDate; required: boolean }[] = [
    { name: 'work accident, 29 days', cause: 'WORK_ACCIDENT', startDate: '2026-03-01', returnDate: '2026-03-30', required: false },
    { name: 'work accident, 30 days', cause: 'WORK_ACCIDENT', startDate: '2026-03-01', returnDate: '2026-03-31', required: true },
    { name: 'illness, 59 days', cause: 'ILLNESS', startDate: '2026-01-01', returnDate: '2026-03-01', required: false },
    { name: 'illness, 60 days', cause: 'ILLNESS', startDate: '2026-01-01', returnDate: '2026-03-02', required: true },
    { name: 'occupational disease, 1 day', cause: 'OCCUPATIONAL_DISEASE', startDate: '2026-05-04', returnDate: '2026-05-05', required: true },
    { name: 'maternity leave', cause: 'MATERNITY', startDate: '2026-01-05', returnDate: '2026-04-27', required: true },
  ];
  for (const { name, cause, startDate, returnDate, required } of cases) {
    it(`R-REPRISE-1: ${name} → ${required ? 'a return visit' : 'no return visit'}`, () => {
      const ledger = apply(employee(), declare('s1', cause, startDate, returnDate));
      expect(dueOfType(ledger, 'REPRISE', startDate)).toHaveLength(required ? 1 : 0);
    });
  }

  it('R-REPRISE-2: open from the first day off, on the return day, at the latest 8 days after', () => {
    const ledger = apply(employee(), declare('s1', 'ILLNESS', '2026-01-01'), {
      type: 'RETURN',
      date: '2026-02-25',
      stoppageId: 's1',
      returnDate: '2026-03-02',
      therapeuticPartTime: false,
    });
    expect(only(dueOfType(ledger, 'REPRISE', '2026-02-25'))).toEqual({
      key: 'REPRISE:s1',
      type: 'REPRISE',
      opensOn: '2026-01-01',
      earliestDate: '2026-03-02',
      dueDate: '2026-03-02',
      deadline: '2026-03-10',
      performer: 'DOCTOR_OR_NURSE',
      rule: 'R-REPRISE-1',
      stoppageId: 's1',
    });
  });

  it('R-REPRISE-2: no return date yet → nothing to plan; an extension moves the window, not the key', () => {
    const open = apply(employee(), declare('s1', 'WORK_ACCIDENT', '2026-01-05'));
    expect(dueOfType(open, 'REPRISE', '2026-01-05')).toEqual([]);
    const planned = apply(open, { type: 'STOPPAGE_EXTENDED', date: '2026-01-20', stoppageId: 's1', returnDate: '2026-02-16' });
    const extended = apply(planned, { type: 'STOPPAGE_EXTENDED', date: '2026-02-10', stoppageId: 's1', returnDate: '2026-03-16' });
    expect(only(dueOfType(planned, 'REPRISE', '2026-01-20'))).toMatchObject({ key: 'REPRISE:s1', deadline: '2026-02-24' });
    expect(only(dueOfType(extended, 'REPRISE', '2026-02-10'))).toMatchObject({ key: 'REPRISE:s1', deadline: '2026-03-24' });
  });

  it('R-REPRISE-3: a SIR worker’s return ends with an avis, so the doctor does it', () => {
    const sir = apply(hire({ hireDate: '2020-01-06', post: { risks: ['CMR'] } }), declare('s1', 'ILLNESS', '2026-01-01', '2026-03-02'));
    expect(only(dueOfType(sir, 'REPRISE', '2026-01-01')).performer).toBe('DOCTOR');
    expect(allowedOutcomes('REPRISE', 'SIR')).toEqual(['APTITUDE', 'APTITUDE_WITH_MEASURES', 'INAPTITUDE']);
    expect(allowedOutcomes('REPRISE', 'SIS')).toEqual(['ATTESTATION', 'ATTESTATION_WITH_MEASURES', 'INAPTITUDE']);
  });

  it('R-REPRISE-4: a therapeutic part-time return, then the full-time return, each with its own visit', () => {
    const partTime = apply(employee(), declare('s1', 'ILLNESS', '2026-01-05'), {
      type: 'RETURN',
      date: '2026-03-16',
      stoppageId: 's1',
      returnDate: '2026-03-16',
      therapeuticPartTime: true,
    });
    const first = only(dueOfType(partTime, 'REPRISE', '2026-03-16'));
    const fullTime = apply(complete(partTime, first, '2026-03-18', { outcome: 'ATTESTATION' }), {
      type: 'FULL_TIME_RETURN',
      date: '2026-05-04',
      stoppageId: 's1',
    });
    expect(only(dueOfType(fullTime, 'REPRISE', '2026-05-04'))).toMatchObject({
      key: 'REPRISE:s1:FULL_TIME',
      opensOn: '2026-03-16',
      earliestDate: '2026-05-04',
      deadline: '2026-05-12',
      rule: 'R-REPRISE-4',
      stoppageId: 's1',
    });
  });

  it('R-REPRISE-4: a full-time return without a therapeutic part-time first is refused', () => {
    const ledger = apply(employee(), declare('s1', 'ILLNESS', '2026-01-05', '2026-03-16'));
    expect(refusal(ledger, { type: 'FULL_TIME_RETURN', date: '2026-04-01', stoppageId: 's1' })).toMatch(/temps partiel thérapeutique/);
  });
});

describe('R-PRE-1, R-PRE-2: pre-return visit', () => {
  const onLeave = (returnDate?: CivilDate, cause: StoppageCause = 'ILLNESS') =>
    apply(hire({ hireDate: '2020-01-06' }), declare('s1', cause, '2026-01-05', returnDate));
  const request = (date: CivilDate, requestedBy: PreRepriseRequester = 'EMPLOYEE', stoppageId = 's1'): FollowUpEvent => ({
    type: 'PRE_REPRISE_REQUESTED',
    date,
    stoppageId,
    requestedBy,
  });

  it('R-PRE-1: during a leave of more than 30 days, on request, within 15 days, any professional', () => {
    const ledger = apply(onLeave('2026-04-06'), request('2026-02-10', 'TREATING_DOCTOR'));
    expect(only(dueOfType(ledger, 'PRE_REPRISE', '2026-02-10'))).toEqual({
      key: 'PRE_REPRISE:s1:2026-02-10',
      type: 'PRE_REPRISE',
      opensOn: '2026-02-10',
      earliestDate: '2026-02-10',
      dueDate: '2026-02-25',
      deadline: '2026-02-25',
      performer: 'DOCTOR_OR_NURSE',
      rule: 'R-PRE-1',
      stoppageId: 's1',
    });
  });

  it('R-PRE-1: it happens during the leave: due at the latest the day before the return', () => {
    expect(only(dueOfType(apply(onLeave('2026-02-20'), request('2026-02-10')), 'PRE_REPRISE', '2026-02-10')).deadline).toBe('2026-02-19');
  });

  const refused: { name: string; ledger: () => FollowUpLedger; event: FollowUpEvent; reason: RegExp }[] = [
    { name: 'a leave of exactly 30 days', ledger: () => onLeave('2026-02-04'), event: request('2026-01-20'), reason: /plus de 30 jours/ },
    { name: 'an open-ended leave of 20 days so far', ledger: () => onLeave(), event: request('2026-01-25'), reason: /plus de 30 jours/ },
    { name: 'after the return', ledger: () => onLeave('2026-03-02'), event: request('2026-03-02'), reason: /pendant l’arrêt/ },
    { name: 'a maternity leave', ledger: () => onLeave('2026-05-04', 'MATERNITY'), event: request('2026-03-02'), reason: /maternité/ },
    { name: 'an unknown stoppage', ledger: () => onLeave('2026-04-06'), event: request('2026-02-10', 'EMPLOYEE', 'nope'), reason: /inconnu/ },
    {
      name: 'a second pending request',
      ledger: () => apply(onLeave('2026-04-06'), request('2026-02-10')),
      event: request('2026-02-12'),
      reason: /déjà demandée/,
    },
  ];
  for (const { name, ledger, event, reason } of refused) {
    it(`R-PRE-1: refused for ${name}`, () => expect(refusal(ledger(), event)).toMatch(reason));
  }

  it('R-PRE-1: accepted for a leave of 31 days', () => {
    expect(refusal(onLeave('2026-02-05'), request('2026-01-20'))).toBeUndefined();
  });

  it('R-PRE-2: no aptitude or inaptitude, and the return visit is still due after it', () => {
    expect(allowedOutcomes('PRE_REPRISE', 'SIR')).toEqual(['ATTESTATION', 'ATTESTATION_WITH_MEASURES']);
    const ledger = apply(onLeave('2026-04-06'), request('2026-02-10'));
    const done = complete(ledger, only(dueOfType(ledger, 'PRE_REPRISE', '2026-02-10')), '2026-02-18', { outcome: 'ATTESTATION_WITH_MEASURES' });
    expect(dueOfType(done, 'PRE_REPRISE', '2026-02-18')).toEqual([]);
    expect(dueOfType(done, 'REPRISE', '2026-02-18')).toHaveLength(1);
  });
});

describe('R-POST-1: post-exposure visit', () => {
  const formerSir = () =>
    apply(hire({ hireDate: '2020-01-06', post: { risks: ['ASBESTOS'] } }), {
      type: 'POST_CHANGED',
      date: '2026-01-05',
      post: { title: 'Magasinier', risks: [], nightWork: false },
    });

  it('R-POST-1: when exposure ends, by the doctor, as soon as possible (30 days)', () => {
    const ledger = apply(formerSir(), { type: 'EXPOSURE_ENDED', date: '2026-01-05' });
    expect(only(dueOfType(ledger, 'POST_EXPOSURE', '2026-01-05'))).toEqual({
      key: 'POST_EXPOSURE:2026-01-05',
      type: 'POST_EXPOSURE',
      opensOn: '2026-01-05',
      earliestDate: '2026-01-05',
      dueDate: '2026-02-04',
      deadline: '2026-02-04',
      performer: 'DOCTOR',
      rule: 'R-POST-1',
      stoppageId: undefined,
    });
    expect(allowedOutcomes('POST_EXPOSURE', 'SIS')).toEqual(['ATTESTATION']);
  });

  it('R-POST-1: refused for a worker never under SIR', () => {
    expect(refusal(hire(), { type: 'EXPOSURE_ENDED', date: '2026-06-01' })).toMatch(/suivi individuel renforcé/);
  });

  const retirements: { retirementDate: CivilDate; deadline: CivilDate }[] = [
    { retirementDate: '2026-12-31', deadline: '2026-07-01' },
    { retirementDate: '2026-06-15', deadline: '2026-06-15' },
    { retirementDate: '2026-05-01', deadline: '2026-06-01' },
  ];
  for (const { retirementDate, deadline } of retirements) {
    it(`R-POST-1: retirement on ${retirementDate} announced on 2026-06-01 → before ${deadline}`, () => {
      const ledger = apply(formerSir(), { type: 'RETIREMENT_ANNOUNCED', date: '2026-06-01', retirementDate });
      expect(only(dueOfType(ledger, 'POST_EXPOSURE', '2026-06-01')).deadline).toBe(deadline);
    });
  }

  it('R-POST-1: the retirement of a worker never under SIR plans no visit', () => {
    const ledger = apply(hire(), { type: 'RETIREMENT_ANNOUNCED', date: '2026-06-01', retirementDate: '2026-09-30' });
    expect(dueOfType(ledger, 'POST_EXPOSURE', '2026-06-01')).toEqual([]);
  });
});

describe('R-LIAISON-1: liaison meeting', () => {
  const onLeave = () => apply(hire({ hireDate: '2020-01-06' }), declare('s1', 'ILLNESS', '2026-01-05'));

  it('R-LIAISON-1: offered within 15 days of the employee’s acceptance; not a medical visit', () => {
    const ledger = apply(onLeave(), { type: 'LIAISON_REQUESTED', date: '2026-02-03', stoppageId: 's1', acceptedOn: '2026-02-02' });
    expect(only(dueOfType(ledger, 'LIAISON', '2026-02-03'))).toMatchObject({
      key: 'LIAISON:s1:2026-02-02',
      earliestDate: '2026-02-02',
      deadline: '2026-02-17',
      performer: 'DOCTOR_OR_NURSE',
      rule: 'R-LIAISON-1',
      stoppageId: 's1',
    });
    expect(allowedOutcomes('LIAISON', 'SIR')).toEqual(['LIAISON_HELD']);
    expect(outcomeRequiresDoctor('LIAISON_HELD')).toBe(false);
  });

  it('R-LIAISON-1: refused once the leave is over', () => {
    const back = apply(onLeave(), { type: 'RETURN', date: '2026-02-16', stoppageId: 's1', returnDate: '2026-02-16', therapeuticPartTime: false });
    expect(refusal(back, { type: 'LIAISON_REQUESTED', date: '2026-02-20', stoppageId: 's1', acceptedOn: '2026-02-20' })).toMatch(/pendant l’arrêt/);
  });

  it('R-LIAISON-1: a refused or withdrawn meeting has no consequence: cancelling it plans nothing else', () => {
    const ledger = apply(onLeave(), { type: 'LIAISON_REQUESTED', date: '2026-02-03', stoppageId: 's1', acceptedOn: '2026-02-02' });
    const liaison = only(dueOfType(ledger, 'LIAISON', '2026-02-03'));
    const cancelled = recordVisitClosed(recordVisitOpened(ledger, liaison.key), {
      key: liaison.key,
      type: 'LIAISON',
      status: 'CANCELLED',
      date: '2026-02-05',
    });
    expect(due(cancelled, '2026-02-05').filter((visit) => visit.stoppageId === 's1')).toEqual([]);
  });
});

describe('R-DEMANDE-1: on-request visit', () => {
  for (const requestedBy of ['EMPLOYEE', 'EMPLOYER', 'DOCTOR'] as const) {
    it(`R-DEMANDE-1: requested by ${requestedBy} → due within 30 days, any professional`, () => {
      const ledger = apply(hire(), { type: 'VISIT_REQUESTED', date: '2026-05-11', requestedBy, reason: 'Risque d’inaptitude' });
      const visit = only(dueOfType(ledger, 'ON_REQUEST', '2026-05-11'));
      expect(visit).toMatchObject({
        earliestDate: '2026-05-11',
        deadline: '2026-06-10',
        performer: 'DOCTOR_OR_NURSE',
        rule: 'R-DEMANDE-1',
      });
      // R-TELE-12 tells the employer about a remote visit it asked for: the requester stays readable on the visit.
      expect(onRequestRequester({ type: visit.type, planKey: visit.key })).toBe(requestedBy);
    });
  }

  it('R-DEMANDE-1: the same request received twice opens one visit', () => {
    const event: FollowUpEvent = { type: 'VISIT_REQUESTED', date: '2026-05-11', requestedBy: 'EMPLOYEE', reason: 'Stress' };
    expect(dueOfType(apply(hire(), event, event), 'ON_REQUEST', '2026-05-11')).toHaveLength(1);
  });

  it('R-DEMANDE-1: a request without a reason is refused', () => {
    expect(refusal(hire(), { type: 'VISIT_REQUESTED', date: '2026-05-11', requestedBy: 'EMPLOYER', reason: '  ' })).toMatch(/motif/);
  });
});

describe('R-MULTI-1: several employers', () => {
  it('R-MULTI-1: followed by the main employer → no periodic visit here, event-driven ones still', () => {
    const ledger = apply(
      hire({ birthDate: '1981-06-15', followedByMainEmployer: true }),
      declare('s1', 'OCCUPATIONAL_DISEASE', '2026-05-04', '2026-05-11'),
    );
    expect(due(ledger, '2026-05-04').map((visit) => visit.type)).toEqual(['REPRISE']);
  });

  it('R-MULTI-1: same post → the oldest hire organises; a different post → its own employer', () => {
    const organisers = organisingEmployment([
      { employmentId: 'b', hireDate: '2024-09-01', postTitle: 'Agent  d’entretien ', risks: ['BIOLOGICAL_GROUP_2', 'EMF_ABOVE_LIMITS'] },
      { employmentId: 'a', hireDate: '2021-02-01', postTitle: 'agent d’entretien', risks: ['EMF_ABOVE_LIMITS', 'BIOLOGICAL_GROUP_2'] },
      { employmentId: 'c', hireDate: '2019-01-07', postTitle: 'Agent d’entretien', risks: [] },
      { employmentId: 'd', hireDate: '2025-01-06', postTitle: 'Serveur', risks: [] },
    ]);
    expect(Object.fromEntries(organisers)).toEqual({ a: 'a', b: 'a', c: 'c', d: 'd' });
  });
});

describe('R-OPS-1, R-OPS-2: service operations', () => {
  const appointment = new Date('2026-06-10T09:00:00+02:00');
  const cases: { name: string; excusedAt?: Date; billable: boolean }[] = [
    { name: 'not excused', billable: true },
    { name: 'excused exactly 48 hours ahead', excusedAt: new Date('2026-06-08T09:00:00+02:00'), billable: false },
    { name: 'excused 47 h 59 ahead', excusedAt: new Date('2026-06-08T09:01:00+02:00'), billable: true },
    { name: 'excused a week ahead', excusedAt: new Date('2026-06-03T09:00:00+02:00'), billable: false },
  ];
  for (const { name, excusedAt, billable } of cases) {
    it(`R-OPS-1: a no-show ${name} → ${billable ? 'billed' : 'not billed'}`, () => {
      expect(absenceIsBillable(appointment.toISOString(), excusedAt, config.noShow.excuseHoursAhead)).toBe(billable);
    });
  }

  it('R-OPS-1: 48 real hours, across the spring clock change', () => {
    // 28 March 09:00 CET to 30 March 09:00 CEST is 47 hours.
    expect(absenceIsBillable('2026-03-30T09:00:00+02:00', new Date('2026-03-28T09:00:00+01:00'), config.noShow.excuseHoursAhead)).toBe(true);
  });

  it('R-OPS-2: the employer cannot request the pre-return visit, but may request any other', () => {
    const ledger = apply(hire({ hireDate: '2020-01-06' }), declare('s1', 'ILLNESS', '2026-01-05', '2026-04-06'));
    const byEmployer = { type: 'PRE_REPRISE_REQUESTED', date: '2026-02-10', stoppageId: 's1', requestedBy: 'EMPLOYER' } as unknown as FollowUpEvent;
    expect(refusal(ledger, byEmployer)).toMatch(/jamais par l’employeur/);
    expect(refusal(ledger, { type: 'VISIT_REQUESTED', date: '2026-02-10', requestedBy: 'EMPLOYER', reason: 'Préparer la reprise' })).toBeUndefined();
  });
});

describe('events the follow-up refuses', () => {
  const employee = () => apply(hire({ hireDate: '2020-01-06' }), declare('s1', 'ILLNESS', '2026-01-05'));
  const cases: { name: string; event: FollowUpEvent; reason: RegExp }[] = [
    { name: 'a stoppage declared twice', event: declare('s1', 'ILLNESS', '2026-02-01'), reason: /déjà déclaré/ },
    {
      name: 'a return before the first day off',
      event: { type: 'RETURN', date: '2026-02-01', stoppageId: 's1', returnDate: '2026-01-04', therapeuticPartTime: false },
      reason: /premier jour d’arrêt/,
    },
    {
      name: 'a return for an unknown stoppage',
      event: { type: 'RETURN', date: '2026-02-01', stoppageId: 's9', returnDate: '2026-02-01', therapeuticPartTime: false },
      reason: /inconnu/,
    },
    {
      name: 'a stoppage declared with its return before its start',
      event: declare('s2', 'WORK_ACCIDENT', '2026-03-10', '2026-03-09'),
      reason: /premier jour d’arrêt/,
    },
    {
      name: 'an event before the hire',
      event: { type: 'VISIT_REQUESTED', date: '2019-12-31', requestedBy: 'EMPLOYEE', reason: 'x' },
      reason: /précède l’embauche/,
    },
    { name: 'an impossible date', event: { type: 'DEPARTURE', date: '2026-02-30' }, reason: /Date invalide/ },
  ];
  for (const { name, event, reason } of cases) {
    it(`refuses ${name}`, () => expect(refusal(employee(), event)).toMatch(reason));
  }

  it('after the departure: nothing is planned and no event applies', () => {
    const ledger = apply(hire({ birthDate: '1981-06-15' }), { type: 'DEPARTURE', date: '2026-09-30' });
    expect(ledger.departedOn).toBe('2026-09-30');
    expect(due(ledger, '2026-09-01')).toEqual([]);
    expect(refusal(ledger, { type: 'VISIT_REQUESTED', date: '2026-10-05', requestedBy: 'EMPLOYEE', reason: 'Suivi' })).toMatch(
      /quitté l’entreprise le 30\/09\/2026/,
    );
  });
});

describe('opening and closing visits', () => {
  it('an open visit is not planned twice; a completed one is done', () => {
    const ledger = hire();
    const initial = only(dueOfType(ledger, 'VIP_INITIAL'));
    const opened = recordVisitOpened(ledger, initial.key);
    expect(recordVisitOpened(opened, initial.key)).toBe(opened);
    expect(dueOfType(opened, 'VIP_INITIAL')).toEqual([]);
    const done = complete(ledger, initial, '2026-04-01', { outcome: 'ATTESTATION', nextVisitDueDate: '2031-04-01' });
    expect(done.open).toEqual([]);
    expect(done.closed.map((visit) => visit.key)).toEqual([initial.key]);
    expect(dueOfType(done, 'VIP_INITIAL')).toEqual([]);
  });

  it('a cancelled obligation (initial, periodic, return) is due again under the same key', () => {
    const ledger = recordVisitOpened(hire(), 'VIP_INITIAL:2026-03-02');
    const cancelled = recordVisitClosed(ledger, { key: 'VIP_INITIAL:2026-03-02', type: 'VIP_INITIAL', status: 'CANCELLED', date: '2026-03-20' });
    expect(cancelled.closed).toEqual([]);
    expect(only(dueOfType(cancelled, 'VIP_INITIAL')).key).toBe('VIP_INITIAL:2026-03-02');
  });

  it('a cancelled request is withdrawn', () => {
    const ledger = apply(hire(), { type: 'VISIT_REQUESTED', date: '2026-05-11', requestedBy: 'EMPLOYER', reason: 'Conflit' });
    const request = only(dueOfType(ledger, 'ON_REQUEST', '2026-05-11'));
    const cancelled = recordVisitClosed(recordVisitOpened(ledger, request.key), {
      key: request.key,
      type: 'ON_REQUEST',
      status: 'CANCELLED',
      date: '2026-05-12',
    });
    expect(cancelled.requested).toEqual([]);
    expect(dueOfType(cancelled, 'ON_REQUEST', '2026-05-12')).toEqual([]);
  });

  it('a periodic visit waits while an earlier one of its type is still open', () => {
    const ledger = hire();
    const initial = complete(ledger, only(dueOfType(ledger, 'VIP_INITIAL')), '2026-04-01', {
      outcome: 'ATTESTATION',
      nextVisitDueDate: '2029-04-01',
    });
    const renewal = only(dueOfType(initial, 'VIP_RENEWAL'));
    const opened = recordVisitOpened(initial, renewal.key);
    // A return visit stating a new date while the renewal is open must not open a second renewal.
    const stopped = apply(opened, declare('s1', 'OCCUPATIONAL_DISEASE', '2028-10-02', '2028-10-09'));
    const reprised = complete(stopped, only(dueOfType(stopped, 'REPRISE', '2028-10-02')), '2028-10-09', {
      outcome: 'ATTESTATION',
      nextVisitDueDate: '2030-10-09',
    });
    expect(dueOfType(reprised, 'VIP_RENEWAL', '2028-10-09')).toEqual([]);
  });

  it('lists the plan by opening day', () => {
    const ledger = apply(hire({ birthDate: '1981-06-15' }), {
      type: 'VISIT_REQUESTED',
      date: '2026-05-11',
      requestedBy: 'EMPLOYEE',
      reason: 'Suivi',
    });
    expect(due(ledger).map((visit) => [visit.type, visit.opensOn])).toEqual([
      ['MID_CAREER', '2025-11-02'],
      ['VIP_INITIAL', '2026-03-02'],
      ['ON_REQUEST', '2026-05-11'],
    ]);
  });
});
