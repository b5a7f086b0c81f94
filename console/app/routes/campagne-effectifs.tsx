// Issue 8: the yearly staff declaration campaigns across the companies. Coordinators follow who has not
// confirmed its list as of 1 January and how often it was reminded; an administrator opens a year's campaigns
// (the schedule does it each 2 January), a durable run that asks each company once.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { FormAlert, SuccessAlert } from '../components/form.js';
import { requireProfessional } from '../services/auth.server.js';
import { formFailure, pageData } from '../services/http.server.js';
import { loadCampaignOverview, openCampaigns } from '../services/staff-declaration.server.js';

export const meta: MetaFunction = () => [{ title: 'Effectifs annuels — Santé au travail' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireProfessional(request, ['ASSISTANT', 'ADMIN']);
  const overview = await pageData(() => loadCampaignOverview(new URL(request.url).searchParams.get('annee')));
  return { ...overview, canOpen: overview.canOpen && viewer.role === 'ADMIN' };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireProfessional(request, ['ADMIN']);
  try {
    const year = await openCampaigns(request, admin, Object.fromEntries(await request.formData()));
    return { ok: true as const, message: `La campagne ${year} s’ouvre : chaque entreprise reçoit sa liste au 1er janvier ${year} à confirmer.` };
  } catch (error) {
    return formFailure(error);
  }
}

export default function CampaignOverview() {
  const { year, counts, waiting, canOpen } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  return (
    <>
      <h1>Déclaration annuelle des effectifs — campagne {year}</h1>
      {result?.ok ? <SuccessAlert message={result.message} /> : null}
      <FormAlert failure={result && !result.ok ? result : null} />
      <ul className="actions" aria-label={`Campagne ${year} en chiffres`}>
        <li>
          Entreprises adhérentes : <strong>{counts.companies}</strong>
        </li>
        <li>
          Sollicitées : <strong>{counts.opened}</strong>
        </li>
        <li>
          Listes confirmées : <strong>{counts.confirmed}</strong>
        </li>
        <li>
          En attente : <strong>{counts.waiting}</strong>
        </li>
        <li>
          Closes sans confirmation : <strong>{counts.expired}</strong>
        </li>
      </ul>
      {canOpen ? (
        <Form method="post" className="actions">
          <input type="hidden" name="year" value={year} />
          <button type="submit" className="button" disabled={busy}>
            {counts.opened === 0 ? `Ouvrir la campagne ${year}` : `Solliciter les entreprises pas encore sollicitées en ${year}`}
          </button>
        </Form>
      ) : null}
      <div className="table-wrap">
        <table>
          <caption>Entreprises qui n’ont pas encore confirmé leur liste, les plus relancées d’abord</caption>
          <thead>
            <tr>
              <th scope="col">Entreprise</th>
              <th scope="col">SIRET</th>
              <th scope="col">Contact</th>
              <th scope="col">Rappels</th>
              <th scope="col">Dernier rappel</th>
            </tr>
          </thead>
          <tbody>
            {waiting.map((campaign) => (
              <tr key={campaign.id}>
                <th scope="row">{campaign.company}</th>
                <td>{campaign.siret}</td>
                <td>{campaign.contact ?? <span className="muted">Aucune adresse : comptes du portail seulement</span>}</td>
                <td>{campaign.remindersSent}</td>
                <td>{campaign.lastReminder ?? <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
