import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { currentProfessional, homeFor, safeRedirect, signIn, signInSchema } from '../services/auth.server.js';

export const meta: MetaFunction = () => [{ title: 'Connexion — Santé au travail' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const professional = await currentProfessional(request);
  if (professional) throw redirect(homeFor(professional.role));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = signInSchema.safeParse(Object.fromEntries(await request.formData()));
  // One message whatever was wrong, so the form does not reveal which addresses have an account.
  const session = parsed.success ? await signIn(request, parsed.data.email, parsed.data.password) : null;
  if (!parsed.success || !session) return data({ error: 'Identifiants invalides' }, { status: 400 });
  return redirect(safeRedirect(parsed.data.redirectTo, session.home), { headers: { 'Set-Cookie': session.cookie } });
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
