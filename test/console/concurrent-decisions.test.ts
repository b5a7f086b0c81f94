// Issue 7: two coordinators deciding on the same visit at the same moment, through two browsers. The workflow
// applies decisions one at a time and checks each again when it applies it: one wins, the other reads why
// in French, the visit is changed once, and the audit trail records both outcomes.
import { describe, expect, it } from 'vitest';
import { aReturnVisitThroughApi } from '../support/api-client.js';
import { consoleStackForSuite } from '../support/console-stack.js';
import { aSignedInStaffMember } from '../support/staff.js';

const suite = consoleStackForSuite();


describe('concurrent decisions on one visit', () => {
  it('two cancellations sent together: one cancels, the other is told the visit is cancelled, and nothing happens twice', { timeout: 60_000 }, async () => {
    const visit = await aReturnVisitThroughApi(suite(), { birthName: 'Roux', firstNames: 'Adèle' });
    const [first, second] = [(await aSignedInStaffMember(suite(), 'ASSISTANT', 'Sophie Leroy')).browser, (await aSignedInStaffMember(suite(), 'ASSISTANT', 'Karim Benali')).browser];

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
    // The form the loser used is gone from the closed visit's page: the refusal shows at its top. Its words depend
    // on how far the winner got: refused by the running workflow, by the closing one, or sent to a finished one.
    expect(lost[0]!.text).toMatch(
      /<div class="alert error" role="alert" tabindex="-1"><p>(La visite est (déjà close|annulée)|Ce dossier est clos : il ne peut plus être modifié)\.<\/p>/,
    );

    const stored = await suite().db.visit.findUniqueOrThrow({ where: { id: visit.id }, select: { status: true, cancellationReason: true } });
    expect(stored.status).toBe('CANCELLED');
    expect(['Visite en double', 'Le salarié a quitté l’entreprise']).toContain(stored.cancellationReason);
    const trail = await suite().db.auditEvent.findMany({ where: { entityId: visit.id, action: { startsWith: 'visit.cancel' } }, select: { action: true, reason: true } });
    expect(trail.map((entry) => entry.action).sort()).toEqual(['visit.cancel', 'visit.cancel.refused']);
    expect(trail.find((entry) => entry.action === 'visit.cancel')!.reason).toContain(stored.cancellationReason!);
    const history = await suite().temporal.client.workflow.getHandle(visit.workflowId).fetchHistory();
    const cancellations = (history.events ?? []).filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'recordCancellation');
    expect(cancellations).toHaveLength(1);
  });
});
