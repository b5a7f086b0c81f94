import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireProfessional } from '../services/auth.server.js';
import { documentDownload, downloadOrRefusal } from '../services/documents.server.js';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const professional = await requireProfessional(request);
  return downloadOrRefusal(() => documentDownload(request, professional, params.id ?? ''));
}
