import type { ActionFunctionArgs } from '@remix-run/node';
import { apiRoute, findApiVisit, methodNotAllowed, readJsonObject } from '../services/api.server.js';
import { relayMaternityRequestByApiKey } from '../services/decisions.server.js';

export const loader = () => methodNotAllowed('POST');

/** R-DEL-4: a pregnant, post-partum or breastfeeding worker's request to see the doctor; answers the visit as it now is. */
export const action = ({ request, params }: ActionFunctionArgs) =>
  apiRoute(request, 'POST', async (caller) => {
    const visitId = params.id ?? '';
    // Out of a company key's scope, the visit does not exist for it (IDOR).
    await findApiVisit(visitId, caller);
    await relayMaternityRequestByApiKey(request, caller.apiKeyId, visitId, await readJsonObject(request));
    return Response.json(await findApiVisit(visitId, caller), { status: 202 });
  });
