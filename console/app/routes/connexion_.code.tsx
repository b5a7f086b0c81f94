import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useNavigation, useSearchParams } from '@remix-run/react';
import { Field, FormAlert } from '../components/form.js';
import { currentSession, homeFor, safeRedirect, type CurrentSession } from '../services/auth.server.js';
import { codeSchema, signInWithCode } from '../services/sign-in.server.js';

export const meta: MetaFunction = () => [{ title: 'Code de vérification — Santé au travail' }];

/** Only a session whose password was just checked has a code to give; anyone else starts from the password. */
async function awaitingCode(request: Request): Promise<CurrentSession> {
  const session = await currentSession(request);
  if (session?.stage === 'ACTIVE') throw redirect(homeFor(session.professional.role));
  if (session?.stage !== 'SECOND_FACTOR') throw redirect('/connexion');
  return session;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await awaitingCode(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await awaitingCode(request);
  const parsed = codeSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ message: 'Saisissez le code' }, { status: 400 });
  const outcome = await signInWithCode(request, session, parsed.data.code);
  if (!outcome.ok) {
    return data({ message: outcome.message }, { status: outcome.status });
  }
  return redirect(safeRedirect(parsed.data.redirectTo, outcome.home), { headers: { 'Set-Cookie': outcome.cookie } });
}

export default function SecondFactor() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();

  return (
    <section className="panel signin" aria-labelledby="code-titre">
      <h1 id="code-titre">Double authentification</h1>
      <p className="muted">Saisissez le code à 6 chiffres affiché par votre application d’authentification.</p>
      <FormAlert failure={actionData} />
      <Form method="post">
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <Field id="code" label="Code de vérification" hint="Sans votre téléphone, saisissez l’un de vos codes de secours (chacun ne sert qu’une fois).">
          <input id="code" name="code" type="text" autoComplete="one-time-code" aria-describedby="code-aide" required autoFocus />
        </Field>
        <button type="submit" className="button" disabled={navigation.state !== 'idle'}>
          Valider
        </button>
      </Form>
      <p>
        <Link to="/connexion">Recommencer la connexion</Link>
      </p>
    </section>
  );
}
