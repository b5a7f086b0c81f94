import type { ActionFunctionArgs } from '@remix-run/node';
import { createEmployee } from '../../../activities/domain/employees.js';
import { apiRoute, methodNotAllowed, readJsonObject } from '../services/api.server.js';
import { consoleContext } from '../services/context.server.js';

export const loader = () => methodNotAllowed('POST');

export const action = ({ request }: ActionFunctionArgs) =>
  apiRoute(request, 'POST', async () => {
    const { db, temporal } = consoleContext();
    return Response.json(await createEmployee(db, temporal, await readJsonObject(request)), { status: 201 });
  });
