import { plusYears, type CivilDate } from './calendar.js';
import type { ProtocolConfig, RiskCode } from './protocol-config.js';

export type FollowUpCategory = 'SIS' | 'SIA' | 'SIR';

export interface CategoryInput {
  birthDate: CivilDate;
  risks: readonly RiskCode[];
  nightWork: boolean;
  /** R-CAT-2 personal situations; absent means no. */
  disabled?: boolean;
  invalidityPension?: boolean;
  /** Pregnant, post-partum or breastfeeding. */
  pregnant?: boolean;
  /** The day the category is evaluated for, usually the hire date or today. */
  asOf: CivilDate;
}

export function isUnderAge(birthDate: CivilDate, asOf: CivilDate, adultAge: number): boolean {
  return plusYears(birthDate, adultAge) > asOf;
}

/** R-CAT-2 situations other than age, which R-VIP-5 caps differently from under-age workers. */
export function adaptedSituation(input: Omit<CategoryInput, 'birthDate' | 'asOf'>, config: ProtocolConfig['category']): boolean {
  return (
    input.nightWork ||
    input.disabled === true ||
    input.invalidityPension === true ||
    input.pregnant === true ||
    input.risks.some((risk) => config.siaRisks.includes(risk))
  );
}

/** R-CAT-1..3: SIR when the post exposes to a listed risk, SIA for the R-CAT-2 situations, SIS otherwise. */
export function followUpCategory(input: CategoryInput, config: ProtocolConfig['category']): FollowUpCategory {
  if (input.risks.some((risk) => config.sirRisks.includes(risk))) return 'SIR';
  const siaSituation = adaptedSituation(input, config) || isUnderAge(input.birthDate, input.asOf, config.adultAge);
  return siaSituation ? 'SIA' : 'SIS';
}
