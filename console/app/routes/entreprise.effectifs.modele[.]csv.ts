// The staff declaration's template (issue 8): the expected header line and an example row, UTF-8 with a BOM
// and `;` so that a French spreadsheet opens it with its accents and columns right.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { staffTemplate } from '../../../activities/domain/staff-import.js';
import { requireEmployer } from '../services/auth.server.js';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireEmployer(request);
  return new Response(`\uFEFF${staffTemplate()}`, {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="modele-effectifs.csv"' },
  });
}
