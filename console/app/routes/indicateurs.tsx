// R-TELE-15: teleconsultation activity over a period, for the secretariat, doctors and administrators.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { requireProfessional } from '../services/auth.server.js';
import { loadIndicators, parsePeriod } from '../services/indicators.server.js';

export const meta: MetaFunction = () => [{ title: 'Indicateurs de téléconsultation — Santé au travail' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireProfessional(request, ['ASSISTANT', 'DOCTOR', 'ADMIN']);
  return loadIndicators(parsePeriod(new URL(request.url).searchParams));
}

const none = <span className="muted">—</span>;

export default function IndicatorsPage() {
  const indicators = useLoaderData<typeof loader>();
  const { period, completed, satisfaction } = indicators;
  const rows: { label: string; value: ReactNode; hint?: string }[] = [
    { label: 'Téléconsultations programmées', value: indicators.scheduled, hint: 'rendez-vous à distance de la période, hors rendez-vous déplacés' },
    { label: 'Téléconsultations réalisées', value: indicators.ended },
    { label: 'Visites clôturées en téléconsultation', value: `${completed.remote}${completed.remoteShare ? ` (${completed.remoteShare})` : ''}` },
    { label: 'Visites clôturées en présentiel', value: `${completed.inPerson}${completed.inPersonShare ? ` (${completed.inPersonShare})` : ''}` },
    { label: 'Durée moyenne d’une téléconsultation', value: indicators.averageDuration ?? none, hint: 'de l’admission du salarié à la fin' },
    { label: 'Refus du salarié', value: indicators.refusals },
    { label: 'Interruptions', value: indicators.interruptions },
    { label: 'Incidents techniques', value: indicators.technicalFailures },
    { label: 'Événements indésirables', value: indicators.adverseEvents },
    { label: 'Satisfaction moyenne', value: satisfaction.average ?? none },
    { label: 'Réponses au questionnaire de satisfaction', value: satisfaction.count },
  ];
  return (
    <>
      <h1>Indicateurs de téléconsultation</h1>
      <section className="panel" aria-labelledby="periode-titre">
        <h2 id="periode-titre">Période</h2>
        <Form method="get" className="filters" key={`${period.from}_${period.to}`}>
          <div className="field">
            <label htmlFor="du">Du</label>
            <input id="du" name="du" type="date" defaultValue={period.from} />
          </div>
          <div className="field">
            <label htmlFor="au">Au</label>
            <input id="au" name="au" type="date" defaultValue={period.to} />
          </div>
          <div className="actions">
            <button type="submit" className="button">
              Afficher
            </button>
            <Link to="/indicateurs">12 derniers mois</Link>
          </div>
        </Form>
      </section>
      <div className="table-wrap">
        <table>
          <caption>Activité {period.label} (R-TELE-15)</caption>
          <thead>
            <tr>
              <th scope="col">Indicateur</th>
              <th scope="col">Valeur</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.label}>
                <th scope="row">
                  {row.label}
                  {row.hint ? <span className="hint"> — {row.hint}</span> : null}
                </th>
                <td>{row.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
