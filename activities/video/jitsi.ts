// Jitsi video for teleconsultations (R-TELE-14): one room per session with an unguessable name, and a
// token per participant that the Jitsi deployment (Prosody token auth, HS256 app secret) checks.
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';

export interface JitsiConfig {
  domain: string;
  appId: string;
  secret: string;
}

/** 160 random bits in lowercase hex: url-safe and valid as a Jitsi room name. */
export function newRoomName(): string {
  return randomBytes(20).toString('hex');
}

export async function mintJitsiToken(
  config: JitsiConfig,
  claims: { room: string; user: { id: string; name: string; email?: string }; moderator: boolean; notBefore: Date; expiresAt: Date },
): Promise<string> {
  if (claims.expiresAt.getTime() <= claims.notBefore.getTime()) {
    throw new Error(`Jeton vidéo : l’expiration (${claims.expiresAt.toISOString()}) précède l’ouverture (${claims.notBefore.toISOString()})`);
  }
  const { id, name, email } = claims.user;
  return new SignJWT({
    room: claims.room,
    moderator: claims.moderator,
    context: {
      user: { id, name, ...(email === undefined ? {} : { email }), moderator: claims.moderator },
      // R-TELE-14: nothing is recorded, streamed or transcribed.
      features: { recording: false, livestreaming: false, transcription: false },
    },
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setAudience('jitsi')
    .setIssuer(config.appId)
    .setSubject(config.domain)
    .setIssuedAt()
    .setNotBefore(Math.floor(claims.notBefore.getTime() / 1000))
    .setExpirationTime(Math.floor(claims.expiresAt.getTime() / 1000))
    .sign(new TextEncoder().encode(config.secret));
}

export function jitsiMeetingUrl(config: JitsiConfig, room: string, token: string): string {
  return `https://${config.domain}/${encodeURIComponent(room)}?jwt=${encodeURIComponent(token)}`;
}
