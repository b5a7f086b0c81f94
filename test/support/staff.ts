// Staff accounts for the console tests: a known password and, for the roles that require one (R-TELE-8), a
// known authenticator; signing in through both steps, in Chromium or as a browser without JavaScript would.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { hashPassword } from '../../activities/domain/credentials.js';
import { encryptTotpSecret, hashRecoveryCode, newRecoveryCodes, newTotpSecret, totpCodeAt, totpStep } from '../../activities/domain/two-factor.js';
import type { ProfessionalRole as AccountRole } from '../../prisma/generated/enums.js';
import type { ProfessionalRole } from '../../workflows/rules/visit-types.js';
import type { ConsoleStack } from './console-stack.js';

export const STAFF_PASSWORD = 'Un mot de passe assez long';

export interface StaffAccount<Role extends AccountRole = ProfessionalRole> {
  id: string;
  role: Role;
  displayName: string;
  email: string;
  password: string;
  /** The authenticator's secret (base32), or null when the account has no second factor. */
  totpSecret: string | null;
  /** Its recovery codes in clear, as shown at enrolment (empty without a second factor). */
  recoveryCodes: string[];
}

/**
 * Doctors, nurses and administrators come enrolled unless `enrolled: false`; assistants and employer accounts
 * (which name their company, `employerId`) come without.
 */
export async function aStaffAccount<Role extends AccountRole>(
  stack: Pick<ConsoleStack, 'db' | 'totpKey'>,
  details: { role: Role; displayName: string; email: string; password?: string; passwordHash?: string; enrolled?: boolean; employerId?: string },
): Promise<StaffAccount<Role>> {
  const id = randomUUID();
  const password = details.password ?? STAFF_PASSWORD;
  const enrolled = details.enrolled ?? (details.role !== 'ASSISTANT' && details.role !== 'EMPLOYER');
  const totpSecret = enrolled ? newTotpSecret() : null;
  const recoveryCodes = enrolled ? newRecoveryCodes() : [];
  await stack.db.professional.create({
    data: {
      id,
      email: details.email,
      displayName: details.displayName,
      role: details.role,
      employerId: details.employerId ?? null,
      passwordHash: details.passwordHash ?? (await hashPassword(password)),
      ...(totpSecret ? { totpSecret: encryptTotpSecret(stack.totpKey, id, totpSecret), totpEnabledAt: new Date() } : {}),
      recoveryCodes: { create: recoveryCodes.map((code) => ({ codeHash: hashRecoveryCode(code) })) },
    },
  });
  return { id, role: details.role, displayName: details.displayName, email: details.email, password, totpSecret, recoveryCodes };
}

const lastStepUsed = new Map<string, number>();

/**
 * The code the authenticator shows now, or the next one (the server accepts one step of drift), never a
 * step already used: the server refuses a code twice. Past both, waits for the next 30-second step.
 */
export async function nextTotpCode(secret: string): Promise<string> {
  for (;;) {
    const now = totpStep(new Date());
    const step = [now, now + 1].find((candidate) => candidate > (lastStepUsed.get(secret) ?? -1));
    if (step !== undefined) {
      lastStepUsed.set(secret, step);
      return totpCodeAt(secret, step);
    }
    await sleep(30_000 - (Date.now() % 30_000) + 50);
  }
}

/** The first step only: the sign-in form, filled and sent. */
export async function submitPassword(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/** The sign-in form, then the code form when the account has a second factor. */
export async function signInWithBrowser(page: Page, account: StaffAccount<AccountRole>): Promise<void> {
  await submitPassword(page, account.email, account.password);
  if (account.totpSecret) {
    await page.getByLabel('Code de vérification').fill(await nextTotpCode(account.totpSecret));
    await page.getByRole('button', { name: 'Valider' }).click();
  }
}

/**
 * A browser without JavaScript: plain GETs and form POSTs, redirects not followed (so a test sees where it
 * is sent), and the session cookie kept between requests as a browser keeps it.
 */
export class CookieBrowser {
  private cookie: string | null = null;

  constructor(private readonly baseUrl: string) {}

  get sessionCookie(): string | null {
    return this.cookie;
  }

  async get(path: string): Promise<Response> {
    return this.send(path, { method: 'GET' });
  }

  /** `headers`: what a browser adds of its own, e.g. the Origin of the page that sent the form. */
  async post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.send(path, { method: 'POST', body: new URLSearchParams(form), headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers } });
  }

  /** A form with files, as `<form enctype="multipart/form-data">` sends it. */
  async postMultipart(path: string, form: FormData): Promise<Response> {
    return this.send(path, { method: 'POST', body: form });
  }

  /** Both steps; the answer of the last one (a redirect to the destination when it worked). */
  async signIn(account: StaffAccount<AccountRole>, secondStep?: string): Promise<Response> {
    const first = await this.post('/connexion', { email: account.email, password: account.password });
    if (!first.headers.get('location')?.startsWith('/connexion/code')) return first;
    return this.post('/connexion/code', { code: secondStep ?? (await nextTotpCode(account.totpSecret!)) });
  }

  private async send(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set('Cookie', this.cookie);
    const response = await fetch(`${this.baseUrl}${path}`, { ...init, headers, redirect: 'manual' });
    const session = response.headers.getSetCookie().find((cookie) => cookie.startsWith('spsti_session='));
    if (session) {
      const pair = session.split(';')[0]!;
      this.cookie = pair === 'spsti_session=' ? null : pair;
    }
    return response;
  }
}

/** A new account of `role`, signed in (both steps) on a browser of its own. */
export async function aSignedInStaffMember<Role extends AccountRole>(
  stack: Pick<ConsoleStack, 'db' | 'totpKey' | 'baseUrl'>,
  role: Role,
  displayName: string,
): Promise<{ account: StaffAccount<Role>; browser: CookieBrowser }> {
  const account = await aStaffAccount(stack, { role, displayName, email: `${role.toLowerCase()}-${randomUUID()}@spsti.test` });
  const browser = new CookieBrowser(stack.baseUrl);
  await browser.signIn(account);
  return { account, browser };
}
