// « Sécurité du compte »: the state of the second factor, a new password, and signing out of every browser.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { fieldErrors } from '../../../activities/domain/errors.js';
import { Field, FormAlert } from '../components/form.js';
import { requireAccount, TWO_FACTOR_ROLES } from '../services/auth.server.js';
import { consoleContext } from '../services/context.server.js';
import { frenchDateTime } from '../services/format.server.js';
import { changePassword, passwordChangeSchema, signOutEverywhere } from '../services/sign-in.server.js';

export const meta: MetaFunction = () => [{ title: 'Sécurité du compte — Santé au travail' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const professional = await requireAccount(request);
  const { db } = consoleContext();
  const [account, recoveryCodesLeft, sessions] = await Promise.all([
    db.professional.findUniqueOrThrow({ where: { id: professional.id }, select: { totpEnabledAt: true } }),
    db.recoveryCode.count({ where: { professionalId: professional.id, usedAt: null } }),
    db.session.count({ where: { professionalId: professional.id, stage: 'ACTIVE', expiresAt: { gt: new Date() } } }),
  ]);
  return {
    totpEnabledAt: account.totpEnabledAt && frenchDateTime(account.totpEnabledAt),
    recoveryCodesLeft,
    mandatory: TWO_FACTOR_ROLES.includes(professional.role),
    sessions,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const professional = await requireAccount(request);
  const form = Object.fromEntries(await request.formData());
  if (form.intent === 'deconnexion-partout') {
    return redirect('/connexion', { headers: { 'Set-Cookie': await signOutEverywhere(request, professional) } });
  }
  if (form.intent !== 'mot-de-passe') return data({ message: 'Action inconnue.', fields: undefined }, { status: 400 });
  const parsed = passwordChangeSchema.safeParse(form);
  if (!parsed.success) return data({ message: 'Certaines données sont invalides.', fields: fieldErrors(parsed.error.issues) }, { status: 400 });
  const outcome = await changePassword(request, professional, parsed.data);
  if (!outcome.ok) return data({ message: outcome.message, fields: outcome.fields }, { status: outcome.status });
  return redirect('/connexion', { headers: { 'Set-Cookie': outcome.cookie } });
}

export default function AccountSecurity() {
  const { totpEnabledAt, recoveryCodesLeft, mandatory, sessions } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <>
      <h1>Sécurité du compte</h1>
      <section className="panel" aria-labelledby="double-facteur-titre">
        <h2 id="double-facteur-titre">Double authentification</h2>
        {totpEnabledAt ? (
          <>
            <p>Activée le {totpEnabledAt} : la connexion demande votre mot de passe et le code de votre application d’authentification.</p>
            <p>Codes de secours inutilisés : {recoveryCodesLeft}</p>
          </>
        ) : (
          <>
            <p>
              Non activée{mandatory ? '' : ' (facultative pour votre rôle, recommandée)'} : la connexion ne demande que votre mot de passe.
            </p>
            <Link className="button" to="/securite/double-facteur">
              Activer la double authentification
            </Link>
          </>
        )}
      </section>
      <section className="panel" aria-labelledby="mot-de-passe-titre">
        <h2 id="mot-de-passe-titre">Changer de mot de passe</h2>
        <p>Au moins 12 caractères. Le changement ferme toutes vos sessions, celle-ci comprise : reconnectez-vous ensuite.</p>
        <FormAlert failure={failure} />
        <Form method="post">
          <input type="hidden" name="intent" value="mot-de-passe" />
          <Field id="currentPassword" label="Mot de passe actuel" error={failure?.fields?.currentPassword}>
            <input id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" required />
          </Field>
          <Field id="newPassword" label="Nouveau mot de passe" error={failure?.fields?.newPassword}>
            <input id="newPassword" name="newPassword" type="password" autoComplete="new-password" minLength={12} required />
          </Field>
          <Field id="confirmation" label="Nouveau mot de passe, à nouveau" error={failure?.fields?.confirmation}>
            <input id="confirmation" name="confirmation" type="password" autoComplete="new-password" required />
          </Field>
          <button type="submit" className="button">
            Changer de mot de passe
          </button>
        </Form>
      </section>
      <section className="panel" aria-labelledby="sessions-titre">
        <h2 id="sessions-titre">Sessions ouvertes</h2>
        <p>
          {sessions} session{sessions > 1 ? 's' : ''} ouverte{sessions > 1 ? 's' : ''} avec votre compte, celle-ci comprise. Une session se
          ferme après 30 minutes sans activité et au plus tard 12 heures après la connexion.
        </p>
        <p>Un appareil perdu, un poste partagé oublié ? Fermez toutes vos sessions, sur tous les navigateurs.</p>
        <Form method="post">
          <input type="hidden" name="intent" value="deconnexion-partout" />
          <button type="submit" className="button danger">
            Se déconnecter partout
          </button>
        </Form>
      </section>
    </>
  );
}
