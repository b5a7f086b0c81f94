import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { homeFor, requireProfessional } from '../services/auth.server.js';

export async function loader({ request }: LoaderFunctionArgs) {
  const professional = await requireProfessional(request);
  return redirect(homeFor(professional.role));
}
