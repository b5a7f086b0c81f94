// The service's people as administrators manage them: an account, and a nurse's delegation protocol
// (R-DEL-1). Checked in the browser and again by the actions.
import { z } from 'zod';
import { isCivilDate } from '../../../workflows/rules/calendar.js';
import { performerFor, visitTypes, type VisitType } from '../../../workflows/rules/visit-types.js';

export const accountRoles = ['DOCTOR', 'NURSE', 'ASSISTANT', 'ADMIN', 'EMPLOYER'] as const;

export const accountFormSchema = z
  .object({
    displayName: z.string({ required_error: 'Indiquez le nom' }).trim().min(3, 'Indiquez le nom affiché (3 caractères au moins), par exemple « Dr Anne Rey »').max(120, '120 caractères au plus'),
    email: z.string({ required_error: 'Indiquez l’adresse e-mail' }).trim().toLowerCase().max(254, '254 caractères au plus').email('Indiquez une adresse e-mail valide'),
    role: z.enum(accountRoles, { errorMap: () => ({ message: 'Choisissez un rôle' }) }),
    // Only for an employer account: the company it acts for.
    employerId: z.union([z.literal(''), z.string().uuid('Choisissez une entreprise de la liste')]),
  })
  .refine((form) => (form.role === 'EMPLOYER') === (form.employerId !== ''), {
    path: ['employerId'],
    message: 'Un compte employeur agit pour une entreprise, et seul un compte employeur en a une',
  });

/** R-DEL-1: what a doctor may delegate to a nurse; the aptitude exams and the post-exposure visit stay the doctor's. */
export const delegableVisitTypes = visitTypes.filter((type) => performerFor(type) === 'DOCTOR_OR_NURSE') as [VisitType, ...VisitType[]];

const civilDate = (missing: string) => z.string({ required_error: missing }).refine(isCivilDate, missing);

export const delegationFormSchema = z
  .object({
    nurseId: z.string({ required_error: 'Choisissez l’infirmier(ère)' }).uuid('Choisissez l’infirmier(ère)'),
    doctorId: z.string({ required_error: 'Choisissez le médecin signataire' }).uuid('Choisissez le médecin signataire'),
    // A lone checkbox arrives as a string, none at all as undefined (react-hook-form: false).
    visitTypes: z.preprocess(
      (value) => (typeof value === 'string' ? [value] : value === false || value === undefined ? [] : value),
      // Checked as a whole, so the message sits on the group of checkboxes rather than on one of them.
      z
        .array(z.string())
        .min(1, 'Cochez au moins un type de visite délégué')
        .refine((types): types is VisitType[] => types.every((type) => (delegableVisitTypes as readonly string[]).includes(type)), 'Ce type de visite ne se délègue pas (R-DEL-1)'),
    ),
    signedOn: civilDate('Indiquez la date de signature'),
    validFrom: civilDate('Indiquez le premier jour de validité'),
    // Empty: until the protocol is ended.
    validTo: z.union([z.literal(''), civilDate('Indiquez une date valide, ou laissez vide')]),
  })
  .refine((form) => form.validTo === '' || form.validFrom <= form.validTo, { path: ['validTo'], message: 'La fin de validité ne peut précéder son début' })
  .refine((form) => form.signedOn <= form.validFrom, { path: ['validFrom'], message: 'Un protocole s’applique au plus tôt le jour de sa signature' });

export const delegationEndSchema = z.object({
  protocolId: z.string().uuid(),
  lastDay: civilDate('Indiquez le dernier jour de validité'),
});
