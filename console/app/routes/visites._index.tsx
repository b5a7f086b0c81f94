import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { FormAlert, SuccessAlert, useIntentFailure } from '../components/form.js';
import { SavedViewLinks, SaveViewForm } from '../components/saved-views.js';
import { visitStatusLabels, visitTypeLabels } from '../../../workflows/rules/labels.js';
import { requireProfessional } from '../services/auth.server.js';
import { filtersOf, listHref, parseListQuery, UNASSIGNED } from '../../../activities/domain/visit-filters.js';
import { formFailure } from '../services/http.server.js';
import { deleteView, saveView, savedViewsOf } from '../services/saved-views.server.js';
import { assignableProfessionals, listVisits } from '../services/visit-list.server.js';

export const meta: MetaFunction = () => [{ title: 'Visites — Santé au travail' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const professional = await requireProfessional(request);
  const query = parseListQuery(new URL(request.url).searchParams);
  const [page, professionals, views] = await Promise.all([listVisits(query), assignableProfessionals(), savedViewsOf(professional)]);
  // The « professionnel » filter: nobody yet, or one of the professionals.
  const professionalLabels = { [UNASSIGNED]: 'Sans professionnel', ...Object.fromEntries(professionals.map((professional) => [professional.id, professional.label])) };
  const filters = filtersOf(query);
  // Bulk steering is the coordinators' (issue 5).
  const reassignHref = professional.role === 'ASSISTANT' || professional.role === 'ADMIN' ? listHref(filters, '/visites/reaffectation') : null;
  return { query, ...page, professionalLabels, views, csvHref: listHref(filters, '/visites.csv'), reassignHref };
}

/** Issue 5: name the current filters as a view, or delete one. */
export async function action({ request }: ActionFunctionArgs) {
  const professional = await requireProfessional(request);
  const fields = Object.fromEntries(await request.formData());
  const intent = fields.intent === 'delete-view' ? 'delete-view' : 'save-view';
  try {
    if (intent === 'delete-view') {
      await deleteView(professional, fields.viewId);
      return { ok: true as const, intent, message: 'Vue supprimée.' };
    }
    return { ok: true as const, intent, message: `Vue « ${await saveView(professional, fields)} » enregistrée.` };
  } catch (error) {
    return formFailure(error, intent);
  }
}

export default function VisitList() {
  const { query, rows, nextCursor, professionalLabels, views, csvHref, reassignHref } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  const pageLink = (cursor: string | null) => {
    const params = new URLSearchParams(location.search);
    params.delete('apres');
    if (cursor) params.set('apres', cursor);
    const search = params.toString();
    return search ? `${location.pathname}?${search}` : location.pathname;
  };

  return (
    <>
      <h1>Visites</h1>
      {result?.ok ? <SuccessAlert message={result.message} /> : null}
      <section className="panel" aria-labelledby="vues-titre">
        <h2 id="vues-titre">Mes vues</h2>
        <FormAlert failure={useIntentFailure('delete-view')} />
        <SavedViewLinks views={views} deletable />
        {location.search ? <SaveViewForm /> : null}
      </section>
      <section className="panel" aria-labelledby="filtres-titre">
        <h2 id="filtres-titre">Filtrer</h2>
        {/* key: a new query (link, back button) resets the uncontrolled fields to it. */}
        <Form method="get" className="filters" key={location.search}>
          <div className="field">
            <label htmlFor="q">Salarié ou employeur</label>
            <input id="q" name="q" type="search" defaultValue={query.q ?? ''} placeholder="Nom, prénom, entreprise" />
          </div>
          <FilterSelect name="statut" label="Statut" labels={visitStatusLabels} selected={query.statut} />
          <FilterSelect name="type" label="Type de visite" labels={visitTypeLabels} selected={query.type} />
          <FilterSelect
            name="professionnel"
            label="Professionnel"
            labels={professionalLabels}
            selected={query.professionnel}
          />
          <div className="field">
            <label htmlFor="echeanceDu">Échéance à partir du</label>
            <input id="echeanceDu" name="echeanceDu" type="date" defaultValue={query.echeanceDu ?? ''} />
          </div>
          <div className="field">
            <label htmlFor="echeanceAu">Échéance jusqu’au</label>
            <input id="echeanceAu" name="echeanceAu" type="date" defaultValue={query.echeanceAu ?? ''} />
          </div>
          <fieldset className="field">
            <legend>Seulement</legend>
            <FilterFlag name="ouvertes" label="Ouvertes (à planifier ou planifiées)" checked={query.ouvertes} />
            <FilterFlag name="retard" label="En retard" checked={query.retard} />
            <FilterFlag name="consentement" label="En attente du consentement" checked={query.consentement} />
            <FilterFlag name="reorientation" label="Réorientées vers un médecin" checked={query.reorientation} />
          </fieldset>
          <div className="actions">
            <button type="submit" className="button">
              Filtrer
            </button>
            <Link to="/visites">Effacer les filtres</Link>
            <a href={csvHref} download>
              Exporter en CSV
            </a>
            {reassignHref ? <Link to={reassignHref}>Réaffecter les visites planifiées de ce filtre…</Link> : null}
          </div>
        </Form>
      </section>

      {rows.length === 0 ? (
        <p className="panel">Aucune visite ne correspond à ces critères.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>
              {rows.length} visite{rows.length > 1 ? 's' : ''} affichée{rows.length > 1 ? 's' : ''}, échéance la plus proche d’abord
            </caption>
            <thead>
              <tr>
                <th scope="col">Salarié</th>
                <th scope="col">Employeur</th>
                <th scope="col">Type</th>
                <th scope="col">Statut</th>
                <th scope="col">Rendez-vous</th>
                <th scope="col">Date cible</th>
                <th scope="col">Échéance</th>
                <th scope="col">Professionnel</th>
                <th scope="col">Facturable</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <Link to={`/visites/${row.id}`}>{row.employee}</Link>
                  </td>
                  <td>{row.employer}</td>
                  <td>{row.type}</td>
                  <td>
                    <span className={`badge ${row.status}`}>{row.statusLabel}</span>
                  </td>
                  <td>{row.appointment ? `${row.appointment} · ${row.modality}` : <span className="muted">—</span>}</td>
                  <td>{row.dueDate}</td>
                  <td>{row.overdue ? <span className="overdue">{row.deadline} (dépassée)</span> : row.deadline}</td>
                  <td>{row.professional ?? <span className="muted">Non attribuée</span>}</td>
                  <td>{row.billable ? <span className="badge billable">Oui</span> : <span className="muted">Non</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager" aria-label="Pagination">
        {query.apres ? <Link to={pageLink(null)}>Première page</Link> : null}
        {nextCursor ? <Link to={pageLink(nextCursor)}>Page suivante</Link> : null}
      </nav>
    </>
  );
}

/** A filter among labelled values, « Tous » meaning no filter. */
function FilterSelect({ name, label, labels, selected }: { name: string; label: string; labels: Record<string, string>; selected?: string }) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={selected ?? ''}>
        <option value="">Tous</option>
        {Object.entries(labels).map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

function FilterFlag({ name, label, checked }: { name: string; label: string; checked?: string }) {
  return (
    <label className="choice" htmlFor={name}>
      <input id={name} name={name} type="checkbox" value="1" defaultChecked={checked === '1'} />
      {label}
    </label>
  );
}
