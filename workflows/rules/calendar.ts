// Calendar days as `YYYY-MM-DD` strings. Deadlines in the labour code are counted in calendar days
// and months in France, so every date here is a Europe/Paris civil date, never an instant.
// Date-only values are computed on UTC midnights, where no DST change can shift a day.
import { TZDate } from '@date-fns/tz';
import { addDays, addMonths, addYears, differenceInCalendarDays } from 'date-fns';

export type CivilDate = string;

const CIVIL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCivilDate(value: string): boolean {
  const match = CIVIL_DATE.exec(value);
  if (!match) return false;
  const date = toUtcMidnight(value);
  return !Number.isNaN(date.getTime()) && fromUtcMidnight(date) === value;
}

function toUtcMidnight(date: CivilDate): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

function fromUtcMidnight(date: Date): CivilDate {
  return date.toISOString().slice(0, 10);
}

export function plusDays(date: CivilDate, days: number): CivilDate {
  return fromUtcMidnight(addDays(toUtcMidnight(date), days));
}

/** Month arithmetic clamps to the month's last day: 31 January + 3 months = 30 April. */
export function plusMonths(date: CivilDate, months: number): CivilDate {
  return fromUtcMidnight(addMonths(toUtcMidnight(date), months));
}

/** 29 February + 1 year = 28 February. */
export function plusYears(date: CivilDate, years: number): CivilDate {
  return fromUtcMidnight(addYears(toUtcMidnight(date), years));
}

export function daysBetween(from: CivilDate, to: CivilDate): number {
  return differenceInCalendarDays(toUtcMidnight(to), toUtcMidnight(from));
}

export function compareCivil(a: CivilDate, b: CivilDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Prisma returns `@db.Date` columns as UTC midnights. */
export function civilFromDbDate(date: Date): CivilDate {
  return fromUtcMidnight(date);
}

export function dbDateFromCivil(date: CivilDate): Date {
  return toUtcMidnight(date);
}

const PARIS = 'Europe/Paris';

/** The civil date in Paris at an instant (the workflow passes its deterministic clock). */
export function parisCivilDate(instant: Date): CivilDate {
  return new TZDate(instant.getTime(), PARIS).toISOString().slice(0, 10);
}

/** The instant a Paris civil day ends (next midnight), correct across DST changes. */
export function endOfParisDay(date: CivilDate): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1, day + 1, 0, 0, 0, PARIS).getTime());
}

/** 2026-03-12 → 12/03/2026, as French readers expect. */
export function frenchDate(date: CivilDate): string {
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year}`;
}
