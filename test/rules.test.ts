import { describe, expect, it } from 'vitest';
import { endOfParisDay, isCivilDate, parisCivilDate, plusMonths, plusYears } from '../workflows/rules/calendar.js';
import { followUpCategory } from '../workflows/rules/follow-up-category.js';
import { defaultProtocolConfig, protocolConfigSchema, type RiskCode } from '../workflows/rules/protocol-config.js';
import { repriseVisitRequired, repriseVisitWindow, type Stoppage } from '../workflows/rules/reprise.js';
import { allowedOutcomes, outcomeRequiresDoctor, performerFor, roleMayPerform } from '../workflows/rules/visit-types.js';

const reprise = defaultProtocolConfig.reprise;
const categories = defaultProtocolConfig.category;

describe('R-REPRISE-1: which absences require a return-to-work visit', () => {
  const cases: { name: string; stoppage: Stoppage; required: boolean }[] = [
    { name: 'work accident, 29 days', stoppage: { cause: 'WORK_ACCIDENT', startDate: '2026-03-01', returnDate: '2026-03-30' }, required: false },
    { name: 'work accident, 30 days', stoppage: { cause: 'WORK_ACCIDENT', startDate: '2026-03-01', returnDate: '2026-03-31' }, required: true },
    { name: 'illness, 59 days', stoppage: { cause: 'ILLNESS', startDate: '2026-01-01', returnDate: '2026-03-01' }, required: false },
    { name: 'illness, 60 days', stoppage: { cause: 'ILLNESS', startDate: '2026-01-01', returnDate: '2026-03-02' }, required: true },
    { name: 'occupational disease, 1 day', stoppage: { cause: 'OCCUPATIONAL_DISEASE', startDate: '2026-05-04', returnDate: '2026-05-05' }, required: true },
    { name: 'maternity leave', stoppage: { cause: 'MATERNITY', startDate: '2026-01-05', returnDate: '2026-04-27' }, required: true },
  ];
  for (const { name, stoppage, required } of cases) {
    it(`${name} → ${required ? 'visit' : 'no visit'}`, () => {
      expect(repriseVisitRequired(stoppage, reprise)).toBe(required);
    });
  }

  it('follows the published configuration, not a constant', () => {
    const stricter = { ...reprise, minAbsenceDays: { ...reprise.minAbsenceDays, WORK_ACCIDENT: 15 } };
    expect(repriseVisitRequired({ cause: 'WORK_ACCIDENT', startDate: '2026-03-01', returnDate: '2026-03-20' }, stricter)).toBe(true);
  });
});

describe('R-REPRISE-2: the exam happens on the return day, at the latest 8 days after', () => {
  it('due on the return day, deadline 8 days later (inclusive)', () => {
    expect(repriseVisitWindow({ cause: 'ILLNESS', startDate: '2026-01-01', returnDate: '2026-03-02' }, reprise)).toEqual({
      dueDate: '2026-03-02',
      deadline: '2026-03-10',
    });
  });

  it('crosses a month and a year end', () => {
    expect(repriseVisitWindow({ cause: 'MATERNITY', startDate: '2026-09-01', returnDate: '2026-12-28' }, reprise).deadline).toBe('2027-01-05');
  });

  it('ends at midnight Paris time of the deadline day, across DST changes', () => {
    // Summer time starts on 29 March 2026 and ends on 25 October 2026.
    expect(endOfParisDay('2026-03-28').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(endOfParisDay('2026-03-29').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(endOfParisDay('2026-10-25').toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('reads today in Paris, not in UTC', () => {
    expect(parisCivilDate(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
    expect(parisCivilDate(new Date('2026-12-31T22:59:00Z'))).toBe('2026-12-31');
  });
});

describe('R-CAT-1..3: follow-up category', () => {
  const adult = { birthDate: '1990-06-15', asOf: '2026-11-23', nightWork: false };
  const category = (risks: RiskCode[], overrides: Partial<typeof adult> = {}) =>
    followUpCategory({ ...adult, ...overrides, risks }, categories);

  it('R-CAT-1: SIS without any particular risk or situation', () => expect(category([])).toBe('SIS'));
  it('R-CAT-3: asbestos exposure → SIR', () => expect(category(['ASBESTOS'])).toBe('SIR'));
  it('R-CAT-3: specific aptitude (driving authorisation) → SIR', () => expect(category(['DRIVING_AUTHORISATION'])).toBe('SIR'));
  it('R-CAT-3: SIR wins over an SIA situation', () => expect(category(['IONISING_RADIATION'], { nightWork: true })).toBe('SIR'));
  it('R-CAT-2: night work → SIA', () => expect(category([], { nightWork: true })).toBe('SIA'));
  it('R-CAT-2: biological agents group 2 → SIA', () => expect(category(['BIOLOGICAL_GROUP_2'])).toBe('SIA'));
  it('R-CAT-2: under 18 → SIA, and SIS from the 18th birthday', () => {
    expect(category([], { birthDate: '2008-11-24' })).toBe('SIA');
    expect(category([], { birthDate: '2008-11-23' })).toBe('SIS');
  });
});

describe('R-DEL-1, R-DEL-2, R-REPRISE-3, R-SIR-4: who concludes what', () => {
  it('R-DEL-1: the return visit may be delegated to a nurse', () => {
    expect(performerFor('REPRISE')).toBe('DOCTOR_OR_NURSE');
    expect(roleMayPerform('NURSE', 'DOCTOR_OR_NURSE')).toBe(true);
    expect(roleMayPerform('NURSE', 'DOCTOR')).toBe(false);
    expect(roleMayPerform('ASSISTANT', 'DOCTOR_OR_NURSE')).toBe(false);
  });

  it('R-REPRISE-3: a non-SIR worker gets an attestation or an inaptitude, a SIR worker an avis', () => {
    expect(allowedOutcomes('REPRISE', 'SIS')).toEqual(['ATTESTATION', 'ATTESTATION_WITH_MEASURES', 'INAPTITUDE']);
    expect(allowedOutcomes('REPRISE', 'SIR')).toEqual(['APTITUDE', 'APTITUDE_WITH_MEASURES', 'INAPTITUDE']);
  });

  it('R-DEL-2: only the plain attestation is open to a nurse', () => {
    expect(outcomeRequiresDoctor('ATTESTATION')).toBe(false);
    for (const outcome of ['ATTESTATION_WITH_MEASURES', 'APTITUDE', 'APTITUDE_WITH_MEASURES', 'INAPTITUDE'] as const) {
      expect(outcomeRequiresDoctor(outcome)).toBe(true);
    }
  });
});

describe('calendar arithmetic', () => {
  it('month ends clamp: 31 January + 3 months = 30 April', () => expect(plusMonths('2026-01-31', 3)).toBe('2026-04-30'));
  it('leap day: 29 February + 1 year = 28 February', () => expect(plusYears('2024-02-29', 1)).toBe('2025-02-28'));
  it('rejects impossible dates', () => {
    expect(isCivilDate('2026-02-29')).toBe(false);
    expect(isCivilDate('2024-02-29')).toBe(true);
    expect(isCivilDate('2026-13-01')).toBe(false);
    expect(isCivilDate('26-01-01')).toBe(false);
  });
});

describe('issue 5: the coded reasons of coordinators’ decisions are protocol data', () => {
  const withCancelReasons = (CANCEL: { code: string; label: string }[]) =>
    protocolConfigSchema.safeParse({ ...defaultProtocolConfig, steeringReasons: { ...defaultProtocolConfig.steeringReasons, CANCEL } });

  it('a version published before the lists existed reads with the default lists', () => {
    const { steeringReasons: _, ...older } = defaultProtocolConfig;
    expect(protocolConfigSchema.parse(older).steeringReasons.CANCEL.map((option) => option.code)).toContain('OTHER');
  });

  it('a version published before reassignment took a reason keeps its own lists and gains the default reassignment one', () => {
    const { REASSIGN: _, ...earlier } = defaultProtocolConfig.steeringReasons;
    const CANCEL = [{ code: 'CUSTOM_CODE', label: 'Motif propre au service' }, { code: 'OTHER', label: 'Autre motif' }];
    const parsed = protocolConfigSchema.parse({ ...defaultProtocolConfig, steeringReasons: { ...earlier, CANCEL } }).steeringReasons;
    expect(parsed.CANCEL).toEqual(CANCEL);
    expect(parsed.REASSIGN.map((option) => option.code)).toEqual(['PROFESSIONAL_ABSENT', 'WORKLOAD', 'DELEGATION', 'OTHER']);
  });

  it('refuses a list without « Autre motif », or with a code twice, and says which', () => {
    const withoutOther = withCancelReasons([{ code: 'DUPLICATE', label: 'Visite en double' }]);
    expect(withoutOther.success).toBe(false);
    expect(withoutOther.error?.issues.map((issue) => issue.message)).toContain('Gardez le motif OTHER (« Autre motif », précisé en texte libre)');
    const twice = withCancelReasons([
      { code: 'DUPLICATE', label: 'Visite en double' },
      { code: 'DUPLICATE', label: 'Doublon' },
      { code: 'OTHER', label: 'Autre motif' },
    ]);
    expect(twice.error?.issues.map((issue) => issue.message)).toEqual(['Le code DUPLICATE figure deux fois']);
  });

  it('refuses a lower-case code and a label too long to fit the workflow’s reason', () => {
    const result = withCancelReasons([
      { code: 'doublon', label: 'Visite en double' },
      { code: 'OTHER', label: 'x'.repeat(91) },
    ]);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['steeringReasons.CANCEL.0.code', 'steeringReasons.CANCEL.1.label']);
  });
});
