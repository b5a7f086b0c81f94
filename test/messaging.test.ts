// R-TELE-5, R-TELE-12: what the employee receives, by email through a real SMTP server and by SMS,
// and that a retried send never delivers a message twice.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarInvitation, type CalendarEvent } from '../activities/messaging/ics.js';
import { createMailTransport, createMessaging, type Messaging, type OutgoingMessage } from '../activities/messaging/messaging.js';
import { createHttpSmsProvider, createOutboxSmsProvider } from '../activities/messaging/sms.js';
import { renderTemplate } from '../activities/messaging/templates.js';
import { defaultProtocolConfig } from '../workflows/rules/protocol-config.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { aVisitRow } from './support/rows.js';
import { icsProperties, startSmtpCapture, type CapturedMail } from './support/smtp.js';

const FROM = 'SPSTI de test <no-reply@spsti.test>';
const sentAt = new Date('2026-12-01T08:00:00Z');
const appointment = new Date('2026-12-03T09:00:00Z');
const convocation = defaultProtocolConfig.messages.TELECONSULTATION_CONVOCATION;
const connection = defaultProtocolConfig.messages.TELECONSULTATION_CONNECTION;
const convocationValues = {
  visitType: 'visite de reprise',
  appointmentDate: 'jeudi 3 décembre 2026',
  appointmentTime: '10 h 00',
  employeeName: 'Julie Martin',
  professionalName: 'Dr Claire Martin',
  link: 'https://sante-travail.example/teleconsultation/jeton',
  serviceName: 'SPSTI de test',
};

let database: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
let outbox: string;
let messaging: Messaging;
let keys = 0;

beforeAll(async () => {
  [database, smtp, outbox] = await Promise.all([createTestDatabase(), startSmtpCapture(), mkdtemp(path.join(tmpdir(), 'sms-outbox-'))]);
  messaging = messagingThrough(smtp.url);
});
afterAll(async () => {
  await Promise.all([database?.drop(), smtp?.stop(), outbox && rm(outbox, { recursive: true, force: true })]);
});

function messagingThrough(smtpUrl: string): Messaging {
  return createMessaging({ db: database.db, mail: createMailTransport(smtpUrl), sms: createOutboxSmsProvider(outbox), from: FROM, now: () => sentAt });
}

/** A key of its own for each message, as each teleconsultation has its own. */
function aKey(purpose: string): string {
  keys += 1;
  return `tc-${keys}:${purpose}`;
}

function mailsTo(recipient: string): CapturedMail[] {
  return smtp.messages.filter((mail) => mail.to.includes(recipient));
}

function aConvocation(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    idempotencyKey: aKey('convocation:EMAIL'),
    channel: 'EMAIL',
    recipient: `salarie-${keys}@exemple.fr`,
    template: convocation,
    values: convocationValues,
    ...overrides,
  };
}

/** The SMS the outbox holds for a key, as a developer would find them. */
async function outboxFilesFor(idempotencyKey: string): Promise<{ to: string; body: string }[]> {
  const files = await Promise.all((await readdir(outbox)).map(async (file) => JSON.parse(await readFile(path.join(outbox, file), 'utf8'))));
  return files.filter((sms: { idempotencyKey: string }) => sms.idempotencyKey === idempotencyKey);
}

describe('emails', () => {
  it('arrive with the French subject and body, the PDF document and a calendar invitation', async () => {
    const visit = await aVisitRow(database.db);
    const pdf = await PDFDocument.create();
    pdf.addPage().drawText('Attestation de suivi');
    const content = new Uint8Array(await pdf.save());
    const document = await database.db.document.create({
      data: {
        visitId: visit.id,
        kind: 'ATTESTATION',
        fileName: 'attestation-reprise.pdf',
        content,
        sha256: createHash('sha256').update(content).digest('hex'),
        idempotencyKey: `${visit.id}:attestation`,
      },
    });
    const event: CalendarEvent = {
      uid: `teleconsultation-${visit.id}@spsti.test`,
      start: appointment,
      durationMinutes: 30,
      summary: 'Téléconsultation : visite de reprise',
      description: 'Avec Dr Claire Martin',
      url: convocationValues.link,
    };
    const message = aConvocation({ visitId: visit.id, attachmentDocumentIds: [document.id], calendarEvent: event });

    expect(await messaging.send(message)).toEqual({ status: 'SENT' });

    const [mail] = mailsTo(message.recipient);
    expect(mail?.from).toBe('no-reply@spsti.test');
    expect(mail?.subject).toBe('Convocation : visite de reprise le jeudi 3 décembre 2026 à 10 h 00 (téléconsultation)');
    expect(mail?.text).toContain('Bonjour Julie Martin,');
    expect(mail?.text).toContain('avec Dr Claire Martin');
    expect(mail?.text).toContain(convocationValues.link);
    const attachment = mail?.attachments.find((candidate) => candidate.contentType === 'application/pdf');
    expect(attachment?.filename).toBe('attestation-reprise.pdf');
    expect(Buffer.compare(attachment?.content ?? Buffer.alloc(0), Buffer.from(content))).toBe(0);
    expect(mail?.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    const invitation = mail?.attachments.find((candidate) => candidate.filename === 'invitation.ics');
    const ics = icsProperties(invitation?.content.toString('utf8') ?? '');
    expect(ics.get('METHOD')).toEqual(['REQUEST']);
    expect(ics.get('UID')).toEqual([event.uid]);
    expect(ics.get('DTSTART')).toEqual(['20261203T090000Z']);
    expect(ics.get('DTEND')).toEqual(['20261203T093000Z']);
    expect(ics.get('URL')).toEqual([convocationValues.link]);
    expect(ics.get('ORGANIZER')).toEqual(['mailto:no-reply@spsti.test']);

    const row = await database.db.outboundMessage.findUniqueOrThrow({ where: { idempotencyKey: message.idempotencyKey } });
    expect(row).toMatchObject({ status: 'SENT', attempts: 1, visitId: visit.id, attachmentDocumentIds: [document.id], sentAt, lastError: null });
    expect(row.subject).toBe(mail?.subject);
    expect(row.providerMessageId).toBe(mail?.messageId);
  });

  it('are delivered once when sent twice with the same key', async () => {
    const message = aConvocation();

    expect(await messaging.send(message)).toEqual({ status: 'SENT' });
    expect(await messaging.send(message)).toEqual({ status: 'ALREADY_SENT' });

    expect(mailsTo(message.recipient)).toHaveLength(1);
    expect(await database.db.outboundMessage.findUniqueOrThrow({ where: { idempotencyKey: message.idempotencyKey } })).toMatchObject({
      status: 'SENT',
      attempts: 1,
    });
  });

  it('carry a Message-ID derived from the key, so a resend after a crash is recognised as the same message', async () => {
    const first = aConvocation();
    const other = aConvocation();
    await messaging.send(first);
    await messaging.send(other);
    // The crash between the SMTP server's acceptance and the SENT mark: the row is still pending, its claim long expired.
    await database.db.outboundMessage.update({
      where: { idempotencyKey: first.idempotencyKey },
      data: { status: 'PENDING', claimedAt: new Date(Date.now() - 3_600_000) },
    });

    expect(await messaging.send(first)).toEqual({ status: 'SENT' });

    const [original, resent] = mailsTo(first.recipient);
    expect(resent?.messageId).toBe(original?.messageId);
    expect(original?.messageId).toMatch(/^<[0-9a-f]+@spsti>$/);
    expect(mailsTo(other.recipient)[0]?.messageId).not.toBe(original?.messageId);
  });

  it('record the SMTP failure, and the next attempt sends once', async () => {
    const down = await startSmtpCapture();
    await down.stop();
    const message = aConvocation();

    await expect(messagingThrough(down.url).send(message)).rejects.toThrow(/ECONNREFUSED/);

    const failed = await database.db.outboundMessage.findUniqueOrThrow({ where: { idempotencyKey: message.idempotencyKey } });
    expect(failed.status).toBe('FAILED');
    expect(failed.lastError).toMatch(/ECONNREFUSED/);
    expect(mailsTo(message.recipient)).toHaveLength(0);

    expect(await messaging.send(message)).toEqual({ status: 'SENT' });

    expect(mailsTo(message.recipient)).toHaveLength(1);
    expect(await database.db.outboundMessage.findUniqueOrThrow({ where: { idempotencyKey: message.idempotencyKey } })).toMatchObject({
      status: 'SENT',
      attempts: 2,
      lastError: null,
    });
  });

  it('are not sent by a second attempt while the first one still holds its claim', async () => {
    const message = aConvocation();
    // A retry that starts while the timed-out attempt is still talking to the SMTP server finds the row just claimed.
    await database.db.outboundMessage.create({
      data: { idempotencyKey: message.idempotencyKey, channel: 'EMAIL', recipient: message.recipient, body: 'en cours', status: 'PENDING', attempts: 1 },
    });

    await expect(messaging.send(message)).rejects.toThrow('envoi déjà en cours par une autre tentative');
    expect(mailsTo(message.recipient)).toHaveLength(0);

    // Once that claim has expired (a minute), the attempt that held it is surely over: the next one sends, once.
    await database.db.outboundMessage.update({ where: { idempotencyKey: message.idempotencyKey }, data: { claimedAt: new Date(Date.now() - 61_000) } });
    expect(await messaging.send(message)).toEqual({ status: 'SENT' });
    expect(await messaging.send(message)).toEqual({ status: 'ALREADY_SENT' });
    expect(mailsTo(message.recipient)).toHaveLength(1);
    expect(await database.db.outboundMessage.findUniqueOrThrow({ where: { idempotencyKey: message.idempotencyKey } })).toMatchObject({
      status: 'SENT',
      attempts: 2,
    });
  });

  it('are not sent when the template uses a value nobody gave', async () => {
    const message = aConvocation({ template: { subject: 'Rendez-vous', body: 'Bonjour {{employeeName}}, salle {{salle}}' } });

    await expect(messaging.send(message)).rejects.toThrow('{{salle}}');

    expect(mailsTo(message.recipient)).toHaveLength(0);
    expect(await database.db.outboundMessage.count({ where: { idempotencyKey: message.idempotencyKey } })).toBe(0);
  });
});

describe('SMS', () => {
  it('through the outbox are written once, with the rendered body, even when sent twice', async () => {
    const idempotencyKey = aKey('connection:SMS');
    const message: OutgoingMessage = {
      idempotencyKey,
      channel: 'SMS',
      recipient: '+33611223344',
      template: connection,
      values: { employeeName: 'Julie Martin', link: convocationValues.link, accessCode: '482913', serviceName: 'SPSTI de test', appointmentTime: '10 h 00' },
    };

    expect(await messaging.send(message)).toEqual({ status: 'SENT' });
    expect(await messaging.send(message)).toEqual({ status: 'ALREADY_SENT' });
    // The provider on its own is idempotent too: a resend rewrites the same file.
    await createOutboxSmsProvider(outbox).send({ to: message.recipient, body: 'renvoi', idempotencyKey });

    expect(await outboxFilesFor(idempotencyKey)).toHaveLength(1);
    const row = await database.db.outboundMessage.findUniqueOrThrow({ where: { idempotencyKey } });
    expect(row).toMatchObject({ status: 'SENT', channel: 'SMS', subject: null, attempts: 1 });
    expect(row.body).toContain('Code d’accès : 482913');
    expect(row.body).toContain(convocationValues.link);
  });

  it('through the outbox can be read by a developer', async () => {
    await createOutboxSmsProvider(outbox).send({ to: '+33611223344', body: 'Votre code : 123456', idempotencyKey: 'lisible:1' });

    expect(await outboxFilesFor('lisible:1')).toEqual([expect.objectContaining({ to: '+33611223344', body: 'Votre code : 123456' })]);
  });

  it('through an HTTP gateway carry the token, the sender and the idempotency key', async () => {
    const received: { method?: string; headers: IncomingHttpHeaders; body: unknown }[] = [];
    const gateway = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ method: request.method, headers: request.headers, body: JSON.parse(body) });
        if (request.headers.authorization !== 'Bearer gateway-token') {
          response.writeHead(401).end('jeton refusé');
        } else {
          response.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id: `sms-${received.length}` }));
        }
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/messages`;

      const sent = await createHttpSmsProvider({ url, token: 'gateway-token', sender: 'SPSTI' }).send({
        to: '+33611223344',
        body: 'Code d’accès : 482913',
        idempotencyKey: 'tc-http:connection:SMS',
      });
      const refused = createHttpSmsProvider({ url, token: 'wrong-token', sender: 'SPSTI' }).send({
        to: '+33611223344',
        body: 'Code d’accès : 482913',
        idempotencyKey: 'tc-http-2:connection:SMS',
      });

      await expect(refused).rejects.toThrow(/HTTP 401 jeton refusé/);
      expect(sent).toEqual({ providerMessageId: 'sms-1' });
      expect(received[0]).toMatchObject({
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'tc-http:connection:SMS' },
        body: { to: '+33611223344', text: 'Code d’accès : 482913', sender: 'SPSTI', reference: 'tc-http:connection:SMS' },
      });
    } finally {
      await new Promise((resolve) => gateway.close(resolve));
    }
  });
});

describe('templates', () => {
  it('fill every placeholder of subject and body', () => {
    expect(renderTemplate({ subject: 'Visite du {{date}}', body: '{{name}}, le {{ date }}.' }, { date: '3 décembre', name: 'Julie' })).toEqual({
      subject: 'Visite du 3 décembre',
      body: 'Julie, le 3 décembre.',
    });
  });

  it('name the placeholder that has no value', () => {
    expect(() => renderTemplate({ subject: 'Bonjour', body: 'Code : {{accessCode}}' }, {})).toThrow('{{accessCode}}');
    expect(() => renderTemplate({ subject: '{{toString}}', body: '' }, {})).toThrow('{{toString}}');
  });

  it('fill every message the protocol configuration ships', () => {
    for (const template of Object.values(defaultProtocolConfig.messages)) {
      const names = [...`${template.subject} ${template.body}`.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1] ?? '');
      const rendered = renderTemplate(template, Object.fromEntries(names.map((name) => [name, `«${name}»`])));
      expect(`${rendered.subject}${rendered.body}`).not.toContain('{{');
    }
  });
});

describe('calendar invitations', () => {
  const event: CalendarEvent = {
    uid: 'tc-42@spsti.test',
    start: appointment,
    durationMinutes: 45,
    summary: 'Téléconsultation ; visite de reprise, Dr Martin',
    description:
      'Préparez vos documents : ordonnances, comptes rendus d’hospitalisation; pièce d’identité.\nLien : https://sante-travail.example/teleconsultation/jeton\\fin',
    sequence: 2,
  };

  it('keep commas, semicolons, backslashes and line breaks through escaping and folding', () => {
    const ics = calendarInvitation(event, { name: 'SPSTI de test', email: 'no-reply@spsti.test' });

    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const properties = icsProperties(ics);
    expect(properties.get('SUMMARY')).toEqual([event.summary]);
    expect(properties.get('DESCRIPTION')).toEqual([event.description]);
    expect(properties.get('SEQUENCE')).toEqual(['2']);
    expect(properties.get('DTEND')).toEqual(['20261203T094500Z']);
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });

  it('cancel the appointment with the same UID', () => {
    const properties = icsProperties(calendarInvitation({ ...event, cancelled: true, sequence: 3 }, { name: 'SPSTI', email: 'no-reply@spsti.test' }));

    expect(properties.get('METHOD')).toEqual(['CANCEL']);
    expect(properties.get('STATUS')).toEqual(['CANCELLED']);
    expect(properties.get('UID')).toEqual([event.uid]);
  });
});
