import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useEffect } from 'react';
import { remoteProposers } from '../../../workflows/teleconsultation/forms.js';
import { maternityRequestFormSchema } from '../../../workflows/visit/forms.js';
import { CodedReasonFields } from '../components/coded-reason-fields.js';
import { ReassignFields } from '../components/reassign-fields.js';
import { describedBy, Field, FieldError, FormAlert, TextField, useValidatedForm } from '../components/form.js';
import { panelIntents, TELECONSULTATION_INTENTS, TeleconsultationPanels } from '../components/teleconsultation-panel.js';
import { usePagePulse } from '../components/teleconsultation.js';
import { codedReasonSchema } from '../forms/coded-reason.js';
import { reassignFieldsSchema } from '../forms/reassign-form.js';
import { rescheduleFieldsSchema, scheduleFieldsSchema } from '../forms/schedule-form.js';
import { requireProfessional } from '../services/auth.server.js';
import {
  admitEmployee,
  cancelVisit,
  endTeleconsultation,
  excuseAbsence,
  interruptByProfessional,
  inviteThirdParty,
  recordNoShow,
  relayMaternityRequest,
  reportTechnicalFailure,
  scheduleVisit,
} from '../services/decisions.server.js';
import { formFailure, pageData } from '../services/http.server.js';
import { reassignVisit } from '../services/reassignment.server.js';
import type { VisitPage } from '../services/visits.server.js';
import { recordAdverseEvent } from '../services/teleconsultation.server.js';
import { loadVisitPage, visitPulse } from '../services/visits.server.js';

const DECIDERS = ['ASSISTANT', 'ADMIN', 'DOCTOR', 'NURSE'] as const;
const INTENTS = ['schedule', 'reassign', 'cancel', 'excuse-absence', 'no-show', 'maternity-request', ...TELECONSULTATION_INTENTS] as const;
type Intent = (typeof INTENTS)[number];

const successMessages: Record<Intent, string> = {
  schedule: 'Le rendez-vous est enregistré.',
  reassign: 'La visite est confiée à un autre professionnel ; le rendez-vous est inchangé.',
  cancel: 'La visite est annulée.',
  'excuse-absence': 'L’absence excusée est enregistrée ; la visite est à replanifier.',
  'no-show': 'L’absence au rendez-vous est enregistrée ; la visite est à replanifier.',
  'maternity-request': 'La salariée est orientée vers le médecin du travail, qui la reçoit sans délai.',
  'tele-admit': 'Le salarié est admis : la consultation commence.',
  'tele-invite': 'Le tiers est invité.',
  'tele-interrupt': 'La téléconsultation est interrompue.',
  'tele-failure': 'L’incident technique est enregistré ; la visite est à replanifier.',
  'tele-end': 'La téléconsultation est terminée et son compte rendu enregistré.',
  'tele-adverse-event': 'L’événement indésirable est enregistré.',
};

const proposerOptions: Record<(typeof remoteProposers)[number], string> = { PROFESSIONAL: 'Professionnel', EMPLOYEE: 'Salarié', EMPLOYER: 'Employeur' };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data && 'visit' in data ? `${data.visit.type} — ${data.employee.name}` : 'Visite — Santé au travail' },
];

// Medical data: never kept by a browser or proxy cache.
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'private, no-store' });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const professional = await requireProfessional(request);
  // `?etat=1`: the visit's and its teleconsultation's status, polled while a remote appointment is on (no medical data, not audited).
  if (new URL(request.url).searchParams.has('etat')) return visitPulse(params.id ?? '');
  return pageData(() => loadVisitPage(request, professional, params.id ?? ''));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const professional = await requireProfessional(request, DECIDERS);
  const fields = Object.fromEntries(await request.formData());
  const visitId = params.id ?? '';
  const intent: Intent = INTENTS.find((candidate) => candidate === fields.intent) ?? 'schedule';
  try {
    let link: string | undefined;
    if (intent === 'reassign') await reassignVisit(request, professional, visitId, fields);
    else if (intent === 'cancel') await cancelVisit(request, professional, visitId, fields);
    else if (intent === 'excuse-absence') await excuseAbsence(request, professional, visitId, fields);
    else if (intent === 'no-show') await recordNoShow(request, professional, visitId);
    else if (intent === 'maternity-request') await relayMaternityRequest(request, professional, visitId, fields);
    else if (intent === 'tele-admit') await admitEmployee(request, professional, visitId, fields);
    else if (intent === 'tele-invite') link = await inviteThirdParty(request, professional, visitId, fields);
    else if (intent === 'tele-interrupt') await interruptByProfessional(request, professional, visitId, fields);
    else if (intent === 'tele-failure') await reportTechnicalFailure(request, professional, visitId, fields);
    else if (intent === 'tele-end') await endTeleconsultation(request, professional, visitId, fields);
    else if (intent === 'tele-adverse-event') await recordAdverseEvent(request, professional, visitId, fields);
    else await scheduleVisit(request, professional, visitId, fields);
    return { ok: true as const, intent, message: successMessages[intent], link };
  } catch (error) {
    return formFailure(error, intent);
  }
}

export default function VisitPageView() {
  const loaded = useLoaderData<typeof loader>();
  return 'pulse' in loaded ? null : <VisitPageContent page={loaded} />;
}

function VisitPageContent({ page }: { page: VisitPage }) {
  const result = useActionData<typeof action>();
  // The action's answer arrives before the page's fresh data: announce success once both are shown.
  const settled = useNavigation().state === 'idle';
  const { visit, employee, employer, stoppage, tasks, documents, timeline, teleconsultation } = page;
  // The page follows its workflow without a reload while the visit is open: every few seconds, and more often
  // around a remote appointment, whose session opens, waits and turns the visit to in person by itself.
  usePagePulse(`/visites/${visit.id}`, visit.pulse, visit.open, visit.remote && visit.status === 'SCHEDULED' ? 3 : 5);
  const decisionForms = Boolean(page.schedule && page.reasons);
  const absenceForms = Boolean(page.absence && page.reasons && visit.appointment && teleconsultation?.status !== 'ENDED');
  // The intents whose forms show below, each with its own refusal; the same conditions render them.
  const offered: string[] = [
    ...(decisionForms ? ['schedule', 'cancel'] : []),
    ...(decisionForms && visit.status === 'SCHEDULED' && !visit.reoriented ? ['reassign'] : []),
    ...(page.maternityRequest ? ['maternity-request'] : []),
    ...(absenceForms ? ['excuse-absence', 'no-show'] : []),
    ...(teleconsultation ? panelIntents(teleconsultation) : []),
  ];

  return (
    <>
      <p>
        <Link to="/visites">← Toutes les visites</Link>
      </p>
      <h1>
        {visit.type} — {employee.name}
      </h1>
      <p className="actions">
        <span className={`badge ${visit.status}`}>{visit.statusLabel}</span>
        {visit.remote ? <span className="badge">Téléconsultation</span> : null}
        {visit.billable ? <span className="badge billable">Facturable à l’employeur</span> : null}
        {visit.overdue ? <span className="overdue">Échéance du {visit.deadline} dépassée</span> : null}
      </p>
      {result?.ok && settled ? (
        <div className="alert success" role="status">
          <p>{result.message}</p>
        </div>
      ) : null}
      {/* A decision whose form this page does not show (the visit moved meanwhile, or a crafted post): its reason shows here. */}
      {result && !result.ok && !offered.includes(result.intent ?? '') ? <FormAlert failure={result} /> : null}

      <div className="grid">
        <section className="panel" aria-labelledby="visite-titre">
          <h2 id="visite-titre">Visite</h2>
          <dl className="facts">
            <dt>Type</dt>
            <dd>{visit.type}</dd>
            <dt>Modalité</dt>
            <dd>
              {visit.modality}
              {visit.remoteProposedBy ? `, proposée par ${visit.remoteProposedBy}` : ''}
            </dd>
            <dt>Réalisée par</dt>
            <dd>{visit.performer}</dd>
            <dt>Date cible</dt>
            <dd>{visit.dueDate}</dd>
            <dt>Échéance</dt>
            <dd className={visit.overdue ? 'overdue' : undefined}>
              {visit.deadline}
              {visit.overdue ? ' (dépassée)' : ''}
            </dd>
            <dt>Rendez-vous</dt>
            <dd>{visit.appointment ?? <span className="muted">Non fixé</span>}</dd>
            <dt>Professionnel</dt>
            <dd>{visit.professional ?? <span className="muted">Non attribué</span>}</dd>
            {visit.billable ? (
              <>
                <dt>Facturation</dt>
                <dd>Facturable à l’employeur : absence non excusée à temps (R-OPS-1)</dd>
              </>
            ) : null}
            {stoppage ? (
              <>
                <dt>Arrêt de travail</dt>
                <dd>
                  {stoppage.cause}, depuis le {stoppage.startDate} ; {stoppage.returnDate ? `reprise le ${stoppage.returnDate}` : 'date de reprise inconnue'}
                </dd>
              </>
            ) : null}
          </dl>
        </section>

        <section className="panel" aria-labelledby="salarie-titre">
          <h2 id="salarie-titre">Salarié</h2>
          <dl className="facts">
            <dt>Nom</dt>
            <dd>{employee.name}</dd>
            <dt>Né(e) le</dt>
            <dd>{employee.birthDate}</dd>
            <dt>Sexe</dt>
            <dd>{employee.sex}</dd>
            <dt>Téléphone</dt>
            <dd>{employee.phone}</dd>
            <dt>E-mail</dt>
            <dd>{employee.email}</dd>
            <dt>Poste</dt>
            <dd>
              {employee.post}
              {employee.nightWork ? ' (travail de nuit)' : ''}
            </dd>
            <dt>Suivi</dt>
            <dd>{employee.category}</dd>
            <dt>Risques</dt>
            <dd>{employee.risks.length > 0 ? employee.risks.join(', ') : <span className="muted">Aucun risque déclaré</span>}</dd>
          </dl>
        </section>

        <section className="panel" aria-labelledby="employeur-titre">
          <h2 id="employeur-titre">Employeur</h2>
          <dl className="facts">
            <dt>Raison sociale</dt>
            <dd>{employer.name}</dd>
            <dt>SIRET</dt>
            <dd>{employer.siret}</dd>
          </dl>
        </section>
      </div>

      <div className="grid">
        <section className="panel" aria-labelledby="taches-titre">
          <h2 id="taches-titre">Tâche en cours</h2>
          {tasks.length === 0 ? (
            <p className="muted">Aucune tâche ouverte.</p>
          ) : (
            <ul>
              {tasks.map((task) => (
                <li key={task.id}>
                  <Link to={`/taches/${task.id}`}>{task.kind}</Link>
                  {task.priority ? (
                    <>
                      {' '}
                      <span className="badge priority">Prioritaire</span>
                    </>
                  ) : null}{' '}
                  — tenue par {task.holder}, pour le {task.dueDate}
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="panel" aria-labelledby="documents-titre">
          <h2 id="documents-titre">Documents</h2>
          {documents.length === 0 ? (
            <p className="muted">Aucun document émis.</p>
          ) : (
            <ul>
              {documents.map((document) => (
                <li key={document.id}>
                  <a href={`/documents/${document.id}`} download={document.fileName}>
                    {document.kind} ({document.fileName})
                  </a>{' '}
                  <span className="muted">— émis le {document.createdAt}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      {teleconsultation ? (
        <TeleconsultationPanels
          panel={teleconsultation}
          visitId={visit.id}
          outcome={result && (TELECONSULTATION_INTENTS as readonly string[]).includes(result.intent ?? '') ? result : undefined}
        />
      ) : null}
      {visit.outcome || visit.cancellationReason ? <OutcomePanel visit={visit} /> : null}
      {visit.reoriented ? <ReorientedNotice /> : null}
      {decisionForms && page.schedule && page.reasons ? (
        <DecisionForms visitId={visit.id} schedule={page.schedule} reasons={page.reasons} scheduled={visit.status === 'SCHEDULED'} remote={visit.remote} reoriented={visit.reoriented} />
      ) : null}
      {/* A teleconsultation that took place is concluded, not missed. */}
      {page.maternityRequest ? <MaternityRequestForm /> : null}
      {absenceForms && page.absence && page.reasons && visit.appointment ? (
        <AbsenceForms absence={page.absence} reasons={page.reasons.EXCUSE_ABSENCE} appointment={visit.appointment} />
      ) : null}

      <section className="panel" aria-labelledby="historique-titre">
        <h2 id="historique-titre">Historique</h2>
        {timeline.historyAvailable ? null : (
          <div className="alert info" role="status">
            <p>Le moteur de processus ne répond pas : seuls les événements du dossier sont affichés.</p>
          </div>
        )}
        <ol className="timeline">
          {timeline.entries.map((entry) => (
            <li key={entry.key} className={entry.tone}>
              <time className="when" dateTime={entry.at}>
                {entry.when}
              </time>
              <span className="source">{entry.source}</span>
              <span>
                <span className="title">{entry.title}</span>
                {entry.detail ? <span className="detail">{entry.detail}</span> : null}
              </span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function OutcomePanel({ visit }: { visit: VisitPage['visit'] }) {
  return (
    <section className="panel" aria-labelledby="conclusion-titre">
      <h2 id="conclusion-titre">{visit.cancellationReason ? 'Annulation' : 'Conclusion'}</h2>
      <dl className="facts">
        {visit.cancellationReason ? (
          <>
            <dt>Motif</dt>
            <dd>{visit.cancellationReason}</dd>
          </>
        ) : null}
        {visit.outcome ? (
          <>
            <dt>Conclusion</dt>
            <dd>{visit.outcome}</dd>
            <dt>Conclue le</dt>
            <dd>{visit.concludedAt}</dd>
            <dt>Prochaine visite avant le</dt>
            <dd>{visit.nextVisitDueDate ?? <span className="muted">Sans objet</span>}</dd>
            {visit.coupledMidCareer ? (
              <>
                <dt>Mi-carrière</dt>
                <dd>Vaut aussi visite de mi-carrière (R-MID-1)</dd>
              </>
            ) : null}
            <dt>Mesures proposées</dt>
            <dd>{visit.proposedMeasures ?? <span className="muted">Aucune</span>}</dd>
          </>
        ) : null}
        {visit.outcome && visit.clinicalNotes !== undefined ? (
          <>
            <dt>Notes cliniques</dt>
            <dd>{visit.clinicalNotes ?? <span className="muted">Aucune</span>}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

/** R-DEL-2..4: why the visit page offers no rescheduling once the visit is the doctor's. */
function ReorientedNotice() {
  return (
    <section className="panel" aria-labelledby="reorientee-titre">
      <h2 id="reorientee-titre">Visite réorientée vers le médecin</h2>
      <p>
        Le salarié est orienté vers le médecin du travail, qui le reçoit et conclut la visite à partir de sa tâche de réorientation : le
        rendez-vous ne peut plus être reporté ni l’absence excusée ici. La visite peut encore être annulée.
      </p>
    </section>
  );
}

function DecisionForms({
  visitId,
  schedule,
  reasons,
  scheduled,
  remote,
  reoriented,
}: {
  visitId: string;
  schedule: NonNullable<VisitPage['schedule']>;
  reasons: NonNullable<VisitPage['reasons']>;
  scheduled: boolean;
  remote: boolean;
  reoriented: boolean;
}) {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle';
  const failureFor = (intent: Intent) => (result && !result.ok && result.intent === intent ? result : null);
  const scheduling = useValidatedForm(scheduled ? rescheduleFieldsSchema : scheduleFieldsSchema, {
    failure: failureFor('schedule'),
    defaultValues: { modality: remote ? 'REMOTE' : 'IN_PERSON' },
  });
  const reassigning = useValidatedForm(reassignFieldsSchema, { failure: failureFor('reassign') });
  const cancelling = useValidatedForm(codedReasonSchema, {
    failure: failureFor('cancel'),
    // A cancellation closes the visit for good.
    confirm: 'Annuler définitivement cette visite ? Son processus se termine et elle ne pourra plus être planifiée.',
  });
  const { reset: resetScheduling } = scheduling.form;
  const { reset: resetCancelling } = cancelling.form;
  const { reset: resetReassigning } = reassigning.form;
  useEffect(() => {
    if (result?.ok) {
      resetScheduling();
      resetCancelling();
      resetReassigning();
    }
  }, [result, resetScheduling, resetCancelling, resetReassigning]);

  const appointmentError = scheduling.errorOf('appointmentAt');
  const professionalError = scheduling.errorOf('professionalId');
  const modalityError = scheduling.errorOf('modality');
  const proposerError = scheduling.errorOf('remoteProposedBy');
  const modality = scheduling.form.watch('modality');

  return (
    <div className="grid">
      {reoriented ? null : (
        <section className="panel" aria-labelledby="planifier-titre">
          <h2 id="planifier-titre">{scheduled ? 'Reporter le rendez-vous' : 'Planifier le rendez-vous'}</h2>
          <p>
            <Link to={`/planning?vue=semaine&date=${schedule.earliest.slice(0, 10)}&visite=${visitId}`}>Choisir un créneau libre dans le planning</Link>
          </p>
          <FormAlert failure={failureFor('schedule')} />
          <form method="post" onSubmit={scheduling.onSubmit} noValidate>
            <input type="hidden" name="intent" value="schedule" />
            <Field id="appointmentAt" label="Date et heure (heure de Paris)" error={appointmentError}>
              <input
                id="appointmentAt"
                type="datetime-local"
                min={schedule.earliest}
                aria-invalid={appointmentError ? true : undefined}
                aria-describedby={describedBy('appointmentAt', { error: appointmentError })}
                {...scheduling.form.register('appointmentAt')}
              />
            </Field>
            <Field id="professionalId" label="Professionnel de santé" error={professionalError}>
              <select
                id="professionalId"
                defaultValue=""
                aria-invalid={professionalError ? true : undefined}
                aria-describedby={describedBy('professionalId', { error: professionalError })}
                {...scheduling.form.register('professionalId')}
              >
                <option value="" disabled>
                  Choisir…
                </option>
                {schedule.professionals.map((professional) => (
                  <option key={professional.id} value={professional.id}>
                    {professional.label}
                  </option>
                ))}
              </select>
            </Field>
            {/* R-TELE-3: the professional judges case by case whether the visit can be remote; who proposed it is recorded. */}
            <fieldset className="field" aria-invalid={modalityError ? true : undefined} aria-describedby={describedBy('modality', { error: modalityError })}>
              <legend>Modalité</legend>
              <label className="choice">
                <input type="radio" value="IN_PERSON" id="modality" {...scheduling.form.register('modality')} />
                Présentiel
              </label>
              {schedule.remoteOffered || remote ? (
                <label className="choice">
                  <input type="radio" value="REMOTE" {...scheduling.form.register('modality')} />
                  Téléconsultation
                </label>
              ) : (
                <span className="hint">Le protocole ne propose pas la téléconsultation pour ce type de visite.</span>
              )}
              <FieldError id="modality" error={modalityError} />
            </fieldset>
            {modality === 'REMOTE' ? (
              <fieldset
                className="field"
                aria-invalid={proposerError ? true : undefined}
                aria-describedby={describedBy('remoteProposedBy', { hint: true, error: proposerError })}
              >
                <legend>Téléconsultation proposée par</legend>
                <span className="hint" id="remoteProposedBy-aide">
                  Le professionnel de santé juge, au cas par cas, si la téléconsultation convient (R-TELE-3). Le salarié donnera son consentement.
                </span>
                {remoteProposers.map((proposer, index) => (
                  <label key={proposer} className="choice">
                    <input type="radio" value={proposer} id={index === 0 ? 'remoteProposedBy' : undefined} {...scheduling.form.register('remoteProposedBy')} />
                    {proposerOptions[proposer]}
                  </label>
                ))}
                <FieldError id="remoteProposedBy" error={proposerError} />
              </fieldset>
            ) : null}
            {scheduled ? (
              <CodedReasonFields form={scheduling.form} idPrefix="report" label="Motif du report" options={reasons.RESCHEDULE} errorOf={scheduling.errorOf} />
            ) : null}
            <button type="submit" className="button" disabled={busy}>
              {scheduled ? 'Reporter' : 'Planifier'}
            </button>
          </form>
        </section>
      )}

      {scheduled && !reoriented ? (
        <section className="panel" aria-labelledby="reaffecter-titre">
          <h2 id="reaffecter-titre">Confier à un autre professionnel</h2>
          <FormAlert failure={failureFor('reassign')} />
          <form method="post" onSubmit={reassigning.onSubmit} noValidate>
            <input type="hidden" name="intent" value="reassign" />
            <ReassignFields form={reassigning.form} idPrefix="reaffectation" professionals={schedule.professionals} reasons={reasons.REASSIGN} errorOf={reassigning.errorOf} />
            <button type="submit" className="button secondary" disabled={busy}>
              Confier la visite
            </button>
          </form>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="annuler-titre">
        <h2 id="annuler-titre">Annuler la visite</h2>
        <FormAlert failure={failureFor('cancel')} />
        <form method="post" onSubmit={cancelling.onSubmit} noValidate>
          <input type="hidden" name="intent" value="cancel" />
          <CodedReasonFields form={cancelling.form} idPrefix="annulation" label="Motif de l’annulation" options={reasons.CANCEL} errorOf={cancelling.errorOf} />
          <button type="submit" className="button danger" disabled={busy}>
            Annuler la visite
          </button>
        </form>
      </section>
    </div>
  );
}

/** R-OPS-1: an absence excused before the appointment, or recorded once its time has passed. */
function AbsenceForms({ absence, reasons, appointment }: { absence: NonNullable<VisitPage['absence']>; reasons: NonNullable<VisitPage['reasons']>['EXCUSE_ABSENCE']; appointment: string }) {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const failureFor = (intent: Intent) => (result && !result.ok && result.intent === intent ? result : null);
  const excusing = useValidatedForm(codedReasonSchema, { failure: failureFor('excuse-absence') });
  const hours = absence.excuseHoursAhead;

  if (absence.appointmentPassed) {
    return (
      <section className="panel" aria-labelledby="absence-titre">
        <h2 id="absence-titre">Constater une absence</h2>
        <FormAlert failure={failureFor('no-show')} />
        <p>
          Si le salarié ne s’est pas présenté au rendez-vous du {appointment}, constatez son absence : elle est facturée à l’employeur
          (R-OPS-1) et la visite est à replanifier.
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="no-show" />
          <button type="submit" className="button danger" disabled={busy}>
            Constater une absence
          </button>
        </Form>
      </section>
    );
  }
  return (
    <section className="panel" aria-labelledby="absence-titre">
      <h2 id="absence-titre">Excuser l’absence</h2>
      <FormAlert failure={failureFor('excuse-absence')} />
      <p>
        Le salarié prévient qu’il ne viendra pas au rendez-vous du {appointment}. Une absence excusée moins de {hours} h avant le rendez-vous est
        facturée à l’employeur (R-OPS-1) ; la visite est ensuite à replanifier.
      </p>
      {absence.billedIfExcusedNow ? (
        <div className="alert warning">
          <p>Le rendez-vous a lieu dans moins de {hours} h : cette absence sera facturée à l’employeur.</p>
        </div>
      ) : null}
      <form method="post" onSubmit={excusing.onSubmit} noValidate>
        <input type="hidden" name="intent" value="excuse-absence" />
        <CodedReasonFields form={excusing.form} idPrefix="absence" label="Motif de l’absence" options={reasons} errorOf={excusing.errorOf} />
        <button type="submit" className="button" disabled={busy}>
          Excuser l’absence
        </button>
      </form>
    </section>
  );
}

/** R-DEL-4: a pregnant, post-partum or breastfeeding worker who asks is oriented to the doctor at any time. */
function MaternityRequestForm() {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const failure = result && !result.ok && result.intent === 'maternity-request' ? result : null;
  const relaying = useValidatedForm(maternityRequestFormSchema, { failure });
  return (
    <section className="panel" aria-labelledby="maternite-titre">
      <h2 id="maternite-titre">Orienter vers le médecin à la demande de la salariée</h2>
      <FormAlert failure={failure} />
      <p>
        Une salariée enceinte, venant d’accoucher ou allaitante qui le demande est orientée sans délai vers le médecin du travail (R-DEL-4),
        que la visite soit planifiée ou non.
      </p>
      <form method="post" onSubmit={relaying.onSubmit} noValidate>
        <input type="hidden" name="intent" value="maternity-request" />
        <TextField
          form={relaying.form}
          id="maternityDetails"
          name="details"
          label="Précisions pour le médecin"
          hint="Réservées aux médecins et infirmiers ; jamais transmises à l’employeur."
          error={relaying.errorOf('details')}
          rows={3}
        />
        <button type="submit" className="button secondary" disabled={busy}>
          Orienter vers le médecin
        </button>
      </form>
    </section>
  );
}
