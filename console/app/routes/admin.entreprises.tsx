// Issue 5: administrators manage the member companies: list and search them, record a new one, and set the
// address their attestations, avis and yearly staff declaration go to (R-TELE-12, issue 8).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useEffect } from 'react';
import { employerInputSchema } from '../../../activities/domain/employers.js';
import { FieldError, FormAlert, SuccessAlert, TextField, useIntentFailure, useValidatedForm } from '../components/form.js';
import { requireProfessional } from '../services/auth.server.js';
import { changeEmployerContact, loadEmployers, recordEmployer } from '../services/employers.server.js';
import { formFailure, pageData } from '../services/http.server.js';

export const meta: MetaFunction = () => [{ title: 'Entreprises adhérentes — Santé au travail' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireProfessional(request, ['ADMIN']);
  return pageData(() => loadEmployers(new URL(request.url).searchParams.get('q') ?? ''));
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireProfessional(request, ['ADMIN']);
  const fields = Object.fromEntries(await request.formData());
  const intent = fields.intent === 'contact' ? 'contact' : 'create';
  try {
    if (intent === 'contact') {
      const { name, contactEmail } = await changeEmployerContact(request, admin, fields);
      return { ok: true as const, intent, message: `${name} : ${contactEmail ? `les documents partent à ${contactEmail}` : 'plus d’adresse de contact, les documents restent sur le portail'}.` };
    }
    return { ok: true as const, intent, message: `L’entreprise ${await recordEmployer(request, admin, fields)} est enregistrée.` };
  } catch (error) {
    // A refused address is shown on its own company's row.
    return formFailure(error, intent === 'contact' ? `contact:${String(fields.employerId ?? '')}` : intent);
  }
}

export default function Employers() {
  const { search, total, companies } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const creating = useValidatedForm(employerInputSchema, { failure: useIntentFailure('create') });
  const { reset } = creating.form;
  useEffect(() => {
    if (result?.ok && result.intent === 'create') reset();
  }, [result, reset]);
  return (
    <>
      <h1>Entreprises adhérentes</h1>
      {result?.ok ? <SuccessAlert message={result.message} /> : null}
      <Form method="get" className="actions" role="search">
        <label htmlFor="recherche-entreprise">Rechercher (raison sociale ou SIRET)</label>
        <input id="recherche-entreprise" type="search" name="q" defaultValue={search} />
        <button type="submit" className="button secondary">
          Rechercher
        </button>
      </Form>
      <div className="table-wrap">
        <table>
          <caption>
            {total} entreprise{total > 1 ? 's' : ''}
            {search ? ` pour « ${search} »` : ''}
            {total > companies.length ? ` (les ${companies.length} premières par raison sociale)` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Raison sociale</th>
              <th scope="col">SIRET</th>
              <th scope="col">Salariés suivis</th>
              <th scope="col">Comptes du portail</th>
              <th scope="col">Adresse de contact</th>
            </tr>
          </thead>
          <tbody>
            {companies.map((company) => {
              const id = `contact-${company.id}`;
              const failure = result && !result.ok && result.intent === `contact:${company.id}` ? result : null;
              const error = failure ? (failure.fields?.contactEmail ?? failure.message) : undefined;
              return (
                <tr key={company.id}>
                  <th scope="row">{company.name}</th>
                  <td>{company.siret}</td>
                  <td>{company.employees}</td>
                  <td>{company.accounts}</td>
                  <td>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="contact" />
                      <input type="hidden" name="employerId" value={company.id} />
                      <label htmlFor={id} className="visually-hidden">
                        Adresse de contact de {company.name}
                      </label>
                      <input
                        id={id}
                        type="email"
                        name="contactEmail"
                        defaultValue={company.contactEmail ?? ''}
                        aria-invalid={error ? true : undefined}
                        aria-describedby={error ? `${id}-erreur` : undefined}
                      />
                      <button type="submit" className="button secondary" disabled={busy}>
                        Enregistrer
                      </button>
                      <FieldError id={id} error={error} />
                    </Form>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <section className="panel" aria-labelledby="nouvelle-entreprise-titre">
        <h2 id="nouvelle-entreprise-titre">Nouvelle entreprise adhérente</h2>
        <FormAlert failure={useIntentFailure('create')} />
        <Form method="post" noValidate onSubmit={creating.onSubmit}>
          <input type="hidden" name="intent" value="create" />
          <TextField form={creating.form} id="entreprise-nom" name="name" label="Raison sociale" error={creating.errorOf('name')} />
          <TextField form={creating.form} id="entreprise-siret" name="siret" label="SIRET (14 chiffres)" error={creating.errorOf('siret')} />
          <TextField
            form={creating.form}
            id="entreprise-contact"
            name="contactEmail"
            type="email"
            label="Adresse de contact (facultative)"
            hint="Reçoit les attestations et avis (R-TELE-12) et la déclaration annuelle des effectifs."
            error={creating.errorOf('contactEmail')}
          />
          <button type="submit" className="button" disabled={busy}>
            Enregistrer l’entreprise
          </button>
        </Form>
      </section>
    </>
  );
}
