// Issue 5: the visit protocol drawn from the published configuration, per visit type, with the live count of
// visits in each state; every state opens the list of its visits.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { QuerySelect } from '../components/form.js';
import { requireProfessional } from '../services/auth.server.js';
import { loadProtocolDiagram, parseDiagramType } from '../services/protocol-diagram.server.js';

export const meta: MetaFunction = () => [{ title: 'Parcours d’une visite — Santé au travail' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireProfessional(request, ['ASSISTANT', 'DOCTOR', 'ADMIN']);
  return loadProtocolDiagram(parseDiagramType(new URL(request.url).searchParams.get('type')));
}

export default function ProtocolDiagram() {
  const { type, typeLabel, version, types, states, transitions } = useLoaderData<typeof loader>();
  const labelOf = new Map(states.map((state) => [state.key, state.label]));
  return (
    <>
      <p>
        <Link to="/pilotage">← Pilotage</Link>
      </p>
      <h1>Parcours d’une visite : {typeLabel}</h1>
      <QuerySelect name="type" label="Type de visite" value={type} options={types} submitLabel="Afficher" />
      <p className="hint">
        Protocole publié, version {version}. Chaque nombre compte les visites de ce type dans cet état, maintenant, et ouvre leur liste ; sous chaque état,
        les transitions qui en partent.
      </p>
      <ol className="protocol-diagram" aria-label={`États d’une ${typeLabel.toLowerCase()}`}>
        {states.map((state) => (
          <li key={state.key} className={`diagram-state state-${state.key}`} aria-labelledby={`etat-${state.key}`}>
            <Link to={state.href} className="counter">
              <span className="counter-value">{state.count.toLocaleString('fr-FR')}</span>
              <span className="counter-label" id={`etat-${state.key}`}>
                {state.label}
              </span>
            </Link>
            <p className="hint">{state.hint}</p>
            <ul className="diagram-transitions">
              {transitions
                .filter((transition) => transition.from === state.key)
                .map((transition) => (
                  <li key={`${transition.to}-${transition.label}`}>
                    <span aria-hidden="true">→ </span>
                    <strong>{labelOf.get(transition.to)}</strong> : {transition.label}
                  </li>
                ))}
            </ul>
          </li>
        ))}
      </ol>
    </>
  );
}
