import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { homeFor, requireAccount } from '../services/auth.server.js';

export async function loader({ request }: LoaderFunctionArgs) {
  const account = await requireAccount(request);
  return redirect(homeFor(account.role));
}
