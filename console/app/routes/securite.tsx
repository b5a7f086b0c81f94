// « Sécurité du compte »: the state of the second factor, and signing out of every browser at once.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { requireProfessional, TWO_FACTOR_ROLES } from '../services/auth.server.js';
import { consoleContext } from '../services/context.server.js';
import { frenchDateTime } from '../services/format.server.js';
import { signOutEverywhere } from '../services/sign-in.server.js';

export const meta: MetaFunction = () => [{ title: 'Sécurité du compte — Santé au travail' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const professional = await requireProfessional(request);
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
  const professional = await requireProfessional(request);
  return redirect('/connexion', { headers: { 'Set-Cookie': await signOutEverywhere(request, professional) } });
}

export default function AccountSecurity() {
  const { totpEnabledAt, recoveryCodesLeft, mandatory, sessions } = useLoaderData<typeof loader>();
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
      <section className="panel" aria-labelledby="sessions-titre">
        <h2 id="sessions-titre">Sessions ouvertes</h2>
        <p>
          {sessions} session{sessions > 1 ? 's' : ''} ouverte{sessions > 1 ? 's' : ''} avec votre compte, celle-ci comprise. Une session se
          ferme après 30 minutes sans activité et au plus tard 12 heures après la connexion.
        </p>
        <p>Un appareil perdu, un poste partagé oublié ? Fermez toutes vos sessions, sur tous les navigateurs.</p>
        <Form method="post">
          <button type="submit" className="button danger">
            Se déconnecter partout
          </button>
        </Form>
      </section>
    </>
  );
}
