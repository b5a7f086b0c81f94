// SMS go through a provider chosen by configuration (SMS_PROVIDER): an outbox folder for the embedded
// stack, or any HTTP gateway. Both are idempotent per message so a retried activity never texts twice.
import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface SmsProvider {
  send(message: { to: string; body: string; idempotencyKey: string }): Promise<{ providerMessageId: string }>;
}

const HTTP_TIMEOUT_MS = 10_000;

/** One JSON file per message, named by its idempotency key: a resend overwrites the same file. */
export function createOutboxSmsProvider(directory: string): SmsProvider {
  return {
    async send({ to, body, idempotencyKey }) {
      await mkdir(directory, { recursive: true });
      const fileName = `${outboxFileName(idempotencyKey)}.json`;
      const target = path.join(directory, fileName);
      // Written aside then renamed: a crash mid-write never leaves a truncated "sent" SMS.
      const partial = `${target}.${randomUUID()}.tmp`;
      await writeFile(partial, `${JSON.stringify({ to, body, idempotencyKey, at: new Date().toISOString() }, null, 2)}\n`);
      await rename(partial, target);
      return { providerMessageId: `outbox:${fileName}` };
    },
  };
}

/** Keeps the key readable while escaping what a file system may refuse (`:` on Windows, `/` everywhere). */
function outboxFileName(idempotencyKey: string): string {
  return idempotencyKey.replace(/[^A-Za-z0-9._-]/g, (character) =>
    [...Buffer.from(character)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

/**
 * A generic gateway: POST `{ to, text, sender, reference }` with a bearer token. The idempotency key is sent
 * as `reference` and as the `Idempotency-Key` header, so a gateway that honours either drops a resend.
 * The provider's id is the response's `id` when it returns one, else the idempotency key.
 */
export function createHttpSmsProvider(options: { url: string; token: string; sender: string }): SmsProvider {
  return {
    async send({ to, body, idempotencyKey }) {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${options.token}`,
          'Idempotency-Key': idempotencyKey,
        },
        body: JSON.stringify({ to, text: body, sender: options.sender, reference: idempotencyKey }),
        signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
      });
      const answer = await response.text();
      if (!response.ok) {
        throw new Error(`Envoi du SMS refusé par le fournisseur : HTTP ${response.status} ${answer.slice(0, 200)}`.trim());
      }
      return { providerMessageId: providerId(answer) ?? idempotencyKey };
    },
  };
}

function providerId(answer: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(answer);
    if (typeof parsed === 'object' && parsed !== null && 'id' in parsed) {
      const { id } = parsed;
      if (typeof id === 'string' || typeof id === 'number') return String(id);
    }
  } catch {
    // Not JSON: some gateways answer with plain text.
  }
  return undefined;
}
