// The steps of staff sign-in: password, then (R-TELE-8) the authenticator code or a recovery code, or the
// enrolment of an authenticator when the role requires one. Every failed step counts against the e-mail
// address typed, known or not: five in a row lock it for 15 minutes, each answer slower than the last.
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import QRCode from 'qrcode';
import { z } from 'zod';
import { hashPassword, passwordNeedsRehash, verifyPassword } from '../../../activities/domain/credentials.js';
import {
  decryptTotpSecret,
  encryptTotpSecret,
  hashRecoveryCode,
  matchingTotpStep,
  newRecoveryCodes,
  newTotpSecret,
  totpUri,
} from '../../../activities/domain/two-factor.js';
import { audit } from './audit.server.js';
import { ACTIVE_SESSION_MS, clearingCookie, homeFor, openSession, TWO_FACTOR_ROLES, type CurrentSession, type SignedInAccount, type SignedInProfessional } from './auth.server.js';
import { consoleContext } from './context.server.js';

const MAX_ATTEMPTS = 5;
const LOCK_MS = 15 * 60 * 1000;
// The n-th failure in a row is answered after 100 ms × 2^(n-1), at most 1.6 s.
const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 1_600;

export const INVALID_CREDENTIALS = 'Identifiants invalides';
const INVALID_CODE = 'Code invalide ou déjà utilisé';
// The same words for an unknown address: the lock reveals nothing about which addresses have an account.
const LOCKED = 'Trop de tentatives infructueuses : la connexion à ce compte est bloquée pendant 15 minutes. Réessayez plus tard.';

export const signInSchema = z.object({
  email: z.string({ required_error: 'L’adresse e-mail est obligatoire' }).trim().min(1, 'L’adresse e-mail est obligatoire').max(254),
  password: z.string({ required_error: 'Le mot de passe est obligatoire' }).min(1, 'Le mot de passe est obligatoire').max(1_024),
  redirectTo: z.string().optional(),
});

export const codeSchema = z.object({
  code: z.string({ required_error: 'Saisissez le code' }).trim().min(1, 'Saisissez le code').max(64),
  redirectTo: z.string().optional(),
});

function emailDigest(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}

/**
 * Counts an attempt before it is checked, in one atomic statement, so that parallel guesses cannot all
 * pass before the lock: the answer is this attempt's number in the current series, or null while locked.
 * A series restarts after a lock has passed or after 15 minutes without attempts.
 */
async function countAttempt(digest: string): Promise<number | null> {
  const now = new Date();
  const seriesStart = new Date(now.getTime() - LOCK_MS);
  const [row] = await consoleContext().db.$queryRaw<{ attempts: number; lockedUntil: Date | null }[]>`
    INSERT INTO "SignInThrottle" ("emailDigest", attempts, "lastAttemptAt") VALUES (${digest}, 1, ${now})
    ON CONFLICT ("emailDigest") DO UPDATE SET
      attempts = CASE
        WHEN "SignInThrottle"."lockedUntil" > ${now} THEN "SignInThrottle".attempts
        WHEN "SignInThrottle"."lockedUntil" IS NOT NULL OR "SignInThrottle"."lastAttemptAt" < ${seriesStart} THEN 1
        ELSE "SignInThrottle".attempts + 1 END,
      "lockedUntil" = CASE WHEN "SignInThrottle"."lockedUntil" > ${now} THEN "SignInThrottle"."lockedUntil" END,
      "lastAttemptAt" = ${now}
    RETURNING attempts, "lockedUntil"`;
  return row!.lockedUntil || row!.attempts > MAX_ATTEMPTS ? null : row!.attempts;
}

/** A success ends the series. */
async function clearAttempts(digest: string): Promise<void> {
  await consoleContext().db.signInThrottle.deleteMany({ where: { emailDigest: digest } });
}

/**
 * A right password with a second factor still to come is not a failure, but not a success either: the
 * failures before it stay counted, or the password alone would buy unlimited guesses at the code.
 */
async function releaseAttempt(digest: string): Promise<void> {
  await consoleContext().db.signInThrottle.updateMany({ where: { emailDigest: digest, attempts: { gt: 0 } }, data: { attempts: { decrement: 1 } } });
}

interface FailedStep {
  request: Request;
  digest: string;
  attempt: number;
  actor: Pick<SignedInAccount, 'id' | 'displayName' | 'role'> | null;
  /** The address typed, for the trace of an address no account has. */
  email: string;
  reason: string;
}

/** Traces the failure, locks the address at the fifth, then answers after the growing delay. */
async function failStep({ request, digest, attempt, actor, email, reason }: FailedStep): Promise<'locked' | 'failed'> {
  const entity = actor ? { entityType: 'Professional' as const, entityId: actor.id } : { entityType: 'Account' as const, entityId: email.trim().toLowerCase() };
  await audit(request, { actor: null, action: 'auth.sign-in.failed', ...entity, reason: `${reason} (tentative ${attempt} sur ${MAX_ATTEMPTS})` });
  // Rows whose last attempt is older than a lock are spent (their series would restart): they go, so that
  // addresses tried once each do not pile up.
  await consoleContext().db.signInThrottle.deleteMany({ where: { lastAttemptAt: { lt: new Date(Date.now() - LOCK_MS) } } });
  const locked = attempt >= MAX_ATTEMPTS;
  if (locked) {
    await consoleContext().db.signInThrottle.updateMany({ where: { emailDigest: digest }, data: { lockedUntil: new Date(Date.now() + LOCK_MS) } });
    await audit(request, { actor: null, action: 'auth.locked', ...entity, reason: `${MAX_ATTEMPTS} échecs consécutifs : connexion bloquée 15 minutes` });
  }
  await sleep(Math.min(FIRST_DELAY_MS * 2 ** (attempt - 1), MAX_DELAY_MS));
  return locked ? 'locked' : 'failed';
}

export type StepOutcome =
  | { ok: false; message: string; status: 400 | 429 }
  | { ok: true; cookie: string; stage: CurrentSession['stage']; home: string };

// Unknown addresses are checked against a throwaway hash, so the answer takes as long as for a wrong password.
let decoyHash: Promise<string> | undefined;

/** First step: the password. The session it opens is ACTIVE only for a role and an account without second factor. */
export async function signInWithPassword(request: Request, email: string, password: string): Promise<StepOutcome> {
  const { db } = consoleContext();
  const digest = emailDigest(email);
  const attempt = await countAttempt(digest);
  if (attempt === null) return lockedOut();
  const professional = await db.professional.findFirst({
    // A deactivated account answers as an unknown one.
    where: { email: { equals: email.trim(), mode: 'insensitive' }, deactivatedAt: null },
    select: { id: true, displayName: true, role: true, passwordHash: true, totpEnabledAt: true },
  });
  decoyHash ??= hashPassword('mot de passe factice');
  const valid = await verifyPassword(password, professional?.passwordHash ?? (await decoyHash));
  if (!professional || !valid) {
    const failure = await failStep({ request, digest, attempt, actor: professional, email, reason: 'Mot de passe invalide' });
    return failure === 'locked' ? { ok: false, status: 429, message: LOCKED } : { ok: false, status: 400, message: INVALID_CREDENTIALS };
  }

  // Older hashes (scrypt, weaker parameters) are replaced now that the password is known.
  if (passwordNeedsRehash(professional.passwordHash)) {
    await db.professional.update({ where: { id: professional.id }, data: { passwordHash: await hashPassword(password) } });
  }
  const home = homeFor(professional.role);
  if (professional.totpEnabledAt) {
    await releaseAttempt(digest);
    return { ok: true, stage: 'SECOND_FACTOR', home, cookie: await openSession(request, professional.id, 'SECOND_FACTOR') };
  }
  await clearAttempts(digest);
  if (TWO_FACTOR_ROLES.includes(professional.role)) {
    return { ok: true, stage: 'ENROLMENT', home, cookie: await openSession(request, professional.id, 'ENROLMENT') };
  }
  await audit(request, { actor: professional, action: 'auth.sign-in', entityType: 'Professional', entityId: professional.id, reason: 'Mot de passe' });
  return { ok: true, stage: 'ACTIVE', home, cookie: await openSession(request, professional.id, 'ACTIVE') };
}

/**
 * Second step: a 6-digit code from the authenticator (each 30-second step accepted once, so a code seen
 * over a shoulder cannot be replayed) or one of the recovery codes (each accepted once). Success replaces
 * the pending session by a new ACTIVE one: the half-signed-in cookie never becomes a signed-in one.
 */
export async function signInWithCode(request: Request, session: CurrentSession, typed: string): Promise<StepOutcome> {
  const { db, env } = consoleContext();
  const { professional } = session;
  const digest = emailDigest(professional.email);
  const attempt = await countAttempt(digest);
  if (attempt === null) return lockedOut();

  const code = typed.replace(/\s/g, '');
  let method: string | null = null;
  if (/^\d{6}$/.test(code)) {
    const stored = await db.professional.findUniqueOrThrow({ where: { id: professional.id }, select: { totpSecret: true } });
    const step = stored.totpSecret ? matchingTotpStep(decryptTotpSecret(env.TOTP_ENCRYPTION_KEY, professional.id, stored.totpSecret), code) : null;
    // Conditional update: of two requests carrying the same code, one only moves the last step forward.
    if (step !== null) {
      const { count } = await db.professional.updateMany({
        where: { id: professional.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
        data: { totpLastStep: step },
      });
      if (count === 1) method = 'Mot de passe et application d’authentification';
    }
  } else {
    const { count } = await db.recoveryCode.updateMany({
      where: { professionalId: professional.id, codeHash: hashRecoveryCode(code), usedAt: null },
      data: { usedAt: new Date() },
    });
    if (count === 1) {
      method = 'Mot de passe et code de secours';
      const left = await db.recoveryCode.count({ where: { professionalId: professional.id, usedAt: null } });
      await audit(request, { actor: professional, action: 'auth.recovery-code.used', entityType: 'Professional', entityId: professional.id, reason: `${left} code(s) de secours restant(s)` });
    }
  }
  if (method === null) {
    const failure = await failStep({ request, digest, attempt, actor: professional, email: professional.email, reason: 'Code de double authentification invalide ou déjà utilisé' });
    return failure === 'locked' ? { ok: false, status: 429, message: LOCKED } : { ok: false, status: 400, message: INVALID_CODE };
  }

  await clearAttempts(digest);
  await db.session.deleteMany({ where: { id: session.id } });
  await audit(request, { actor: professional, action: 'auth.sign-in', entityType: 'Professional', entityId: professional.id, reason: method });
  return { ok: true, stage: 'ACTIVE', home: homeFor(professional.role), cookie: await openSession(request, professional.id, 'ACTIVE') };
}

/**
 * Locked during the second step: every code is refused. The half-signed-in session expires 15 minutes after
 * its password, so before the lock ends: the password is asked again after it.
 */
async function lockedOut(): Promise<{ ok: false; status: 429; message: string }> {
  await sleep(MAX_DELAY_MS);
  return { ok: false, status: 429, message: LOCKED };
}

export interface Enrolment {
  /** The secret in base32, grouped by four for typing it by hand. */
  secret: string;
  qrCode: string;
}

/**
 * The secret this session is enrolling, created on first display and kept (encrypted) on the session until a
 * code confirms it, so that a wrong code or a reload does not change the QR code already scanned.
 */
export async function enrolmentFor(session: CurrentSession): Promise<Enrolment> {
  const { db, env } = consoleContext();
  const { professional } = session;
  let secret: string;
  if (session.pendingTotpSecret) {
    secret = decryptTotpSecret(env.TOTP_ENCRYPTION_KEY, professional.id, session.pendingTotpSecret);
  } else {
    secret = newTotpSecret();
    await db.session.update({ where: { id: session.id }, data: { pendingTotpSecret: encryptTotpSecret(env.TOTP_ENCRYPTION_KEY, professional.id, secret) } });
  }
  const svg = await QRCode.toString(totpUri(secret, professional.email), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret: secret.match(/.{1,4}/g)!.join(' '), qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

export type EnrolmentOutcome = { ok: false; message: string } | { ok: true; recoveryCodes: string[] };

/**
 * A right code turns the pending secret into the account's, issues ten new recovery codes (shown once,
 * stored hashed) and ends every other session of the account. This session, opened by the password just
 * checked, becomes ACTIVE in place: the page that shows the codes is rendered with the same cookie.
 */
export async function confirmEnrolment(request: Request, session: CurrentSession, typed: string): Promise<EnrolmentOutcome> {
  const { db, env } = consoleContext();
  const { professional } = session;
  const code = typed.replace(/\s/g, '');
  const secret = session.pendingTotpSecret && decryptTotpSecret(env.TOTP_ENCRYPTION_KEY, professional.id, session.pendingTotpSecret);
  const step = secret && /^\d{6}$/.test(code) ? matchingTotpStep(secret, code) : null;
  if (!session.pendingTotpSecret || step === null) {
    return { ok: false, message: 'Code invalide : saisissez le code à 6 chiffres affiché par l’application, puis validez avant qu’il ne change.' };
  }
  const recoveryCodes = newRecoveryCodes();
  await db.$transaction([
    db.professional.update({
      where: { id: professional.id },
      data: { totpSecret: session.pendingTotpSecret, totpEnabledAt: new Date(), totpLastStep: step },
    }),
    db.recoveryCode.deleteMany({ where: { professionalId: professional.id } }),
    db.recoveryCode.createMany({ data: recoveryCodes.map((code) => ({ professionalId: professional.id, codeHash: hashRecoveryCode(code) })) }),
    db.session.deleteMany({ where: { professionalId: professional.id, id: { not: session.id } } }),
    db.session.update({
      where: { id: session.id },
      data: {
        stage: 'ACTIVE',
        pendingTotpSecret: null,
        // Counted from now for a sign-in that ends here; an assistant already signed in keeps her session's end.
        ...(session.stage === 'ENROLMENT' ? { expiresAt: new Date(Date.now() + ACTIVE_SESSION_MS) } : {}),
      },
    }),
  ]);
  await audit(request, { actor: professional, action: 'auth.second-factor.enrolled', entityType: 'Professional', entityId: professional.id });
  return { ok: true, recoveryCodes };
}

export const passwordChangeSchema = z
  .object({
    currentPassword: z.string({ required_error: 'Saisissez votre mot de passe actuel' }).min(1, 'Saisissez votre mot de passe actuel').max(1_024),
    newPassword: z
      .string({ required_error: 'Choisissez un nouveau mot de passe' })
      .min(12, 'Le nouveau mot de passe doit compter au moins 12 caractères')
      .max(1_024, 'Le nouveau mot de passe doit compter au plus 1 024 caractères'),
    confirmation: z.string({ required_error: 'Saisissez à nouveau le nouveau mot de passe' }),
  })
  .refine((form) => form.confirmation === form.newPassword, { path: ['confirmation'], message: 'Les deux saisies du nouveau mot de passe diffèrent' });

export type PasswordChangeOutcome = { ok: false; status: 400 | 429; message: string; fields?: Record<string, string> } | { ok: true; cookie: string };

/**
 * The current password is asked again (a session left open is not enough) and counts against the lock
 * like a sign-in. A new password ends every session of the account, this one included.
 */
export async function changePassword(
  request: Request,
  professional: SignedInAccount,
  form: z.output<typeof passwordChangeSchema>,
): Promise<PasswordChangeOutcome> {
  const { db } = consoleContext();
  const digest = emailDigest(professional.email);
  const attempt = await countAttempt(digest);
  if (attempt === null) return lockedOut();
  const { passwordHash } = await db.professional.findUniqueOrThrow({ where: { id: professional.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(form.currentPassword, passwordHash))) {
    const failure = await failStep({ request, digest, attempt, actor: professional, email: professional.email, reason: 'Mot de passe actuel invalide (changement de mot de passe)' });
    if (failure === 'locked') return { ok: false, status: 429, message: LOCKED };
    return { ok: false, status: 400, message: 'Certaines données sont invalides.', fields: { currentPassword: 'Mot de passe actuel incorrect' } };
  }
  await clearAttempts(digest);
  const newHash = await hashPassword(form.newPassword);
  const [, ended] = await db.$transaction([
    db.professional.update({ where: { id: professional.id }, data: { passwordHash: newHash } }),
    db.session.deleteMany({ where: { professionalId: professional.id } }),
  ]);
  await audit(request, { actor: professional, action: 'auth.password.changed', entityType: 'Professional', entityId: professional.id, reason: `${ended.count} session(s) fermée(s)` });
  return { ok: true, cookie: await clearingCookie(request) };
}

/**
 * An administrator's answer to a lost phone and lost recovery codes: the authenticator, the recovery codes
 * and every session of the account go; its next sign-in asks for a new enrolment (or, for an assistant,
 * the password alone).
 */
export async function resetSecondFactor(request: Request, admin: SignedInProfessional, professionalId: string): Promise<{ displayName: string } | null> {
  const { db } = consoleContext();
  const [reset, , sessions] = await db.$transaction([
    db.professional.updateMany({ where: { id: professionalId, totpEnabledAt: { not: null } }, data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null } }),
    db.recoveryCode.deleteMany({ where: { professionalId } }),
    db.session.deleteMany({ where: { professionalId } }),
  ]);
  if (reset.count === 0) return null;
  const { displayName } = await db.professional.findUniqueOrThrow({ where: { id: professionalId }, select: { displayName: true } });
  await audit(request, { actor: admin, action: 'auth.second-factor.reset', entityType: 'Professional', entityId: professionalId, reason: `${sessions.count} session(s) fermée(s)` });
  return { displayName };
}

/** « Se déconnecter partout »: every session of the account ends, in every browser. */
export async function signOutEverywhere(request: Request, professional: Pick<SignedInAccount, 'id' | 'displayName' | 'role'>): Promise<string> {
  const { count } = await consoleContext().db.session.deleteMany({ where: { professionalId: professional.id } });
  await audit(request, { actor: professional, action: 'auth.sessions.revoked', entityType: 'Professional', entityId: professional.id, reason: `${count} session(s) fermée(s)` });
  return clearingCookie(request);
}
