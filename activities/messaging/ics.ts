// The invitation attached to a convocation (R-TELE-5), so the appointment lands in the employee's
// calendar; a cancellation with the same UID and a higher SEQUENCE removes it again (RFC 5545/5546).
export interface CalendarEvent {
  uid: string;
  start: Date;
  durationMinutes: number;
  summary: string;
  description: string;
  url?: string;
  /** Where an in-person visit takes place. */
  location?: string;
  sequence?: number;
  cancelled?: boolean;
}

const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;

export function calendarInvitation(event: CalendarEvent, organizer: { name: string; email: string }): string {
  if (!Number.isInteger(event.durationMinutes) || event.durationMinutes <= 0) {
    throw new Error(`Invitation : durée invalide (${event.durationMinutes} minutes)`);
  }
  const end = new Date(event.start.getTime() + event.durationMinutes * 60_000);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//SPSTI//Teleconsultation//FR',
    'CALSCALE:GREGORIAN',
    `METHOD:${event.cancelled ? 'CANCEL' : 'REQUEST'}`,
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${utc(new Date())}`,
    `SEQUENCE:${event.sequence ?? 0}`,
    `DTSTART:${utc(event.start)}`,
    `DTEND:${utc(end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    ...(event.location === undefined ? [] : [`LOCATION:${escapeText(event.location)}`]),
    // Parsed then re-serialised: a URI value is not escaped, so nothing may break the line.
    ...(event.url === undefined ? [] : [`URL:${new URL(event.url).href}`]),
    `ORGANIZER;CN="${organizer.name.replace(/["\r\n]/g, '')}":mailto:${organizer.email}`,
    `STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join(CRLF) + CRLF;
}

/** 20261110T083000Z: UTC, so no VTIMEZONE is needed. */
function utc(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function escapeText(text: string): string {
  return text.replace(/[\\;,]/g, (character) => `\\${character}`).replace(/\r\n|\r|\n/g, '\\n');
}

/** Splits a content line into 75-octet pieces (continuations start with a space), never inside a UTF-8 character. */
function fold(line: string): string {
  const pieces: string[] = [];
  let current = '';
  let octets = 0;
  for (const character of line) {
    const size = Buffer.byteLength(character);
    if (octets + size > MAX_LINE_OCTETS) {
      pieces.push(current);
      current = ' ';
      octets = 1;
    }
    current += character;
    octets += size;
  }
  pieces.push(current);
  return pieces.join(CRLF);
}
