import type { LoaderFunctionArgs } from '@remix-run/node';
import { apiRoute, listApiVisits, methodNotAllowed } from '../services/api.server.js';

export const loader = ({ request }: LoaderFunctionArgs) =>
  apiRoute(request, 'GET', async (caller) => Response.json({ visits: await listApiVisits(new URL(request.url).searchParams, caller) }));

export const action = () => methodNotAllowed('GET');
