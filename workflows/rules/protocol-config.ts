// The protocol configuration: every number or list of the rules is data here, with DOMAIN.md's
// values as shipped defaults. Administrators publish new versions; a running visit keeps the
// version it started with (its `protocolVersion`).
import { z } from 'zod';

export const sirRiskCodes = [
  'ASBESTOS',
  'LEAD',
  'CMR',
  'BIOLOGICAL_GROUP_3_4',
  'IONISING_RADIATION',
  'IONISING_RADIATION_CATEGORY_A',
  'HYPERBARIC',
  'SCAFFOLDING_FALL',
  'DRIVING_AUTHORISATION',
  'ELECTRICAL_CLEARANCE',
  'MINOR_PROHIBITED_WORK',
  'MANUAL_HANDLING_OVER_55KG',
  'EMPLOYER_LISTED',
] as const;

export const siaRiskCodes = ['BIOLOGICAL_GROUP_2', 'EMF_ABOVE_LIMITS'] as const;

export const riskCodes = [...sirRiskCodes, ...siaRiskCodes] as const;
export type RiskCode = (typeof riskCodes)[number];

export const stoppageCauses = ['ILLNESS', 'WORK_ACCIDENT', 'OCCUPATIONAL_DISEASE', 'MATERNITY'] as const;
export type StoppageCause = (typeof stoppageCauses)[number];

const days = z.number().int().min(0).max(3650);
const months = z.number().int().min(0).max(120);
const years = z.number().int().min(1).max(10);

export const protocolConfigSchema = z.object({
  category: z.object({
    // R-CAT-3
    sirRisks: z.array(z.enum(riskCodes)),
    // R-CAT-2 (the risk-based part; night work, age and personal situations are attributes of the employee)
    siaRisks: z.array(z.enum(riskCodes)),
    adultAge: z.number().int().min(16).max(21),
  }),
  reprise: z.object({
    // R-REPRISE-1: minimum absence (returnDate − startDate, in days) that makes the return visit mandatory
    minAbsenceDays: z.object({
      ILLNESS: days,
      WORK_ACCIDENT: days,
      OCCUPATIONAL_DISEASE: days,
      MATERNITY: days,
    }),
    // R-REPRISE-2: the exam happens at the latest this many days after the return day
    deadlineDaysAfterReturn: days,
  }),
  vip: z.object({
    // R-VIP-1
    initialDeadlineMonths: months,
    apprenticeInitialDeadlineMonths: months,
    // R-VIP-4
    exemptionLookbackYears: years,
    // R-VIP-5: the longest interval the professional may set before the next VIP
    maxRenewalYears: z.object({ SIS: years, SIA: years, UNDER_AGE: years }),
  }),
  sir: z.object({
    // R-SIR-2, R-SIR-3
    intermediateAfterYears: years,
    renewalAfterYears: years,
    // R-SIR-3: posts renewed every year (under-18s on prohibited work, category-A ionising radiation)
    yearlyRenewalRisks: z.array(z.enum(riskCodes)),
  }),
  midCareer: z.object({
    // R-MID-1
    age: z.number().int().min(30).max(60),
    earliestAge: z.number().int().min(30).max(60),
  }),
  preReprise: z.object({
    // R-PRE-1: sick leave longer than this opens the pre-return visit
    minStoppageDays: days,
    deadlineDays: days,
  }),
  postExposure: z.object({
    // R-POST-1 says "as soon as possible": this is the service's target
    deadlineDays: days,
  }),
  liaison: z.object({
    // R-LIAISON-1
    offerWithinDaysOfAcceptance: days,
  }),
  onRequest: z.object({
    // R-DEMANDE-1 sets no deadline: this is the service's target
    deadlineDays: days,
  }),
  noShow: z.object({
    // R-OPS-1
    excuseHoursAhead: z.number().int().min(0).max(720),
  }),
  planning: z.object({
    // Periodic visits open this many days before they are due, so coordinators can book them
    leadDays: days,
  }),
  // R-DEL-2..4 say "sans délai": the doctor sees a re-oriented employee within this many days, then coordinators
  // escalate. Defaulted so versions published before it existed still parse.
  delegation: z.object({ reorientationDeadlineDays: days }).default({ reorientationDeadlineDays: 2 }),
});

export type ProtocolConfig = z.infer<typeof protocolConfigSchema>;

export const defaultProtocolConfig: ProtocolConfig = {
  category: {
    sirRisks: [...sirRiskCodes],
    siaRisks: [...siaRiskCodes],
    adultAge: 18,
  },
  reprise: {
    minAbsenceDays: { ILLNESS: 60, WORK_ACCIDENT: 30, OCCUPATIONAL_DISEASE: 1, MATERNITY: 1 },
    deadlineDaysAfterReturn: 8,
  },
  vip: {
    initialDeadlineMonths: 3,
    apprenticeInitialDeadlineMonths: 2,
    exemptionLookbackYears: 5,
    // DOMAIN.md: the text says 3 years for under-18s, the infographic 5; the stricter ships.
    maxRenewalYears: { SIS: 5, SIA: 3, UNDER_AGE: 3 },
  },
  sir: {
    intermediateAfterYears: 2,
    renewalAfterYears: 4,
    yearlyRenewalRisks: ['MINOR_PROHIBITED_WORK', 'IONISING_RADIATION_CATEGORY_A'],
  },
  midCareer: { age: 45, earliestAge: 43 },
  preReprise: { minStoppageDays: 30, deadlineDays: 15 },
  postExposure: { deadlineDays: 30 },
  liaison: { offerWithinDaysOfAcceptance: 15 },
  onRequest: { deadlineDays: 30 },
  noShow: { excuseHoursAhead: 48 },
  planning: { leadDays: 60 },
  delegation: { reorientationDeadlineDays: 2 },
};
