import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { isDatabaseUnavailable } from '../../../activities/db.js';
import { currentSession, homeFor, nextStepPath, safeRedirect } from '../services/auth.server.js';
import { databaseDownMessage } from '../services/dependencies.server.js';
import { INVALID_CREDENTIALS, signInSchema, signInWithPassword } from '../services/sign-in.server.js';

export const meta: MetaFunction = () => [{ title: 'Connexion — Santé au travail' }];

// A session halfway through signing in may start again from the password (another account, say).
export async function loader({ request }: LoaderFunctionArgs) {
  const session = await currentSession(request);
  if (session?.stage === 'ACTIVE') throw redirect(homeFor(session.professional.role));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = signInSchema.safeParse(Object.fromEntries(await request.formData()));
  // One message whatever was wrong, so the form does not reveal which addresses have an account.
  if (!parsed.success) return data({ error: INVALID_CREDENTIALS }, { status: 400 });
  let outcome;
  try {
    outcome = await signInWithPassword(request, parsed.data.email, parsed.data.password);
  } catch (error) {
    if (isDatabaseUnavailable(error)) return data({ error: databaseDownMessage }, { status: 503 });
    throw error;
  }
  if (!outcome.ok) return data({ error: outcome.message }, { status: outcome.status });
  const destination = safeRedirect(parsed.data.redirectTo, outcome.home);
  const next = outcome.stage === 'ACTIVE' ? destination : nextStepPath(outcome.stage, destination);
  return redirect(next, { headers: { 'Set-Cookie': outcome.cookie } });
}

export default function SignIn() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const alertRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (actionData?.error) alertRef.current?.focus();
  }, [actionData]);

  return (
    <section className="panel signin" aria-labelledby="connexion-titre">
      <h1 id="connexion-titre">Connexion</h1>
      <p className="muted">Espace réservé aux professionnels du service.</p>
      {actionData?.error ? (
        <div className="alert error" role="alert" tabIndex={-1} ref={alertRef}>
          <p>{actionData.error}</p>
        </div>
      ) : null}
      <Form method="post">
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <div className="field">
          <label htmlFor="email">Adresse e-mail</label>
          <input id="email" name="email" type="email" autoComplete="username" required autoFocus />
        </div>
        <div className="field">
          <label htmlFor="password">Mot de passe</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        <button type="submit" className="button" disabled={navigation.state !== 'idle'}>
          Se connecter
        </button>
      </Form>
    </section>
  );
}
