// The worker's messaging, as configured by the environment (see activities/env.ts).
import path from 'node:path';
import type { Db } from '../db.js';
import type { Environment } from '../env.js';
import { createMailTransport, createMessaging, type Messaging } from './messaging.js';
import { createHttpSmsProvider, createOutboxSmsProvider, type SmsProvider } from './sms.js';

export function createMessagingFromEnvironment(env: Environment, db: Db): Messaging {
  return createMessaging({ db, mail: createMailTransport(env.SMTP_URL), sms: smsProvider(env), from: env.MAIL_FROM });
}

function smsProvider(env: Environment): SmsProvider {
  // Relative to the working directory: the project root under the npm scripts and the launcher.
  if (env.SMS_PROVIDER === 'outbox') return createOutboxSmsProvider(path.resolve(env.SMS_OUTBOX_DIR));
  // readEnvironment refuses SMS_PROVIDER=http without both.
  if (env.SMS_HTTP_URL === undefined || env.SMS_HTTP_TOKEN === undefined) throw new Error('SMS_PROVIDER=http demande SMS_HTTP_URL et SMS_HTTP_TOKEN');
  return createHttpSmsProvider({ url: env.SMS_HTTP_URL, token: env.SMS_HTTP_TOKEN, sender: env.SMS_SENDER });
}
