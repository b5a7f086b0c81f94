import { z } from 'zod';
import type { Db } from '../db.js';
import { DomainError } from './errors.js';
import { parseInput, requiredText } from './input.js';

/** SIRET: 14 digits whose Luhn checksum is valid. */
export function isValidSiret(siret: string): boolean {
  if (!/^\d{14}$/.test(siret)) return false;
  const sum = [...siret].reverse().reduce((total, char, index) => {
    const digit = Number(char) * (index % 2 === 1 ? 2 : 1);
    return total + (digit > 9 ? digit - 9 : digit);
  }, 0);
  return sum % 10 === 0;
}

const contactEmailSchema = z
  .string({ invalid_type_error: 'L’adresse de contact doit être un texte' })
  .trim()
  .max(254, 'Adresse de contact : 254 caractères au plus')
  .transform((value) => value || undefined)
  .pipe(z.string().email('Adresse de contact invalide').optional())
  .optional();

export const employerInputSchema = z.object({
  name: requiredText('La raison sociale'),
  siret: z
    .string({ required_error: 'Le SIRET est obligatoire', invalid_type_error: 'Le SIRET doit être un texte' })
    .transform((value) => value.replace(/\s/g, ''))
    .refine(isValidSiret, 'Le SIRET doit comporter 14 chiffres et être valide'),
  // R-TELE-12 and issue 8: where attestations, avis and the yearly staff declaration are sent; none is allowed.
  contactEmail: contactEmailSchema,
});

/** What the administrators change on a member company. */
export const employerContactSchema = z.object({ contactEmail: contactEmailSchema });

export async function createEmployer(db: Db, input: unknown): Promise<{ id: string }> {
  const data = parseInput(employerInputSchema, input);
  const existing = await db.employer.findUnique({ where: { siret: data.siret }, select: { id: true } });
  if (existing) throw new DomainError('CONFLICT', 'Un adhérent avec ce SIRET existe déjà.', { siret: 'SIRET déjà enregistré' });
  return db.employer.create({ data, select: { id: true } });
}

/** A new contact address, or none (then documents go only to the company's portal accounts). */
export async function updateEmployerContact(db: Db, employerId: string, input: unknown): Promise<{ name: string; contactEmail: string | null }> {
  const { contactEmail } = parseInput(employerContactSchema, input);
  const updated = await db.employer.updateMany({ where: { id: employerId }, data: { contactEmail: contactEmail ?? null } });
  if (updated.count === 0) throw new DomainError('NOT_FOUND', 'Adhérent introuvable.');
  return db.employer.findUniqueOrThrow({ where: { id: employerId }, select: { name: true, contactEmail: true } });
}
