import type { LoaderFunctionArgs } from '@remix-run/node';
import { apiRoute, findApiVisit, methodNotAllowed } from '../services/api.server.js';

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  apiRoute(request, 'GET', async () => Response.json(await findApiVisit(params.id ?? '')));

export const action = () => methodNotAllowed('GET');
