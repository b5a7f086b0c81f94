// R-TELE-8: enrolment of an authenticator. Doctors, nurses and administrators land here after their
// password until they are enrolled, with access to nothing else; assistants come from « Sécurité du compte ».
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { Field, FormAlert } from '../components/form.js';
import { currentSession, homeFor, nextStepPath, safeRedirect, type CurrentSession } from '../services/auth.server.js';
import { codeSchema, confirmEnrolment, enrolmentFor } from '../services/sign-in.server.js';

export const meta: MetaFunction = () => [{ title: 'Double authentification — Santé au travail' }];

/** A session past its password: enrolling because its role requires it, or signed in and choosing to. */
async function enrollingSession(request: Request): Promise<CurrentSession> {
  const session = await currentSession(request);
  const here = new URL(request.url);
  if (!session) throw redirect(`/connexion?${new URLSearchParams({ redirectTo: here.pathname })}`);
  if (session.stage === 'SECOND_FACTOR') throw redirect(nextStepPath('SECOND_FACTOR', here.searchParams.get('redirectTo') ?? ''));
  return session;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await enrollingSession(request);
  if (session.professional.totpEnabledAt) return { enrolled: true as const };
  return { enrolled: false as const, mandatory: session.stage === 'ENROLMENT', ...(await enrolmentFor(session)) };
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await enrollingSession(request);
  if (session.professional.totpEnabledAt) return data({ ok: false as const, message: 'La double authentification est déjà activée.' }, { status: 409 });
  const parsed = codeSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ ok: false as const, message: 'Saisissez le code à 6 chiffres' }, { status: 400 });
  const outcome = await confirmEnrolment(request, session, parsed.data.code);
  if (!outcome.ok) return data({ ok: false as const, message: outcome.message }, { status: 400 });
  return { ok: true as const, recoveryCodes: outcome.recoveryCodes, next: safeRedirect(parsed.data.redirectTo, homeFor(session.professional.role)) };
}

export default function TwoFactorEnrolment() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();

  // Shown once, right after the confirmation: the page reloaded later no longer has them.
  if (actionData?.ok) {
    return (
      <section className="panel" aria-labelledby="secours-titre">
        <h1 id="secours-titre">Codes de secours</h1>
        <div className="alert success" role="status">
          <p>La double authentification est activée.</p>
        </div>
        <p>
          Notez ou imprimez ces {actionData.recoveryCodes.length} codes et gardez-les en lieu sûr, hors de votre téléphone. Chacun permet
          une connexion sans l’application, une seule fois. <strong>Ils ne seront plus affichés.</strong>
        </p>
        <ul className="recovery-codes" aria-label="Codes de secours">
          {actionData.recoveryCodes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ul>
        <Link className="button" to={actionData.next}>
          J’ai noté mes codes, continuer
        </Link>
      </section>
    );
  }

  if (page.enrolled) {
    return (
      <section className="panel" aria-labelledby="double-facteur-titre">
        <h1 id="double-facteur-titre">Double authentification</h1>
        <p>La double authentification est déjà activée pour votre compte.</p>
        <Link to="/securite">Sécurité du compte</Link>
      </section>
    );
  }

  return (
    <section className="panel enrolment" aria-labelledby="double-facteur-titre">
      <h1 id="double-facteur-titre">Activer la double authentification</h1>
      {page.mandatory ? (
        <div className="alert info">
          <p>
            Votre rôle donne accès à des données de santé : la connexion se fait avec votre mot de passe et un code à usage unique. Activez
            la double authentification pour accéder à la console.
          </p>
        </div>
      ) : null}
      <ol>
        <li>Installez sur votre téléphone une application d’authentification (FreeOTP, Microsoft Authenticator, Google Authenticator…).</li>
        <li>
          Scannez ce QR code avec l’application.
          <img className="qr-code" src={page.qrCode} alt="QR code de configuration de l’application d’authentification" width={200} height={200} />
          Sans appareil photo, saisissez cette clé dans l’application : <code aria-label="Clé de configuration">{page.secret}</code>
        </li>
        <li>Saisissez le code à 6 chiffres que l’application affiche.</li>
      </ol>
      <FormAlert failure={actionData} />
      <Form method="post">
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <Field id="code" label="Code à 6 chiffres">
          <input id="code" name="code" type="text" inputMode="numeric" autoComplete="one-time-code" required />
        </Field>
        <div className="actions">
          <button type="submit" className="button" disabled={navigation.state !== 'idle'}>
            Activer
          </button>
        </div>
      </Form>
      <Form method="post" action="/deconnexion">
        <button type="submit" className="button secondary">
          Se déconnecter
        </button>
      </Form>
    </section>
  );
}
