import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireEmployer } from '../services/auth.server.js';
import { downloadOrRefusal } from '../services/documents.server.js';
import { employerDocumentDownload } from '../services/employer-portal.server.js';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const employer = await requireEmployer(request);
  return downloadOrRefusal(() => employerDocumentDownload(request, employer, params.id ?? ''));
}
