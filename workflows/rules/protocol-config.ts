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
};
