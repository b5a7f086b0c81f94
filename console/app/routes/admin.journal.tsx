// R-DATA-2: the audit trail for administrators, with the state of its hash chain.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react';
import { chainState, listJournal, parseJournalQuery } from '../services/audit-journal.server.js';
import { requireProfessional } from '../services/auth.server.js';

export const meta: MetaFunction = () => [{ title: 'Journal d’audit — Santé au travail' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireProfessional(request, ['ADMIN']);
  const query = parseJournalQuery(new URL(request.url).searchParams);
  const [page, chain] = await Promise.all([listJournal(query), chainState()]);
  return { query, chain, ...page };
}

export default function AuditJournal() {
  const { query, chain, rows, nextCursor } = useLoaderData<typeof loader>();
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  params.delete('avant');
  const pageLink = (cursor: string | null) => {
    const search = new URLSearchParams(params);
    if (cursor) search.set('avant', cursor);
    return `${location.pathname}${search.size > 0 ? `?${search}` : ''}`;
  };

  return (
    <>
      <h1>Journal d’audit</h1>
      {chain.intact ? (
        <div className="alert success" role="status">
          <p>
            Chaîne intègre : les {chain.length} entrées se suivent sans trou et chaque empreinte correspond à son contenu.
          </p>
        </div>
      ) : (
        <div className="alert error" role="alert">
          <p>Chaîne rompue à l’entrée n° {chain.brokenAt} : le journal a été modifié hors de l’application à partir de cette entrée.</p>
        </div>
      )}
      <section className="panel" aria-labelledby="filtres-titre">
        <h2 id="filtres-titre">Filtrer</h2>
        <Form method="get" className="filters" key={location.search}>
          <div className="field">
            <label htmlFor="acteur">Acteur (nom ou identifiant)</label>
            <input id="acteur" name="acteur" type="text" defaultValue={query.acteur ?? ''} />
          </div>
          <div className="field">
            <label htmlFor="action">Action (ou début : « auth. »)</label>
            <input id="action" name="action" type="text" defaultValue={query.action ?? ''} />
          </div>
          <div className="field">
            <label htmlFor="entite">Entité (identifiant ou type)</label>
            <input id="entite" name="entite" type="text" defaultValue={query.entite ?? ''} />
          </div>
          <div className="field">
            <label htmlFor="du">Du</label>
            <input id="du" name="du" type="date" defaultValue={query.du ?? ''} />
          </div>
          <div className="field">
            <label htmlFor="au">Au</label>
            <input id="au" name="au" type="date" defaultValue={query.au ?? ''} />
          </div>
          <div className="actions">
            <button type="submit" className="button">
              Filtrer
            </button>
            <Link to="/admin/journal">Effacer les filtres</Link>
            <a className="button secondary" href={`/admin/journal.csv${params.size > 0 ? `?${params}` : ''}`} download>
              Exporter en CSV
            </a>
          </div>
        </Form>
      </section>

      {rows.length === 0 ? (
        <p className="panel">Aucune entrée ne correspond à ces critères.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>
              {rows.length} entrée{rows.length > 1 ? 's' : ''} affichée{rows.length > 1 ? 's' : ''}, la plus récente d’abord
            </caption>
            <thead>
              <tr>
                <th scope="col">N°</th>
                <th scope="col">Date</th>
                <th scope="col">Acteur</th>
                <th scope="col">Action</th>
                <th scope="col">Entité</th>
                <th scope="col">Motif</th>
                <th scope="col">Adresse IP</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.sequence}>
                  <td>{row.sequence}</td>
                  <td>{row.at}</td>
                  <td>{row.actor}</td>
                  <td>
                    <code>{row.action}</code>
                  </td>
                  <td>
                    {row.entityType} <span className="muted">{row.entityId}</span>
                  </td>
                  <td>{row.reason ?? ''}</td>
                  <td>{row.ip ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager" aria-label="Pages du journal">
        {query.avant ? <Link to={pageLink(null)}>Première page</Link> : null}
        {nextCursor ? <Link to={pageLink(nextCursor)}>Page suivante</Link> : null}
      </nav>
    </>
  );
}
