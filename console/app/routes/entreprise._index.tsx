// Issue 8, the employer portal's home: the follow-up of the company's employees (up to date, due soon, overdue),
// a request for a visit (R-DEMANDE-1), and the attestations and avis to download. Nothing medical (R-TELE-12).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useEffect } from 'react';
import { FormAlert, SelectField, SuccessAlert, TextField, useValidatedForm } from '../components/form.js';
import { followUpStateLabels, followUpStates, visitRequestSchema } from '../forms/employer-portal.js';
import { requireEmployer } from '../services/auth.server.js';
import { loadEmployerDashboard, requestVisit } from '../services/employer-portal.server.js';
import { formFailure, pageData } from '../services/http.server.js';

export const meta: MetaFunction = () => [{ title: 'Portail entreprise — Santé au travail' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const employer = await requireEmployer(request);
  return pageData(() => loadEmployerDashboard(employer, new URL(request.url).searchParams.get('suivi')));
}

export async function action({ request }: ActionFunctionArgs) {
  const employer = await requireEmployer(request);
  try {
    await requestVisit(request, employer, Object.fromEntries(await request.formData()));
    return { ok: true as const, message: 'Votre demande de visite est enregistrée : le service va la planifier.' };
  } catch (error) {
    return formFailure(error);
  }
}

export default function EmployerPortal() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const settled = useNavigation().state === 'idle';
  const requesting = useValidatedForm(visitRequestSchema, { failure: result && !result.ok ? result : null });
  const { reset } = requesting.form;
  useEffect(() => {
    if (result?.ok) reset();
  }, [result, reset]);

  return (
    <>
      <h1>Portail entreprise — {page.company}</h1>
      {page.declarationWaitingYear ? (
        <p className="alert" role="note">
          La mise à jour annuelle de vos effectifs au 1er janvier {page.declarationWaitingYear} attend votre confirmation :{' '}
          <Link to="/entreprise/effectifs">vérifier et confirmer la liste</Link>.
        </p>
      ) : null}
      <p className="actions">
        <Link to="/entreprise/effectifs/import">Déclarer vos effectifs (fichier CSV)</Link>
      </p>

      <section className="panel" aria-labelledby="suivi-titre">
        <h2 id="suivi-titre">Suivi de vos salariés</h2>
        <ul className="actions" aria-label="Salariés par état du suivi">
          {followUpStates.map((state) => (
            <li key={state}>
              <Link to={`?suivi=${state}`} aria-current={page.filter === state ? 'page' : undefined}>
                {followUpStateLabels[state]} : <strong>{page.counts[state]}</strong>
              </Link>
            </li>
          ))}
          {page.filter ? (
            <li>
              <Link to="/entreprise">Tous les salariés</Link>
            </li>
          ) : null}
        </ul>
        <div className="table-wrap">
          <table>
            <caption>{page.filter ? `Salariés : ${followUpStateLabels[page.filter].toLowerCase()}` : 'Tous vos salariés'}</caption>
            <thead>
              <tr>
                <th scope="col">Salarié</th>
                <th scope="col">Poste</th>
                <th scope="col">Suivi</th>
                <th scope="col">Visites en cours</th>
              </tr>
            </thead>
            <tbody>
              {page.employees.map((employee) => (
                <tr key={employee.id}>
                  <th scope="row">
                    <Link to={`/entreprise/salaries/${employee.id}`}>{employee.name}</Link>
                  </th>
                  <td>
                    {employee.post} <span className="muted">({employee.category})</span>
                  </td>
                  <td className={employee.state === 'en-retard' ? 'overdue' : undefined}>{employee.stateLabel}</td>
                  <td>
                    {employee.visits.length === 0 ? (
                      <span className="muted">Aucune</span>
                    ) : (
                      <ul>
                        {employee.visits.map((visit) => (
                          <li key={visit.id}>
                            {visit.type} — {visit.status}, au plus tard le {visit.deadline}
                            {visit.appointment ? `, rendez-vous le ${visit.appointment}` : ''}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="panel" aria-labelledby="demande-titre">
        <h2 id="demande-titre">Demander une visite</h2>
        <p className="muted">Le service planifie la visite et vous en tient informé ici. La visite de pré-reprise ne peut être demandée que par le salarié ou un médecin.</p>
        {result?.ok && settled ? <SuccessAlert message={result.message} /> : null}
        <FormAlert failure={result && !result.ok ? result : null} />
        <Form method="post" noValidate onSubmit={requesting.onSubmit}>
          <SelectField
            form={requesting.form}
            id="demande-salarie"
            name="employeeId"
            label="Salarié"
            error={requesting.errorOf('employeeId')}
            empty="— Choisissez —"
            options={page.everyone.map((employee) => ({ value: employee.id, label: employee.name }))}
          />
          <TextField form={requesting.form} id="demande-motif" name="reason" label="Motif de la demande" rows={3} error={requesting.errorOf('reason')} />
          <button type="submit" className="button">
            Envoyer la demande
          </button>
        </Form>
      </section>

      <section className="panel" aria-labelledby="documents-titre">
        <h2 id="documents-titre">Attestations et avis</h2>
        {page.documents.length === 0 ? (
          <p className="muted">Aucun document pour l’instant.</p>
        ) : (
          <ul>
            {page.documents.map((document) => (
              <li key={document.id}>
                <a href={`/entreprise/documents/${document.id}`} download>
                  {document.kind} — {document.employee}
                </a>{' '}
                <span className="muted">({document.createdAt})</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel" aria-labelledby="absences-titre">
        <h2 id="absences-titre">Absences facturées</h2>
        <p className="muted">Un rendez-vous manqué sans excuse transmise à temps est facturé à l’entreprise (R-OPS-1).</p>
        {page.billedAbsences.length === 0 ? (
          <p className="muted">Aucune absence facturée.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption>Absences facturées à l’entreprise, les plus récentes d’abord</caption>
              <thead>
                <tr>
                  <th scope="col">Salarié</th>
                  <th scope="col">Visite</th>
                  <th scope="col">Rendez-vous manqué</th>
                  <th scope="col">Excuse attendue avant le</th>
                  <th scope="col">Excuse</th>
                </tr>
              </thead>
              <tbody>
                {page.billedAbsences.map((absence) => (
                  <tr key={absence.id}>
                    <th scope="row">{absence.employee}</th>
                    <td>{absence.visitType}</td>
                    <td>{absence.appointment}</td>
                    <td>{absence.excuseDue}</td>
                    <td>{absence.excuse}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
