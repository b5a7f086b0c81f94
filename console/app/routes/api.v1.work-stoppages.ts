import type { ActionFunctionArgs } from '@remix-run/node';
import { declareWorkStoppage } from '../../../activities/domain/work-stoppages.js';
import { apiRoute, assertEmployeeInScope, methodNotAllowed, readJsonObject } from '../services/api.server.js';
import { consoleContext } from '../services/context.server.js';

export const loader = () => methodNotAllowed('POST');

export const action = ({ request }: ActionFunctionArgs) =>
  apiRoute(request, 'POST', async (caller) => {
    const { db, temporal } = consoleContext();
    const body = await readJsonObject(request);
    await assertEmployeeInScope(caller, body.employeeId);
    return Response.json(await declareWorkStoppage(db, temporal, body), { status: 201 });
  });
