import type { ActionFunctionArgs } from '@remix-run/node';
import { createEmployer } from '../../../activities/domain/employers.js';
import { apiRoute, methodNotAllowed, readJsonObject, requireServiceKey } from '../services/api.server.js';
import { consoleContext } from '../services/context.server.js';

export const loader = () => methodNotAllowed('POST');

export const action = ({ request }: ActionFunctionArgs) =>
  apiRoute(request, 'POST', async (caller) => {
    requireServiceKey(caller);
    return Response.json(await createEmployer(consoleContext().db, await readJsonObject(request)), { status: 201 });
  });
