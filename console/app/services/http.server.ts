// Domain errors as HTTP answers for the pages: loaders throw them to the error boundary,
// actions return them to the form that was sent (400 with field errors, 422 for a refusal).
import { data } from '@remix-run/node';
import { isDatabaseUnavailable } from '../../../activities/db.js';
import { DomainError } from '../../../activities/domain/errors.js';
import { databaseDownMessage } from './dependencies.server.js';

interface FormFailure {
  intent?: string;
  message: string;
  fields?: Record<string, string>;
}

export async function pageData<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof DomainError) throw data({ message: error.message }, { status: error.status });
    if (isDatabaseUnavailable(error)) throw data({ message: databaseDownMessage }, { status: 503 });
    throw error;
  }
}

export function formFailure(error: unknown, intent?: string) {
  if (isDatabaseUnavailable(error)) return data({ ok: false as const, intent, message: databaseDownMessage, fields: undefined }, { status: 503 });
  if (!(error instanceof DomainError)) throw error;
  const failure: FormFailure = { intent, message: error.message, fields: error.fields };
  return data({ ok: false as const, ...failure }, { status: error.status });
}
