import type { LoaderFunctionArgs } from '@remix-run/node';
import { apiRoute, listBilledAbsences, methodNotAllowed } from '../services/api.server.js';

export const loader = ({ request }: LoaderFunctionArgs) =>
  apiRoute(request, 'GET', async (caller) => Response.json({ billedAbsences: await listBilledAbsences(new URL(request.url).searchParams, caller) }));

export const action = () => methodNotAllowed('GET');
