// Issue 7: two coordinators deciding on the same visit at the same moment, through two browsers. The workflow
// applies decisions one at a time and checks each again when it applies it: one wins, the other reads why
// in French, the visit is changed once, and the audit trail records both outcomes.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aReturnVisitThroughApi } from '../support/api-client.js';
import { startConsoleStack, type ConsoleStack } from '../support/console-stack.js';
import { aStaffAccount, CookieBrowser } from '../support/staff.js';

let stack: ConsoleStack;
beforeAll(async () => {
  stack = await startConsoleStack();
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

async function signedInCoordinator(displayName: string): Promise<CookieBrowser> {
  const account = await aStaffAccount(stack, { role: 'ASSISTANT', displayName, email: `coordination-${randomUUID()}@spsti.test` });
  const browser = new CookieBrowser(stack.baseUrl);
  await browser.signIn(account);
  return browser;
}

describe('concurrent decisions on one visit', () => {
  it('two cancellations sent together: one cancels, the other is told the visit is cancelled, and nothing happens twice', { timeout: 60_000 }, async () => {
    const visit = await aReturnVisitThroughApi(stack, { birthName: 'Roux', firstNames: 'Adèle' });
    const [first, second] = [await signedInCoordinator('Sophie Leroy'), await signedInCoordinator('Karim Benali')];

    const answers = await Promise.all(
      [first, second].map((browser, index) =>
        browser.post(`/visites/${visit.id}`, { intent: 'cancel', reasonCode: index === 0 ? 'DUPLICATE' : 'EMPLOYEE_LEFT' }),
      ),
    );

    const outcomes = await Promise.all(answers.map(async (answer) => ({ status: answer.status, text: await answer.text() })));
    const won = outcomes.filter((outcome) => outcome.status === 200);
    const lost = outcomes.filter((outcome) => outcome.status !== 200);
    expect(won).toHaveLength(1);
    expect(lost.map((outcome) => outcome.status)).toEqual([422]);
    // The form the loser used is gone from the closed visit's page: the refusal shows at its top.
    expect(lost[0]!.text).toMatch(/<div class="alert error" role="alert" tabindex="-1"><p>La visite est (déjà close|annulée)\.<\/p>/);

    const stored = await stack.db.visit.findUniqueOrThrow({ where: { id: visit.id }, select: { status: true, cancellationReason: true } });
    expect(stored.status).toBe('CANCELLED');
    expect(['Visite en double', 'Le salarié a quitté l’entreprise']).toContain(stored.cancellationReason);
    const trail = await stack.db.auditEvent.findMany({ where: { entityId: visit.id, action: { startsWith: 'visit.cancel' } }, select: { action: true, reason: true } });
    expect(trail.map((entry) => entry.action).sort()).toEqual(['visit.cancel', 'visit.cancel.refused']);
    expect(trail.find((entry) => entry.action === 'visit.cancel')!.reason).toContain(stored.cancellationReason!);
    const history = await stack.temporal.client.workflow.getHandle(visit.workflowId).fetchHistory();
    const cancellations = (history.events ?? []).filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'recordCancellation');
    expect(cancellations).toHaveLength(1);
  });
});
