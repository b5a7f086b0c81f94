// The teleconsultation forms' zod schemas, shared by the console (react-hook-form, public pages, API)
// and the teleconsultation workflow's update validators. No Temporal import: the browser loads this file.
import { z } from 'zod';
import { isCivilDate } from '../rules/calendar.js';

const text = (min: number, max: number, required: string, label: string) =>
  z.string({ required_error: required }).trim().min(min, required).max(max, `${label} : ${max} caractères au plus`);
const optionalText = (max: number, label: string) =>
  z.string().trim().max(max, `${label} : ${max} caractères au plus`).optional().transform((value) => value || undefined);

/** R-TELE-3: who proposed the remote modality. */
export const remoteProposers = ['PROFESSIONAL', 'EMPLOYEE', 'EMPLOYER'] as const;
export type RemoteProposer = (typeof remoteProposers)[number];

export const consentChannels = ['LINK', 'ORAL'] as const;
export type ConsentChannel = (typeof consentChannels)[number];

/** R-TELE-2: why the employee refused; optional, a refusal needs no justification. */
export const refusalFormSchema = z.object({ reason: optionalText(500, 'Motif') });
export type RefusalForm = z.infer<typeof refusalFormSchema>;

/** R-TELE-4: the assistant's call before the teleconsultation. */
export const preCallFormSchema = z.object({
  administrativeFileUpdated: z.literal(true, { errorMap: () => ({ message: 'Mettez à jour le dossier administratif' }) }),
  documentsToPrepare: text(3, 1000, 'Indiquez les documents à préparer', 'Documents à préparer'),
  notes: optionalText(2000, 'Notes'),
});
export type PreCallForm = z.infer<typeof preCallFormSchema>;

/** R-TELE-7: identity traits read to the employee and checked, where they are, how to call them back. */
const identityTraitsSchema = z.object({
  birthName: text(1, 200, 'Indiquez le nom de naissance', 'Nom de naissance'),
  firstNames: text(1, 200, 'Indiquez les prénoms', 'Prénoms'),
  birthDate: z.string({ required_error: 'Indiquez la date de naissance' }).refine(isCivilDate, 'Date de naissance invalide (AAAA-MM-JJ)'),
  sex: z.enum(['F', 'M'], { errorMap: () => ({ message: 'Indiquez le sexe' }) }),
  birthPlace: text(1, 200, 'Indiquez le lieu de naissance', 'Lieu de naissance'),
  ins: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined)
    .refine((value) => value === undefined || /^[12]\d{12}(\d{2})?$/.test(value), 'INS invalide (13 ou 15 chiffres)'),
  photoIdSeen: z.boolean().default(false),
  location: text(3, 300, 'Indiquez où se trouve le salarié', 'Lieu de la séance'),
  phone: z
    .string({ required_error: 'Indiquez un numéro de téléphone joignable' })
    .trim()
    .regex(/^\+?[0-9 .-]{8,20}$/, 'Numéro de téléphone invalide'),
  /** The traits match the employee's file: the professional admits only then. */
  identityConfirmed: z.literal(true, { errorMap: () => ({ message: 'Confirmez que l’identité correspond au dossier' }) }),
});
/** What the professional submits to admit: the traits and, R-TELE-3, their judgement that remote still suits the employee (otherwise they stop, R-TELE-10). */
export const identityCheckFormSchema = identityTraitsSchema.extend({
  remoteSuitable: z.literal(true, {
    errorMap: () => ({ message: 'Confirmez que la téléconsultation est adaptée à la situation du salarié, ou interrompez-la' }),
  }),
});
// Admissions accepted before R-TELE-3's confirmation existed carry no judgement: replaying their history
// re-checks them with this schema, and the session records them as not judged.
export const recordedIdentityCheckSchema = identityTraitsSchema.extend({ remoteSuitable: z.boolean().default(false) });
export type RecordedIdentityCheck = z.output<typeof recordedIdentityCheckSchema>;
export type IdentityCheckForm = z.input<typeof identityCheckFormSchema>;
export type IdentityCheck = z.output<typeof identityCheckFormSchema>;

/** R-TELE-9 */
export const thirdPartyRoles = ['TREATING_DOCTOR', 'OTHER_PROFESSIONAL', 'RELATIVE', 'INTERPRETER'] as const;
export const thirdPartyFormSchema = z.object({
  role: z.enum(thirdPartyRoles, { errorMap: () => ({ message: 'Choisissez la qualité du tiers' }) }),
  name: text(2, 200, 'Indiquez le nom du tiers', 'Nom'),
  email: z.string().trim().email('Adresse e-mail invalide').optional().or(z.literal('').transform(() => undefined)),
  employeeConsented: z.literal(true, { errorMap: () => ({ message: 'Le salarié doit consentir à la présence du tiers' }) }),
});
export type ThirdPartyForm = z.input<typeof thirdPartyFormSchema>;

/** R-TELE-10: either side stops, with a reason; the professional says whether remote is no longer adequate. */
export const interruptionFormSchema = z.object({
  reason: text(3, 500, 'Indiquez le motif de l’interruption', 'Motif'),
  remoteInadequate: z.boolean().default(false),
});
export type InterruptionForm = z.input<typeof interruptionFormSchema>;

/** R-TELE-13 */
export const technicalFailureFormSchema = z.object({
  description: text(3, 1000, 'Décrivez l’incident technique', 'Description'),
});
export type TechnicalFailureForm = z.infer<typeof technicalFailureFormSchema>;

/** R-TELE-11: the compte rendu; date, time and identities are added from the session itself. */
export const reportFormSchema = z.object({
  actsPerformed: text(3, 5000, 'Décrivez les actes réalisés', 'Actes réalisés'),
  prescriptions: optionalText(2000, 'Prescriptions'),
  accompanyingPersons: optionalText(1000, 'Personnes présentes'),
  technicalIncidents: optionalText(1000, 'Incidents techniques'),
});
export type ReportForm = z.infer<typeof reportFormSchema>;

/** R-TELE-15 */
export const satisfactionFormSchema = z.object({
  score: z.coerce.number({ invalid_type_error: 'Choisissez une note' }).int().min(1, 'Choisissez une note de 1 à 5').max(5, 'Choisissez une note de 1 à 5'),
  comment: optionalText(2000, 'Commentaire'),
});
export type SatisfactionForm = z.infer<typeof satisfactionFormSchema>;

/** R-TELE-15: an adverse event noted by a professional after or during the session. */
export const adverseEventFormSchema = z.object({ description: text(3, 2000, 'Décrivez l’événement indésirable', 'Description') });
export type AdverseEventForm = z.infer<typeof adverseEventFormSchema>;
