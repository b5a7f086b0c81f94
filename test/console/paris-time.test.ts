// Appointment times typed in Paris become the instants the workflow stores.
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../activities/domain/errors.js';
import { parisInstant } from '../../console/app/services/paris-time.server.js';

describe('Paris wall-clock time to instant', () => {
  it('uses UTC+1 in winter and UTC+2 in summer', () => {
    expect(parisInstant('2026-12-01T09:30')).toBe('2026-12-01T09:30:00.000+01:00');
    expect(parisInstant('2026-07-01T09:30')).toBe('2026-07-01T09:30:00.000+02:00');
    expect(Date.parse(parisInstant('2026-12-01T09:30'))).toBe(Date.parse('2026-12-01T08:30:00Z'));
  });

  it('refuses a time skipped by the change to summer time, with a French field error', () => {
    const refusal = (() => {
      try {
        parisInstant('2026-03-29T02:30');
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).fields).toEqual({ appointmentAt: 'Cette heure n’existe pas à Paris (passage à l’heure d’été)' });
  });

  it('reads the repeated hour of the change to winter time in winter time', () => {
    expect(parisInstant('2026-10-25T02:30')).toBe('2026-10-25T02:30:00.000+01:00');
  });
});
