// Issue 8 in Chromium: an employer opens « Déclaration d'effectifs » (a link of the navigation), uploads a file with
// two bad lines and reads the errors, uploads the fixed file, applies it and sees the result; then declares a new
// post for one employee, and confirms the list as of 1 January of the year's campaign. Screenshots import-*.png
// and effectifs-*.png go to test-results/screenshots/.
import { Buffer } from 'node:buffer';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowserSession, launchChromium, newBrowserSession, screenshot } from '../support/browser.js';
import { startConsoleStack, type ConsoleStack } from '../support/console-stack.js';
import { launchStaffDeclarationCampaigns } from '../../activities/domain/staff-declaration.js';
import { parisCivilDate } from '../../workflows/rules/calendar.js';
import { created, employeeInput } from '../support/api-client.js';
import { randomSiret } from '../support/factories.js';
import { staffCsv } from '../support/staff-file.js';
import { aStaffAccount, signInWithBrowser } from '../support/staff.js';

let stack: ConsoleStack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startConsoleStack(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('staff declaration in the browser (issue 8)', () => {
  it('errors shown by line, the fixed file applied, its employees’ follow-ups started', { timeout: 180_000 }, async () => {
    const employer = await stack.db.employer.create({ data: { name: 'Garage Dupont', siret: randomSiret() }, select: { id: true } });
    const account = await aStaffAccount(stack, { role: 'EMPLOYER', displayName: 'Nadia Dupont', email: 'nadia.dupont@garage-dupont.test', employerId: employer.id });
    const session = await newBrowserSession(browser);
    const { page } = session;
    await page.goto(`${stack.baseUrl}/connexion`);
    await signInWithBrowser(page, account);
    await page.waitForURL((url) => url.pathname !== '/connexion');
    // The portal's home page is built elsewhere: straight to the page, whose link is in the navigation.
    await page.goto(`${stack.baseUrl}/entreprise/effectifs/import`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Déclaration d’effectifs');
    expect(await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Déclaration d’effectifs' }).getAttribute('href')).toBe(
      '/entreprise/effectifs/import',
    );
    await screenshot(page, 'import-01-formulaire');

    const file = page.getByLabel('Fichier CSV (5 Mio au plus)');
    const bad = staffCsv(30, {
      change: (index, cells) => {
        if (index === 4) cells['Date d’embauche'] = '2026-11-02';
        if (index === 9) cells.Sexe = 'X';
      },
    });
    await file.setInputFiles({ name: 'salaries.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
    const errors = page.getByRole('table', { name: 'Erreurs' });
    await expect.poll(() => errors.getByRole('row').allInnerTexts()).toEqual([
      'Ligne\tColonne\tErreur',
      '6\tDate d’embauche\tdate « 2026-11-02 » invalide : attendue au format JJ/MM/AAAA',
      '11\tSexe\tLe sexe doit être « F » ou « M »',
    ]);
    expect(await page.getByRole('button', { name: 'Appliquer' }).count()).toBe(0);
    await screenshot(page, 'import-02-erreurs');

    await file.setInputFiles({ name: 'salaries-corrige.csv', mimeType: 'text/csv', buffer: Buffer.from(staffCsv(30)) });
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Fichier « salaries-corrige.csv »' }).count()).toBe(1);
    await expect.poll(() => page.getByLabel('Résumé du fichier').innerText()).toMatch(/Nouvelles embauches\s+30[\s\S]*Erreurs\s+0/);
    await screenshot(page, 'import-03-apercu');

    await page.getByRole('button', { name: 'Appliquer' }).click();
    await expect.poll(() => page.getByRole('status').innerText()).toMatch(/Fichier appliqué le .* : 30 salarié\(s\) enregistré\(s\)\. Leur suivi a démarré/);
    expect(await page.getByRole('button', { name: 'Appliquer' }).count()).toBe(0);
    await expect.poll(() => stack.db.visit.count({ where: { employee: { employerId: employer.id }, type: { in: ['VIP_INITIAL', 'SIR_EXAM'] } } }), { timeout: 60_000 }).toBe(30);
    await screenshot(page, 'import-04-applique');
    await closeBrowserSession(session);
  });

  it('an employer declares a new post for one employee, then confirms the yearly list as of 1 January', { timeout: 120_000 }, async () => {
    const year = Number(parisCivilDate(new Date()).slice(0, 4));
    const employer = await created(stack, '/employers', { name: 'Imprimerie Lenoir', siret: randomSiret() });
    const employee = await created(stack, '/employees', { ...employeeInput(employer.id), birthName: 'Lenoir', firstNames: 'Paul', hireDate: `${year - 2}-09-01` });
    const account = await aStaffAccount(stack, { role: 'EMPLOYER', displayName: 'Chloé Lenoir', email: 'chloe@imprimerie-lenoir.test', employerId: employer.id });
    const session = await newBrowserSession(browser);
    const { page } = session;
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${stack.baseUrl}/connexion`);
    await signInWithBrowser(page, account);
    await page.waitForURL((url) => url.pathname === '/entreprise');

    await page.getByRole('link', { name: 'Lenoir Paul' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Lenoir Paul');
    const postChange = page.getByRole('region', { name: 'Nouveau poste ou nouveaux risques' });
    await postChange.getByLabel('Intitulé du poste').fill('Conducteur de massicot');
    await postChange.getByLabel('Travail de nuit').check();
    await postChange.getByRole('button', { name: 'Déclarer le changement de poste' }).click();
    await expect.poll(() => page.getByRole('status').innerText()).toMatch(/^Changement de poste ou de risques enregistré\./);
    expect(await stack.db.employee.findUniqueOrThrow({ where: { id: employee.id }, select: { post: { select: { title: true, nightWork: true } } } })).toEqual({
      post: { title: 'Conducteur de massicot', nightWork: true },
    });
    await screenshot(page, 'effectifs-01-changement-de-poste');

    await launchStaffDeclarationCampaigns(stack.temporal, year);
    await expect.poll(() => stack.db.staffDeclarationCampaign.count({ where: { employerId: employer.id, year } }), { timeout: 20_000 }).toBe(1);
    await page.goto(`${stack.baseUrl}/entreprise`);
    await page.getByRole('link', { name: 'vérifier et confirmer la liste' }).click();
    await expect.poll(() => page.getByRole('table').getByRole('rowheader').allInnerTexts()).toEqual(['Lenoir Paul']);
    await screenshot(page, 'effectifs-02-liste-au-1er-janvier');
    await page.getByRole('button', { name: `Je confirme la liste au 1er janvier ${year}` }).click();
    await expect.poll(() => page.getByRole('status').innerText()).toMatch(new RegExp(`^Merci : la liste de vos 1 salarié\\(s\\) au 1er janvier ${year} est confirmée`));
    await expect.poll(() => page.getByRole('button', { name: /Je confirme/ }).count()).toBe(0);
    await screenshot(page, 'effectifs-03-confirmee');
    await closeBrowserSession(session);
  });
});
