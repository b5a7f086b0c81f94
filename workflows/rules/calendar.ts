// Calendar days as `YYYY-MM-DD` strings. Deadlines in the labour code are counted in calendar days
// and months in France, so every date here is a Europe/Paris civil date, never an instant.
// Date-only values are computed on UTC midnights, where no DST change can shift a day.
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

/** The Monday of a civil date's week. */
export function mondayOf(date: CivilDate): CivilDate {
  const weekday = toUtcMidnight(date).getUTCDay();
  return plusDays(date, -((weekday + 6) % 7));
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

// Plain Intl rather than a Date subclass: Temporal's workflow sandbox replaces Date, and Date
// subclasses built from a timestamp there read the wrong day.
const parisParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

function parisWallClock(instant: Date): { date: CivilDate; minutesSinceMidnightUtc: number } {
  const part = (type: string) => parisParts.formatToParts(instant).find((candidate) => candidate.type === type)!.value;
  return { date: `${part('year')}-${part('month')}-${part('day')}`, minutesSinceMidnightUtc: Number(part('hour')) * 60 + Number(part('minute')) };
}

/** The civil date in Paris at an instant (the workflow passes its deterministic clock). */
export function parisCivilDate(instant: Date): CivilDate {
  return parisWallClock(instant).date;
}

/** Minutes Paris is ahead of UTC at an instant: 60 in winter, 120 in summer. */
function parisOffsetMinutes(instant: Date): number {
  const wall = parisWallClock(instant);
  const wallAsUtc = toUtcMidnight(wall.date).getTime() + wall.minutesSinceMidnightUtc * 60_000;
  return Math.round((wallAsUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/** The instant a Paris civil day ends (next midnight), correct across DST changes (which never happen at midnight). */
export function endOfParisDay(date: CivilDate): Date {
  const nextMidnightAsUtc = toUtcMidnight(plusDays(date, 1)).getTime();
  return new Date(nextMidnightAsUtc - parisOffsetMinutes(new Date(nextMidnightAsUtc)) * 60_000);
}

/** 2026-03-12 → 12/03/2026, as French readers expect. */
export function frenchDate(date: CivilDate): string {
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year}`;
}
