// R-DATA-3, R-DATA-4: the DMST export of a request (pdf or json), for staff to hand over; audited.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { dataRightsRoles } from '../../../workflows/data-rights/forms.js';
import { requireProfessional } from '../services/auth.server.js';
import { exportDownload } from '../services/data-rights.server.js';
import { pageData } from '../services/http.server.js';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const professional = await requireProfessional(request, dataRightsRoles);
  return pageData(() => exportDownload(request, professional, params.id ?? '', params.format ?? ''));
}
