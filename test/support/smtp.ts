// A real SMTP server in the test process: what the service sends arrives here, parsed as a mail client would.
import { simpleParser } from 'mailparser';
import { startSmtpReceiver } from '../../worker/mail-catcher.js';

export interface CapturedMail {
  messageId: string | undefined;
  from: string;
  to: string[];
  subject: string;
  text: string;
  attachments: { filename: string | undefined; contentType: string; content: Buffer }[];
  /** The message exactly as received, headers included. */
  raw: string;
}

export async function startSmtpCapture(): Promise<{ url: string; messages: CapturedMail[]; stop(): Promise<void> }> {
  const messages: CapturedMail[] = [];
  const receiver = await startSmtpReceiver({
    host: '127.0.0.1',
    port: 0,
    onMessage: async (raw) => {
      const parsed = await simpleParser(raw);
      const addresses = (field: typeof parsed.to): string[] =>
        [field ?? []].flat().flatMap((group) => group.value.map((address) => address.address ?? ''));
      messages.push({
        messageId: parsed.messageId,
        from: addresses(parsed.from)[0] ?? '',
        to: addresses(parsed.to),
        subject: parsed.subject ?? '',
        text: parsed.text ?? '',
        attachments: parsed.attachments.map(({ filename, contentType, content }) => ({ filename, contentType, content })),
        raw: raw.toString('utf8'),
      });
    },
  });
  return { url: `smtp://127.0.0.1:${receiver.port}`, messages, stop: receiver.stop };
}

/** The invitation's properties, lines unfolded and text unescaped as a calendar reads them. */
export function icsProperties(ics: string): Map<string, string[]> {
  const properties = new Map<string, string[]>();
  for (const line of ics.replace(/\r\n /g, '').split('\r\n').filter(Boolean)) {
    const separator = line.search(/[:;]/);
    const name = line.slice(0, separator);
    const value = line.slice(line.indexOf(':', separator) + 1).replace(/\\(.)/g, (_match, escaped: string) => (escaped === 'n' ? '\n' : escaped));
    properties.set(name, [...(properties.get(name) ?? []), value]);
  }
  return properties;
}

/** The properties of the calendar invitation attached to a mail, if any. */
export function invitationOf(mail: CapturedMail | undefined): Map<string, string[]> | undefined {
  const invitation = mail?.attachments.find((attachment) => attachment.filename === 'invitation.ics');
  return invitation && icsProperties(invitation.content.toString('utf8'));
}
