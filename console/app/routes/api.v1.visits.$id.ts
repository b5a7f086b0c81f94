import type { LoaderFunctionArgs } from '@remix-run/node';
import { apiRoute, findApiVisit, methodNotAllowed } from '../services/api.server.js';

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  apiRoute(request, 'GET', async (caller) => Response.json(await findApiVisit(params.id ?? '', caller)));

export const action = () => methodNotAllowed('GET');
