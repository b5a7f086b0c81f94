// Issue 5: the coordinators' cockpit. Every number opens the list of exactly the visits it counts.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { QuerySelect } from '../components/form.js';
import { SavedViewLinks } from '../components/saved-views.js';
import { requireProfessional } from '../services/auth.server.js';
import { savedViewsOf } from '../services/saved-views.server.js';
import { COCKPIT_HORIZONS, loadCockpit } from '../services/visit-list.server.js';

export const meta: MetaFunction = () => [{ title: 'Pilotage — Santé au travail' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const professional = await requireProfessional(request, ['ASSISTANT', 'DOCTOR', 'ADMIN']);
  const asked = Number(new URL(request.url).searchParams.get('jours'));
  const horizon = COCKPIT_HORIZONS.find((days) => days === asked) ?? 14;
  const [cockpit, views] = await Promise.all([loadCockpit(horizon), savedViewsOf(professional)]);
  return { horizon, horizons: COCKPIT_HORIZONS, views, ...cockpit };
}

export default function Cockpit() {
  const { horizon, horizons, counts, weeks, views } = useLoaderData<typeof loader>();
  const busiest = Math.max(1, ...weeks.map((week) => week.count));
  return (
    <>
      <h1>Pilotage des visites</h1>
      <p>
        <Link to="/pilotage/parcours">Parcours d’une visite, état par état</Link>
      </p>
      <QuerySelect
        name="jours"
        label="Échéances à surveiller"
        value={horizon}
        options={horizons.map((days) => ({ value: days, label: `dans les ${days} jours` }))}
        submitLabel="Actualiser"
      />

      <section aria-labelledby="compteurs-titre">
        <h2 id="compteurs-titre">Visites ouvertes</h2>
        <ul className="counters">
          {counts.map((counter) => (
            <li key={counter.label}>
              <Link to={counter.href} className="counter">
                <span className="counter-value">{counter.count.toLocaleString('fr-FR')}</span>
                <span className="counter-label">{counter.label}</span>
                <span className="hint">{counter.hint}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <section className="panel" aria-labelledby="vues-titre">
        <h2 id="vues-titre">Mes vues</h2>
        <SavedViewLinks views={views} />
      </section>

      <section className="panel" aria-labelledby="semaines-titre">
        <h2 id="semaines-titre">Échéances des visites ouvertes, par semaine</h2>
        <table className="week-chart">
          <caption className="hint">Visites à planifier ou planifiées dont l’échéance tombe dans la semaine ; les visites en retard sont comptées plus haut.</caption>
          <thead>
            <tr>
              <th scope="col">Semaine</th>
              <th scope="col">Visites</th>
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr key={week.label}>
                <th scope="row">
                  <Link to={week.href}>{week.label}</Link>
                </th>
                <td>
                  <span className="week-bar" style={{ width: `${(week.count / busiest) * 100}%` }} aria-hidden="true" />
                  <span className="week-count">{week.count.toLocaleString('fr-FR')}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
