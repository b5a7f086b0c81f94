// Issue 6: administrators create the API keys (the service's own, or one member company's, which the API scopes
// to that company), see when each was last used, and revoke them. A key's value is shown once, at creation.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { FormAlert, SelectField, SuccessAlert, TextField, useIntentFailure, useValidatedForm } from '../components/form.js';
import { apiKeyFormSchema } from '../forms/api-key-form.js';
import { createApiKey, loadApiKeys, revokeApiKey } from '../services/api-keys.server.js';
import { requireProfessional } from '../services/auth.server.js';
import { formFailure } from '../services/http.server.js';

export const meta: MetaFunction = () => [{ title: 'Clés d’API — Santé au travail' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireProfessional(request, ['ADMIN']);
  return loadApiKeys();
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireProfessional(request, ['ADMIN']);
  const fields = Object.fromEntries(await request.formData());
  const intent = fields.intent === 'revoke' ? 'revoke' : 'create';
  try {
    if (intent === 'revoke') return { ok: true as const, intent, message: `La clé « ${await revokeApiKey(request, admin, fields.keyId)} » est révoquée : elle ne donne plus accès à l’API.`, created: null };
    const created = await createApiKey(request, admin, fields);
    return { ok: true as const, intent, message: `La clé « ${created.name} » est créée.`, created };
  } catch (error) {
    return formFailure(error, intent);
  }
}

export default function ApiKeys() {
  const { keys, employers } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const creating = useValidatedForm(apiKeyFormSchema, { failure: useIntentFailure('create'), defaultValues: { employerId: '', rateLimitPerMinute: 600 } });
  return (
    <>
      <h1>Clés d’API</h1>
      {result?.ok ? <SuccessAlert message={result.message} /> : null}
      {result?.ok && result.created ? (
        <div className="alert warning" role="alert">
          <p>
            Copiez cette clé maintenant et transmettez-la par un canal sûr : elle ne sera plus jamais affichée (seule son empreinte est conservée).
          </p>
          <p className="link-to-share">{result.created.value}</p>
        </div>
      ) : null}
      <FormAlert failure={useIntentFailure('revoke')} />

      <div className="table-wrap">
        <table>
          <caption>Clés d’accès à l’API</caption>
          <thead>
            <tr>
              <th scope="col">Nom</th>
              <th scope="col">Portée</th>
              <th scope="col">Créée le</th>
              <th scope="col">Dernière utilisation</th>
              <th scope="col">Requêtes par minute</th>
              <th scope="col">État</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.id}>
                <th scope="row">{key.name}</th>
                <td>{key.scope}</td>
                <td>{key.createdAt}</td>
                <td>{key.lastUsedAt ?? <span className="muted">jamais</span>}</td>
                <td>{key.rateLimitPerMinute}</td>
                <td>
                  {key.revokedAt ? (
                    `Révoquée le ${key.revokedAt}`
                  ) : (
                    <Form
                      method="post"
                      className="actions"
                      onSubmit={(event) => {
                        if (!window.confirm(`Révoquer la clé « ${key.name} » ? Les systèmes qui l’utilisent n’auront plus accès à l’API.`)) event.preventDefault();
                      }}
                    >
                      <span>Active</span>
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="keyId" value={key.id} />
                      <button type="submit" className="button secondary" aria-label={`Révoquer la clé ${key.name}`}>
                        Révoquer
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section className="panel" aria-labelledby="nouvelle-cle-titre">
        <h2 id="nouvelle-cle-titre">Nouvelle clé</h2>
        <FormAlert failure={useIntentFailure('create')} />
        <Form method="post" noValidate onSubmit={creating.onSubmit}>
          <input type="hidden" name="intent" value="create" />
          <TextField form={creating.form} id="cle-nom" name="name" label="Nom" hint="Le système qui l’utilisera, par exemple « SIRH de l’entreprise »" error={creating.errorOf('name')} />
          <SelectField
            form={creating.form}
            id="cle-portee"
            name="employerId"
            label="Portée"
            hint="Une clé d’entreprise ne voit que les salariés et visites de cette entreprise"
            error={creating.errorOf('employerId')}
            empty="Tout le service"
            options={employers.map((employer) => ({ value: employer.id, label: employer.name }))}
          />
          <TextField form={creating.form} id="cle-debit" name="rateLimitPerMinute" label="Requêtes par minute" error={creating.errorOf('rateLimitPerMinute')} />
          <button type="submit" className="button">
            Créer la clé
          </button>
        </Form>
      </section>
    </>
  );
}
