// R-TELE-14: the video room is unguessable, a token lets one participant in around the slot only,
// only the professional moderates, and the deployment is told to record nothing.
import { errors, jwtVerify, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { jitsiMeetingUrl, mintJitsiToken, newRoomName, type JitsiConfig } from '../activities/video/jitsi.js';

const config: JitsiConfig = { domain: 'visio.spsti.example', appId: 'spsti-test', secret: 'a-jitsi-app-secret-of-at-least-32-characters' };
const key = new TextEncoder().encode(config.secret);
const slot = new Date('2026-12-03T09:00:00Z');
const notBefore = new Date(slot.getTime() - 30 * 60_000);
const expiresAt = new Date(slot.getTime() + 90 * 60_000);
const room = newRoomName();

function tokenFor(user: { id: string; name: string; email?: string }, moderator: boolean): Promise<string> {
  return mintJitsiToken(config, { room, user, moderator, notBefore, expiresAt });
}

/** Verifies as the Jitsi deployment would, at the given time. */
function verifyAt(token: string, at: Date, secret = key) {
  return jwtVerify(token, secret, { audience: 'jitsi', issuer: config.appId, subject: config.domain, currentDate: at, algorithms: ['HS256'] });
}

interface JitsiClaims extends JWTPayload {
  room: string;
  moderator: boolean;
  context: { user: { id: string; name: string; email?: string; moderator: boolean }; features: Record<string, boolean> };
}

describe('Jitsi tokens', () => {
  it('let the professional in as moderator and the employee as a plain participant, with nothing recorded', async () => {
    const professional = await verifyAt(await tokenFor({ id: 'pro-1', name: 'Dr Claire Martin', email: 'claire.martin@spsti.example' }, true), slot);
    const employee = await verifyAt(await tokenFor({ id: 'employee-1', name: 'Julie Martin' }, false), slot);

    const pro = professional.payload as JitsiClaims;
    const emp = employee.payload as JitsiClaims;
    expect(professional.protectedHeader.alg).toBe('HS256');
    expect(pro).toMatchObject({ aud: 'jitsi', iss: 'spsti-test', sub: 'visio.spsti.example', room, moderator: true });
    expect(pro.context.user).toEqual({ id: 'pro-1', name: 'Dr Claire Martin', email: 'claire.martin@spsti.example', moderator: true });
    expect(emp).toMatchObject({ room, moderator: false });
    expect(emp.context.user).toEqual({ id: 'employee-1', name: 'Julie Martin', moderator: false });
    for (const claims of [pro, emp]) {
      expect(claims.context.features).toEqual({ recording: false, livestreaming: false, transcription: false });
      expect(claims.nbf).toBe(notBefore.getTime() / 1000);
      expect(claims.exp).toBe(expiresAt.getTime() / 1000);
    }
  });

  it('are refused before the room opens and after the slot', async () => {
    const token = await tokenFor({ id: 'employee-1', name: 'Julie Martin' }, false);

    await expect(verifyAt(token, new Date(notBefore.getTime() - 60_000))).rejects.toMatchObject({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'nbf' });
    await expect(verifyAt(token, new Date(expiresAt.getTime() + 60_000))).rejects.toBeInstanceOf(errors.JWTExpired);
    await expect(verifyAt(token, new Date(notBefore.getTime() + 60_000))).resolves.toBeDefined();
  });

  it('signed with another secret are refused', async () => {
    const forged = await mintJitsiToken(
      { ...config, secret: 'another-secret-that-is-also-32-characters-long' },
      { room, user: { id: 'intruder', name: 'Intrus' }, moderator: true, notBefore, expiresAt },
    );

    await expect(verifyAt(forged, slot)).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
  });

  it('cannot be minted with an expiry before the opening', async () => {
    await expect(
      mintJitsiToken(config, { room, user: { id: 'employee-1', name: 'Julie Martin' }, moderator: false, notBefore: expiresAt, expiresAt: notBefore }),
    ).rejects.toThrow(/expiration/);
  });

  it('open a meeting link on the configured deployment and room', async () => {
    const token = await tokenFor({ id: 'employee-1', name: 'Julie Martin' }, false);

    const url = new URL(jitsiMeetingUrl(config, room, token));

    expect(url.origin).toBe('https://visio.spsti.example');
    expect(url.pathname).toBe(`/${room}`);
    expect(url.searchParams.get('jwt')).toBe(token);
  });
});

describe('room names', () => {
  it('are unique, long and valid Jitsi room names', () => {
    const names = Array.from({ length: 1000 }, () => newRoomName());

    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^[a-z0-9]+$/);
      // Hex digits carry 4 bits each: at least 128 random bits.
      expect(name.length * 4).toBeGreaterThanOrEqual(128);
    }
  });
});
