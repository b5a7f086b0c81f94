// Password and API key hashing shared by the console, the API and the seed.
import { createHash, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): about 70 ms here, off the event loop (libuv pool).
// `algorithm: 2` is Algorithm.Argon2id, a const enum that isolated modules cannot import (and the default).
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const ARGON2_PREFIX = `$argon2id$v=19$m=${ARGON2_OPTIONS.memoryCost},t=${ARGON2_OPTIONS.timeCost},p=${ARGON2_OPTIONS.parallelism}$`;

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;
// Hashes written before argon2id: still accepted, and replaced at the next successful sign-in.
const LEGACY_SCRYPT_OPTIONS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** A PHC string: `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith('$argon2')) {
    try {
      return await verify(stored, password);
    } catch {
      return false; // a malformed stored hash matches nothing
    }
  }
  const [scheme, salt, expectedHash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !expectedHash) return false;
  const expected = Buffer.from(expectedHash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, LEGACY_SCRYPT_OPTIONS);
  return timingSafeEqual(actual, expected);
}

/** True for hashes of an older scheme or weaker parameters, to be replaced once the password is known. */
export function passwordNeedsRehash(stored: string): boolean {
  return !stored.startsWith(ARGON2_PREFIX);
}

/** API keys are long random secrets, so a fast hash is enough to store them without keeping them. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
