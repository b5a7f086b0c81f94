// R-DATA-3, R-DATA-4: one employee request and what staff do with it: answer it (with the DMST export for
// an access or a transfer), lift a limitation's freeze, record a transfer's papers, correct the identity.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { completionFormSchema, dataRightsRoles } from '../../../workflows/data-rights/forms.js';
import { describedBy, Field, FormAlert, SuccessAlert, TextField, useIntentFailure, useValidatedForm } from '../components/form.js';
import { requireProfessional } from '../services/auth.server.js';
import { completeRequest, liftRequestFreeze, loadRequestPage, recordPapers, rectify } from '../services/data-rights.server.js';
import { formFailure, pageData } from '../services/http.server.js';

const INTENTS = ['complete', 'lift', 'papers', 'rectify'] as const;
type Intent = (typeof INTENTS)[number];

const successMessages: Record<Intent, string> = {
  complete: 'La demande est traitée.',
  lift: 'Le gel du dossier est levé et la demande est traitée.',
  papers: 'Les pièces de la transmission sont enregistrées.',
  rectify: 'L’identité du salarié est corrigée.',
};

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.request.kindLabel} — ${data.employee.name}` : 'Demande — Santé au travail' }];

export const headers: HeadersFunction = () => ({ 'Cache-Control': 'private, no-store' });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const professional = await requireProfessional(request, dataRightsRoles);
  return pageData(() => loadRequestPage(request, professional, params.id ?? ''));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const professional = await requireProfessional(request, dataRightsRoles);
  const fields = Object.fromEntries(await request.formData());
  const intent: Intent = INTENTS.find((candidate) => candidate === fields.intent) ?? 'complete';
  const requestId = params.id ?? '';
  try {
    if (intent === 'lift') await liftRequestFreeze(request, professional, requestId, fields);
    else if (intent === 'papers') await recordPapers(request, professional, requestId, fields);
    else if (intent === 'rectify') await rectify(request, professional, requestId, fields);
    else await completeRequest(request, professional, requestId, fields);
    return { ok: true as const, intent, message: successMessages[intent] };
  } catch (error) {
    return formFailure(error, intent);
  }
}

const useFailure = (intent: Intent) => useIntentFailure(intent);

export default function DataRightsRequestPage() {
  const { request, employee } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const settled = useNavigation().state === 'idle';
  return (
    <>
      <p>
        <Link to="/droits">← Droits des salariés</Link>
      </p>
      <h1>
        {request.kindLabel} — {employee.name}
      </h1>
      {result?.ok && settled ? <SuccessAlert message={result.message} /> : null}
      {employee.frozenAt ? (
        <div className="alert error" role="status">
          <p>
            Dossier gelé depuis le {employee.frozenAt} : il ne peut être ni modifié ni utilisé tant que le gel n’est pas levé.
            {employee.frozenReason ? ` Motif : ${employee.frozenReason}` : null}
          </p>
        </div>
      ) : null}
      <div className="grid">
        <section className="panel" aria-labelledby="demande-titre">
          <h2 id="demande-titre">Demande</h2>
          <dl className="facts">
            <dt>Salarié</dt>
            <dd>
              {employee.name} ({employee.employer})
            </dd>
            <dt>Reçue le</dt>
            <dd>{request.receivedOn}</dd>
            <dt>Réponse due le</dt>
            <dd>
              {request.dueDate}
              {request.overdue ? <strong> — en retard</strong> : null}
            </dd>
            <dt>Objet</dt>
            <dd>{request.details}</dd>
            <dt>Enregistrée par</dt>
            <dd>{request.recordedBy ?? <span className="muted">Compte supprimé</span>}</dd>
            {request.kind === 'TRANSFER' ? (
              <>
                <dt>Consentement écrit</dt>
                <dd>{request.writtenConsentReceived ? 'Reçu' : 'Non reçu'}</dd>
                <dt>Copie de la pièce d’identité</dt>
                <dd>{request.idCopyReceived ? 'Reçue' : 'Non reçue'}</dd>
              </>
            ) : null}
            <dt>État</dt>
            <dd>{request.open ? 'En cours' : `Traitée le ${request.completedAt} par ${request.completedBy ?? '—'} : ${request.summary}`}</dd>
            {request.tasks.map((task) => (
              <div key={task.id}>
                <dt>{task.kind === 'REMINDER' ? 'Relance' : 'Escalade (délai dépassé)'}</dt>
                <dd>
                  {task.createdAt} — {task.open ? 'ouverte' : 'close'}
                </dd>
              </div>
            ))}
          </dl>
          {request.exportReady ? (
            <p className="actions">
              <a className="button secondary" href={`/droits/${request.id}/export/pdf`}>
                Télécharger le dossier (PDF)
              </a>
              <a className="button secondary" href={`/droits/${request.id}/export/json`}>
                Télécharger le dossier (JSON)
              </a>
            </p>
          ) : null}
        </section>
      </div>
      {request.open && request.kind === 'TRANSFER' ? <PapersForm consent={request.writtenConsentReceived} idCopy={request.idCopyReceived} /> : null}
      {request.open && request.kind === 'RECTIFICATION' ? <RectificationForm identity={employee.identity} /> : null}
      {request.open ? <AnswerForm intent={request.kind === 'LIMITATION' ? 'lift' : 'complete'} /> : null}
    </>
  );
}

function AnswerForm({ intent }: { intent: 'complete' | 'lift' }) {
  const failure = useFailure(intent);
  const navigation = useNavigation();
  const { form, onSubmit, errorOf } = useValidatedForm(completionFormSchema, { failure });
  return (
    <section className="panel" aria-labelledby="reponse-titre">
      <h2 id="reponse-titre">{intent === 'lift' ? 'Lever le gel et clore la demande' : 'Clore la demande'}</h2>
      <FormAlert failure={failure} />
      <form method="post" onSubmit={onSubmit} noValidate>
        <input type="hidden" name="intent" value={intent} />
        <TextField form={form} id="summary" name="summary" label="Réponse apportée au salarié" rows={3} error={errorOf('summary')} />
        <button type="submit" className="button" disabled={navigation.state !== 'idle'}>
          {intent === 'lift' ? 'Lever le gel' : 'Clore la demande'}
        </button>
      </form>
    </section>
  );
}

function PapersForm({ consent, idCopy }: { consent: boolean; idCopy: boolean }) {
  const failure = useFailure('papers');
  return (
    <section className="panel" aria-labelledby="pieces-titre">
      <h2 id="pieces-titre">Pièces de la transmission (R-DATA-4)</h2>
      <FormAlert failure={failure} />
      <Form method="post">
        <input type="hidden" name="intent" value="papers" />
        <label className="choice">
          <input type="checkbox" name="writtenConsentReceived" defaultChecked={consent} /> Consentement écrit du salarié reçu
        </label>
        <label className="choice">
          <input type="checkbox" name="idCopyReceived" defaultChecked={idCopy} /> Copie de la pièce d’identité reçue
        </label>
        <button type="submit" className="button secondary">
          Enregistrer les pièces
        </button>
      </Form>
    </section>
  );
}

const identityFields = [
  { name: 'birthName', label: 'Nom de naissance', type: 'text' },
  { name: 'usedName', label: 'Nom d’usage', type: 'text' },
  { name: 'firstNames', label: 'Prénoms', type: 'text' },
  { name: 'birthDate', label: 'Date de naissance', type: 'date' },
  { name: 'sex', label: 'Sexe (F ou M)', type: 'text' },
  { name: 'birthPlace', label: 'Lieu de naissance', type: 'text' },
  { name: 'ins', label: 'INS', type: 'text' },
  { name: 'email', label: 'Adresse e-mail', type: 'email' },
  { name: 'phone', label: 'Téléphone', type: 'tel' },
] as const;

/** Validated on the server with the employee's own schema; the field errors come back next to each field. */
function RectificationForm({ identity }: { identity: Record<(typeof identityFields)[number]['name'], string> }) {
  const failure = useFailure('rectify');
  return (
    <section className="panel" aria-labelledby="rectification-titre">
      <h2 id="rectification-titre">Rectifier l’identité</h2>
      <FormAlert failure={failure} />
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="rectify" />
        {identityFields.map((field) => (
          <Field key={field.name} id={field.name} label={field.label} error={failure?.fields?.[field.name]}>
            <input
              id={field.name}
              name={field.name}
              type={field.type}
              defaultValue={identity[field.name]}
              aria-invalid={failure?.fields?.[field.name] ? true : undefined}
              aria-describedby={describedBy(field.name, { error: failure?.fields?.[field.name] })}
            />
          </Field>
        ))}
        <button type="submit" className="button secondary">
          Enregistrer la rectification
        </button>
      </Form>
    </section>
  );
}
