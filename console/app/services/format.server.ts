// Pages receive dates already written in French and in Paris time: the server and the browser
// may sit in different time zones, and a civil date must never shift by a day.
import { civilFromDbDate, frenchDate } from '../../../workflows/rules/calendar.js';

const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'full', timeStyle: 'short' });
const shortDateTimeFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' });

/** A `@db.Date` column as 12/03/2026. */
export function frenchDbDate(date: Date): string {
  return frenchDate(civilFromDbDate(date));
}

/** An instant as « mardi 1 décembre 2026 à 09:30 ». */
export function frenchDateTime(instant: Date): string {
  return dateTimeFormat.format(instant);
}

/** An instant as 01/12/2026 09:30, for dense lists. */
export function frenchShortDateTime(instant: Date): string {
  return shortDateTimeFormat.format(instant);
}

/** An employee as a list sorted by name shows them: the name in use, then the first names. */
export function surnameFirst(person: { firstNames: string; birthName: string; usedName: string | null }): string {
  return `${person.usedName ?? person.birthName} ${person.firstNames}`;
}

/** An employee as the service names them: the used name first, the birth name kept beside it. */
export function personName(person: { firstNames: string; birthName: string; usedName: string | null }): string {
  return person.usedName ? `${person.firstNames} ${person.usedName} (nom de naissance : ${person.birthName})` : `${person.firstNames} ${person.birthName}`;
}
