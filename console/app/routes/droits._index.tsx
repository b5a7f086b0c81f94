// R-DATA-3, R-DATA-4: employees' requests on their record (access, rectification, limitation, transfer),
// with their due dates; the secretariat records a new one from the employee's letter.
import { redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { dataRightsKindLabels, dataRightsKinds, dataRightsRoles, newRequestFormSchema } from '../../../workflows/data-rights/forms.js';
import { parisCivilDate } from '../../../workflows/rules/calendar.js';
import { describedBy, FieldError, FormAlert, SelectField, TextField, useValidatedForm } from '../components/form.js';
import { requireProfessional } from '../services/auth.server.js';
import { employeeChoices, listDataRightsRequests, recordRequest } from '../services/data-rights.server.js';
import { formFailure, pageData } from '../services/http.server.js';

export const meta: MetaFunction = () => [{ title: 'Droits des salariés — Santé au travail' }];

export const headers: HeadersFunction = () => ({ 'Cache-Control': 'private, no-store' });

export async function loader({ request }: LoaderFunctionArgs) {
  const professional = await requireProfessional(request, dataRightsRoles);
  return pageData(async () => ({
    requests: await listDataRightsRequests(request, professional),
    employees: await employeeChoices(),
    today: parisCivilDate(new Date()),
  }));
}

export async function action({ request }: ActionFunctionArgs) {
  const professional = await requireProfessional(request, dataRightsRoles);
  try {
    const id = await recordRequest(request, professional, Object.fromEntries(await request.formData()));
    return redirect(`/droits/${id}`);
  } catch (error) {
    return formFailure(error);
  }
}

export default function DataRights() {
  const { requests, employees, today } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Droits des salariés</h1>
      <p>
        Accès au dossier (réponse sous un mois), rectification, limitation (le dossier est gelé jusqu’à la levée) et transmission du DMST (avec le
        consentement écrit et la copie de la pièce d’identité du salarié).
      </p>
      <div className="table-wrap">
        <table>
          <caption>Demandes, la plus proche échéance d’abord</caption>
          <thead>
            <tr>
              <th scope="col">Salarié</th>
              <th scope="col">Demande</th>
              <th scope="col">Reçue le</th>
              <th scope="col">Réponse due le</th>
              <th scope="col">État</th>
            </tr>
          </thead>
          <tbody>
            {requests.length === 0 ? (
              <tr>
                <td colSpan={5} className="muted">
                  Aucune demande.
                </td>
              </tr>
            ) : null}
            {requests.map((row) => (
              <tr key={row.id}>
                <td>
                  <Link to={`/droits/${row.id}`}>{row.employee}</Link>
                  {row.frozen ? ' (dossier gelé)' : null}
                </td>
                <td>{row.kind}</td>
                <td>{row.receivedOn}</td>
                <td>{row.dueDate}</td>
                <td>{!row.open ? 'Traitée' : row.overdue ? <strong>En retard</strong> : row.reminder ? 'À traiter cette semaine' : 'En cours'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <NewRequestForm employees={employees} today={today} />
    </>
  );
}

function NewRequestForm({ employees, today }: { employees: { id: string; label: string }[]; today: string }) {
  const failure = useActionData<typeof action>() ?? null;
  const navigation = useNavigation();
  const { form, onSubmit, errorOf } = useValidatedForm(newRequestFormSchema, { failure, defaultValues: { receivedOn: today } });
  const employeeError = errorOf('employeeId');
  const kindError = errorOf('kind');
  return (
    <section className="panel" aria-labelledby="nouvelle-demande">
      <h2 id="nouvelle-demande">Enregistrer une demande</h2>
      <FormAlert failure={failure} />
      <form method="post" onSubmit={onSubmit} noValidate>
        <SelectField
          form={form}
          id="employeeId"
          name="employeeId"
          label="Salarié"
          error={employeeError}
          empty="Choisir…"
          options={employees.map((employee) => ({ value: employee.id, label: employee.label }))}
        />
        <fieldset className="field" aria-invalid={kindError ? true : undefined} aria-describedby={describedBy('kind', { error: kindError })}>
          <legend>Demande</legend>
          {dataRightsKinds.map((kind, index) => (
            <label key={kind} className="choice">
              <input type="radio" value={kind} id={index === 0 ? 'kind' : undefined} {...form.register('kind')} />
              {dataRightsKindLabels[kind]}
            </label>
          ))}
          <FieldError id="kind" error={kindError} />
        </fieldset>
        <TextField form={form} id="receivedOn" name="receivedOn" label="Reçue le" type="date" error={errorOf('receivedOn')} />
        <TextField form={form} id="details" name="details" label="Objet de la demande" rows={3} error={errorOf('details')} />
        <label className="choice">
          <input type="checkbox" {...form.register('writtenConsentReceived')} /> Consentement écrit du salarié reçu (transmission)
        </label>
        <label className="choice">
          <input type="checkbox" {...form.register('idCopyReceived')} /> Copie de la pièce d’identité reçue (transmission)
        </label>
        <button type="submit" className="button" disabled={navigation.state !== 'idle'}>
          Enregistrer la demande
        </button>
      </form>
    </section>
  );
}
