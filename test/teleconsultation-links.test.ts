// R-TELE-5: personal links and access codes. A code works for one teleconsultation, until the end of
// its slot, and a link locks after too many wrong codes; every attempt is audited.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessCodeFor,
  checkAccessCode,
  personalLink,
  personalToken,
  tokenHash,
  type AccessCodeCheck,
} from '../activities/teleconsultation/links.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { aTeleconsultationRow } from './support/rows.js';

const secret = 'a-link-secret-of-at-least-thirty-two-characters';
const slot = new Date('2026-12-03T09:00:00Z');
const validUntil = new Date(slot.getTime() + 90 * 60_000);
const duringSlot = new Date(slot.getTime() + 5 * 60_000);

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

/** Another six-digit code than the right one. */
function wrongCode(teleconsultationId: string): string {
  return String((Number(accessCodeFor(secret, teleconsultationId)) + 1) % 1_000_000).padStart(6, '0');
}

function check(teleconsultationId: string, code: string, options: { maxFailures?: number; now?: Date; ip?: string } = {}): Promise<AccessCodeCheck> {
  return checkAccessCode(database.db, {
    teleconsultationId,
    code,
    secret,
    maxFailures: options.maxFailures ?? 5,
    validUntil,
    now: options.now ?? duringSlot,
    ip: options.ip ?? '203.0.113.7',
  });
}

describe('personal links', () => {
  it('are the same for the same purpose and session, so a resent message carries the same link', () => {
    expect(personalToken(secret, 'employee', 'tc-1')).toBe(personalToken(secret, 'employee', 'tc-1'));
  });

  it('differ between sessions, purposes and secrets', () => {
    const tokens = [
      personalToken(secret, 'employee', 'tc-1'),
      personalToken(secret, 'employee', 'tc-2'),
      personalToken(secret, 'third-party', 'tc-1'),
      personalToken(secret, 'satisfaction', 'tc-1'),
      personalToken(`${secret}-other`, 'employee', 'tc-1'),
    ];

    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('point to the page of their purpose, with a url-safe token whose sha256 is what the database stores', () => {
    const token = personalToken(secret, 'employee', 'tc-1');

    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokenHash(token)).toBe(createHash('sha256').update(token).digest('hex'));
    expect(personalLink('https://sante-travail.example/', 'employee', token)).toBe(`https://sante-travail.example/teleconsultation/${token}`);
    expect(personalLink('https://sante-travail.example', 'third-party', token)).toBe(
      `https://sante-travail.example/teleconsultation/tiers/${token}`,
    );
    expect(personalLink('https://sante-travail.example', 'satisfaction', token)).toBe(`https://sante-travail.example/satisfaction/${token}`);
  });
});

describe('access codes', () => {
  it('have six digits, are stable for a session and differ between sessions', () => {
    const codes = Array.from({ length: 50 }, (_, index) => accessCodeFor(secret, `tc-${index}`));

    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(accessCodeFor(secret, 'tc-0')).toBe(codes[0]);
    expect(new Set(codes).size).toBeGreaterThan(45);
  });

  it('let the employee in with the right code, even typed with spaces', async () => {
    const { id } = await aTeleconsultationRow(database.db, slot);
    const code = accessCodeFor(secret, id);

    expect(await check(id, code)).toBe('OK');
    expect(await check(id, `${code.slice(0, 3)} ${code.slice(3)}`)).toBe('OK');
  });

  it('refuse a wrong code, whatever its length, and count each failure', async () => {
    const { id } = await aTeleconsultationRow(database.db, slot);

    expect(await check(id, wrongCode(id))).toBe('WRONG');
    expect(await check(id, '12')).toBe('WRONG');
    expect(await check(id, `${accessCodeFor(secret, id)}0`)).toBe('WRONG');
    expect(await check(id, '')).toBe('WRONG');
    expect((await database.db.teleconsultation.findUniqueOrThrow({ where: { id } })).accessCodeFailures).toBe(4);
  });

  it('refuse the code of another session', async () => {
    const first = await aTeleconsultationRow(database.db, slot);
    const second = await aTeleconsultationRow(database.db, slot);

    expect(await check(second.id, accessCodeFor(secret, first.id))).toBe('WRONG');
  });

  it('lock the link after the maximum of wrong codes, and then refuse the right code too', async () => {
    const { id } = await aTeleconsultationRow(database.db, slot);

    const results = [];
    for (let attempt = 0; attempt < 3; attempt += 1) results.push(await check(id, wrongCode(id), { maxFailures: 3 }));
    results.push(await check(id, accessCodeFor(secret, id), { maxFailures: 3 }));

    expect(results).toEqual(['WRONG', 'WRONG', 'LOCKED', 'LOCKED']);
    const session = await database.db.teleconsultation.findUniqueOrThrow({ where: { id } });
    expect(session.accessCodeLockedAt).toEqual(duringSlot);
    expect(session.accessCodeFailures).toBe(3);
  });

  it('expire after the slot, even the right code', async () => {
    const { id } = await aTeleconsultationRow(database.db, slot);

    expect(await check(id, accessCodeFor(secret, id), { now: new Date(validUntil.getTime() + 1000) })).toBe('EXPIRED');
    expect(await check(id, accessCodeFor(secret, id), { now: validUntil })).toBe('OK');
  });

  it('count every one of concurrent wrong attempts', async () => {
    const { id } = await aTeleconsultationRow(database.db, slot);

    const results = await Promise.all(Array.from({ length: 8 }, () => check(id, wrongCode(id), { maxFailures: 20 })));

    expect(results).toEqual(Array.from({ length: 8 }, () => 'WRONG'));
    expect((await database.db.teleconsultation.findUniqueOrThrow({ where: { id } })).accessCodeFailures).toBe(8);
  });

  it('lock once the maximum is reached even under concurrent guesses: no code is compared after that', async () => {
    const { id } = await aTeleconsultationRow(database.db, slot);

    const results = await Promise.all(Array.from({ length: 10 }, () => check(id, wrongCode(id), { maxFailures: 5 })));

    expect(results.filter((result) => result === 'WRONG')).toHaveLength(4);
    expect(results.filter((result) => result === 'LOCKED')).toHaveLength(6);
    // Guesses that arrived after the lock were refused without being counted as compared codes.
    expect((await database.db.teleconsultation.findUniqueOrThrow({ where: { id } })).accessCodeFailures).toBe(5);
  });

  it('audit every attempt with its result and the address it came from', async () => {
    const { id } = await aTeleconsultationRow(database.db, slot);

    await check(id, wrongCode(id), { now: new Date(slot.getTime() + 60_000), ip: '198.51.100.1' });
    await check(id, accessCodeFor(secret, id), { now: new Date(slot.getTime() + 120_000), ip: '198.51.100.2' });
    await check(id, accessCodeFor(secret, id), { now: new Date(validUntil.getTime() + 1000), ip: '198.51.100.3' });

    const audit = await database.db.auditEvent.findMany({ where: { entityType: 'Teleconsultation', entityId: id }, orderBy: { at: 'asc' } });
    expect(audit.map(({ actorId, actorLabel, action, reason, ip }) => ({ actorId, actorLabel, action, reason, ip }))).toEqual([
      { actorId: null, actorLabel: 'Salarié (lien personnel)', action: 'teleconsultation.access-code', reason: 'WRONG', ip: '198.51.100.1' },
      { actorId: null, actorLabel: 'Salarié (lien personnel)', action: 'teleconsultation.access-code', reason: 'OK', ip: '198.51.100.2' },
      { actorId: null, actorLabel: 'Salarié (lien personnel)', action: 'teleconsultation.access-code', reason: 'EXPIRED', ip: '198.51.100.3' },
    ]);
  });
});
