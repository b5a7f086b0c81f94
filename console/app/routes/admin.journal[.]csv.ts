// The filtered audit trail as CSV, for administrators; exporting it is itself traced.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { journalCsv, parseJournalQuery } from '../services/audit-journal.server.js';
import { audit } from '../services/audit.server.js';
import { requireProfessional } from '../services/auth.server.js';
import { parisCivilDate } from '../../../workflows/rules/calendar.js';

export async function loader({ request }: LoaderFunctionArgs) {
  const professional = await requireProfessional(request, ['ADMIN']);
  const search = new URL(request.url).searchParams;
  const { csv, rows } = await journalCsv(parseJournalQuery(search));
  await audit(request, { actor: professional, action: 'audit.export', entityType: 'AuditEvent', entityId: 'journal', reason: `${rows} entrée(s) ; filtres : ${search.toString() || 'aucun'}` });
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="journal-audit-${parisCivilDate(new Date())}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
