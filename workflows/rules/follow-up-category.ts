import { plusYears, type CivilDate } from './calendar.js';
import type { ProtocolConfig, RiskCode } from './protocol-config.js';

export type FollowUpCategory = 'SIS' | 'SIA' | 'SIR';

export interface CategoryInput {
  birthDate: CivilDate;
  risks: readonly RiskCode[];
  nightWork: boolean;
  /** The day the category is evaluated for, usually the hire date or today. */
  asOf: CivilDate;
}

export function isUnderAge(birthDate: CivilDate, asOf: CivilDate, adultAge: number): boolean {
  return plusYears(birthDate, adultAge) > asOf;
}

/** R-CAT-1..3: SIR when the post exposes to a listed risk, SIA for the R-CAT-2 situations, SIS otherwise. */
export function followUpCategory(input: CategoryInput, config: ProtocolConfig['category']): FollowUpCategory {
  if (input.risks.some((risk) => config.sirRisks.includes(risk))) return 'SIR';
  const siaSituation =
    input.nightWork ||
    isUnderAge(input.birthDate, input.asOf, config.adultAge) ||
    input.risks.some((risk) => config.siaRisks.includes(risk));
  return siaSituation ? 'SIA' : 'SIS';
}
