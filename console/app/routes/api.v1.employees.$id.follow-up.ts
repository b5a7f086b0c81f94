import type { LoaderFunctionArgs } from '@remix-run/node';
import { followUpPlan } from '../../../activities/domain/follow-ups.js';
import { apiRoute, assertEmployeeInScope, methodNotAllowed } from '../services/api.server.js';
import { consoleContext } from '../services/context.server.js';

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  apiRoute(request, 'GET', async (caller) => {
    const { db, temporal } = consoleContext();
    await assertEmployeeInScope(caller, params.id);
    return Response.json(await followUpPlan(db, temporal, params.id ?? ''));
  });

export const action = () => methodNotAllowed('GET');
