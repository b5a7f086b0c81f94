// R-DEL-1 for administrators: the nurses' delegation protocols, recorded as signed (nurse, doctor, visit
// types, validity) and ended when they stop; ending one points to the nurse's booked visits it no longer covers.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { visitTypeLabels } from '../../../workflows/rules/labels.js';
import { describedBy, FieldError, FormAlert, SelectField, SuccessAlert, TextField, useIntentFailure, useValidatedForm } from '../components/form.js';
import { delegableVisitTypes, delegationFormSchema } from '../forms/staff-forms.js';
import { requireProfessional } from '../services/auth.server.js';
import { createDelegation, delegationFields, endDelegation, loadDelegations } from '../services/delegations.server.js';
import { formFailure } from '../services/http.server.js';

export const meta: MetaFunction = () => [{ title: 'Protocoles de délégation — Santé au travail' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireProfessional(request, ['ADMIN']);
  return loadDelegations();
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireProfessional(request, ['ADMIN']);
  const fields = delegationFields(await request.formData());
  const intent = fields.intent === 'end' ? 'end' : 'create';
  try {
    if (intent === 'create') return { ok: true as const, intent, message: await createDelegation(request, admin, fields), uncovered: 0, reassignHref: null };
    const ended = await endDelegation(request, admin, fields);
    return { ok: true as const, intent, ...ended };
  } catch (error) {
    return formFailure(error, intent);
  }
}

export default function Delegations() {
  const { protocols, nurses, doctors, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const creating = useValidatedForm(delegationFormSchema, { failure: useIntentFailure('create'), defaultValues: { visitTypes: [], signedOn: today, validFrom: today, validTo: '' } });
  const endFailure = useIntentFailure('end');
  const typesError = creating.errorOf('visitTypes');
  return (
    <>
      <h1>Protocoles de délégation</h1>
      {result?.ok ? <SuccessAlert message={result.message} /> : null}
      {result?.ok && result.uncovered > 0 && result.reassignHref ? (
        <div className="alert warning" role="alert">
          <p>
            {result.uncovered} visite(s) planifiée(s) après cette date ne sont plus couvertes par un protocole (R-DEL-1).{' '}
            <Link to={result.reassignHref}>Réaffecter ses visites planifiées…</Link>
          </p>
        </div>
      ) : null}
      <FormAlert failure={endFailure} />
      <div className="table-wrap">
        <table>
          <caption>Protocoles signés par les médecins du service (R-DEL-1)</caption>
          <thead>
            <tr>
              <th scope="col">Infirmier(ère)</th>
              <th scope="col">Médecin signataire</th>
              <th scope="col">Visites déléguées</th>
              <th scope="col">Signé le</th>
              <th scope="col">Validité</th>
              <th scope="col">État</th>
            </tr>
          </thead>
          <tbody>
            {protocols.map((protocol) => (
              <tr key={protocol.id}>
                <th scope="row">{protocol.nurse}</th>
                <td>{protocol.doctor}</td>
                <td>{protocol.visitTypes}</td>
                <td>{protocol.signedOn}</td>
                <td>{protocol.validity}</td>
                <td>
                  <span>{protocol.state}</span>
                  {protocol.endable ? (
                    <Form method="post" className="actions">
                      <input type="hidden" name="intent" value="end" />
                      <input type="hidden" name="protocolId" value={protocol.id} />
                      <label htmlFor={`fin-${protocol.id}`}>Dernier jour</label>
                      <input id={`fin-${protocol.id}`} type="date" name="lastDay" defaultValue={today} required />
                      <button type="submit" className="button secondary" aria-label={`Mettre fin au protocole de ${protocol.nurse}`}>
                        Mettre fin
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section className="panel" aria-labelledby="nouveau-protocole-titre">
        <h2 id="nouveau-protocole-titre">Nouveau protocole</h2>
        <FormAlert failure={useIntentFailure('create')} />
        <Form method="post" noValidate onSubmit={creating.onSubmit}>
          <input type="hidden" name="intent" value="create" />
          <SelectField form={creating.form} id="protocole-infirmier" name="nurseId" label="Infirmier(ère)" error={creating.errorOf('nurseId')} empty="Choisir…" options={nurses} />
          <SelectField form={creating.form} id="protocole-medecin" name="doctorId" label="Médecin signataire" error={creating.errorOf('doctorId')} empty="Choisir…" options={doctors} />
          <fieldset className="field" aria-invalid={typesError ? true : undefined} aria-describedby={describedBy('protocole-types', { hint: true, error: typesError })}>
            <legend>Visites déléguées</legend>
            <span className="hint" id="protocole-types-aide">
              Les examens d’aptitude (SIR) et la visite post-exposition restent au médecin.
            </span>
            {delegableVisitTypes.map((type) => (
              <label key={type} className="choice">
                <input type="checkbox" value={type} {...creating.form.register('visitTypes')} /> {visitTypeLabels[type]}
              </label>
            ))}
            <FieldError id="protocole-types" error={typesError} />
          </fieldset>
          <TextField form={creating.form} id="protocole-signature" name="signedOn" type="date" label="Signé le" error={creating.errorOf('signedOn')} />
          <TextField form={creating.form} id="protocole-debut" name="validFrom" type="date" label="Valide à partir du" error={creating.errorOf('validFrom')} />
          <TextField form={creating.form} id="protocole-fin" name="validTo" type="date" label="Jusqu’au (inclus)" hint="Vide : jusqu’à ce qu’il y soit mis fin" error={creating.errorOf('validTo')} />
          <button type="submit" className="button">
            Enregistrer le protocole
          </button>
        </Form>
      </section>
    </>
  );
}
