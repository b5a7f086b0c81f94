// Issue 7: while a dependency is down the console degrades instead of crashing: Temporal down, the pages
// still show what PostgreSQL holds under a banner saying decisions cannot be recorded; PostgreSQL down, one
// French page saying the console is unavailable, with the 503 a load balancer understands.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleStack, type ConsoleStack } from '../support/console-stack.js';
import { aStaffAccount, CookieBrowser } from '../support/staff.js';

const ENGINE_DOWN = 'Le moteur de processus ne répond pas : les dossiers restent consultables';
const DATABASE_DOWN = 'La base de données du service ne répond pas : la console est momentanément indisponible.';

/** The page's HTML without the comments React puts between adjacent texts. */
async function pageOf(response: Response): Promise<string> {
  return (await response.text()).replaceAll('<!-- -->', '');
}

describe('Temporal down', () => {
  let stack: ConsoleStack;
  beforeAll(async () => {
    stack = await startConsoleStack({ temporalUnreachable: true });
  });
  afterAll(() => stack?.stop());

  it('the pages still open, under a banner saying no decision can be recorded', async () => {
    const assistant = await aStaffAccount(stack, { role: 'ASSISTANT', displayName: 'Inès Moreau', email: 'ines.moreau@spsti.test' });
    const browser = new CookieBrowser(stack.baseUrl);
    expect((await browser.signIn(assistant)).status).toBe(302);
    for (const page of ['/visites', '/taches', '/securite']) {
      const response = await browser.get(page);
      expect(response.status, page).toBe(200);
      expect(await pageOf(response), page).toContain(ENGINE_DOWN);
    }
  });
});

describe('PostgreSQL down', () => {
  let stack: ConsoleStack;
  beforeAll(async () => {
    stack = await startConsoleStack({ databaseUnreachable: true });
  });
  afterAll(() => stack?.stop());

  it('every page answers 503 with one French explanation, the sign-in form included', async () => {
    const browser = new CookieBrowser(stack.baseUrl);
    // A staff page sends a visitor without a session to the sign-in page first, which says it.
    expect((await browser.get('/visites')).headers.get('location')).toMatch(/^\/connexion\?/);
    for (const page of ['/connexion', '/teleconsultation/un-lien']) {
      const response = await browser.get(page);
      expect(response.status, page).toBe(503);
      const html = await pageOf(response);
      expect(html, page).toContain('Service momentanément indisponible');
      expect(html, page).toContain(DATABASE_DOWN);
    }
    const signIn = await browser.post('/connexion', { email: 'ines.moreau@spsti.test', password: 'Un mot de passe assez long' });
    expect(signIn.status).toBe(503);
    expect(await pageOf(signIn)).toContain(DATABASE_DOWN);
  });

  it('the API answers 503 with its structured error, in French', async () => {
    const response = await fetch(`${stack.baseUrl}/api/v1/visits`, { headers: { Authorization: `Bearer ${stack.apiKey}` } });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: { code: 'UNAVAILABLE', message: DATABASE_DOWN + ' Réessayez dans un instant.' } });
  });

  it('stays alive for the orchestrator but is not ready, naming PostgreSQL', async () => {
    expect((await fetch(`${stack.baseUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${stack.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ dependencies: { postgresql: 'down', temporal: 'up' } });
  });
});
