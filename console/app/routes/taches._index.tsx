import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireProfessional } from '../services/auth.server.js';
import { loadInbox } from '../services/tasks.server.js';

export const meta: MetaFunction = () => [{ title: 'Mes tâches — Santé au travail' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const professional = await requireProfessional(request);
  return loadInbox(professional);
}

export default function Inbox() {
  const { tasks, truncated } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Mes tâches</h1>
      {tasks.length === 0 ? (
        <p className="panel">Aucune tâche en attente. Les nouvelles tâches apparaissent ici dès que le processus les ouvre.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>
              {tasks.length} tâche{tasks.length > 1 ? 's' : ''} ouverte{tasks.length > 1 ? 's' : ''}, la plus urgente d’abord
              {truncated ? ' (liste limitée aux premières)' : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Tâche</th>
                <th scope="col">À faire pour le</th>
                <th scope="col">Salarié</th>
                <th scope="col">Employeur</th>
                <th scope="col">Visite</th>
                <th scope="col">Échéance</th>
                <th scope="col">Rendez-vous</th>
              </tr>
            </thead>
            <tbody>
              {tasks.map((task) => (
                <tr key={task.id}>
                  <td>
                    <Link to={`/taches/${task.id}`}>{task.kind}</Link>
                    {task.priority ? (
                      <>
                        {' '}
                        <span className="badge priority">Prioritaire</span>
                      </>
                    ) : null}
                    {task.mine ? <span className="muted"> · attribuée à moi</span> : null}
                  </td>
                  <td>{task.dueDate}</td>
                  <td>{task.employee}</td>
                  <td>{task.employer}</td>
                  <td>
                    <Link to={`/visites/${task.visitId}`}>{task.visitType}</Link>
                  </td>
                  <td className={task.urgent ? 'overdue' : undefined}>
                    {task.deadline}
                    {task.urgent ? ' (dépassée)' : ''}
                  </td>
                  <td>
                    {task.appointment ?? <span className="muted">Non fixé</span>}
                    {task.remote ? (
                      <>
                        {' '}
                        <span className="badge">Téléconsultation</span>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
