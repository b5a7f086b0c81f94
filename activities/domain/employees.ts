import { z } from 'zod';
import { dbDateFromCivil, parisCivilDate, plusYears } from '../../workflows/rules/calendar.js';
import { followUpCategory, type FollowUpCategory } from '../../workflows/rules/follow-up-category.js';
import { riskCodes } from '../../workflows/rules/protocol-config.js';
import type { Db } from '../db.js';
import { DomainError } from './errors.js';
import { civilDateField, parseInput, requiredText } from './input.js';
import { publishedProtocol } from './protocol.js';

const MINIMUM_WORKING_AGE = 14;

export const employeeInputSchema = z
  .object({
    employerId: z.string({ required_error: 'L’employeur est obligatoire' }).uuid('Identifiant d’employeur invalide'),
    birthName: requiredText('Le nom de naissance'),
    usedName: requiredText('Le nom d’usage').optional(),
    firstNames: requiredText('Les prénoms'),
    birthDate: civilDateField('La date de naissance'),
    sex: z.enum(['F', 'M'], { errorMap: () => ({ message: 'Le sexe doit être « F » ou « M »' }) }),
    birthPlace: requiredText('Le lieu de naissance'),
    ins: z.string().regex(/^\d{13}(\d{2})?$/, 'L’INS comporte 13 ou 15 chiffres').optional(),
    email: z.string({ required_error: 'L’adresse e-mail est obligatoire' }).trim().email('Adresse e-mail invalide').max(254),
    phone: z
      .string({ required_error: 'Le téléphone est obligatoire' })
      .trim()
      .regex(/^\+?[0-9 .-]{6,20}$/, 'Numéro de téléphone invalide'),
    hireDate: civilDateField('La date d’embauche'),
    post: z.object(
      {
        title: requiredText('L’intitulé du poste'),
        risks: z.array(z.enum(riskCodes, { errorMap: () => ({ message: `Risque inconnu ; valeurs admises : ${riskCodes.join(', ')}` }) })).max(riskCodes.length),
        nightWork: z.boolean({ required_error: 'Indiquez si le poste comporte du travail de nuit', invalid_type_error: 'nightWork doit valoir true ou false' }),
      },
      { required_error: 'Le poste est obligatoire' },
    ),
  })
  .superRefine((employee, context) => {
    if (plusYears(employee.birthDate, MINIMUM_WORKING_AGE) > employee.hireDate) {
      context.addIssue({ code: 'custom', path: ['birthDate'], message: `Le salarié doit avoir au moins ${MINIMUM_WORKING_AGE} ans à l’embauche` });
    }
  });

export async function createEmployee(db: Db, input: unknown, now = new Date()): Promise<{ id: string; followUpCategory: FollowUpCategory }> {
  const data = parseInput(employeeInputSchema, input);
  const employer = await db.employer.findUnique({ where: { id: data.employerId }, select: { id: true } });
  if (!employer) throw new DomainError('VALIDATION', 'Employeur inconnu.', { employerId: 'Aucun adhérent avec cet identifiant' });
  const { config } = await publishedProtocol(db);
  const today = parisCivilDate(now);
  const category = followUpCategory(
    { birthDate: data.birthDate, risks: data.post.risks, nightWork: data.post.nightWork, asOf: data.hireDate > today ? data.hireDate : today },
    config.category,
  );
  const employee = await db.$transaction(async (tx) => {
    const post = await tx.post.create({
      data: { employerId: employer.id, title: data.post.title, risks: [...new Set(data.post.risks)], nightWork: data.post.nightWork, followUpCategory: category },
    });
    return tx.employee.create({
      data: {
        employerId: employer.id,
        birthName: data.birthName,
        usedName: data.usedName,
        firstNames: data.firstNames,
        birthDate: dbDateFromCivil(data.birthDate),
        sex: data.sex,
        birthPlace: data.birthPlace,
        ins: data.ins,
        email: data.email,
        phone: data.phone,
        hireDate: dbDateFromCivil(data.hireDate),
        postId: post.id,
      },
      select: { id: true },
    });
  });
  return { id: employee.id, followUpCategory: category };
}
