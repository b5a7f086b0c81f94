import { redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { conclusionFormSchema } from '../../../workflows/visit/forms.js';
import { describedBy, Field, FieldError, FormAlert, useValidatedForm } from '../components/form.js';
import { requireProfessional } from '../services/auth.server.js';
import { concludeConsultation } from '../services/decisions.server.js';
import { formFailure, pageData } from '../services/http.server.js';
import type { TaskPage } from '../services/tasks.server.js';
import { loadTaskPage } from '../services/tasks.server.js';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.task.kind} — ${data.employee.name}` : 'Tâche — Santé au travail' },
];

export const headers: HeadersFunction = () => ({ 'Cache-Control': 'private, no-store' });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const professional = await requireProfessional(request);
  return pageData(() => loadTaskPage(request, professional, params.id ?? ''));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const professional = await requireProfessional(request, ['DOCTOR', 'NURSE']);
  try {
    const visitId = await concludeConsultation(request, professional, params.id ?? '', Object.fromEntries(await request.formData()));
    return redirect(`/visites/${visitId}`);
  } catch (error) {
    return formFailure(error);
  }
}

export default function TaskPageView() {
  const { task, visit, employee, conclusion } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/taches">← Mes tâches</Link>
      </p>
      <h1>
        {task.kind} — {employee.name}
      </h1>
      <div className="grid">
        <section className="panel" aria-labelledby="tache-titre">
          <h2 id="tache-titre">Tâche</h2>
          <dl className="facts">
            <dt>État</dt>
            <dd>{task.open ? 'Ouverte' : 'Close'}</dd>
            <dt>Tenue par</dt>
            <dd>{task.holder}</dd>
            <dt>À faire pour le</dt>
            <dd>{task.dueDate}</dd>
          </dl>
        </section>
        <section className="panel" aria-labelledby="visite-titre">
          <h2 id="visite-titre">Visite</h2>
          <dl className="facts">
            <dt>Type</dt>
            <dd>
              <Link to={`/visites/${visit.id}`}>{visit.type}</Link>
            </dd>
            <dt>Statut</dt>
            <dd>{visit.status}</dd>
            <dt>Rendez-vous</dt>
            <dd>{visit.appointment ?? <span className="muted">Non fixé</span>}</dd>
            <dt>Échéance</dt>
            <dd>{visit.deadline}</dd>
          </dl>
        </section>
        <section className="panel" aria-labelledby="salarie-titre">
          <h2 id="salarie-titre">Salarié</h2>
          <dl className="facts">
            <dt>Nom</dt>
            <dd>{employee.name}</dd>
            <dt>Né(e) le</dt>
            <dd>{employee.birthDate}</dd>
            <dt>Employeur</dt>
            <dd>{employee.employer}</dd>
            <dt>Poste</dt>
            <dd>{employee.post}</dd>
            <dt>Suivi</dt>
            <dd>{employee.category}</dd>
          </dl>
        </section>
      </div>
      {conclusion ? (
        <ConclusionForm options={conclusion} />
      ) : (
        <p className="panel">
          {task.consultation && task.open
            ? 'Seul un professionnel de santé peut conclure cette consultation.'
            : task.open
              ? 'Cette tâche se traite depuis la page de la visite.'
              : 'Cette tâche est close.'}{' '}
          <Link to={`/visites/${visit.id}`}>Ouvrir la visite</Link>
        </p>
      )}
    </>
  );
}

function ConclusionForm({ options }: { options: NonNullable<TaskPage['conclusion']> }) {
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const { form, onSubmit, errorOf } = useValidatedForm(conclusionFormSchema, { failure });
  const outcomeError = errorOf('outcome');
  const nextVisitError = errorOf('nextVisitDueDate');
  const measuresError = errorOf('measures');
  const notesError = errorOf('notes');
  const coupledError = errorOf('coupledMidCareer');

  return (
    <section className="panel" aria-labelledby="conclusion-titre">
      <h2 id="conclusion-titre">Conclure la consultation</h2>
      <FormAlert failure={failure} />
      <form method="post" onSubmit={onSubmit} noValidate>
        <fieldset
          className="field"
          aria-invalid={outcomeError ? true : undefined}
          aria-describedby={describedBy('outcome', { error: outcomeError })}
        >
          <legend>Conclusion</legend>
          {options.outcomes.map((outcome, index) => (
            <label key={outcome.value} className="choice">
              {/* The first radio carries the id so that an error can send the focus to the group. */}
              <input type="radio" value={outcome.value} id={index === 0 ? 'outcome' : undefined} {...form.register('outcome')} />
              {outcome.label}
            </label>
          ))}
          <FieldError id="outcome" error={outcomeError} />
        </fieldset>
        <Field id="nextVisitDueDate" label="Prochaine visite au plus tard le" hint={options.nextVisit.hint} error={nextVisitError}>
          <input
            id="nextVisitDueDate"
            type="date"
            max={options.nextVisit.latest}
            aria-invalid={nextVisitError ? true : undefined}
            aria-describedby={describedBy('nextVisitDueDate', { hint: true, error: nextVisitError })}
            {...form.register('nextVisitDueDate')}
          />
        </Field>
        {options.midCareerCoupling ? (
          <div className="field">
            <label className="choice" htmlFor="coupledMidCareer">
              <input
                id="coupledMidCareer"
                type="checkbox"
                aria-invalid={coupledError ? true : undefined}
                aria-describedby={describedBy('coupledMidCareer', { hint: true, error: coupledError })}
                {...form.register('coupledMidCareer')}
              />
              Cette visite vaut aussi visite de mi-carrière
            </label>
            <span className="hint" id="coupledMidCareer-aide">
              Le salarié est dans la période de la visite de mi-carrière (R-MID-1) : l’attestation mentionnera les deux visites.
            </span>
            <FieldError id="coupledMidCareer" error={coupledError} />
          </div>
        ) : null}
        <Field id="measures" label="Mesures proposées" hint="Obligatoires pour une conclusion « avec propositions de mesures »." error={measuresError}>
          <textarea
            id="measures"
            rows={3}
            aria-invalid={measuresError ? true : undefined}
            aria-describedby={describedBy('measures', { hint: true, error: measuresError })}
            {...form.register('measures')}
          />
        </Field>
        <Field id="notes" label="Notes cliniques" hint="Visibles des seuls médecins et infirmiers ; jamais transmises à l’employeur." error={notesError}>
          <textarea
            id="notes"
            rows={5}
            aria-invalid={notesError ? true : undefined}
            aria-describedby={describedBy('notes', { hint: true, error: notesError })}
            {...form.register('notes')}
          />
        </Field>
        <button type="submit" className="button" disabled={navigation.state !== 'idle'}>
          Conclure et émettre le document
        </button>
      </form>
    </section>
  );
}
