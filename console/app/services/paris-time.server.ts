// The scheduling form gives a Paris wall-clock time; the workflow wants an instant with its offset.
import { TZDate } from '@date-fns/tz';
import { DomainError } from '../../../activities/domain/errors.js';

/**
 * A datetime-local value read in Europe/Paris, as an ISO instant with its offset:
 * 2026-12-01T09:30 → 2026-12-01T09:30:00.000+01:00. A time skipped by the spring DST change does not exist;
 * the hour repeated in autumn is read in winter time (+01:00).
 */
export function parisInstant(local: string): string {
  const [date, time] = local.split('T') as [string, string];
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const instant = new TZDate(year, month - 1, day, hours, minutes, 0, 'Europe/Paris');
  if (instant.getDate() !== day || instant.getHours() !== hours || instant.getMinutes() !== minutes) {
    throw new DomainError('VALIDATION', 'Certaines données sont invalides.', {
      appointmentAt: 'Cette heure n’existe pas à Paris (passage à l’heure d’été)',
    });
  }
  return instant.toISOString();
}

const localInputFormat = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** The other way: an instant as its Paris datetime-local value, 2026-12-01T09:30. */
export function parisLocalInput(instant: Date): string {
  return localInputFormat.format(instant).replace(' ', 'T');
}
