import type { ActionFunctionArgs } from '@remix-run/node';
import { createEmployee } from '../../../activities/domain/employees.js';
import { apiRoute, assertEmployerInScope, methodNotAllowed, readJsonObject } from '../services/api.server.js';
import { consoleContext } from '../services/context.server.js';

export const loader = () => methodNotAllowed('POST');

export const action = ({ request }: ActionFunctionArgs) =>
  apiRoute(request, 'POST', async (caller) => {
    const { db, temporal } = consoleContext();
    const body = await readJsonObject(request);
    assertEmployerInScope(caller, body.employerId);
    return Response.json(await createEmployee(db, temporal, body), { status: 201 });
  });
