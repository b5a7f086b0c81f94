// Issue 6, R-DATA-2: every read of medical data leaves exactly one entry in the audit trail, naming who read
// what; the pages that show no medical content (the list, the status the visit page polls) leave none, so the
// trail stays readable.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aReturnVisitThroughApi } from '../support/api-client.js';
import { startConsoleStack, type ConsoleStack } from '../support/console-stack.js';
import { aStaffAccount, CookieBrowser } from '../support/staff.js';

let stack: ConsoleStack;

beforeAll(async () => {
  stack = await startConsoleStack();
});

afterAll(() => stack?.stop());

describe('R-DATA-2: one audit entry per medical read', () => {
  it('the visit page, the task page and a document download each write one entry; the list and the status poll none', { timeout: 60_000 }, async () => {
    const doctor = await aStaffAccount(stack, { role: 'DOCTOR', displayName: 'Dr Lise Perrin', email: 'lise.perrin@spsti.test' });
    const visit = await aReturnVisitThroughApi(stack, { birthName: 'Vidal', firstNames: 'Hugo' });
    await expect.poll(() => stack.db.humanTask.count({ where: { visitId: visit.id } })).toBe(1);
    const task = await stack.db.humanTask.findFirstOrThrow({ where: { visitId: visit.id } });
    const pdf = Buffer.from('%PDF-1.4 attestation');
    const document = await stack.db.document.create({
      data: { visitId: visit.id, kind: 'ATTESTATION', fileName: 'attestation-vidal.pdf', content: pdf, sha256: createHash('sha256').update(pdf).digest('hex'), idempotencyKey: `audit-reads-${visit.id}` },
    });

    const browser = new CookieBrowser(stack.baseUrl);
    expect((await browser.signIn(doctor)).status).toBe(302);
    const trail = () =>
      stack.db.auditEvent.findMany({
        where: { actorId: doctor.id, action: { in: ['visit.read', 'task.read', 'document.download'] } },
        orderBy: { sequence: 'asc' },
        select: { action: true, entityType: true, entityId: true, actorLabel: true },
      });

    const reads: [path: string, expected: { action: string; entityType: string; entityId: string }][] = [
      [`/visites/${visit.id}`, { action: 'visit.read', entityType: 'Visit', entityId: visit.id }],
      [`/taches/${task.id}`, { action: 'task.read', entityType: 'HumanTask', entityId: task.id }],
      [`/documents/${document.id}`, { action: 'document.download', entityType: 'Document', entityId: document.id }],
    ];
    const expected: { action: string; entityType: string; entityId: string; actorLabel: string }[] = [];
    for (const [path, entry] of reads) {
      const response = await browser.get(path);
      expect(response.status, path).toBe(200);
      await response.arrayBuffer();
      expected.push({ ...entry, actorLabel: 'Dr Lise Perrin (Médecin du travail)' });
      expect(await trail(), path).toEqual(expected);
    }

    for (const path of ['/visites', `/visites/${visit.id}?etat=1`, '/taches']) {
      expect((await browser.get(path)).status, path).toBe(200);
    }
    expect(await trail()).toEqual(expected);
  });
});
