// Staff sign-in: password checked against Professional.passwordHash, the session kept as a row of
// the Session table whose id travels in a signed, httpOnly cookie.
import { createCookie, data, redirect, type Cookie } from '@remix-run/node';
import { z } from 'zod';
import { hashPassword, verifyPassword } from '../../../activities/domain/credentials.js';
import type { ProfessionalRole } from '../../../workflows/rules/visit-types.js';
import { consoleContext } from './context.server.js';

const SESSION_HOURS = 12;
const SESSION_DURATION_MS = SESSION_HOURS * 60 * 60 * 1000;

export interface SignedInProfessional {
  id: string;
  email: string;
  displayName: string;
  role: ProfessionalRole;
}

export const signInSchema = z.object({
  email: z.string({ required_error: 'L’adresse e-mail est obligatoire' }).trim().min(1, 'L’adresse e-mail est obligatoire'),
  password: z.string({ required_error: 'Le mot de passe est obligatoire' }).min(1, 'Le mot de passe est obligatoire'),
  redirectTo: z.string().optional(),
});

let cookie: Cookie | undefined;
function sessionCookie(): Cookie {
  cookie ??= createCookie('spsti_session', {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    maxAge: SESSION_DURATION_MS / 1000,
    secrets: [consoleContext().env.SESSION_SECRET],
  });
  return cookie;
}

/** Secure whenever the browser reached us over HTTPS, directly or through a TLS-terminating proxy. */
function reachedOverHttps(request: Request): boolean {
  return new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
}

export async function currentProfessional(request: Request): Promise<SignedInProfessional | null> {
  const sessionId: unknown = await sessionCookie().parse(request.headers.get('Cookie'));
  if (typeof sessionId !== 'string') return null;
  const session = await consoleContext().db.session.findFirst({
    where: { id: sessionId, expiresAt: { gt: new Date() } },
    select: { professional: { select: { id: true, email: true, displayName: true, role: true } } },
  });
  return session?.professional ?? null;
}

/** Guard for every staff loader and action: a redirect to /connexion when signed out, 403 for another role. */
export async function requireProfessional(request: Request, roles?: readonly ProfessionalRole[]): Promise<SignedInProfessional> {
  const professional = await currentProfessional(request);
  if (!professional) {
    const url = new URL(request.url);
    throw redirect(`/connexion?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
  }
  if (roles && !roles.includes(professional.role)) {
    throw data({ message: 'Votre rôle ne donne pas accès à cette page.' }, { status: 403 });
  }
  return professional;
}

// Unknown addresses are checked against a throwaway hash, so the answer takes as long as for a wrong password.
let decoyHash: Promise<string> | undefined;

/** The new session's cookie header and the professional's home page, or null when the e-mail or the password is wrong. */
export async function signIn(request: Request, email: string, password: string): Promise<{ cookie: string; home: string } | null> {
  const { db } = consoleContext();
  const professional = await db.professional.findFirst({
    where: { email: { equals: email, mode: 'insensitive' } },
    select: { id: true, role: true, passwordHash: true },
  });
  decoyHash ??= hashPassword('mot de passe factice');
  const valid = await verifyPassword(password, professional?.passwordHash ?? (await decoyHash));
  if (!professional || !valid) return null;
  const now = new Date();
  const [, session] = await db.$transaction([
    db.session.deleteMany({ where: { professionalId: professional.id, expiresAt: { lte: now } } }),
    db.session.create({
      data: { professionalId: professional.id, expiresAt: new Date(now.getTime() + SESSION_DURATION_MS) },
      select: { id: true },
    }),
  ]);
  return { cookie: await sessionCookie().serialize(session.id, { secure: reachedOverHttps(request) }), home: homeFor(professional.role) };
}

/** Ends the session in the database (so a copied cookie stops working) and returns the clearing cookie header. */
export async function signOut(request: Request): Promise<string> {
  const sessionId: unknown = await sessionCookie().parse(request.headers.get('Cookie'));
  if (typeof sessionId === 'string') await consoleContext().db.session.deleteMany({ where: { id: sessionId } });
  return sessionCookie().serialize('', { maxAge: 0, secure: reachedOverHttps(request) });
}

/** Only paths of this site, so a crafted link cannot send a signed-in user elsewhere. */
export function safeRedirect(target: string | null | undefined, fallback: string): string {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return fallback;
  return target;
}

export function homeFor(role: ProfessionalRole): string {
  return role === 'DOCTOR' || role === 'NURSE' ? '/taches' : '/visites';
}
