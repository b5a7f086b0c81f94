// Issue 5: the visit list as filtered on screen, as CSV; exporting names of employees is traced.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { parisCivilDate } from '../../../workflows/rules/calendar.js';
import { audit } from '../services/audit.server.js';
import { requireProfessional } from '../services/auth.server.js';
import { filtersOf, parseListQuery } from '../../../activities/domain/visit-filters.js';
import { CSV_EXPORT_LIMIT, visitsCsv } from '../services/visit-list.server.js';

export async function loader({ request }: LoaderFunctionArgs) {
  const professional = await requireProfessional(request);
  const search = new URL(request.url).searchParams;
  const { csv, rows, truncated } = await visitsCsv(filtersOf(parseListQuery(search)));
  await audit(request, {
    actor: professional,
    action: 'visit.export',
    entityType: 'Visit',
    entityId: 'liste',
    reason: `${rows} visite(s)${truncated ? ` (limite de ${CSV_EXPORT_LIMIT} atteinte)` : ''} ; filtres : ${search.toString() || 'aucun'}`,
  });
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="visites-${parisCivilDate(new Date())}.csv"`,
      'Cache-Control': 'no-store',
      // The spreadsheet holds the first CSV_EXPORT_LIMIT visits only: said where a script can read it too.
      ...(truncated ? { 'X-Export-Truncated': String(CSV_EXPORT_LIMIT) } : {}),
    },
  });
}
