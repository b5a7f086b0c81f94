// Issue 8: one employee in the employer portal, and the changes the company declares for them one by one: a
// new post or new risks, a change of situation, the end of an exposure (R-POST-1), a departure. Each becomes an
// event of the employee's follow-up workflow, and the page says which visits it opened.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import type { ReactNode } from 'react';
import { FieldError, FormAlert, SuccessAlert } from '../components/form.js';
import { requireEmployer } from '../services/auth.server.js';
import { declareEmployeeChange, loadEmployerEmployee, type EmployeeEventKind } from '../services/employer-portal.server.js';
import { formFailure, pageData } from '../services/http.server.js';

export const meta: MetaFunction = () => [{ title: 'Salarié — Portail entreprise' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const employer = await requireEmployer(request);
  return pageData(() => loadEmployerEmployee(employer, params.id ?? ''));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const employer = await requireEmployer(request);
  const form = await request.formData();
  try {
    const { kind, message } = await declareEmployeeChange(request, employer, params.id ?? '', form);
    return { ok: true as const, intent: kind, message };
  } catch (error) {
    return formFailure(error, String(form.get('intent') ?? ''));
  }
}

export default function EmployerEmployee() {
  const employee = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/entreprise">← Tous vos salariés</Link>
      </p>
      <h1>{employee.name}</h1>
      {result?.ok ? <SuccessAlert message={result.message} /> : null}
      <dl className="facts">
        <dt>Entrée</dt>
        <dd>{employee.hireDate}</dd>
        <dt>Poste</dt>
        <dd>
          {employee.post.title}
          {employee.post.nightWork ? ', de nuit' : ''}
        </dd>
        <dt>Risques déclarés</dt>
        <dd>{employee.riskOptions.filter((risk) => employee.post.risks.includes(risk.code)).map((risk) => risk.label).join(', ') || 'Aucun'}</dd>
        <dt>Suivi</dt>
        <dd>{employee.category}</dd>
        {employee.departedOn ? (
          <>
            <dt>Sortie</dt>
            <dd>{employee.departedOn}</dd>
          </>
        ) : null}
      </dl>
      {employee.departedOn ? null : <ChangeForms employee={employee} />}
    </>
  );
}

function ChangeForms({ employee }: { employee: ReturnType<typeof useLoaderData<typeof loader>> }) {
  return (
    <>
      <ChangeForm kind="POST_CHANGED" title="Nouveau poste ou nouveaux risques" submit="Déclarer le changement de poste" today={employee.today}>
        <TextInput name="title" label="Intitulé du poste" defaultValue={employee.post.title} />
        <fieldset className="field">
          <legend>Risques du poste</legend>
          {employee.riskOptions.map((risk) => (
            <label key={risk.code} className="choice">
              <input type="checkbox" name="risks" value={risk.code} defaultChecked={employee.post.risks.includes(risk.code)} /> {risk.label}
            </label>
          ))}
          <label className="choice">
            <input type="checkbox" name="nightWork" defaultChecked={employee.post.nightWork} /> Travail de nuit
          </label>
        </fieldset>
      </ChangeForm>

      <ChangeForm kind="SITUATION_CHANGED" title="Situation du salarié" submit="Déclarer la situation" today={employee.today}>
        <p className="hint">Une grossesse n’est déclarée au service que par la salariée elle-même, si elle le souhaite.</p>
        <fieldset className="field">
          <legend>Situation</legend>
          <label className="choice">
            <input type="checkbox" name="apprentice" defaultChecked={employee.situation.apprentice} /> Apprenti(e)
          </label>
          <label className="choice">
            <input type="checkbox" name="disabled" defaultChecked={employee.situation.disabled} /> Travailleur handicapé (RQTH)
          </label>
          <label className="choice">
            <input type="checkbox" name="invalidityPension" defaultChecked={employee.situation.invalidityPension} /> Titulaire d’une pension d’invalidité
          </label>
        </fieldset>
      </ChangeForm>

      <ChangeForm kind="EXPOSURE_ENDED" title="Fin d’une exposition à un risque particulier" submit="Déclarer la fin d’exposition" today={employee.today}>
        <p className="hint">Le service propose une visite de fin d’exposition (R-POST-1).</p>
      </ChangeForm>

      <ChangeForm
        kind="DEPARTURE"
        title="Départ de l’entreprise"
        submit="Déclarer le départ"
        today={employee.today}
        confirm={`Déclarer le départ de ${employee.name} ? Son suivi par le service pour votre entreprise se termine.`}
      >
        {null}
      </ChangeForm>
    </>
  );
}

/** One declared change: its own fields, the day it takes effect, and the refusal shown beside it. */
function ChangeForm({ kind, title, submit, today, confirm, children }: { kind: EmployeeEventKind; title: string; submit: string; today: string; confirm?: string; children: ReactNode }) {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const failure = result && !result.ok && result.intent === kind ? result : null;
  const dateId = `${kind}-date`;
  const dateError = failure?.fields?.date;
  return (
    <section className="panel" aria-labelledby={`${kind}-titre`}>
      <h2 id={`${kind}-titre`}>{title}</h2>
      <FormAlert failure={failure} />
      <Form
        method="post"
        noValidate
        onSubmit={(event) => {
          if (confirm && !window.confirm(confirm)) event.preventDefault();
        }}
      >
        <input type="hidden" name="intent" value={kind} />
        {children}
        <div className="field">
          <label htmlFor={dateId}>À compter du</label>
          <input id={dateId} type="date" name="date" defaultValue={today} aria-invalid={dateError ? true : undefined} aria-describedby={dateError ? `${dateId}-erreur` : undefined} />
          <FieldError id={dateId} error={dateError} />
        </div>
        <button type="submit" className="button" disabled={busy}>
          {submit}
        </button>
      </Form>
    </section>
  );
}

function TextInput({ name, label, defaultValue }: { name: string; label: string; defaultValue: string }) {
  const result = useActionData<typeof action>();
  const error = result && !result.ok ? result.fields?.[`post.${name}`] : undefined;
  return (
    <div className="field">
      <label htmlFor={`poste-${name}`}>{label}</label>
      <input id={`poste-${name}`} type="text" name={name} defaultValue={defaultValue} aria-invalid={error ? true : undefined} aria-describedby={error ? `poste-${name}-erreur` : undefined} />
      <FieldError id={`poste-${name}`} error={error} />
    </div>
  );
}
