import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Reads until a value comes (not null, undefined or false). A read that fails meanwhile (a server coming back,
 * a query while no worker holds the workflow) is tried again.
 */
export async function eventually<T>(what: string, read: () => Promise<T | null | undefined | false>, timeoutMs = 120_000): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  while (Date.now() < giveUpAt) {
    const value = await read().catch(() => undefined);
    if (value !== null && value !== undefined && value !== false) return value;
    await sleep(200);
  }
  throw new Error(`${what}: not seen within ${timeoutMs / 1000} s`);
}
