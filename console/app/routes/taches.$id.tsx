import { redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { Fragment } from 'react';
import { preCallFormSchema, refusalFormSchema } from '../../../workflows/teleconsultation/forms.js';
import { conclusionFormSchema, reorientationFormSchema } from '../../../workflows/visit/forms.js';
import { describedBy, DraftNotice, Field, FieldError, FormAlert, TextField, useIntentFailure, useValidatedForm } from '../components/form.js';
import { requireProfessional } from '../services/auth.server.js';
import { completePreCall, concludeTask, recordOralConsent, refuseOrally, reorientToDoctor } from '../services/decisions.server.js';
import { formFailure, pageData } from '../services/http.server.js';
import type { TaskPage } from '../services/tasks.server.js';
import { loadTaskPage } from '../services/tasks.server.js';

const INTENTS = ['conclude', 'reorient', 'pre-call', 'oral-consent', 'oral-refusal'] as const;
type Intent = (typeof INTENTS)[number];
/** R-TELE-4: the secretariat's call (the workflow checks who may do what). */
const PRE_CALL_INTENTS: readonly Intent[] = ['pre-call', 'oral-consent', 'oral-refusal'];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.task.kind} — ${data.employee.name}` : 'Tâche — Santé au travail' },
];

export const headers: HeadersFunction = () => ({ 'Cache-Control': 'private, no-store' });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const professional = await requireProfessional(request);
  return pageData(() => loadTaskPage(request, professional, params.id ?? ''));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const fields = Object.fromEntries(await request.formData());
  const intent: Intent = INTENTS.find((candidate) => candidate === fields.intent) ?? 'conclude';
  const professional = await requireProfessional(request, PRE_CALL_INTENTS.includes(intent) ? ['ASSISTANT', 'DOCTOR', 'NURSE'] : ['DOCTOR', 'NURSE']);
  const taskId = params.id ?? '';
  try {
    if (intent === 'oral-consent') {
      await recordOralConsent(request, professional, taskId, fields);
      return { ok: true as const, intent, message: 'Le consentement oral du salarié est enregistré.' };
    }
    const visitId =
      intent === 'reorient'
        ? await reorientToDoctor(request, professional, taskId, fields)
        : intent === 'pre-call'
          ? await completePreCall(request, professional, taskId, fields)
          : intent === 'oral-refusal'
            ? await refuseOrally(request, professional, taskId, fields)
            : await concludeTask(request, professional, taskId, fields);
    return redirect(`/visites/${visitId}`);
  } catch (error) {
    return formFailure(error, intent);
  }
}

const useFailure = (intent: Intent) => useIntentFailure(intent);

export default function TaskPageView() {
  const { task, visit, employee, conclusion, handover, questionnaire, reorientation, preCall, contact, notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const settled = useNavigation().state === 'idle';
  return (
    <>
      <p>
        <Link to="/taches">← Mes tâches</Link>
      </p>
      <h1>
        {task.kind} — {employee.name}
      </h1>
      {result?.ok && settled ? (
        <div className="alert success" role="status">
          <p>{result.message}</p>
        </div>
      ) : null}
      {handover ? (
        <section className="panel" aria-labelledby="reorientation-titre">
          <h2 id="reorientation-titre">Réorientation par l’infirmier(ère)</h2>
          <dl className="facts">
            <dt>Motif</dt>
            <dd>{handover.summary}</dd>
            <dt>Précisions</dt>
            <dd>{handover.details ?? <span className="muted">Non renseigné</span>}</dd>
            <dt>Par</dt>
            <dd>{handover.by ?? <span className="muted">Non renseigné</span>}</dd>
            <dt>Le</dt>
            <dd>{handover.at}</dd>
          </dl>
        </section>
      ) : null}
      {questionnaire ? (
        <section className="panel" aria-labelledby="questionnaire-titre">
          <h2 id="questionnaire-titre">Questionnaire préalable du salarié</h2>
          <p className="muted">Réponses du {questionnaire.updatedAt}</p>
          <dl className="facts">
            {questionnaire.answers.map(({ question, answer }) => (
              <Fragment key={question}>
                <dt>{question}</dt>
                <dd className="pre-line">{answer}</dd>
              </Fragment>
            ))}
          </dl>
        </section>
      ) : null}
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
            {contact ? (
              <>
                <dt>Téléphone</dt>
                <dd>{contact.phone}</dd>
                <dt>E-mail</dt>
                <dd>{contact.email}</dd>
              </>
            ) : null}
          </dl>
        </section>
      </div>
      {preCall ? <PreCall options={preCall} /> : null}
      {preCall ? null : conclusion ? (
        <div className="grid">
          <ConclusionForm taskId={task.id} options={conclusion} />
          {reorientation ? <ReorientToDoctorForm taskId={task.id} reasons={reorientation.reasons} /> : null}
        </div>
      ) : (
        <p className="panel">
          {notice} <Link to={`/visites/${visit.id}`}>Ouvrir la visite</Link>
        </p>
      )}
    </>
  );
}

function ConclusionForm({ taskId, options }: { taskId: string; options: NonNullable<TaskPage['conclusion']> }) {
  const failure = useFailure('conclude');
  const navigation = useNavigation();
  const { form, onSubmit, errorOf, draftRestored, discardDraft } = useValidatedForm(conclusionFormSchema, { failure, draftKey: `conclusion:${taskId}` });
  const outcomeError = errorOf('outcome');
  const nextVisitError = errorOf('nextVisitDueDate');
  const measuresError = errorOf('measures');
  const notesError = errorOf('notes');
  const coupledError = errorOf('coupledMidCareer');

  return (
    <section className="panel" aria-labelledby="conclusion-titre">
      <h2 id="conclusion-titre">Conclure la consultation</h2>
      <DraftNotice restored={draftRestored} onDiscard={discardDraft} />
      <FormAlert failure={failure} />
      <form method="post" onSubmit={onSubmit} noValidate>
        <input type="hidden" name="intent" value="conclude" />
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
        <TextField
          form={form}
          id="measures"
          name="measures"
          label="Mesures proposées"
          hint={
            options.handsOverToDoctor
              ? 'Des mesures d’aménagement relèvent du médecin : les indiquer oriente le salarié vers lui sans délai (R-DEL-2).'
              : 'Obligatoires pour une conclusion « avec propositions de mesures ».'
          }
          error={measuresError}
          rows={3}
        />
        {options.handsOverToDoctor ? (
          <div className="field">
            <label className="choice" htmlFor="inaptitudeRisk">
              <input id="inaptitudeRisk" type="checkbox" aria-describedby="inaptitudeRisk-aide" {...form.register('inaptitudeRisk')} />
              Risque d’inaptitude relevé
            </label>
            <span className="hint" id="inaptitudeRisk-aide">
              La visite n’est pas close : le salarié est orienté vers le médecin du travail, qui le reçoit sans délai (R-DEL-3).
            </span>
          </div>
        ) : null}
        <TextField form={form} id="notes" name="notes" label="Notes cliniques" hint="Visibles des seuls médecins et infirmiers ; jamais transmises à l’employeur." error={notesError} rows={5} />
        <button type="submit" className="button" disabled={navigation.state !== 'idle'}>
          Conclure et émettre le document
        </button>
      </form>
    </section>
  );
}

/** R-DEL-2..4: the nurse hands the consultation over to the doctor instead of concluding it. */
function ReorientToDoctorForm({ taskId, reasons }: { taskId: string; reasons: NonNullable<TaskPage['reorientation']>['reasons'] }) {
  const failure = useFailure('reorient');
  const navigation = useNavigation();
  const { form, onSubmit, errorOf, draftRestored, discardDraft } = useValidatedForm(reorientationFormSchema, { failure, draftKey: `reorientation:${taskId}` });
  const reasonError = errorOf('reason');
  const detailsError = errorOf('details');

  return (
    <section className="panel" aria-labelledby="orienter-titre">
      <h2 id="orienter-titre">Orienter vers le médecin</h2>
      <p>
        Les avis d’aptitude ou d’inaptitude et les propositions d’aménagement du poste ou du temps de travail relèvent du seul médecin du travail
        (R-DEL-2), et une salariée enceinte, venant d’accoucher ou allaitante qui le demande lui est orientée sans délai (R-DEL-4).
      </p>
      <DraftNotice restored={draftRestored} onDiscard={discardDraft} />
      <FormAlert failure={failure} />
      <form method="post" onSubmit={onSubmit} noValidate>
        <input type="hidden" name="intent" value="reorient" />
        <fieldset className="field" aria-invalid={reasonError ? true : undefined} aria-describedby={describedBy('reason', { error: reasonError })}>
          <legend>Motif</legend>
          {reasons.map((reason, index) => (
            <label key={reason.value} className="choice">
              {/* The first radio carries the id so that an error can send the focus to the group. */}
              <input type="radio" value={reason.value} id={index === 0 ? 'reason' : undefined} {...form.register('reason')} />
              {reason.label}
            </label>
          ))}
          <FieldError id="reason" error={reasonError} />
        </fieldset>
        <TextField form={form} id="details" name="details" label="Précisions pour le médecin" hint="Ce que le médecin doit savoir pour recevoir le salarié sans délai." error={detailsError} rows={4} />
        <button type="submit" className="button secondary" disabled={navigation.state !== 'idle'}>
          Orienter vers le médecin
        </button>
      </form>
    </section>
  );
}

/**
 * R-TELE-4: the assistant phones the employee before the teleconsultation, explains the documents to prepare,
 * updates the administrative file, and may take the employee's answer: oral consent (R-TELE-1) or refusal (R-TELE-2).
 */
function PreCall({ options }: { options: NonNullable<TaskPage['preCall']> }) {
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle';
  const callFailure = useFailure('pre-call');
  const consentFailure = useFailure('oral-consent');
  const refusalFailure = useFailure('oral-refusal');
  const call = useValidatedForm(preCallFormSchema, { failure: callFailure });
  const refusal = useValidatedForm(refusalFormSchema, { failure: refusalFailure });
  const fileError = call.errorOf('administrativeFileUpdated');
  const documentsError = call.errorOf('documentsToPrepare');
  const notesError = call.errorOf('notes');
  const refusalError = refusal.errorOf('reason');

  return (
    <>
      <section className="panel" aria-labelledby="consentement-titre">
        <h2 id="consentement-titre">Consentement du salarié</h2>
        <p>
          Téléconsultation : <strong>{options.status}</strong>.
          {options.given
            ? ` Consentement donné ${options.given.channel ?? ''} le ${options.given.at} (texte version ${options.given.textVersion ?? '?'}).`
            : ' Le salarié peut consentir sur son lien personnel, ou oralement : lisez-lui le texte ci-dessous.'}
        </p>
        <blockquote className="consent-text">
          <p>{options.consent.text}</p>
          <footer className="muted">Texte de consentement, version {options.consent.textVersion}</footer>
        </blockquote>
        {options.mayRecordConsent ? (
          <>
            <FormAlert failure={consentFailure} />
            <Form method="post">
              <input type="hidden" name="intent" value="oral-consent" />
              <input type="hidden" name="textVersion" value={options.consent.textVersion} />
              <button type="submit" className="button" disabled={busy}>
                Consentement oral recueilli
              </button>
            </Form>
          </>
        ) : null}
        {options.mayRefuse ? (
          <div className="refusal">
            <FormAlert failure={refusalFailure} />
            <form method="post" onSubmit={refusal.onSubmit} noValidate>
              <input type="hidden" name="intent" value="oral-refusal" />
              <TextField form={refusal.form} id="refusalReason" name="reason" label="Motif du refus (facultatif)" hint="Le salarié n’a pas à justifier son refus." error={refusalError} rows={2} />
              <button type="submit" className="button secondary" disabled={busy}>
                Le salarié refuse la téléconsultation
              </button>
              <p className="hint">La visite passe en présentiel et est à replanifier en priorité (R-TELE-2).</p>
            </form>
          </div>
        ) : null}
      </section>
      {options.mayCompleteCall ? (
        <section className="panel" aria-labelledby="appel-titre">
          <h2 id="appel-titre">Appel préalable</h2>
          <FormAlert failure={callFailure} />
          <form method="post" onSubmit={call.onSubmit} noValidate>
            <input type="hidden" name="intent" value="pre-call" />
            <div className="field">
              <label className="choice" htmlFor="administrativeFileUpdated">
                <input
                  id="administrativeFileUpdated"
                  type="checkbox"
                  aria-invalid={fileError ? true : undefined}
                  aria-describedby={describedBy('administrativeFileUpdated', { error: fileError })}
                  {...call.form.register('administrativeFileUpdated')}
                />
                Dossier administratif mis à jour (adresse, téléphone, e-mail)
              </label>
              <FieldError id="administrativeFileUpdated" error={fileError} />
            </div>
            <TextField form={call.form} id="documentsToPrepare" name="documentsToPrepare" label="Documents à préparer" hint="Ce que vous avez demandé au salarié d’avoir sous la main." error={documentsError} rows={3} />
            <TextField form={call.form} id="preCallNotes" name="notes" label="Notes (facultatives)" error={notesError} rows={3} />
            <button type="submit" className="button" disabled={busy}>
              Enregistrer l’appel
            </button>
          </form>
        </section>
      ) : null}
    </>
  );
}
