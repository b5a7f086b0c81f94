import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { FormAlert, SuccessAlert } from '../components/form.js';
import { requireProfessional } from '../services/auth.server.js';
import { formFailure } from '../services/http.server.js';
import { claimTask, inboxViewOf, inboxViews, loadInbox, releaseTask } from '../services/tasks.server.js';

export const meta: MetaFunction = () => [{ title: 'Mes tâches — Santé au travail' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const professional = await requireProfessional(request);
  const view = inboxViewOf(new URL(request.url).searchParams);
  return { view, views: inboxViews, ...(await loadInbox(professional, view)) };
}

/** Issue 5: claim a task of my role's queue, or give back one I took. */
export async function action({ request }: ActionFunctionArgs) {
  const professional = await requireProfessional(request);
  const fields = Object.fromEntries(await request.formData());
  const intent = fields.intent === 'release' ? 'release' : 'claim';
  try {
    if (intent === 'release') {
      await releaseTask(request, professional, fields.taskId);
      return { ok: true as const, intent, message: 'Tâche relâchée : elle revient à vos collègues.' };
    }
    await claimTask(request, professional, fields.taskId);
    return { ok: true as const, intent, message: 'Tâche prise : elle n’apparaît plus chez vos collègues.' };
  } catch (error) {
    return formFailure(error, intent);
  }
}

const viewLabels = { toutes: 'Toutes', miennes: 'Les miennes', 'a-prendre': 'À prendre' } as const;

export default function Inbox() {
  const { tasks, truncated, view, views } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>Mes tâches</h1>
      {result?.ok ? <SuccessAlert message={result.message} /> : <FormAlert failure={result} />}
      <nav className="actions panel" aria-label="Tâches affichées">
        {views.map((candidate) =>
          candidate === view ? (
            <strong key={candidate} aria-current="page">
              {viewLabels[candidate]}
            </strong>
          ) : (
            <Link key={candidate} to={candidate === 'toutes' ? '/taches' : `/taches?vue=${candidate}`}>
              {viewLabels[candidate]}
            </Link>
          ),
        )}
      </nav>
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
                <th scope="col">Prise en charge</th>
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
                  <td>
                    {task.mine && !task.releasable ? (
                      <span className="muted">Attribuée à moi</span>
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="taskId" value={task.id} />
                        <button
                          type="submit"
                          name="intent"
                          value={task.mine ? 'release' : 'claim'}
                          className="button secondary"
                          aria-label={`${task.mine ? 'Relâcher' : 'Prendre'} : ${task.kind}, ${task.employee}`}
                        >
                          {task.mine ? 'Relâcher' : 'Prendre'}
                        </button>
                      </Form>
                    )}
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
