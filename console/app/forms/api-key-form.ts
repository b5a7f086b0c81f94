// An API key as an administrator creates it: checked in the browser and again by the action.
import { z } from 'zod';

export const apiKeyFormSchema = z.object({
  name: z.string({ required_error: 'Nommez la clé' }).trim().min(3, 'Nommez la clé (3 caractères au moins), par exemple « SIRH de l’entreprise »').max(80, '80 caractères au plus'),
  // Empty: a key of the service itself, which sees every company.
  employerId: z.union([z.literal(''), z.string().uuid('Choisissez une entreprise de la liste')]),
  rateLimitPerMinute: z.coerce
    .number({ invalid_type_error: 'Indiquez un nombre de requêtes par minute' })
    .int('Indiquez un nombre entier')
    .min(1, '1 requête par minute au moins')
    .max(10_000, '10 000 requêtes par minute au plus'),
});
