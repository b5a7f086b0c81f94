import type { LoaderFunctionArgs } from '@remix-run/node';
import { DomainError } from '../../../activities/domain/errors.js';
import { requireProfessional } from '../services/auth.server.js';
import { documentDownload } from '../services/documents.server.js';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const professional = await requireProfessional(request);
  try {
    return await documentDownload(request, professional, params.id ?? '');
  } catch (error) {
    if (error instanceof DomainError) {
      return new Response(error.message, { status: error.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    }
    throw error;
  }
}
