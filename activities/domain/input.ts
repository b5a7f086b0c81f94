// Input parsing shared by the API and the console: one zod schema per request, French messages.
import { z } from 'zod';
import { isCivilDate } from '../../workflows/rules/calendar.js';
import { validationError } from './errors.js';

export const civilDateField = (label: string) =>
  z
    .string({ required_error: `${label} est obligatoire`, invalid_type_error: `${label} doit être une date AAAA-MM-JJ` })
    .refine(isCivilDate, `${label} doit être une date valide au format AAAA-MM-JJ`);

export const requiredText = (label: string, max = 200) =>
  z
    .string({ required_error: `${label} est obligatoire`, invalid_type_error: `${label} doit être un texte` })
    .trim()
    .min(1, `${label} est obligatoire`)
    .max(max, `${label} : ${max} caractères au plus`);

/** The paths of the texts holding a NUL character, which PostgreSQL refuses to store in any text column. */
function nulCharacterPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => nulCharacterPaths(item, [...path, index]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => nulCharacterPaths(item, [...path, key]));
  return [];
}

export function parseInput<T extends z.ZodTypeAny>(schema: T, input: unknown): z.output<T> {
  // Refused here, before any write: accepted, it would fail later in an activity retried forever.
  const nulPaths = nulCharacterPaths(input);
  if (nulPaths.length > 0) throw validationError(nulPaths.map((path) => ({ path, message: 'Le caractère nul (U+0000) n’est pas admis' })));
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  return parsed.data;
}
