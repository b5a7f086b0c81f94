// The staff accounts for administrators: who has a second factor, and its reset when a phone and its
// recovery codes are both lost.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { roleLabels } from '../../../workflows/rules/labels.js';
import { FormAlert } from '../components/form.js';
import { requireProfessional } from '../services/auth.server.js';
import { consoleContext } from '../services/context.server.js';
import { frenchShortDateTime } from '../services/format.server.js';
import { resetSecondFactor } from '../services/sign-in.server.js';

export const meta: MetaFunction = () => [{ title: 'Comptes — Santé au travail' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireProfessional(request, ['ADMIN']);
  const professionals = await consoleContext().db.professional.findMany({
    orderBy: [{ displayName: 'asc' }, { id: 'asc' }],
    select: { id: true, displayName: true, email: true, role: true, totpEnabledAt: true },
  });
  return {
    accounts: professionals.map((professional) => ({
      id: professional.id,
      displayName: professional.displayName,
      email: professional.email,
      role: roleLabels[professional.role],
      totpEnabledAt: professional.totpEnabledAt && frenchShortDateTime(professional.totpEnabledAt),
    })),
  };
}

const resetSchema = z.object({ professionalId: z.string().uuid() });

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireProfessional(request, ['ADMIN']);
  const parsed = resetSchema.safeParse(Object.fromEntries(await request.formData()));
  const reset = parsed.success ? await resetSecondFactor(request, admin, parsed.data.professionalId) : null;
  if (!reset) return data({ ok: false as const, message: 'Ce compte n’a pas de double authentification à réinitialiser.' }, { status: 404 });
  return {
    ok: true as const,
    message: `La double authentification de ${reset.displayName} est réinitialisée et ses sessions sont fermées : sa prochaine connexion lui demandera d’en configurer une nouvelle.`,
  };
}

export default function Accounts() {
  const { accounts } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  return (
    <>
      <h1>Comptes</h1>
      {outcome?.ok ? (
        <div className="alert success" role="status">
          <p>{outcome.message}</p>
        </div>
      ) : (
        <FormAlert failure={outcome} />
      )}
      <div className="table-wrap">
        <table>
          <caption>Professionnels du service et leur double authentification</caption>
          <thead>
            <tr>
              <th scope="col">Nom</th>
              <th scope="col">Adresse e-mail</th>
              <th scope="col">Rôle</th>
              <th scope="col">Double authentification</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((account) => (
              <tr key={account.id}>
                <td>{account.displayName}</td>
                <td>{account.email}</td>
                <td>{account.role}</td>
                <td>
                  {account.totpEnabledAt ? (
                    <Form method="post" className="actions">
                      <span>Activée le {account.totpEnabledAt}</span>
                      <input type="hidden" name="professionalId" value={account.id} />
                      <button type="submit" className="button secondary" aria-label={`Réinitialiser la double authentification de ${account.displayName}`}>
                        Réinitialiser
                      </button>
                    </Form>
                  ) : (
                    <span className="muted">Non activée</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
