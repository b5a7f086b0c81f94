// R-TELE-8: the second factor of staff sign-in. TOTP (RFC 6238: 6 digits, 30 s, SHA-1, what every
// authenticator app reads from a QR code), secrets encrypted at rest, single-use recovery codes.
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

const ISSUER = 'SPSTI';
const PERIOD_SECONDS = 30;
// One step either side absorbs clock drift between the phone and the server.
const DRIFT_STEPS = 1;
const RECOVERY_CODE_COUNT = 10;

/** TOTP_ENCRYPTION_KEY: 32 bytes as 64 hexadecimal characters (AES-256). */
export const TOTP_KEY_PATTERN = /^[0-9a-fA-F]{64}$/;

const FORMAT = 'v1';

/**
 * AES-256-GCM with a fresh IV; the professional's id is authenticated with it, so a secret copied onto
 * another account in the database does not decrypt.
 */
export function encryptTotpSecret(keyHex: string, professionalId: string, secretBase32: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keyHex, 'hex'), iv);
  cipher.setAAD(Buffer.from(professionalId));
  const ciphertext = Buffer.concat([cipher.update(secretBase32, 'utf8'), cipher.final()]);
  return [FORMAT, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

export function decryptTotpSecret(keyHex: string, professionalId: string, stored: string): string {
  const [format, iv, tag, ciphertext] = stored.split('.');
  if (format !== FORMAT || !iv || !tag || !ciphertext) throw new Error('Secret TOTP chiffré illisible');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(keyHex, 'hex'), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(professionalId));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}

/** 160 random bits, RFC 4226's recommended length, in base32 as authenticator apps expect. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secretBase32: string, accountLabel = ''): TOTP {
  return new TOTP({ issuer: ISSUER, label: accountLabel, secret: Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS });
}

/** The otpauth:// URI the QR code carries. */
export function totpUri(secretBase32: string, accountLabel: string): string {
  return totp(secretBase32, accountLabel).toString();
}

export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / PERIOD_SECONDS);
}

/** The time step the code belongs to (within the drift window), or null for a wrong code. */
export function matchingTotpStep(secretBase32: string, code: string, at: Date = new Date()): number | null {
  const delta = totp(secretBase32).validate({ token: code, timestamp: at.getTime(), window: DRIFT_STEPS });
  return delta === null ? null : totpStep(at) + delta;
}

/** The code an authenticator shows for a step (tests and the enrolment check use it). */
export function totpCodeAt(secretBase32: string, step: number): string {
  return totp(secretBase32).generate({ timestamp: step * PERIOD_SECONDS * 1000 });
}

// Crockford-like alphabet without 0/O and 1/I/L, so codes read from paper are typed right.
const RECOVERY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** Ten codes of 16 characters (about 79 bits each): a fast hash is then enough to store them. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const characters = Array.from({ length: 16 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return characters.match(/.{4}/g)!.join('-');
  });
}

/** Spaces, dashes and case do not matter when a code is typed. */
export function normaliseRecoveryCode(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase();
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normaliseRecoveryCode(code)).digest('hex');
}
