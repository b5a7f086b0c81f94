import { daysBetween, plusDays, type CivilDate } from './calendar.js';
import type { ProtocolConfig, StoppageCause } from './protocol-config.js';

export interface Stoppage {
  cause: StoppageCause;
  /** First day off work. */
  startDate: CivilDate;
  /** First day back at work. */
  returnDate: CivilDate;
}

export function absenceDays(stoppage: Stoppage): number {
  return daysBetween(stoppage.startDate, stoppage.returnDate);
}

/** R-REPRISE-1: occupational disease (any length), maternity, work accident ≥ 30 days, illness ≥ 60 days. */
export function repriseVisitRequired(stoppage: Stoppage, config: ProtocolConfig['reprise']): boolean {
  return absenceDays(stoppage) >= config.minAbsenceDays[stoppage.cause];
}

export interface VisitWindow {
  dueDate: CivilDate;
  /** Last allowed day, inclusive. */
  deadline: CivilDate;
}

/** R-REPRISE-2: on the return day, at the latest 8 days after it. */
export function repriseVisitWindow(stoppage: Stoppage, config: ProtocolConfig['reprise']): VisitWindow {
  return {
    dueDate: stoppage.returnDate,
    deadline: plusDays(stoppage.returnDate, config.deadlineDaysAfterReturn),
  };
}
