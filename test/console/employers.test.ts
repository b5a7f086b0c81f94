// Issue 5: administrators manage the member companies in the console: record one (refused in French with a
// bad or taken SIRET, nothing written), find it, and set or clear the contact address its documents and yearly
// staff declaration go to; each change audited. The API takes the same address.
import { describe, expect, it } from 'vitest';
import { apiCaller } from '../support/api-client.js';
import { consoleStackForSuite } from '../support/console-stack.js';
import { randomSiret } from '../support/factories.js';
import { aStaffAccount, CookieBrowser } from '../support/staff.js';

const suite = consoleStackForSuite();
const pageText = async (response: Response) => (await response.text()).replaceAll('<!-- -->', '').replaceAll('&#x27;', "'");

describe('member companies in the console', () => {
  it('an administrator records a company, finds it, and sets then clears its contact address', { timeout: 60_000 }, async () => {
    const { db } = suite();
    const admin = new CookieBrowser(suite().baseUrl);
    const account = await aStaffAccount(suite(), { role: 'ADMIN', displayName: 'Nadia Admin', email: 'nadia.admin@spsti.test' });
    await admin.signIn(account);
    const before = await db.employer.count();

    const badSiret = await admin.post('/admin/entreprises', { intent: 'create', name: 'Garage Fournier', siret: '12345678901234', contactEmail: '' });
    expect(badSiret.status).toBe(400);
    expect(await pageText(badSiret)).toContain('Le SIRET doit comporter 14 chiffres et être valide');
    const badAddress = await admin.post('/admin/entreprises', { intent: 'create', name: 'Garage Fournier', siret: randomSiret(), contactEmail: 'rh-garage' });
    expect(badAddress.status).toBe(400);
    expect(await pageText(badAddress)).toContain('Adresse de contact invalide');
    expect(await db.employer.count()).toBe(before);

    const siret = randomSiret();
    const created = await admin.post('/admin/entreprises', { intent: 'create', name: 'Garage Fournier', siret: `${siret.slice(0, 3)} ${siret.slice(3)}`, contactEmail: ' rh@garage-fournier.test ' });
    expect(created.status).toBe(200);
    expect(await pageText(created)).toContain('L’entreprise Garage Fournier est enregistrée.');
    const company = await db.employer.findUniqueOrThrow({ where: { siret }, select: { id: true, contactEmail: true } });
    expect(company.contactEmail).toBe('rh@garage-fournier.test');
    const taken = await admin.post('/admin/entreprises', { intent: 'create', name: 'Autre garage', siret, contactEmail: '' });
    expect(taken.status).toBe(409);
    expect(await pageText(taken)).toContain('Un adhérent avec ce SIRET existe déjà.');

    const found = await pageText(await admin.get(`/admin/entreprises?q=${siret.slice(0, 9)}`));
    expect(found).toContain('1 entreprise pour');
    expect(found).toContain('<th scope="row">Garage Fournier</th>');
    expect(found).toContain('value="rh@garage-fournier.test"');

    const refused = await admin.post('/admin/entreprises', { intent: 'contact', employerId: company.id, contactEmail: 'pas une adresse' });
    expect(refused.status).toBe(400);
    // Beside that company's own field.
    expect(await pageText(refused)).toContain(`<p class="field-error" id="contact-${company.id}-erreur">Adresse de contact invalide</p>`);
    const changed = await admin.post('/admin/entreprises', { intent: 'contact', employerId: company.id, contactEmail: 'paie@garage-fournier.test' });
    expect(await pageText(changed)).toContain('Garage Fournier : les documents partent à paie@garage-fournier.test.');
    const cleared = await admin.post('/admin/entreprises', { intent: 'contact', employerId: company.id, contactEmail: '' });
    expect(await pageText(cleared)).toContain('plus d’adresse de contact');
    expect(await db.employer.findUniqueOrThrow({ where: { id: company.id }, select: { contactEmail: true } })).toEqual({ contactEmail: null });
    expect(await db.auditEvent.findMany({ where: { entityType: 'Employer', entityId: company.id }, orderBy: { sequence: 'asc' }, select: { action: true, actorId: true, reason: true } })).toEqual([
      { action: 'employer.create', actorId: account.id, reason: 'Garage Fournier' },
      { action: 'employer.update', actorId: account.id, reason: 'Adresse de contact : paie@garage-fournier.test' },
      { action: 'employer.update', actorId: account.id, reason: 'Adresse de contact : aucune' },
    ]);

    // The API records the address too, and refuses a bad one in French.
    const api = apiCaller(suite());
    const viaApi = await api('POST', '/employers', { json: { name: 'Pharmacie Blanc', siret: randomSiret(), contactEmail: 'contact@pharmacie-blanc.test' } });
    expect(viaApi.status).toBe(201);
    expect(await db.employer.findUniqueOrThrow({ where: { id: viaApi.body.id }, select: { contactEmail: true } })).toEqual({ contactEmail: 'contact@pharmacie-blanc.test' });
    const badViaApi = await api('POST', '/employers', { json: { name: 'Pharmacie Blanc', siret: randomSiret(), contactEmail: 42 } });
    expect(badViaApi.status).toBe(400);
    expect(badViaApi.body.error.fields).toEqual({ contactEmail: 'L’adresse de contact doit être un texte' });
  });
});
