// Issue 5: the coordinators' morning digest, end to end: the schedule the worker ensures, a triggered run on
// the real Temporal dev server, the worker's activity counting in PostgreSQL, and the emails over SMTP.
import { describe, expect, it } from 'vitest';
import { frenchDate, parisCivilDate, plusDays, dbDateFromCivil } from '../../workflows/rules/calendar.js';
import { ensureSchedules, scheduleIdOf } from '../../worker/schedules.js';
import { consoleStackForSuite } from '../support/console-stack.js';
import { saveHistory } from '../support/histories.js';
import { aVisitRow } from '../support/rows.js';
import { aStaffAccount } from '../support/staff.js';

const suite = consoleStackForSuite();

/** Triggers the schedule now and waits for that run to finish. */
async function runDigestNow(): Promise<{ workflowId: string; result: { day: string; sent: number } }> {
  const schedule = suite().temporal.client.schedule.getHandle(scheduleIdOf('digest', suite().temporal.taskQueue));
  const before = (await schedule.describe()).info.recentActions.length;
  await schedule.trigger();
  let workflowId: string | undefined;
  for (let attempt = 0; attempt < 100 && !workflowId; attempt += 1) {
    workflowId = (await schedule.describe()).info.recentActions[before]?.action.workflow.workflowId;
    if (!workflowId) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!workflowId) throw new Error('the schedule did not start the digest');
  return { workflowId, result: await suite().temporal.client.workflow.getHandle(workflowId).result() };
}

describe('the coordinators’ daily digest', () => {
  it('runs on working days at 7:00 Paris time, and a second worker starting finds the schedule there', async () => {
    await ensureSchedules(suite().temporal.client, suite().temporal.taskQueue);
    await ensureSchedules(suite().temporal.client, suite().temporal.taskQueue);

    const { spec, action } = await suite().temporal.client.schedule.getHandle(scheduleIdOf('digest', suite().temporal.taskQueue)).describe();

    expect(spec.timezone).toBe('Europe/Paris');
    const [calendar, ...others] = spec.calendars ?? [];
    expect(others).toEqual([]);
    expect([calendar?.hour, calendar?.minute]).toEqual([[{ start: 7, end: 7, step: 1 }], [{ start: 0, end: 0, step: 1 }]]);
    expect(calendar?.dayOfWeek?.map((range) => range.start)).toEqual(['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY']);
    expect(action).toMatchObject({ type: 'startWorkflow', workflowType: 'coordinatorDigestWorkflow', taskQueue: suite().temporal.taskQueue });
  });

  it('mails each assistant the counts and the links to the lists, no employee named, and never twice the same day', { timeout: 60_000 }, async () => {
    const today = parisCivilDate(new Date());
    // Nothing late or at risk: no mail at all.
    expect((await runDigestNow()).result).toEqual({ day: today, sent: 0 });

    await Promise.all(
      ['Sophie Leroy', 'Karim Benali'].map((displayName, index) =>
        aStaffAccount(suite(), { role: 'ASSISTANT', displayName, email: `assistante${index}@spsti.test` }),
      ),
    );
    await aStaffAccount(suite(), { role: 'DOCTOR', displayName: 'Dr Claire Martin', email: 'medecin@spsti.test' });
    const deadlines = [plusDays(today, -3), plusDays(today, 2), plusDays(today, 5), plusDays(today, 40)];
    for (const deadline of deadlines) {
      const visit = await aVisitRow(suite().db);
      await suite().db.visit.update({ where: { id: visit.id }, data: { deadline: dbDateFromCivil(deadline), dueDate: dbDateFromCivil(deadline) } });
    }

    const { workflowId, result } = await runDigestNow();

    expect(result).toEqual({ day: today, sent: 2 });
    const digests = suite().mails.filter((mail) => mail.subject.startsWith('Visites à surveiller'));
    expect(digests.map((mail) => mail.to).sort()).toEqual([['assistante0@spsti.test'], ['assistante1@spsti.test']]);
    const [first] = digests;
    expect(first!.subject).toBe(`Visites à surveiller au ${frenchDate(today)} : 1 en retard, 2 à échéance sous 7 jours`);
    const soon = plusDays(today, 7);
    expect(first!.text).toContain(`- En retard : 1 — ${suite().publicUrl}/visites?ouvertes=1&retard=1`);
    expect(first!.text).toContain(`- Échéance dans les 7 jours : 2 — ${suite().publicUrl}/visites?ouvertes=1&echeanceDu=${today}&echeanceAu=${soon}`);
    expect(first!.text).toContain(`- dont sans rendez-vous : 2 — ${suite().publicUrl}/visites?statut=TO_SCHEDULE&echeanceDu=${today}&echeanceAu=${soon}`);
    expect(first!.text).toContain(`Tableau de pilotage : ${suite().publicUrl}/pilotage`);
    // aVisitRow's employees are all Julie Martin, of « Entreprise de test ».
    expect(digests.some((mail) => /Julie|Martin|Entreprise de test/.test(mail.text))).toBe(false);
    await saveHistory('coordinator-digest', workflowId, await suite().temporal.client.workflow.getHandle(workflowId).fetchHistory());

    // Triggered again the same day (a catch-up, an operator): the assistants already have today's digest.
    expect((await runDigestNow()).result).toEqual({ day: today, sent: 0 });
    expect(suite().mails.filter((mail) => mail.subject.startsWith('Visites à surveiller'))).toHaveLength(2);
  });
});
