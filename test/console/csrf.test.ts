// Issue 6, CSRF: a page of another site that makes a signed-in administrator's browser send a console form
// changes nothing. Two locks: the SameSite=Lax session cookie (not sent with another site's form) and Remix's
// check of the Origin header against Host, `Origin: null` included (the action is aborted before it runs).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowserSession, launchChromium, newBrowserSession } from '../support/browser.js';
import { startConsoleStack, type ConsoleStack } from '../support/console-stack.js';
import { aStaffAccount, CookieBrowser, signInWithBrowser } from '../support/staff.js';

let stack: ConsoleStack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startConsoleStack(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

let accounts = 0;
/** An enrolled doctor whose second factor the forged form tries to reset, and a signed-in administrator. */
async function aTarget() {
  accounts += 1;
  const doctor = await aStaffAccount(stack, { role: 'DOCTOR', displayName: `Dr Cible ${accounts}`, email: `cible-${accounts}@spsti.test` });
  const admin = await aStaffAccount(stack, { role: 'ADMIN', displayName: `Admin ${accounts}`, email: `admin-${accounts}@spsti.test` });
  const enrolled = async () => (await stack.db.professional.findUniqueOrThrow({ where: { id: doctor.id } })).totpEnabledAt !== null;
  return { doctor, admin, enrolled };
}

describe('CSRF', () => {
  it('a form sent with another site’s Origin changes nothing, and the same form from the console works', async () => {
    const { doctor, admin, enrolled } = await aTarget();
    const session = new CookieBrowser(stack.baseUrl);
    expect((await session.signIn(admin)).status).toBe(302);

    // The session cookie is there (as if SameSite did not apply): the Origin alone stops the action.
    for (const origin of ['https://attaquant.example', 'null']) {
      const forged = await session.post('/admin/comptes', { intent: 'reset-second-factor', professionalId: doctor.id }, { Origin: origin });
      expect(forged.status, origin).toBeGreaterThanOrEqual(400);
      expect(await enrolled(), origin).toBe(true);
    }
    // Nor does a sign-in form posted from elsewhere (login CSRF) open a session.
    const signIn = await new CookieBrowser(stack.baseUrl).post('/connexion', { email: admin.email, password: admin.password }, { Origin: 'https://attaquant.example' });
    expect(signIn.status).toBeGreaterThanOrEqual(400);
    expect(signIn.headers.getSetCookie()).toEqual([]);

    const genuine = await session.post('/admin/comptes', { intent: 'reset-second-factor', professionalId: doctor.id }, { Origin: stack.baseUrl, 'Sec-Fetch-Site': 'same-origin' });
    expect(genuine.status).toBe(200);
    expect(await enrolled()).toBe(false);
  });

  it('in Chromium, another site’s page that submits the form by itself leaves the account unchanged', { timeout: 60_000 }, async () => {
    const { doctor, admin, enrolled } = await aTarget();
    const session = await newBrowserSession(browser);
    await session.page.goto(`${stack.baseUrl}/admin/comptes`);
    await signInWithBrowser(session.page, admin);

    // 127.0.0.1 serves the console; the attacker's page is on localhost, another site for the browser.
    const consoleUrl = new URL(stack.baseUrl);
    const attacker: Server = createServer((_, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(
        `<form id="f" method="post" action="${consoleUrl.origin}/admin/comptes"><input name="intent" value="reset-second-factor"><input name="professionalId" value="${doctor.id}"></form>` +
          '<script>document.getElementById("f").submit()</script>',
      );
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    try {
      const submitted = session.page.waitForResponse((response) => response.url() === `${consoleUrl.origin}/admin/comptes` && response.request().method() === 'POST');
      await session.page.goto(`http://localhost:${(attacker.address() as AddressInfo).port}/`);
      expect((await submitted).status()).toBeGreaterThanOrEqual(400);
      expect(await enrolled()).toBe(true);
    } finally {
      await new Promise((resolve) => attacker.close(resolve));
      await closeBrowserSession(session);
    }
  });
});
