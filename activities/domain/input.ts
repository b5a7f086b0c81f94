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

export function parseInput<T extends z.ZodTypeAny>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  return parsed.data;
}
