// Issue 8 and issue 6: the employer portal shows a company only its own employees, their visits' progress and
// their attestations and avis; it takes a request for a visit (R-DEMANDE-1); another company's employee or
// document is « introuvable » (IDOR), and the teleconsultation report never reaches an employer (R-TELE-12).
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../activities/domain/credentials.js';
import { apiCaller, aReturnVisitThroughApi } from '../support/api-client.js';
import { startConsoleStack, type ConsoleStack } from '../support/console-stack.js';
import { aStaffAccount, CookieBrowser } from '../support/staff.js';

let stack: ConsoleStack;

beforeAll(async () => {
  stack = await startConsoleStack();
});

afterAll(() => stack?.stop());

/** A company with one employee back from a work accident (a return visit open), and its portal account, signed in. */
async function aCompany(employerName: string, birthName: string, firstNames: string) {
  const visit = await aReturnVisitThroughApi(stack, { employerName, birthName, firstNames });
  const { employee } = await stack.db.visit.findUniqueOrThrow({ where: { id: visit.id }, select: { employee: { select: { id: true, employerId: true } } } });
  const account = await aStaffAccount(stack, { role: 'EMPLOYER', displayName: `RH ${employerName}`, email: `rh-${employee.id.slice(0, 8)}@entreprise.test`, employerId: employee.employerId });
  const browser = new CookieBrowser(stack.baseUrl);
  expect((await browser.signIn(account)).headers.get('location')).toBe('/entreprise');
  return { visit, employeeId: employee.id, account, browser };
}

async function aDocument(visitId: string, kind: 'ATTESTATION' | 'REPORT', fileName: string) {
  const content = Buffer.from(`%PDF-1.4 ${fileName}`);
  return stack.db.document.create({
    data: { visitId, kind, fileName, content, sha256: createHash('sha256').update(content).digest('hex'), idempotencyKey: `portal-${fileName}` },
  });
}

const pageText = async (response: Response) => (await response.text()).replaceAll('<!-- -->', '');

describe('the employer portal', () => {
  it('shows the company its own employees and their visits, never another company’s, nor the report', { timeout: 60_000 }, async () => {
    const a = await aCompany('Garage Fournier', 'Leroy', 'Marc');
    const b = await aCompany('Pharmacie Blanc', 'Gauthier', 'Sophie');
    const attestation = await aDocument(a.visit.id, 'ATTESTATION', 'attestation-leroy.pdf');
    const report = await aDocument(a.visit.id, 'REPORT', 'compte-rendu-leroy.pdf');
    const otherAttestation = await aDocument(b.visit.id, 'ATTESTATION', 'attestation-gauthier.pdf');
    // R-OPS-1: each company is shown the absences it is billed for, not another's.
    for (const { visit } of [a, b]) {
      await stack.db.billedAbsence.create({ data: { visitId: visit.id, occurrence: 1, appointmentAt: new Date('2026-11-03T08:30:00Z'), excuseDueAt: new Date('2026-11-01T08:30:00Z') } });
    }

    const home = await a.browser.get('/entreprise');
    expect(home.status).toBe(200);
    const html = await pageText(home);
    expect(html).toContain('Portail entreprise — Garage Fournier');
    expect(html).toContain('Leroy Marc');
    expect(html).toContain('Visite de reprise');
    expect(html).toContain('attestation');
    expect(html).toContain('Leroy Marc</th><td>Visite de reprise</td><td>03/11/2026 09:30</td><td>01/11/2026 09:30</td><td>Absence sans excuse</td>');
    expect(html).not.toContain('Gauthier');
    expect(html).not.toContain('compte-rendu');
    expect(html).not.toContain(report.id);

    const download = await a.browser.get(`/entreprise/documents/${attestation.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await download.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    expect(await stack.db.auditEvent.count({ where: { action: 'document.download', entityId: attestation.id, actorId: a.account.id } })).toBe(1);

    // IDOR: the report of its own employee, and another company's attestation, are not found.
    for (const id of [report.id, otherAttestation.id]) {
      const refused = await a.browser.get(`/entreprise/documents/${id}`);
      expect(refused.status, id).toBe(404);
      expect(await refused.text()).toBe('Document introuvable.');
    }
    // Staff pages stay closed to it.
    expect((await a.browser.get(`/visites/${a.visit.id}`)).status).toBe(403);

    // The same lines through the API: a company's key sees its own only, the service's key any company's.
    const companyKey = randomBytes(24).toString('base64url');
    const employerId = (await stack.db.employee.findUniqueOrThrow({ where: { id: a.employeeId }, select: { employerId: true } })).employerId;
    const otherEmployerId = (await stack.db.employee.findUniqueOrThrow({ where: { id: b.employeeId }, select: { employerId: true } })).employerId;
    await stack.db.apiKey.create({ data: { name: 'SIRH Garage Fournier', keyHash: hashApiKey(companyKey), employerId } });
    const api = apiCaller(stack);
    const own = await api('GET', '/billed-absences', { key: companyKey });
    expect(own.status).toBe(200);
    expect(own.body.billedAbsences).toEqual([
      {
        id: expect.any(String),
        visitId: a.visit.id,
        visitType: 'REPRISE',
        employeeId: a.employeeId,
        employerId,
        appointmentAt: '2026-11-03T08:30:00.000Z',
        excuseDueAt: '2026-11-01T08:30:00.000Z',
        excusedAt: null,
      },
    ]);
    expect((await api('GET', `/billed-absences?employerId=${otherEmployerId}`, { key: companyKey })).status).toBe(400);
    const forB = await api('GET', `/billed-absences?employerId=${otherEmployerId}`);
    expect(forB.body.billedAbsences.map((line: { visitId: string }) => line.visitId)).toEqual([b.visit.id]);
    expect((await api('GET', '/billed-absences?limit=0')).body.error.fields).toEqual({ limit: 'limit : 1 au moins' });
  });

  it('R-DEMANDE-1: a request opens an on-request visit the company then follows; another company’s employee is not found', { timeout: 60_000 }, async () => {
    const a = await aCompany('Menuiserie Petit', 'Robin', 'Lucas');
    const b = await aCompany('Imprimerie Noël', 'Fabre', 'Julie');

    const missing = await a.browser.post('/entreprise', { employeeId: a.employeeId, reason: '' });
    expect(missing.status).toBe(400);
    expect(await pageText(missing)).toContain('Indiquez le motif de la demande');

    const forOther = await a.browser.post('/entreprise', { employeeId: b.employeeId, reason: 'Plaintes de douleurs au dos' });
    expect(forOther.status).toBe(404);
    expect(await stack.db.visit.count({ where: { employeeId: b.employeeId, type: 'ON_REQUEST' } })).toBe(0);

    const requested = await a.browser.post('/entreprise', { employeeId: a.employeeId, reason: 'Plaintes de douleurs au dos' });
    expect(requested.status).toBe(200);
    expect(await pageText(requested)).toContain('Votre demande de visite est enregistrée');
    expect(await stack.db.visit.count({ where: { employeeId: a.employeeId, type: 'ON_REQUEST', status: 'TO_SCHEDULE' } })).toBe(1);
    expect(await stack.db.auditEvent.count({ where: { action: 'employer.visit-request', entityId: a.employeeId, actorId: a.account.id } })).toBe(1);
    expect(await pageText(await a.browser.get('/entreprise'))).toContain('Visite à la demande — À planifier');
  });

  it('counts employees by the state of their follow-up, and each count opens that list', { timeout: 60_000 }, async () => {
    const a = await aCompany('Boucherie Morel', 'Morel', 'Paul');
    const inDays = (days: number) => new Date(Date.now() + days * 24 * 3_600_000);
    const openVisits = { employeeId: a.employeeId, status: { in: ['TO_SCHEDULE' as const, 'SCHEDULED' as const] } };
    const counted = async (state: string) => {
      const html = await pageText(await a.browser.get(`/entreprise?suivi=${state}`));
      const table = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
      return { listed: table.includes('Morel Paul'), count: /<strong>(\d+)<\/strong>/.exec(html.slice(html.indexOf(`suivi=${state}`)))?.[1] };
    };

    await stack.db.visit.updateMany({ where: openVisits, data: { deadline: inDays(60) } });
    expect(await counted('a-jour')).toEqual({ listed: true, count: '1' });
    expect((await counted('bientot')).listed).toBe(false);

    await stack.db.visit.update({ where: { id: a.visit.id }, data: { deadline: inDays(10) } });
    expect(await counted('bientot')).toEqual({ listed: true, count: '1' });
    expect((await counted('a-jour')).listed).toBe(false);

    await stack.db.visit.update({ where: { id: a.visit.id }, data: { deadline: inDays(-3) } });
    expect(await counted('en-retard')).toEqual({ listed: true, count: '1' });
    expect((await counted('bientot')).listed).toBe(false);
  });

  it('issue 8: the company declares a new post with its risks, then a departure, for one employee; each opens what it calls for; never for another company', { timeout: 60_000 }, async () => {
    const a = await aCompany('Menuiserie Roux', 'Petit', 'Jean');
    const b = await aCompany('Fleurs Morel', 'Morel', 'Ana');
    const page = `/entreprise/salaries/${a.employeeId}`;
    const own = await pageText(await a.browser.get(page));
    expect(own).toContain('<h1>Petit Jean</h1>');
    expect((await pageText(await a.browser.get('/entreprise'))).includes(`href="${page}"`)).toBe(true);
    // Another company's employee is not found, to read or to change.
    expect((await b.browser.get(page)).status).toBe(404);
    expect((await b.browser.post(page, { intent: 'DEPARTURE', date: '2026-12-01' })).status).toBe(404);

    const today = new Date().toISOString().slice(0, 10);
    const badDate = await a.browser.post(page, { intent: 'POST_CHANGED', title: 'Désamianteur', risks: 'ASBESTOS', date: 'demain' });
    expect(badDate.status).toBe(400);
    expect(await pageText(badDate)).toContain('id="POST_CHANGED-date-erreur">La date de prise du poste doit être une date valide au format AAAA-MM-JJ</p>');
    const noTitle = await a.browser.post(page, { intent: 'POST_CHANGED', title: ' ', risks: 'ASBESTOS', date: today });
    expect(await pageText(noTitle)).toContain('id="poste-title-erreur">L’intitulé du poste est obligatoire</p>');
    expect((await stack.db.employee.findUniqueOrThrow({ where: { id: a.employeeId }, select: { post: { select: { title: true } } } })).post.title).not.toBe('Désamianteur');

    // R-SIR-1: a post exposed to asbestos calls for the aptitude exam before the employee takes it.
    const changed = await a.browser.post(page, { intent: 'POST_CHANGED', title: 'Désamianteur', risks: 'ASBESTOS', date: today });
    expect(changed.status).toBe(200);
    expect(await pageText(changed)).toMatch(/Changement de poste ou de risques enregistré\. Visite\(s\) ouverte\(s\) : Examen médical d'aptitude à l'embauche, au plus tard le \d\d\/\d\d\/\d{4}\./);
    const employee = await stack.db.employee.findUniqueOrThrow({ where: { id: a.employeeId }, select: { post: { select: { title: true, risks: true, followUpCategory: true } } } });
    expect(employee.post).toEqual({ title: 'Désamianteur', risks: ['ASBESTOS'], followUpCategory: 'SIR' });

    const departed = await a.browser.post(page, { intent: 'DEPARTURE', date: today });
    expect(departed.status).toBe(200);
    expect(await pageText(departed)).toContain('Départ de l’entreprise enregistré.');
    await expect.poll(async () => (await stack.db.employee.findUniqueOrThrow({ where: { id: a.employeeId }, select: { departedOn: true } })).departedOn).not.toBeNull();
    // Still readable, without anything left to declare; gone from the list of current employees.
    const after = await pageText(await a.browser.get(page));
    expect(after).toContain('<dt>Sortie</dt>');
    expect(after).not.toContain('Déclarer le départ');
    expect(await pageText(await a.browser.get('/entreprise'))).not.toContain(`href="${page}"`);
    expect((await a.browser.post(page, { intent: 'EXPOSURE_ENDED', date: today })).status).toBe(404);
    expect(await stack.db.auditEvent.findMany({ where: { action: 'employer.employee-event', entityId: a.employeeId }, orderBy: { sequence: 'asc' }, select: { actorId: true, reason: true } })).toEqual([
      { actorId: a.account.id, reason: expect.stringMatching(/^Changement de poste ou de risques au /) },
      { actorId: a.account.id, reason: expect.stringMatching(/^Départ de l’entreprise au /) },
    ]);
  });
});
