// An SMTP server inside the launcher, so the one-command stack sends real mail that a developer can
// read: each message lands as an .eml file (any mail client opens it). Tests receive mail the same way.
import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface SmtpReceiver {
  port: number;
  stop(): Promise<void>;
}

/** Accepts any sender without authentication or TLS (local use only) and hands each raw message over. */
export async function startSmtpReceiver(options: {
  host: string;
  port: number;
  onMessage(raw: Buffer): Promise<void>;
}): Promise<SmtpReceiver> {
  const server = new SMTPServer({
    authOptional: true,
    // No certificate here: advertised STARTTLS would make nodemailer upgrade and then refuse a self-signed one.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      // The client hears "250 OK" only once the message is kept.
      stream.on('end', () => options.onMessage(Buffer.concat(chunks)).then(() => callback(), callback));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A client dropping its connection is not a reason to stop the launcher.
  server.on('error', (error) => console.warn(`SMTP receiver: ${error.message}`));
  return {
    port: (server.server.address() as AddressInfo).port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Writes every received message to `directory` as `<time>-<id>.eml`. */
export function startMailCatcher(options: { host: string; port: number; directory: string }): Promise<SmtpReceiver> {
  return startSmtpReceiver({
    host: options.host,
    port: options.port,
    onMessage: async (raw) => {
      await mkdir(options.directory, { recursive: true });
      const target = path.join(options.directory, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`);
      // Written aside then renamed, so a half-received message never shows up in the folder.
      await writeFile(`${target}.part`, raw);
      await rename(`${target}.part`, target);
    },
  });
}
