// Configuration comes from the environment, validated once at start so a missing or malformed
// variable stops the process with its name instead of failing later mid-request.
import { z } from 'zod';
import { TOTP_KEY_PATTERN } from './domain/two-factor.js';

const environmentSchema = z.object({
  DATABASE_URL: z.string().url({ message: 'doit être une URL postgresql://' }),
  TEMPORAL_ADDRESS: z.string().min(1).default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('visits'),
  SESSION_SECRET: z.string().min(16, { message: 'au moins 16 caractères' }).default('dev-session-secret-change-me'),
  // Encrypts the staff's TOTP secrets (R-TELE-8); the console requires it, the worker does not use it.
  TOTP_ENCRYPTION_KEY: z.string().regex(TOTP_KEY_PATTERN, { message: '32 octets en hexadécimal (64 caractères), par exemple `openssl rand -hex 32`' }).optional(),
  API_KEY: z.string().min(16, { message: 'au moins 16 caractères' }).optional(),
  SERVICE_NAME: z.string().min(1).default('SPSTI de démonstration'),
});

export type Environment = z.infer<typeof environmentSchema>;

export function readEnvironment(source: NodeJS.ProcessEnv = process.env): Environment {
  const parsed = environmentSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Configuration invalide — ${problems.join('; ')}`);
  }
  return parsed.data;
}
