// Issue 5: the inbox's claim and release, through the console as a browser without JavaScript sends them:
// a task of the role's queue taken by one assistant leaves her colleague's inbox, a second claim reads who
// holds it, and only a claimed task can be given back, never one a workflow assigned.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { consoleStackForSuite } from '../support/console-stack.js';
import { aVisitRow } from '../support/rows.js';
import { aSignedInStaffMember, type CookieBrowser } from '../support/staff.js';

const suite = consoleStackForSuite();

async function anOpenTask(fields: { assigneeId?: string } = {}): Promise<string> {
  const visit = await aVisitRow(suite().db);
  const task = await suite().db.humanTask.create({
    data: { visitId: visit.id, kind: 'SCHEDULING', role: 'ASSISTANT', dueDate: new Date('2026-12-09'), idempotencyKey: randomUUID(), ...fields },
  });
  return task.id;
}


const inboxHtml = async (browser: CookieBrowser, query = '') => (await (await browser.get(`/taches${query}`)).text()).replaceAll('&#x27;', '’');

describe('claiming and releasing a task', () => {
  it('one assistant takes a queued task from her colleague’s inbox, the second claim reads who holds it, and giving it back returns it', async () => {
    const [sophie, karim] = [await aSignedInStaffMember(suite(), 'ASSISTANT', 'Sophie Leroy'), await aSignedInStaffMember(suite(), 'ASSISTANT', 'Karim Benali')];
    const taskId = await anOpenTask();
    const button = (verb: string) => `aria-label="${verb} : Planifier le rendez-vous, Julie Martin"`;
    expect(await inboxHtml(karim.browser)).toContain(button('Prendre'));

    const claimed = await sophie.browser.post('/taches?index', { intent: 'claim', taskId });
    expect(claimed.status).toBe(200);
    expect(await claimed.text()).toContain('Tâche prise : elle n’apparaît plus chez vos collègues.');
    expect(await suite().db.humanTask.findUniqueOrThrow({ where: { id: taskId }, select: { assigneeId: true } })).toEqual({ assigneeId: sophie.account.id });
    expect(await inboxHtml(sophie.browser, '?vue=miennes')).toContain(button('Relâcher'));
    const karimsQueue = await inboxHtml(karim.browser, '?vue=a-prendre');
    expect(karimsQueue).not.toContain(taskId);

    const late = await karim.browser.post('/taches?index', { intent: 'claim', taskId });
    expect(late.status).toBe(409);
    expect(await late.text()).toContain('Cette tâche est déjà prise par Sophie Leroy.');

    const released = await sophie.browser.post('/taches?index', { intent: 'release', taskId });
    expect(await released.text()).toContain('Tâche relâchée : elle revient à vos collègues.');
    expect(await inboxHtml(karim.browser, '?vue=a-prendre')).toContain(button('Prendre'));
    const trail = await suite().db.auditEvent.findMany({ where: { entityId: taskId }, orderBy: { sequence: 'asc' }, select: { action: true, actorId: true } });
    expect(trail).toEqual([
      { action: 'task.claim', actorId: sophie.account.id },
      { action: 'task.release', actorId: sophie.account.id },
    ]);
  });

  it('a task the workflow assigned cannot be given back, and another role’s task cannot be taken', async () => {
    const { browser: doctorBrowser } = await aSignedInStaffMember(suite(), 'DOCTOR', 'Dr Claire Martin');
    const { account: assistant, browser: assistantBrowser } = await aSignedInStaffMember(suite(), 'ASSISTANT', 'Inès Garnier');
    const assigned = await anOpenTask({ assigneeId: assistant.id });

    const release = await assistantBrowser.post('/taches?index', { intent: 'release', taskId: assigned });
    expect(release.status).toBe(409);
    expect(await release.text()).toContain('Vous ne pouvez relâcher qu’une tâche ouverte que vous avez prise vous-même.');
    expect(await inboxHtml(assistantBrowser)).toContain('Attribuée à moi');

    const queued = await anOpenTask();
    const wrongRole = await doctorBrowser.post('/taches?index', { intent: 'claim', taskId: queued });
    expect(wrongRole.status).toBe(404);
    expect(await suite().db.humanTask.findUniqueOrThrow({ where: { id: queued }, select: { assigneeId: true } })).toEqual({ assigneeId: null });
  });
});
