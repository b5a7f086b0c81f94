// The data-rights forms' zod schemas, shared by the console and the workflow's update validator.
// No Temporal import here: the browser loads this file.
import { z } from 'zod';
import { isCivilDate, plusMonths, type CivilDate } from '../rules/calendar.js';
import type { ProfessionalRole } from '../rules/visit-types.js';

export const dataRightsKinds = ['ACCESS', 'RECTIFICATION', 'LIMITATION', 'TRANSFER'] as const;
export type DataRightsKind = (typeof dataRightsKinds)[number];

export const dataRightsKindLabels: Record<DataRightsKind, string> = {
  ACCESS: 'Accès au dossier',
  RECTIFICATION: 'Rectification',
  LIMITATION: 'Limitation (gel du dossier)',
  TRANSFER: 'Transmission du DMST',
};

/** Kinds answered with the export of the DMST (R-DATA-3 access, R-DATA-4 transfer). */
export const exportKinds: readonly DataRightsKind[] = ['ACCESS', 'TRANSFER'];

/**
 * Who handles the requests: the secretariat, doctors and administrators. Nurses are left out (least
 * privilege, R-DATA-2): the whole record leaves the service, which is the doctor's or the secretariat's call.
 */
export const dataRightsRoles = ['ASSISTANT', 'DOCTOR', 'ADMIN'] as const satisfies readonly ProfessionalRole[];

export function handlesDataRights(role: string): boolean {
  return (dataRightsRoles as readonly string[]).includes(role);
}

/**
 * R-DATA-3: one calendar month from the day the request was received (31 January → 28/29 February).
 * DOMAIN.md states it for access; the GDPR (art. 12.3) gives every right the same month, so all kinds use it.
 */
export function dataRightsDueDate(receivedOn: CivilDate): CivilDate {
  return plusMonths(receivedOn, 1);
}

const checkbox = z.preprocess((value) => value === true || value === 'on' || value === 'true', z.boolean());

export const newRequestFormSchema = z.object({
  employeeId: z.string({ required_error: 'Choisissez le salarié' }).uuid('Choisissez le salarié'),
  kind: z.enum(dataRightsKinds, { errorMap: () => ({ message: 'Choisissez le type de demande' }) }),
  receivedOn: z
    .string({ required_error: 'La date de réception est obligatoire' })
    .refine(isCivilDate, 'Date de réception invalide (AAAA-MM-JJ)'),
  details: z
    .string({ required_error: 'Décrivez la demande' })
    .trim()
    .min(1, 'Décrivez la demande')
    .max(4000, 'La description : 4000 caractères au plus'),
  writtenConsentReceived: checkbox,
  idCopyReceived: checkbox,
});
export type NewRequestForm = z.output<typeof newRequestFormSchema>;

export const completionFormSchema = z.object({
  summary: z
    .string({ required_error: 'Indiquez la réponse apportée au salarié' })
    .trim()
    .min(1, 'Indiquez la réponse apportée au salarié')
    .max(4000, 'La réponse : 4000 caractères au plus'),
});
export type CompletionForm = z.output<typeof completionFormSchema>;
