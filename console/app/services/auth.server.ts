// Staff sessions: a row of the Session table whose id travels in a signed, httpOnly cookie. A session
// reaches the console's pages only once ACTIVE; before that (second factor awaited, enrolment required)
// it opens the next sign-in step and nothing else. Sign-in steps themselves are in sign-in.server.ts.
import { createCookie, data, redirect, type Cookie } from '@remix-run/node';
import type { ProfessionalRole as AccountRole, SessionStage } from '../../../prisma/generated/enums.js';
import { isProfessionalRole, professionalRoles, type ProfessionalRole } from '../../../workflows/rules/visit-types.js';
import { consoleContext } from './context.server.js';

const MINUTE_MS = 60 * 1000;
/** Absolute lifetime of a signed-in session. */
export const ACTIVE_SESSION_MS = 12 * 60 * MINUTE_MS;
/** A half-signed-in session (password checked) must finish its next step within this time. */
const PENDING_SESSION_MS = 15 * MINUTE_MS;
/** Without any request for this long, the session ends. */
const IDLE_TIMEOUT_MS = 30 * MINUTE_MS;
// lastSeenAt is written at most once a minute, not on every request.
const TOUCH_INTERVAL_MS = MINUTE_MS;

/** R-TELE-8: roles that see health data sign in with two factors; assistants may choose to. */
export const TWO_FACTOR_ROLES: readonly AccountRole[] = ['DOCTOR', 'NURSE', 'ADMIN'];


/** Any signed-in account, staff or employer: what the account's own pages and the audit trail need. */
export interface SignedInAccount {
  id: string;
  email: string;
  displayName: string;
  role: AccountRole;
}

export interface SignedInProfessional extends SignedInAccount {
  role: ProfessionalRole;
}

/** A member company's person signed in to the employer portal, acting for `employerId` only. */
export interface SignedInEmployer extends SignedInAccount {
  role: 'EMPLOYER';
  employerId: string;
}

/** The account behind a session, whatever its role. */
export interface SessionAccount {
  id: string;
  email: string;
  displayName: string;
  role: AccountRole;
  totpEnabledAt: Date | null;
  establishmentEmployerId: string | null;
  employerId: string | null;
}

export interface CurrentSession {
  id: string;
  stage: SessionStage;
  pendingTotpSecret: string | null;
  professional: SessionAccount;
}

let cookie: Cookie | undefined;
function sessionCookie(): Cookie {
  cookie ??= createCookie('spsti_session', {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    maxAge: ACTIVE_SESSION_MS / 1000,
    secrets: [consoleContext().env.SESSION_SECRET],
  });
  return cookie;
}

/** Secure whenever the browser reached us over HTTPS, directly or through a TLS-terminating proxy. */
function reachedOverHttps(request: Request): boolean {
  return new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
}

/** Opens a session at the given stage and returns its cookie header. */
export async function openSession(request: Request, professionalId: string, stage: SessionStage): Promise<string> {
  const now = new Date();
  const { db } = consoleContext();
  const [, session] = await db.$transaction([
    // The professional's ended sessions go while we are here.
    db.session.deleteMany({ where: { professionalId, OR: [{ expiresAt: { lte: now } }, { lastSeenAt: { lt: new Date(now.getTime() - IDLE_TIMEOUT_MS) } }] } }),
    db.session.create({
      data: {
        professionalId,
        stage,
        expiresAt: new Date(now.getTime() + (stage === 'ACTIVE' ? ACTIVE_SESSION_MS : PENDING_SESSION_MS)),
      },
      select: { id: true },
    }),
  ]);
  return sessionCookie().serialize(session.id, { secure: reachedOverHttps(request) });
}

/** The session this request carries, if it has not expired; an expired one is deleted on the way. */
export async function currentSession(request: Request): Promise<CurrentSession | null> {
  const sessionId: unknown = await sessionCookie().parse(request.headers.get('Cookie'));
  if (typeof sessionId !== 'string') return null;
  const { db } = consoleContext();
  const session = await db.session.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      stage: true,
      expiresAt: true,
      lastSeenAt: true,
      pendingTotpSecret: true,
      professional: { select: { id: true, email: true, displayName: true, role: true, totpEnabledAt: true, establishmentEmployerId: true, employerId: true, deactivatedAt: true } },
    },
  });
  if (!session) return null;
  const now = Date.now();
  // Deactivation deletes the sessions too; this covers one opened in the same instant.
  if (session.professional.deactivatedAt || session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() < now - IDLE_TIMEOUT_MS) {
    await db.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  if (session.lastSeenAt.getTime() < now - TOUCH_INTERVAL_MS) {
    await db.session.updateMany({ where: { id: session.id }, data: { lastSeenAt: new Date(now) } });
  }
  return { id: session.id, stage: session.stage, pendingTotpSecret: session.pendingTotpSecret, professional: session.professional };
}

function signedIn({ id, email, displayName, role }: SessionAccount): SignedInAccount {
  return { id, email, displayName, role };
}

/** The signed-in account (staff or employer), or null when signed out or halfway through signing in. */
export async function currentAccount(request: Request): Promise<SignedInAccount | null> {
  const session = await currentSession(request);
  return session?.stage === 'ACTIVE' ? signedIn(session.professional) : null;
}

/** The ACTIVE session of this request, or the redirect to the sign-in step still due. */
async function activeSession(request: Request): Promise<CurrentSession> {
  const session = await currentSession(request);
  if (!session) throw redirect(`/connexion?${new URLSearchParams({ redirectTo: returnPath(request) })}`);
  if (session.stage !== 'ACTIVE') throw redirect(nextStepPath(session.stage, returnPath(request)));
  return session;
}

function returnPath(request: Request): string {
  const url = new URL(request.url);
  return url.pathname + url.search;
}

/** Where a session that is not ACTIVE goes next: the code page or the enrolment page, keeping the destination. */
export function nextStepPath(stage: Exclude<SessionStage, 'ACTIVE'>, redirectTo: string): string {
  const page = stage === 'SECOND_FACTOR' ? '/connexion/code' : '/securite/double-facteur';
  return `${page}?${new URLSearchParams({ redirectTo })}`;
}

/** Guard of the account's own pages (password, second factor, sessions): any signed-in account. */
export async function requireAccount(request: Request): Promise<SignedInAccount> {
  return signedIn((await activeSession(request)).professional);
}

/**
 * Guard for every staff loader and action: a redirect to the sign-in step still due, 403 for another role.
 * R-DEL-5: these pages show or steer the DMST, which an establishment nurse never reaches; nor does an
 * employer account, which is not staff.
 */
export async function requireProfessional(request: Request, roles: readonly ProfessionalRole[] = professionalRoles): Promise<SignedInProfessional> {
  const { professional: account } = await activeSession(request);
  if (account.establishmentEmployerId !== null) {
    throw data(
      { message: 'Infirmier(ère) d’entreprise : votre compte ne donne pas accès au dossier médical en santé au travail (R-DEL-5).' },
      { status: 403 },
    );
  }
  if (!isProfessionalRole(account.role)) {
    throw data({ message: 'Compte employeur : cette page est réservée au service de santé au travail ; votre espace est le portail entreprise.' }, { status: 403 });
  }
  if (!roles.includes(account.role)) throw data({ message: 'Votre rôle ne donne pas accès à cette page.' }, { status: 403 });
  return { ...signedIn(account), role: account.role };
}

/** Guard of the employer portal: an employer account, scoped to its own company; staff are refused. */
export async function requireEmployer(request: Request): Promise<SignedInEmployer> {
  const { professional: account } = await activeSession(request);
  if (account.role !== 'EMPLOYER' || account.employerId === null) {
    throw data({ message: 'Cette page est réservée aux comptes employeurs du portail entreprise.' }, { status: 403 });
  }
  return { id: account.id, email: account.email, displayName: account.displayName, role: 'EMPLOYER', employerId: account.employerId };
}

/** Ends the session in the database (so a copied cookie stops working) and returns the clearing cookie header. */
export async function signOut(request: Request): Promise<string> {
  const sessionId: unknown = await sessionCookie().parse(request.headers.get('Cookie'));
  if (typeof sessionId === 'string') await consoleContext().db.session.deleteMany({ where: { id: sessionId } });
  return clearingCookie(request);
}

export function clearingCookie(request: Request): Promise<string> {
  return sessionCookie().serialize('', { maxAge: 0, secure: reachedOverHttps(request) });
}

/** Only paths of this site, so a crafted link cannot send a signed-in user elsewhere. */
export function safeRedirect(target: string | null | undefined, fallback: string): string {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return fallback;
  return target;
}

export function homeFor(role: AccountRole): string {
  if (role === 'EMPLOYER') return '/entreprise';
  if (role === 'DOCTOR' || role === 'NURSE') return '/taches';
  // Issue 5: coordinators start from the cockpit.
  return role === 'ASSISTANT' ? '/pilotage' : '/visites';
}
