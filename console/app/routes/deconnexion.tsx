import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { signOut } from '../services/auth.server.js';

// Signing out changes state, so it is a POST (the header's button); a plain visit just goes home.
export async function loader() {
  return redirect('/');
}

export async function action({ request }: ActionFunctionArgs) {
  return redirect('/connexion', { headers: { 'Set-Cookie': await signOut(request) } });
}
