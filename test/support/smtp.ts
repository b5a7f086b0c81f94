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
