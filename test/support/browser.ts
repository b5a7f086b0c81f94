// Debian's Chromium driven by playwright-core (`npx playwright install` cannot download browsers here), and
// the browser sessions of the journeys: a French user in Paris whose page must raise no script error.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { projectRoot } from '../../worker/project-root.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const SCREENSHOTS = path.join(projectRoot, 'test-results', 'screenshots');

/** `fakeMedia`: Chromium's built-in test camera and microphone, allowed without a prompt (this machine has neither). */
export function launchChromium(options: { fakeMedia?: boolean } = {}): Promise<Browser> {
  const media = options.fakeMedia ? ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] : [];
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_FLAGS, ...media] });
}

/** One Chromium for the file's tests, closed after them; call at the top of the file. */
export function chromiumForSuite(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser!;
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Script errors in the page: bugs the user would hit. */
  pageErrors: Error[];
}

export async function newBrowserSession(browser: Browser): Promise<BrowserSession> {
  const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const pageErrors: Error[] = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  return { context, page, pageErrors };
}

/** Closes the session; any script error its pages raised fails the test. */
export async function closeBrowserSession(session: BrowserSession): Promise<void> {
  await session.context.close();
  expect(session.pageErrors.map((error) => error.message)).toEqual([]);
}

/** Saved under test-results/screenshots, for a person to look at. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
}
