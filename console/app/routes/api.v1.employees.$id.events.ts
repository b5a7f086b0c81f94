import type { ActionFunctionArgs } from '@remix-run/node';
import { recordEmployeeEvent } from '../../../activities/domain/follow-ups.js';
import { apiRoute, assertEmployeeInScope, methodNotAllowed, readJsonObject } from '../services/api.server.js';
import { consoleContext } from '../services/context.server.js';

export const loader = () => methodNotAllowed('POST');

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiRoute(request, 'POST', async (caller) => {
    const { db, temporal } = consoleContext();
    await assertEmployeeInScope(caller, params.id);
    return Response.json(await recordEmployeeEvent(db, temporal, params.id ?? '', await readJsonObject(request)), { status: 201 });
  });
