// Issue 8 against the real stack: an employer uploads its staff file through the page (multipart, as a browser
// without JavaScript), sees every error by line, nothing is written while one remains; the fixed file applies
// all at once, the follow-ups start and open the first visits; nothing leaks to another company, nothing doubles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleStack, type ConsoleStack } from '../support/console-stack.js';
import { randomSiret } from '../support/factories.js';
import { staffCsv } from '../support/staff-file.js';
import { aStaffAccount, CookieBrowser } from '../support/staff.js';

const PAGE = '/entreprise/effectifs/import';
let stack: ConsoleStack;

beforeAll(async () => {
  stack = await startConsoleStack();
});

afterAll(async () => {
  await stack?.stop();
});

async function anEmployerBrowser(name: string): Promise<{ employerId: string; browser: CookieBrowser }> {
  const employer = await stack.db.employer.create({ data: { name, siret: randomSiret() }, select: { id: true } });
  const account = await aStaffAccount(stack, { role: 'EMPLOYER', displayName: `Responsable ${name}`, email: `rh-${employer.id.slice(0, 8)}@exemple.fr`, employerId: employer.id });
  const browser = new CookieBrowser(stack.baseUrl);
  expect((await browser.signIn(account)).status).toBe(302);
  return { employerId: employer.id, browser };
}

/** Uploads the file from the page's form; returns the preview's address it is sent to. */
async function upload(browser: CookieBrowser, bytes: Uint8Array<ArrayBuffer>, fileName: string): Promise<string> {
  const form = new FormData();
  form.set('intent', 'upload');
  form.set('fichier', new File([bytes], fileName, { type: 'text/csv' }));
  const answer = await browser.postMultipart(PAGE, form);
  expect(answer.status).toBe(302);
  return answer.headers.get('location')!;
}

async function pageText(answer: Response): Promise<string> {
  expect(answer.status).toBe(200);
  return (await answer.text()).replaceAll('<!-- -->', '');
}

const depotOf = (location: string) => new URL(location, stack.baseUrl).searchParams.get('depot')!;
const employeesOf = (employerId: string) => stack.db.employee.count({ where: { employerId } });

// 500 people; the bad file breaks lines 52, 203 and 402 (person index + 2).
const badFile = staffCsv(500, {
  change: (index, cells) => {
    if (index === 50) cells['Date de naissance'] = '31/13/1990';
    if (index === 201) cells.Risques = 'AMIANTE';
    if (index === 400) cells.Email = 'pas-une-adresse';
  },
});
const fixedFile = staffCsv(500);

describe('staff declaration by CSV (issue 8)', () => {
  it('500 lines with 3 bad ones: the 3 errors by line and column, no « Appliquer », nothing written; the fixed file applies once', { timeout: 600_000 }, async () => {
    const { employerId, browser } = await anEmployerBrowser('Transports Lefèvre');
    const before = { employees: await stack.db.employee.count(), posts: await stack.db.post.count() };

    const badPreview = await upload(browser, badFile, 'effectifs.csv');
    const bad = await pageText(await browser.get(badPreview));
    expect(bad).toContain('<dt>Lignes lues</dt><dd>500</dd>');
    expect(bad).toContain('<dt>Erreurs</dt><dd>3</dd>');
    expect(bad).toContain('Le fichier comporte 3 erreur(s) : rien ne sera enregistré.');
    expect(bad).toContain('<td>52</td><td>Date de naissance</td><td>date « 31/13/1990 » invalide : attendue au format JJ/MM/AAAA</td>');
    expect(bad).toMatch(/<td>203<\/td><td>Risques<\/td><td>« AMIANTE » : Risque inconnu ; valeurs admises : ASBESTOS/);
    expect(bad).toContain('<td>402</td><td>Email</td><td>Adresse e-mail invalide</td>');
    expect(bad).not.toContain('>Appliquer<');
    // Sending « Appliquer » anyway (a tampered page) is refused: the stored file is checked again.
    const forced = await browser.post(PAGE, { intent: 'apply', depot: depotOf(badPreview) });
    expect(forced.status).toBe(400);
    expect(await forced.text()).toContain('Le fichier comporte des erreurs : rien n’a été enregistré.');
    expect({ employees: await stack.db.employee.count(), posts: await stack.db.post.count() }).toEqual(before);

    const fixedPreview = await upload(browser, fixedFile, 'effectifs-corrige.csv');
    const fixed = await pageText(await browser.get(fixedPreview));
    expect(fixed).toContain('<dt>Nouvelles embauches</dt><dd>500</dd>');
    expect(fixed).toContain('<dt>Erreurs</dt><dd>0</dd>');
    expect(fixed).toContain('>Appliquer<');
    // The preview survives a reload: the same address shows the same file.
    expect(await pageText(await browser.get(fixedPreview))).toContain('<dt>Nouvelles embauches</dt><dd>500</dd>');

    const applied = await browser.post(PAGE, { intent: 'apply', depot: depotOf(fixedPreview) });
    expect(applied.status).toBe(302);
    expect(await employeesOf(employerId)).toBe(500);
    const done = await pageText(await browser.get(fixedPreview));
    expect(done).toMatch(/Fichier appliqué le [0-9/: ]+ : 500 salarié\(s\) enregistré\(s\)\. Leur suivi a démarré/);
    expect(done).not.toContain('>Appliquer<');
    // Every new employee's follow-up runs and opens its first visit: before assignment for SIR posts (R-SIR-1).
    const firstVisits = async () => {
      const groups = await stack.db.visit.groupBy({ by: ['type'], where: { employee: { employerId }, type: { in: ['VIP_INITIAL', 'SIR_EXAM'] } }, _count: true });
      return Object.fromEntries(groups.map((group) => [group.type, group._count]));
    };
    await expect.poll(firstVisits, { timeout: 480_000, interval: 2_000 }).toEqual({ VIP_INITIAL: 334, SIR_EXAM: 166 });

    // Applying again, or uploading the same file again and applying it, writes nothing more.
    expect((await browser.post(PAGE, { intent: 'apply', depot: depotOf(fixedPreview) })).status).toBe(302);
    expect(await upload(browser, fixedFile, 'encore.csv')).toBe(fixedPreview);
    expect((await browser.post(PAGE, { intent: 'apply', depot: depotOf(fixedPreview) })).status).toBe(302);
    expect(await employeesOf(employerId)).toBe(500);
    expect(await stack.db.auditEvent.count({ where: { action: 'staff-import.apply', entityId: depotOf(fixedPreview) } })).toBe(3);
    const audited = await stack.db.auditEvent.findFirstOrThrow({ where: { action: 'staff-import.apply', entityId: depotOf(fixedPreview) }, orderBy: { sequence: 'asc' } });
    expect(audited.reason).toBe(`Employeur ${employerId}, fichier « effectifs-corrige.csv » : 500 ligne(s), 0 erreur(s), 500 salarié(s) enregistré(s)`);

    // Another company's account: the preview is not found, and its own upload of the same people finds none declared.
    const other = await anEmployerBrowser('Boulangerie Martin');
    expect((await other.browser.get(fixedPreview)).status).toBe(404);
    expect((await other.browser.post(PAGE, { intent: 'apply', depot: depotOf(fixedPreview) })).status).toBe(404);
    const theirs = await pageText(await other.browser.get(await upload(other.browser, fixedFile, 'effectifs.csv')));
    expect(theirs).toContain('<dt>Nouvelles embauches</dt><dd>500</dd>');
    expect(theirs).toContain('<dt>Déjà déclarés, inchangés</dt><dd>0</dd>');
    expect(await employeesOf(other.employerId)).toBe(0);
  });

  it('a file over 5 Mio and a missing file: a French message, nothing stored', async () => {
    const { employerId, browser } = await anEmployerBrowser('Menuiserie Roux');
    const form = new FormData();
    form.set('intent', 'upload');
    form.set('fichier', new File([new Uint8Array(5 * 1024 * 1024 + 1)], 'enorme.csv', { type: 'text/csv' }));
    const tooLarge = await browser.postMultipart(PAGE, form);
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.text()).toContain('Le fichier dépasse 5 Mio : découpez-le en plusieurs fichiers.');
    const empty = new FormData();
    empty.set('intent', 'upload');
    const missing = await browser.postMultipart(PAGE, empty);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('Choisissez un fichier CSV');
    expect(await stack.db.staffImport.count({ where: { employerId } })).toBe(0);
  });
});
