// Issue 5: naming the visit list's current filters.
import { z } from 'zod';

export const savedViewFormSchema = z.object({
  name: z.string({ required_error: 'Nommez la vue' }).trim().min(2, 'Nommez la vue (2 caractères au moins)').max(60, 'Nom de la vue : 60 caractères au plus'),
});
