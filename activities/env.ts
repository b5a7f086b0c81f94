// Configuration comes from the environment, validated once at start so a missing or malformed
// variable stops the process with its name instead of failing later mid-request.
import { z } from 'zod';
import { TOTP_KEY_PATTERN } from './domain/two-factor.js';

const environmentSchema = z.object({
  DATABASE_URL: z.string().url({ message: 'doit être une URL postgresql://' }),
  TEMPORAL_ADDRESS: z.string().min(1).default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('visits'),
  // A Temporal cluster beyond the embedded dev server: TLS (server certificate checked against the system's
  // or TEMPORAL_TLS_CA_FILE's authorities), mTLS with a client certificate, or Temporal Cloud's API key.
  TEMPORAL_TLS: z.enum(['true', 'false'], { message: 'doit valoir « true » ou « false »' }).default('false'),
  TEMPORAL_TLS_CERT_FILE: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY_FILE: z.string().min(1).optional(),
  TEMPORAL_TLS_CA_FILE: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  SESSION_SECRET: z.string().min(16, { message: 'au moins 16 caractères' }).default('dev-session-secret-change-me'),
  // Encrypts the staff's TOTP secrets (R-TELE-8); the console requires it, the worker does not use it.
  TOTP_ENCRYPTION_KEY: z.string().regex(TOTP_KEY_PATTERN, { message: '32 octets en hexadécimal (64 caractères), par exemple `openssl rand -hex 32`' }).optional(),
  API_KEY: z.string().min(16, { message: 'au moins 16 caractères' }).optional(),
  SERVICE_NAME: z.string().min(1).default('SPSTI de démonstration'),
  // Teleconsultation (R-TELE-5, R-TELE-14). The defaults serve the embedded stack; set them all in production.
  PUBLIC_URL: z.string().url({ message: 'doit être une URL http(s)://, celle de la console vue des salariés' }).default('http://localhost:3000'),
  LINK_SECRET: z.string().min(32, { message: 'au moins 32 caractères' }).default('dev-link-secret-change-me-0123456789abcdef'),
  SMTP_URL: z.string().url({ message: 'doit être une URL smtp:// ou smtps://' }).default('smtp://127.0.0.1:2525'),
  MAIL_FROM: z.string().regex(/@/, { message: 'doit contenir une adresse, par exemple « SPSTI <no-reply@exemple.fr> »' }).default('SPSTI de démonstration <no-reply@spsti.localhost>'),
  SMS_PROVIDER: z.enum(['outbox', 'http'], { message: 'doit valoir « outbox » ou « http »' }).default('outbox'),
  SMS_OUTBOX_DIR: z.string().min(1).default('data/sms'),
  SMS_HTTP_URL: z.string().url({ message: 'doit être une URL http(s)://' }).optional(),
  SMS_HTTP_TOKEN: z.string().min(1).optional(),
  // Alphanumeric SMS senders are at most 11 characters.
  SMS_SENDER: z.string().min(1).max(11, { message: 'au plus 11 caractères' }).default('SPSTI'),
  JITSI_DOMAIN: z.string().min(1).default('meet.jit.si'),
  JITSI_APP_ID: z.string().min(1).default('spsti'),
  JITSI_APP_SECRET: z.string().min(32, { message: 'au moins 32 caractères' }).default('dev-jitsi-secret-change-me-0123456789abcdef'),
  // Operations: `json` writes one JSON object per log line for a log collector; traces go to an OpenTelemetry
  // collector over OTLP/HTTP when its address is set (the standard variable names).
  LOG_FORMAT: z.enum(['text', 'json'], { message: 'doit valoir « text » ou « json »' }).default('text'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url({ message: 'doit être une URL http(s)://, celle du collecteur OpenTelemetry' }).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('spsti-worker'),
  // A workflow bundle written by `npm run bundle` from this same code: the worker loads it instead of bundling
  // the workflows at start. Traced workers bundle their own, with the tracing interceptors.
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  // host:port where a worker serves its Temporal SDK metrics for Prometheus (/metrics); none by default.
  METRICS_PROMETHEUS_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d{1,5}$/, { message: 'doit être « hôte:port », par exemple 0.0.0.0:9464' })
    .optional(),
}).superRefine((env, context) => {
  if ((env.TEMPORAL_TLS_CERT_FILE === undefined) !== (env.TEMPORAL_TLS_KEY_FILE === undefined)) {
    const missing = env.TEMPORAL_TLS_CERT_FILE === undefined ? 'TEMPORAL_TLS_CERT_FILE' : 'TEMPORAL_TLS_KEY_FILE';
    context.addIssue({ code: z.ZodIssueCode.custom, path: [missing], message: 'obligatoire : le certificat client et sa clé vont ensemble (mTLS)' });
  }
  if (env.WORKFLOW_BUNDLE_PATH !== undefined && env.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined) {
    context.addIssue({ code: z.ZodIssueCode.custom, path: ['WORKFLOW_BUNDLE_PATH'], message: 'sans objet avec OTEL_EXPORTER_OTLP_ENDPOINT : un worker tracé assemble lui-même ses workflows avec les intercepteurs de traçage' });
  }
  if (env.SMS_PROVIDER !== 'http') return;
  for (const variable of ['SMS_HTTP_URL', 'SMS_HTTP_TOKEN'] as const) {
    if (env[variable] === undefined) context.addIssue({ code: z.ZodIssueCode.custom, path: [variable], message: 'obligatoire quand SMS_PROVIDER=http' });
  }
});

export type Environment = z.infer<typeof environmentSchema>;

export function readEnvironment(source: Record<string, string | undefined> = process.env): Environment {
  const parsed = environmentSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Configuration invalide — ${problems.join('; ')}`);
  }
  return parsed.data;
}
