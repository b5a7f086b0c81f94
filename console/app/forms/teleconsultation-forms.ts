// Forms of the teleconsultation pages that are the console's own (the others are the workflow's, in
// workflows/teleconsultation/forms.ts). No server import: the browser loads this file.
import { z } from 'zod';

/** R-TELE-5: the six digits sent with the connection link; spaces typed by the employee are ignored. */
export const accessCodeFormSchema = z.object({
  code: z
    .string({ required_error: 'Saisissez le code d’accès reçu par e-mail ou SMS' })
    .transform((value) => value.replace(/\s+/g, ''))
    .pipe(z.string().min(1, 'Saisissez le code d’accès reçu par e-mail ou SMS').regex(/^\d{6}$/, 'Le code d’accès compte 6 chiffres')),
});
export type AccessCodeForm = z.input<typeof accessCodeFormSchema>;

