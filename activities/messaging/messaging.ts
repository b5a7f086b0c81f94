// Every email and SMS the service sends goes through here, once per idempotency key: the
// OutboundMessage row records the attempt, so a retried Temporal activity never sends a second message.
import { createHash, randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import type { Db } from '../db.js';
import { calendarInvitation, type CalendarEvent } from './ics.js';
import type { SmsProvider } from './sms.js';
import { renderTemplate } from './templates.js';

export interface OutgoingMessage {
  /** e.g. `${teleconsultationId}:connection:SMS` */
  idempotencyKey: string;
  channel: 'EMAIL' | 'SMS';
  /** Email address or phone number. */
  recipient: string;
  /** From the protocol configuration's `messages[key]`. */
  template: { subject: string; body: string };
  /** Placeholder values. */
  values: Record<string, string>;
  visitId?: string;
  /** Document rows attached as PDF (email only). */
  attachmentDocumentIds?: string[];
  /** Attached as a text/calendar invitation (email only). */
  calendarEvent?: CalendarEvent;
}

export interface Messaging {
  send(message: OutgoingMessage): Promise<{ status: 'SENT' | 'ALREADY_SENT' }>;
}

const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };
// A PENDING row belongs to the attempt that claimed it for longer than an attempt can last (its SMTP waits
// added up): past that, the attempt is surely over and another may take the row.
const CLAIM_EXPIRES_AFTER_MS = SMTP_TIMEOUTS.connectionTimeout + SMTP_TIMEOUTS.greetingTimeout + SMTP_TIMEOUTS.socketTimeout + 10_000;

export function createMailTransport(smtpUrl: string): Transporter {
  // Bounded waits: an unreachable server fails the activity attempt (then retried) instead of hanging it.
  return nodemailer.createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS });
}

export function createMessaging(deps: {
  db: Db;
  mail: Transporter;
  sms: SmsProvider;
  from: string;
  now?: () => Date;
}): Messaging {
  const { db, mail, sms, from, now = () => new Date() } = deps;

  async function deliver(message: OutgoingMessage, rendered: { subject: string; body: string }): Promise<string> {
    if (message.channel === 'SMS') {
      const { providerMessageId } = await sms.send({ to: message.recipient, body: rendered.body, idempotencyKey: message.idempotencyKey });
      return providerMessageId;
    }
    const attachments = await loadAttachments(db, message.attachmentDocumentIds ?? []);
    const info = (await mail.sendMail({
      from,
      to: message.recipient,
      subject: rendered.subject,
      text: rendered.body,
      // The one window idempotency cannot close: the SMTP server accepted the message, then the process died
      // before the row was marked SENT, so the retry sends again. It carries the same Message-ID, which
      // receiving servers and mail clients use to drop the duplicate.
      messageId: messageIdFor(message.idempotencyKey),
      attachments,
      ...(message.calendarEvent && {
        icalEvent: {
          method: message.calendarEvent.cancelled ? 'CANCEL' : 'REQUEST',
          filename: 'invitation.ics',
          content: calendarInvitation(message.calendarEvent, organizerOf(from)),
        },
      }),
    })) as { messageId: string };
    return info.messageId;
  }

  return {
    async send(message) {
      if (message.channel === 'SMS' && (message.attachmentDocumentIds?.length || message.calendarEvent)) {
        throw new Error(`Message ${message.idempotencyKey} : pièces jointes et invitations ne partent que par courriel`);
      }
      const rendered = renderTemplate(message.template, message.values);
      // One statement, so two concurrent attempts cannot both see "not sent" and reset a SENT row.
      const claimed = await db.$queryRaw<{ id: string }[]>`
        INSERT INTO "OutboundMessage"
          ("id", "idempotencyKey", "channel", "recipient", "subject", "body", "attachmentDocumentIds", "visitId", "status", "attempts")
        VALUES (${randomUUID()}, ${message.idempotencyKey}, ${message.channel}::"MessageChannel", ${message.recipient},
          ${message.channel === 'EMAIL' ? rendered.subject : null}, ${rendered.body}, ${message.attachmentDocumentIds ?? []}::text[],
          ${message.visitId ?? null}, 'PENDING', 1)
        ON CONFLICT ("idempotencyKey") DO UPDATE SET "status" = 'PENDING', "attempts" = "OutboundMessage"."attempts" + 1, "claimedAt" = now()
          WHERE "OutboundMessage"."status" = 'FAILED'
            OR ("OutboundMessage"."status" = 'PENDING' AND "OutboundMessage"."claimedAt" < now() - ${CLAIM_EXPIRES_AFTER_MS} * interval '1 millisecond')
        RETURNING "id"`;
      if (claimed.length === 0) {
        const { status } = await db.outboundMessage.findUniqueOrThrow({ where: { idempotencyKey: message.idempotencyKey }, select: { status: true } });
        if (status === 'SENT') return { status: 'ALREADY_SENT' };
        // Another attempt holds a fresh claim (a retry that started while the timed-out one still talks to the
        // server): sending now could deliver twice, so this attempt fails and Temporal retries it later.
        throw new Error(`Message ${message.idempotencyKey} : envoi déjà en cours par une autre tentative`);
      }

      let providerMessageId: string;
      try {
        providerMessageId = await deliver(message, rendered);
      } catch (error) {
        await db.outboundMessage.update({
          where: { idempotencyKey: message.idempotencyKey },
          data: { status: 'FAILED', lastError: error instanceof Error ? error.message : String(error) },
        });
        throw error;
      }
      await db.outboundMessage.update({
        where: { idempotencyKey: message.idempotencyKey },
        data: { status: 'SENT', providerMessageId, sentAt: now(), lastError: null },
      });
      return { status: 'SENT' };
    },
  };
}

/** The Message-ID of an email: derived from its key, so a resend after a crash is recognisably the same message. */
export function messageIdFor(idempotencyKey: string): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}@spsti>`;
}

async function loadAttachments(db: Db, documentIds: string[]): Promise<{ filename: string; content: Buffer; contentType: string }[]> {
  if (documentIds.length === 0) return [];
  const documents = await db.document.findMany({ where: { id: { in: documentIds } }, select: { id: true, fileName: true, content: true } });
  return documentIds.map((id) => {
    const document = documents.find((candidate) => candidate.id === id);
    if (document === undefined) throw new Error(`Pièce jointe introuvable : document ${id}`);
    return { filename: document.fileName, content: Buffer.from(document.content), contentType: 'application/pdf' };
  });
}

/** The invitation's organizer is the sender: `Name <address>` or a bare address, as MAIL_FROM allows. */
function organizerOf(from: string): { name: string; email: string } {
  const [sender] = addressparser(from, { flatten: true });
  if (sender === undefined || sender.address === '') throw new Error(`Expéditeur des courriels invalide : ${from}`);
  return { name: sender.name || sender.address, email: sender.address };
}
