// Issue 8: the yearly update of the staff declaration, for the company. It reads its list of employees as of
// 1 January, corrects it where needed (one by one through the service, or by CSV import), then confirms it;
// the reminders of its campaign stop there.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { FormAlert, SuccessAlert } from '../components/form.js';
import { requireEmployer } from '../services/auth.server.js';
import { formFailure, pageData } from '../services/http.server.js';
import { confirmCompanyStaffDeclaration, loadStaffDeclaration } from '../services/staff-declaration.server.js';

export const meta: MetaFunction = () => [{ title: 'Effectifs au 1er janvier — Santé au travail' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const employer = await requireEmployer(request);
  return pageData(() => loadStaffDeclaration(employer));
}

export async function action({ request }: ActionFunctionArgs) {
  const employer = await requireEmployer(request);
  try {
    return { ok: true as const, message: await confirmCompanyStaffDeclaration(request, employer, Object.fromEntries(await request.formData())) };
  } catch (error) {
    return formFailure(error);
  }
}

export default function StaffDeclaration() {
  const { campaign, employees, headcount } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  if (!campaign) {
    return (
      <>
        <h1>Déclaration annuelle des effectifs</h1>
        <p className="muted">Aucune campagne de mise à jour n’est ouverte pour votre entreprise. Elle s’ouvre chaque année début janvier.</p>
      </>
    );
  }
  return (
    <>
      <h1>Déclaration annuelle des effectifs — liste au 1er janvier {campaign.year}</h1>
      {result?.ok ? <SuccessAlert message={result.message} /> : null}
      <FormAlert failure={result && !result.ok ? result : null} />
      <section className="panel" aria-labelledby="campagne-titre">
        <h2 id="campagne-titre">Campagne {campaign.year}</h2>
        <dl className="facts">
          <dt>État</dt>
          <dd>{campaign.state}</dd>
          <dt>Ouverte le</dt>
          <dd>{campaign.openedAt}</dd>
          <dt>Rappels envoyés</dt>
          <dd>{campaign.remindersSent}</dd>
          <dt>Salariés au 1er janvier</dt>
          <dd>{campaign.confirmedHeadcount ?? headcount}</dd>
        </dl>
        {campaign.open ? (
          <>
            <p>
              Vérifiez la liste ci-dessous : postes, contrats et risques déclarés. Pour la corriger, <Link to="/entreprise/effectifs/import">déposez un fichier CSV</Link>{' '}
              ou déclarez chaque changement sur la fiche du salarié (son nom ouvre sa fiche) ; confirmez-la ensuite.
            </p>
            <Form
              method="post"
              onSubmit={(event) => {
                if (!window.confirm(`Confirmer la liste de vos ${headcount} salarié(s) au 1er janvier ${campaign.year} ?`)) event.preventDefault();
              }}
            >
              <input type="hidden" name="campaignId" value={campaign.id} />
              <button type="submit" className="button" disabled={busy}>
                Je confirme la liste au 1er janvier {campaign.year}
              </button>
            </Form>
          </>
        ) : null}
      </section>
      <div className="table-wrap">
        <table>
          <caption>
            Vos salariés au 1er janvier {campaign.year} : {headcount}
            {headcount > employees.length ? ` (les ${employees.length} premiers dans l’ordre alphabétique)` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Salarié</th>
              <th scope="col">Poste</th>
              <th scope="col">Contrat</th>
              <th scope="col">Risques déclarés</th>
              <th scope="col">Suivi</th>
              <th scope="col">Entrée</th>
              <th scope="col">Sortie</th>
            </tr>
          </thead>
          <tbody>
            {employees.map((employee) => (
              <tr key={employee.id}>
                <th scope="row">
                  <Link to={`/entreprise/salaries/${employee.id}`}>{employee.name}</Link>
                </th>
                <td>{employee.post}</td>
                <td>{employee.contract}</td>
                <td>{employee.risks || <span className="muted">Aucun</span>}</td>
                <td>{employee.category}</td>
                <td>{employee.hireDate}</td>
                <td>{employee.departedOn ?? <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
