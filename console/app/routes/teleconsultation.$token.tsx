// The employee's personal link (R-TELE-1..13), public and without an account: convocation, consent or refusal,
// equipment test, access code, waiting room, video, interruption, and the end with the satisfaction link.
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useLocation, useNavigation } from '@remix-run/react';
import { DomainError } from '../../../activities/domain/errors.js';
import { interruptionFormSchema, refusalFormSchema } from '../../../workflows/teleconsultation/forms.js';
import { describedBy, Field, FormAlert, TextField, useValidatedForm } from '../components/form.js';
import { PreVisitQuestionnaire } from '../components/questionnaire.js';
import { EquipmentTest, JitsiMeeting, PublicLinkError, usePagePulse } from '../components/teleconsultation.js';
import { accessCodeFormSchema } from '../forms/teleconsultation-forms.js';
import { formFailure, pageData } from '../services/http.server.js';
import {
  EMPLOYEE_INTENTS,
  employeeLinkDecision,
  employeeLinkPulse,
  loadEmployeeLink,
  type EmployeeIntent,
  type EmployeeLinkPage,
} from '../services/teleconsultation.server.js';

export const meta: MetaFunction = () => [{ title: 'Votre téléconsultation — Santé au travail' }, { name: 'robots', content: 'noindex, nofollow' }];

// The token is in the address: never cached, never sent to another site (the video script comes from Jitsi's).
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'private, no-store', 'Referrer-Policy': 'no-referrer' });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = params.token ?? '';
  if (new URL(request.url).searchParams.has('etat')) return pageData(() => employeeLinkPulse(token));
  return pageData(() => loadEmployeeLink(request, token));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const fields = Object.fromEntries(await request.formData());
  const intent: EmployeeIntent = EMPLOYEE_INTENTS.find((candidate) => candidate === fields.intent) ?? 'consent';
  try {
    const { message, cookie } = await employeeLinkDecision(request, params.token ?? '', intent, fields);
    return data({ ok: true as const, intent, message }, cookie ? { headers: { 'Set-Cookie': cookie } } : undefined);
  } catch (error) {
    // The link expired or was replaced while the page was open: the page says so.
    if (error instanceof DomainError && error.code === 'NOT_FOUND') throw data({ message: error.message }, { status: 404 });
    return formFailure(error, intent);
  }
}

export function ErrorBoundary() {
  return <PublicLinkError />;
}

function useFailure(intent: EmployeeIntent) {
  const result = useActionData<typeof action>();
  return result && !result.ok && result.intent === intent ? result : null;
}

export default function EmployeeLink() {
  const loaded = useLoaderData<typeof loader>();
  // `?etat=1` answers the poll of this page; a navigation always gets the page.
  return 'pulse' in loaded ? null : <EmployeeLinkView page={loaded} />;
}

const OPEN_STATUSES = ['AWAITING_CONSENT', 'CONSENTED', 'WAITING_ROOM', 'IN_PROGRESS'];

function EmployeeLinkView({ page }: { page: EmployeeLinkPage }) {
  const result = useActionData<typeof action>();
  const settled = useNavigation().state === 'idle';
  const { status, access } = page;
  const started = status === 'CONSENTED' || status === 'WAITING_ROOM' || status === 'IN_PROGRESS';
  usePagePulse(useLocation().pathname, status, OPEN_STATUSES.includes(status));

  return (
    <div className="public">
      <h1>Votre téléconsultation</h1>
      <p>Bonjour {page.firstNames},</p>
      {result?.ok && settled ? (
        <div className="alert success" role="status">
          <p>{result.message}</p>
        </div>
      ) : null}

      <section className="panel" aria-labelledby="convocation-titre">
        <h2 id="convocation-titre">Convocation</h2>
        <dl className="facts">
          <dt>Visite</dt>
          <dd>{page.visitType}, en téléconsultation</dd>
          <dt>Date et heure</dt>
          <dd>{page.appointment} (heure de Paris)</dd>
          <dt>Avec</dt>
          <dd>{page.professional}</dd>
        </dl>
        <h3>Documents à préparer</h3>
        <ul>
          {page.documents.map((document) => (
            <li key={document}>{document}</li>
          ))}
        </ul>
        <p className="muted">Installez-vous dans un endroit calme et isolé. Aucun enregistrement audio ou vidéo n’est réalisé.</p>
      </section>

      <Outcome page={page} />

      {status === 'AWAITING_CONSENT' ? <Consent page={page} /> : null}
      {page.consent.given && started ? (
        <p className="panel">
          Vous avez accepté la téléconsultation le {page.consent.given.at}
          {page.consent.given.channel ? ` (${page.consent.given.channel})` : ''}, texte version {page.consent.given.textVersion}.
        </p>
      ) : null}

      {page.questionnaire ? <PreVisitQuestionnaire questionnaire={page.questionnaire} /> : null}

      {status === 'AWAITING_CONSENT' || status === 'CONSENTED' || status === 'WAITING_ROOM' ? <EquipmentTest /> : null}

      {started && !access.verified ? <AccessCode page={page} /> : null}
      {started && access.verified && status === 'CONSENTED' ? <JoinWaitingRoom /> : null}
      {started && access.verified && status === 'WAITING_ROOM' ? (
        <section className="panel waiting-room" aria-labelledby="attente-titre">
          <h2 id="attente-titre">Salle d’attente</h2>
          <p role="status">
            Vous êtes en salle d’attente. {page.professional} va vous admettre : restez sur cette page, la vidéo s’ouvrira d’elle-même.
          </p>
        </section>
      ) : null}
      {status === 'IN_PROGRESS' && page.meeting ? (
        <section className="panel" aria-labelledby="video-titre">
          <h2 id="video-titre">Consultation en cours</h2>
          <JitsiMeeting meeting={page.meeting} label="Vidéo de la téléconsultation" />
        </section>
      ) : null}
      {access.verified && (status === 'WAITING_ROOM' || status === 'IN_PROGRESS') ? <Interrupt /> : null}
      {started && status !== 'IN_PROGRESS' ? <Refuse later /> : null}
    </div>
  );
}

/** How the session ended, in the employee's words. */
function Outcome({ page }: { page: EmployeeLinkPage }) {
  if (page.status === 'REFUSED') {
    return (
      <div className="alert info" role="status">
        <p>
          Vous avez refusé la téléconsultation : votre visite aura lieu en présentiel. Le service de santé au travail vous propose un rendez-vous dans
          les meilleurs délais ; une nouvelle convocation vous sera adressée.
        </p>
      </div>
    );
  }
  if (page.status === 'INTERRUPTED') {
    return (
      <div className="alert info" role="status">
        <p>La téléconsultation a été interrompue. Le service de santé au travail vous recontacte pour un nouveau rendez-vous.</p>
      </div>
    );
  }
  if (page.status === 'FAILED') {
    return (
      <div className="alert info" role="status">
        <p>La téléconsultation n’a pas pu avoir lieu à cause d’un incident technique. Le service de santé au travail vous recontacte pour un nouveau rendez-vous.</p>
      </div>
    );
  }
  if (page.status === 'ENDED') {
    return (
      <section className="panel" aria-labelledby="fin-titre">
        <h2 id="fin-titre">Téléconsultation terminée</h2>
        <p>Merci. Le document de fin de visite vous sera envoyé par e-mail.</p>
        {page.satisfactionPath ? (
          <p>
            Votre avis nous aide à améliorer les téléconsultations : <a href={page.satisfactionPath}>répondre au questionnaire de satisfaction</a>{' '}
            (deux minutes).
          </p>
        ) : page.satisfactionAnswered ? (
          <p className="muted">Merci d’avoir répondu au questionnaire de satisfaction.</p>
        ) : null}
      </section>
    );
  }
  return null;
}

/** R-TELE-1: the consent text of the visit's protocol version, with its version; R-TELE-2: refusing is as easy. */
function Consent({ page }: { page: EmployeeLinkPage }) {
  const failure = useFailure('consent');
  const busy = useNavigation().state !== 'idle';
  return (
    <section className="panel" aria-labelledby="consentement-titre">
      <h2 id="consentement-titre">Votre consentement</h2>
      <p>Avant chaque téléconsultation, votre accord est nécessaire. Lisez le texte ci-dessous :</p>
      <blockquote className="consent-text">
        <p>{page.consent.text}</p>
        <footer className="muted">Texte de consentement, version {page.consent.textVersion}</footer>
      </blockquote>
      <FormAlert failure={failure} />
      <Form method="post" className="actions">
        <input type="hidden" name="intent" value="consent" />
        <input type="hidden" name="textVersion" value={page.consent.textVersion} />
        <button type="submit" className="button" disabled={busy}>
          J’accepte
        </button>
      </Form>
      <Refuse />
    </section>
  );
}

/** R-TELE-2: a refusal needs no reason; the visit then takes place in person. */
function Refuse({ later = false }: { later?: boolean }) {
  const failure = useFailure('refuse');
  const busy = useNavigation().state !== 'idle';
  const { form, onSubmit, errorOf } = useValidatedForm(refusalFormSchema, { failure });
  const reasonError = errorOf('reason');
  const content = (
    <>
      <FormAlert failure={failure} />
      <form method="post" onSubmit={onSubmit} noValidate>
        <input type="hidden" name="intent" value="refuse" />
        <TextField form={form} id="refusalReason" name="reason" label="Motif (facultatif)" hint="Vous n’avez pas à justifier votre refus." error={reasonError} rows={2} />
        <button type="submit" className="button secondary" disabled={busy}>
          Je refuse la téléconsultation
        </button>
        <p className="hint">La visite aura alors lieu en présentiel, dans les meilleurs délais.</p>
      </form>
    </>
  );
  return later ? (
    <section className="panel" aria-labelledby="refus-titre">
      <h2 id="refus-titre">Vous ne souhaitez plus la téléconsultation ?</h2>
      {content}
    </section>
  ) : (
    <div className="refusal">{content}</div>
  );
}

function AccessCode({ page }: { page: EmployeeLinkPage }) {
  const failure = useFailure('code');
  const busy = useNavigation().state !== 'idle';
  const { form, onSubmit, errorOf } = useValidatedForm(accessCodeFormSchema, { failure });
  const codeError = errorOf('code');
  if (page.access.locked) {
    return (
      <section className="panel" aria-labelledby="code-titre">
        <h2 id="code-titre">Code d’accès</h2>
        <div className="alert error" role="alert">
          <p>Lien verrouillé : contactez le service</p>
        </div>
        <p>Trop de codes erronés ont été saisis. Le service de santé au travail peut vous proposer un nouveau rendez-vous.</p>
      </section>
    );
  }
  return (
    <section className="panel" aria-labelledby="code-titre">
      <h2 id="code-titre">Code d’accès</h2>
      <p>
        Saisissez le code à 6 chiffres reçu par e-mail ou SMS quelques minutes avant le rendez-vous. Il est valable jusqu’au {page.access.until}.
      </p>
      <FormAlert failure={failure} />
      <form method="post" onSubmit={onSubmit} noValidate>
        <input type="hidden" name="intent" value="code" />
        <Field id="code" label="Code d’accès" error={codeError}>
          <input
            id="code"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={12}
            className="code-input"
            aria-invalid={codeError ? true : undefined}
            aria-describedby={describedBy('code', { error: codeError })}
            {...form.register('code')}
          />
        </Field>
        <button type="submit" className="button" disabled={busy}>
          Valider le code
        </button>
      </form>
    </section>
  );
}

function JoinWaitingRoom() {
  const failure = useFailure('join');
  const busy = useNavigation().state !== 'idle';
  return (
    <section className="panel" aria-labelledby="entrer-titre">
      <h2 id="entrer-titre">Salle d’attente</h2>
      <FormAlert failure={failure} />
      <Form method="post">
        <input type="hidden" name="intent" value="join" />
        <button type="submit" className="button" disabled={busy}>
          Entrer en salle d’attente
        </button>
      </Form>
    </section>
  );
}

/** R-TELE-10: the employee may stop at any time, with a reason. */
function Interrupt() {
  const failure = useFailure('interrupt');
  const busy = useNavigation().state !== 'idle';
  const { form, onSubmit, errorOf } = useValidatedForm(interruptionFormSchema, { failure });
  const reasonError = errorOf('reason');
  return (
    <section className="panel" aria-labelledby="interrompre-titre">
      <h2 id="interrompre-titre">Interrompre</h2>
      <FormAlert failure={failure} />
      <form method="post" onSubmit={onSubmit} noValidate>
        <input type="hidden" name="intent" value="interrupt" />
        <TextField form={form} id="interruptionReason" name="reason" label="Motif de l’interruption" error={reasonError} rows={2} />
        <button type="submit" className="button danger" disabled={busy}>
          Interrompre
        </button>
        <p className="hint">Le service vous recontactera pour un rendez-vous en présentiel.</p>
      </form>
    </section>
  );
}
