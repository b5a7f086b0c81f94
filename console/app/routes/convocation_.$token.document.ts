// Issue 8: the attestation or avis of an in-person visit, downloaded from the convocation's personal link.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { convocationDocument } from '../services/convocation.server.js';
import { downloadOrRefusal, pdfDownload } from '../services/documents.server.js';

export async function loader({ request, params }: LoaderFunctionArgs) {
  return downloadOrRefusal(async () => pdfDownload(await convocationDocument(request, params.token ?? '')));
}
