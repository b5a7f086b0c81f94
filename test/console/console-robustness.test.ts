// Issue 7: the console's visit actions under generated bad input, through the browser's own form posts:
// always a 4xx whose French reason is on the page, never a 500, and the visit is left exactly as it was.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aReturnVisitThroughApi } from '../support/api-client.js';
import { consoleStackForSuite } from '../support/console-stack.js';
import { aSignedInStaffMember } from '../support/staff.js';

const suite = consoleStackForSuite();

const huge = 'x'.repeat(100_000);
// Per kind of field, values its schema refuses: a generated input must never be a valid decision by chance.
const badText = fc.constantFrom('', '  ', 'ab', huge);
const badCode = fc.constantFrom('', 'UNKNOWN', 'sis', `'; DROP TABLE "Visit"; --`, '<img src=x onerror=alert(1)>', '../../etc/passwd', huge);
const badInstant = fc.constantFrom('', '2026-02-30T10:00', '31/12/2026 09:30', '2026-13-01T25:61', 'demain', huge);
const intents = ['schedule', 'cancel', 'excuse-absence', 'no-show', 'maternity-request', 'tele-admit', 'tele-invite', 'tele-interrupt', 'tele-failure', 'tele-end', 'tele-adverse-event', 'inconnu'];

const badForm = fc.record(
  {
    intent: fc.constantFrom(...intents),
    appointmentAt: badInstant,
    professionalId: badCode,
    modality: badCode,
    remoteProposedBy: badCode,
    reasonCode: badCode,
    reasonDetails: badText,
    reason: badCode,
    details: badText,
    birthName: badText,
    role: badCode,
    kind: badCode,
  },
  { requiredKeys: ['intent'] },
);

/** What the page says: form-level alerts and field errors. */
function visibleMessages(html: string): string[] {
  return [...html.matchAll(/<div class="alert error"[^>]*><p>([^<]*)<\/p>|<p class="field-error"[^>]*>([^<]*)<\/p>/g)].map((match) => match[1] ?? match[2] ?? '');
}

describe('the console’s visit actions under bad input', () => {
  it('answer every generated bad form with a 4xx and a French reason on the page, and change nothing', { timeout: 180_000 }, async () => {
    const stack = suite();
    const visit = await aReturnVisitThroughApi(stack, { birthName: 'Fuzz', firstNames: 'Léon' });
    const { browser } = await aSignedInStaffMember(stack, 'ASSISTANT', 'Sophie Leroy');
    const before = await stack.db.visit.findUniqueOrThrow({ where: { id: visit.id } });

    await fc.assert(
      fc.asyncProperty(badForm, async (form) => {
        const answer = await browser.post(`/visites/${visit.id}`, form as Record<string, string>);
        expect(answer.status, JSON.stringify({ ...form, huge: undefined })).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        const messages = visibleMessages(await answer.text());
        expect(messages.length, `no reason shown for ${form.intent}`).toBeGreaterThan(0);
        for (const message of messages) expect(message).not.toMatch(/\b(Expected|Required|Invalid (input|date|type|enum)|received|undefined|TypeError)\b/);
      }),
      { numRuns: 60 },
    );

    const after = await stack.db.visit.findUniqueOrThrow({ where: { id: visit.id } });
    expect(after).toEqual(before);
    const accepted = await stack.db.auditEvent.findMany({ where: { entityId: visit.id, action: { startsWith: 'visit.' }, NOT: [{ action: { endsWith: '.refused' } }, { action: 'visit.read' }] } });
    expect(accepted).toEqual([]);
  });
});
