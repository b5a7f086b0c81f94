// Issue 5: the scheduled visits of a list's filter given to another professional, in business terms
// (« toutes les visites de reprise planifiées du Dr X, au Dr Y »): a simulation shows what would change,
// then the coordinator confirms that very selection.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { filtersOf, listHref, parseListQuery } from '../../../activities/domain/visit-filters.js';
import { publishedProtocol } from '../../../activities/domain/protocol.js';
import { FormAlert, SuccessAlert, useIntentFailure, useValidatedForm } from '../components/form.js';
import { ReassignFields } from '../components/reassign-fields.js';
import { reassignFieldsSchema } from '../forms/reassign-form.js';
import { requireProfessional } from '../services/auth.server.js';
import { consoleContext } from '../services/context.server.js';
import { formFailure } from '../services/http.server.js';
import {
  applyReassignment,
  BULK_REASSIGN_LIMIT,
  scheduledVisitCount,
  simulateReassignment,
  type ReassignmentPlan,
} from '../services/reassignment.server.js';
import { assignableProfessionals } from '../services/visit-list.server.js';

const COORDINATORS = ['ASSISTANT', 'ADMIN'] as const;

export const meta: MetaFunction = () => [{ title: 'Réaffecter des visites — Santé au travail' }];

function filtersOfRequest(request: Request) {
  return filtersOf(parseListQuery(new URL(request.url).searchParams));
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireProfessional(request, COORDINATORS);
  const filters = filtersOfRequest(request);
  const [scheduled, professionals, { config }] = await Promise.all([
    scheduledVisitCount(filters),
    assignableProfessionals(),
    publishedProtocol(consoleContext().db),
  ]);
  return { scheduled, professionals, reasons: config.steeringReasons.REASSIGN, listLink: listHref(filters), limit: BULK_REASSIGN_LIMIT };
}

export async function action({ request }: ActionFunctionArgs) {
  const professional = await requireProfessional(request, COORDINATORS);
  const fields = Object.fromEntries(await request.formData());
  const filters = filtersOfRequest(request);
  const intent = fields.intent === 'apply' ? 'apply' : 'simulate';
  // What the confirmation sends back: the choice the simulation was made with.
  const choice = { professionalId: String(fields.professionalId ?? ''), reasonCode: String(fields.reasonCode ?? ''), reasonDetails: String(fields.reasonDetails ?? '') };
  try {
    if (intent === 'simulate') return { ok: true as const, intent, plan: await simulateReassignment(filters, fields), choice };
    const outcome = await applyReassignment(request, professional, filters, fields);
    if (outcome.kind === 'selection-changed') return { ok: true as const, intent: 'simulate' as const, plan: outcome.plan, choice, selectionChanged: true };
    return { ok: true as const, intent, outcome };
  } catch (error) {
    return formFailure(error, intent);
  }
}

export default function BulkReassignment() {
  const { scheduled, professionals, reasons, listLink, limit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const simulating = useValidatedForm(reassignFieldsSchema, { failure: useIntentFailure('simulate') });
  const plan = result?.ok && 'plan' in result ? result : null;
  const applied = result?.ok && 'outcome' in result ? result.outcome : null;

  return (
    <>
      <p>
        <Link to={listLink}>← Retour à la liste filtrée</Link>
      </p>
      <h1>Réaffecter des visites</h1>
      <p>
        Les visites planifiées du filtre de la liste sont confiées à un autre professionnel, chacune avec son rendez-vous et sa modalité. Une
        simulation montre d’abord combien de visites changeront ; rien n’est modifié avant votre confirmation. {limit} visites au plus par lot.
      </p>
      <p>
        <strong>{scheduled}</strong> visite{scheduled > 1 ? 's' : ''} planifiée{scheduled > 1 ? 's' : ''} dans ce filtre.
      </p>

      {applied ? <AppliedPanel outcome={applied} /> : null}

      <section className="panel" aria-labelledby="simulation-titre">
        <h2 id="simulation-titre">1. Simuler</h2>
        <FormAlert failure={useIntentFailure('simulate')} />
        <form method="post" onSubmit={simulating.onSubmit} noValidate>
          <input type="hidden" name="intent" value="simulate" />
          <ReassignFields form={simulating.form} idPrefix="lot" professionals={professionals} reasons={reasons} errorOf={simulating.errorOf} />
          <button type="submit" className="button secondary" disabled={busy}>
            Simuler la réaffectation
          </button>
        </form>
      </section>

      {plan?.plan && plan.choice ? <PlanPanel plan={plan.plan} choice={plan.choice} selectionChanged={'selectionChanged' in plan} busy={busy} /> : null}
    </>
  );
}

function PlanPanel({
  plan,
  choice,
  selectionChanged,
  busy,
}: {
  plan: ReassignmentPlan;
  choice: { professionalId: string; reasonCode: string; reasonDetails: string };
  selectionChanged: boolean;
  busy: boolean;
}) {
  const count = plan.changes.length;
  const remote = plan.changes.filter((change) => change.remote).length;
  return (
    <section className="panel" aria-labelledby="confirmation-titre">
      <h2 id="confirmation-titre">2. Vérifier et confirmer</h2>
      <FormAlert failure={useIntentFailure('apply')} />
      {selectionChanged ? (
        <div className="alert warning" role="alert">
          <p>La sélection a changé depuis la simulation (visites planifiées, déplacées ou réaffectées entre-temps) : rien n’a été modifié. Vérifiez cette nouvelle simulation.</p>
        </div>
      ) : null}
      <p role="status">
        Sur {plan.considered} visite{plan.considered > 1 ? 's' : ''} planifiée{plan.considered > 1 ? 's' : ''}, <strong>{count}</strong>{' '}
        {count > 1 ? 'seront confiées' : 'sera confiée'} à {plan.target}.
        {remote > 0 ? ` Dont ${remote} en téléconsultation : le salarié recevra un nouveau lien et devra consentir à nouveau.` : ''}
      </p>
      {plan.skipped.length > 0 ? (
        <>
          <h3>Visites qui ne changeront pas</h3>
          <ul>
            {plan.skipped.map((skipped) => (
              <li key={skipped.reason}>
                {skipped.count} : {skipped.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {count > 0 ? (
        <>
          <table>
            <caption>Visites qui seront réaffectées</caption>
            <thead>
              <tr>
                <th scope="col">Salarié</th>
                <th scope="col">Type</th>
                <th scope="col">Rendez-vous</th>
                <th scope="col">Professionnel actuel</th>
              </tr>
            </thead>
            <tbody>
              {plan.changes.map((change) => (
                <tr key={change.id}>
                  <td>
                    <Link to={`/visites/${change.id}`}>{change.employee}</Link>
                  </td>
                  <td>{change.type}</td>
                  <td>
                    {change.appointment}
                    {change.remote ? ' (téléconsultation)' : ''}
                  </td>
                  <td>{change.from ?? <span className="muted">Aucun</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Form method="post">
            <input type="hidden" name="intent" value="apply" />
            <input type="hidden" name="fingerprint" value={plan.fingerprint} />
            <input type="hidden" name="professionalId" value={choice.professionalId} />
            <input type="hidden" name="reasonCode" value={choice.reasonCode} />
            <input type="hidden" name="reasonDetails" value={choice.reasonDetails} />
            <button type="submit" className="button" disabled={busy}>
              Confier ces {count} visite{count > 1 ? 's' : ''} à {plan.target}
            </button>
          </Form>
        </>
      ) : null}
    </section>
  );
}

function AppliedPanel({ outcome }: { outcome: { target: string; changed: number; failures: { id: string; employee: string; message: string }[] } }) {
  return (
    <>
      <SuccessAlert message={`${outcome.changed} visite${outcome.changed > 1 ? 's' : ''} confiée${outcome.changed > 1 ? 's' : ''} à ${outcome.target}.`} />
      {outcome.failures.length > 0 ? (
        <div className="alert error" role="alert">
          <p>
            {outcome.failures.length} visite{outcome.failures.length > 1 ? 's n’ont' : ' n’a'} pas pu être réaffectée{outcome.failures.length > 1 ? 's' : ''} :
          </p>
          <ul>
            {outcome.failures.map((failure) => (
              <li key={failure.id}>
                <Link to={`/visites/${failure.id}`}>{failure.employee}</Link> — {failure.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}
