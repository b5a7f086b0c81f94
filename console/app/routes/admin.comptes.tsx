// The accounts for administrators: opening one (with a provisional password shown once), a provisional
// password for a forgotten one, the second factor's reset when a phone and its recovery codes are both lost,
// and deactivation of someone who left, with their booked visits to reassign.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { DomainError } from '../../../activities/domain/errors.js';
import { roleLabels } from '../../../workflows/rules/labels.js';
import { FormAlert, SelectField, SuccessAlert, TextField, useIntentFailure, useValidatedForm } from '../components/form.js';
import { accountFormSchema, accountRoles } from '../forms/staff-forms.js';
import { requireProfessional } from '../services/auth.server.js';
import { formFailure } from '../services/http.server.js';
import { resetSecondFactor } from '../services/sign-in.server.js';
import { createAccount, deactivateAccount, issueProvisionalPassword, loadAccounts, reactivateAccount } from '../services/staff-accounts.server.js';

export const meta: MetaFunction = () => [{ title: 'Comptes — Santé au travail' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireProfessional(request, ['ADMIN']);
  return loadAccounts();
}

const success = (intent: string, message: string, extra: { provisionalPassword?: string; reassignHref?: string } = {}) => ({ ok: true as const, intent, message, ...extra });

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireProfessional(request, ['ADMIN']);
  const fields = Object.fromEntries(await request.formData());
  const intent = String(fields.intent ?? '');
  try {
    switch (intent) {
      case 'create': {
        const issued = await createAccount(request, admin, fields);
        return success(intent, `Le compte de ${issued.displayName} est ouvert.`, { provisionalPassword: issued.provisionalPassword });
      }
      case 'password': {
        const issued = await issueProvisionalPassword(request, admin, fields.professionalId);
        return success(intent, `Un mot de passe provisoire remplace celui de ${issued.displayName} ; ses sessions sont fermées.`, { provisionalPassword: issued.provisionalPassword });
      }
      case 'deactivate': {
        const done = await deactivateAccount(request, admin, fields.professionalId);
        const visits = done.scheduledVisits === 0 ? 'Aucune visite planifiée ne lui reste.' : `${done.scheduledVisits} visite(s) planifiée(s) lui restent à réaffecter.`;
        return success(intent, `Le compte de ${done.displayName} est désactivé : ses sessions sont fermées et les tâches prises rendues à leur file. ${visits}`, done.scheduledVisits ? { reassignHref: done.reassignHref } : {});
      }
      case 'reactivate':
        return success(intent, `Le compte de ${await reactivateAccount(request, admin, fields.professionalId)} est réactivé.`);
      case 'reset-second-factor': {
        const reset = await resetSecondFactor(request, admin, String(fields.professionalId ?? ''));
        if (!reset) return formFailure(new DomainError('NOT_FOUND', 'Ce compte n’a pas de double authentification à réinitialiser.'), intent);
        return success(intent, `La double authentification de ${reset.displayName} est réinitialisée et ses sessions sont fermées : sa prochaine connexion lui demandera d’en configurer une nouvelle.`);
      }
      default:
        return formFailure(new DomainError('VALIDATION', 'Action inconnue.'), intent);
    }
  } catch (error) {
    return formFailure(error, intent);
  }
}

function AccountAction({ intent, id, label, confirm }: { intent: string; id: string; label: string; confirm?: string }) {
  return (
    <Form
      method="post"
      onSubmit={(event) => {
        if (confirm && !window.confirm(confirm)) event.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="professionalId" value={id} />
      <button type="submit" className="button secondary">
        {label}
      </button>
    </Form>
  );
}

export default function Accounts() {
  const { accounts, employers } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const creating = useValidatedForm(accountFormSchema, { failure: useIntentFailure('create'), defaultValues: { role: 'ASSISTANT', employerId: '' } });
  return (
    <>
      <h1>Comptes</h1>
      {result?.ok ? <SuccessAlert message={result.message} /> : null}
      {result?.ok && 'reassignHref' in result && result.reassignHref ? (
        <p>
          <Link to={result.reassignHref}>Réaffecter ses visites planifiées…</Link>
        </p>
      ) : null}
      {result?.ok && 'provisionalPassword' in result && result.provisionalPassword ? (
        <div className="alert warning" role="alert">
          <p>Mot de passe provisoire, affiché une seule fois : transmettez-le par un canal sûr ; son titulaire en choisira un à lui dans « Sécurité du compte ».</p>
          <p className="link-to-share">{result.provisionalPassword}</p>
        </div>
      ) : null}
      {result && !result.ok && result.intent !== 'create' ? <FormAlert failure={result} /> : null}
      <div className="table-wrap">
        <table>
          <caption>Comptes du service et des entreprises adhérentes</caption>
          <thead>
            <tr>
              <th scope="col">Nom</th>
              <th scope="col">Adresse e-mail</th>
              <th scope="col">Rôle</th>
              <th scope="col">Double authentification</th>
              <th scope="col">Compte</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((account) => (
              <tr key={account.id}>
                <th scope="row">{account.displayName}</th>
                <td>{account.email}</td>
                <td>{account.role}</td>
                <td>
                  {account.totpEnabledAt ? (
                    <div className="actions">
                      <span>Activée le {account.totpEnabledAt}</span>
                      <AccountAction intent="reset-second-factor" id={account.id} label={`Réinitialiser la double authentification de ${account.displayName}`} />
                    </div>
                  ) : (
                    <span className="muted">Non activée</span>
                  )}
                </td>
                <td>
                  {account.deactivatedAt ? (
                    <div className="actions">
                      <span>Désactivé le {account.deactivatedAt}</span>
                      <AccountAction intent="reactivate" id={account.id} label={`Réactiver le compte de ${account.displayName}`} />
                    </div>
                  ) : (
                    <div className="actions">
                      <span>Actif{account.scheduledVisits ? ` — ${account.scheduledVisits} visite(s) planifiée(s)` : ''}</span>
                      <AccountAction intent="password" id={account.id} label={`Mot de passe provisoire pour ${account.displayName}`} />
                      <AccountAction
                        intent="deactivate"
                        id={account.id}
                        label={`Désactiver le compte de ${account.displayName}`}
                        confirm={`Désactiver le compte de ${account.displayName} ? Ses sessions seront fermées et il ne pourra plus se connecter.`}
                      />
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section className="panel" aria-labelledby="nouveau-compte-titre">
        <h2 id="nouveau-compte-titre">Nouveau compte</h2>
        <FormAlert failure={useIntentFailure('create')} />
        <Form method="post" noValidate onSubmit={creating.onSubmit}>
          <input type="hidden" name="intent" value="create" />
          <TextField form={creating.form} id="compte-nom" name="displayName" label="Nom affiché" error={creating.errorOf('displayName')} />
          <TextField form={creating.form} id="compte-email" name="email" type="email" label="Adresse e-mail" hint="L’identifiant de connexion" error={creating.errorOf('email')} />
          <SelectField
            form={creating.form}
            id="compte-role"
            name="role"
            label="Rôle"
            hint="Médecins, infirmier(ère)s et administrateurs configurent la double authentification à leur première connexion"
            error={creating.errorOf('role')}
            empty="Choisir…"
            options={accountRoles.map((role) => ({ value: role, label: roleLabels[role] }))}
          />
          <SelectField
            form={creating.form}
            id="compte-entreprise"
            name="employerId"
            label="Entreprise (compte employeur seulement)"
            error={creating.errorOf('employerId')}
            empty="Aucune"
            options={employers.map((employer) => ({ value: employer.id, label: employer.name }))}
          />
          <button type="submit" className="button">
            Ouvrir le compte
          </button>
        </Form>
      </section>
    </>
  );
}
