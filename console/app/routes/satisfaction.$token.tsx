// R-TELE-15: the satisfaction questionnaire of a teleconsultation, one answer per session, then thanks.
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { DomainError } from '../../../activities/domain/errors.js';
import { satisfactionFormSchema } from '../../../workflows/teleconsultation/forms.js';
import { describedBy, FieldError, FormAlert, TextField, useValidatedForm } from '../components/form.js';
import { PublicLinkError } from '../components/teleconsultation.js';
import { formFailure, pageData } from '../services/http.server.js';
import { answerSatisfaction, loadSatisfaction } from '../services/teleconsultation.server.js';

export const meta: MetaFunction = () => [{ title: 'Votre avis sur la téléconsultation — Santé au travail' }, { name: 'robots', content: 'noindex, nofollow' }];

export const headers: HeadersFunction = () => ({ 'Cache-Control': 'private, no-store', 'Referrer-Policy': 'no-referrer' });

export async function loader({ params }: LoaderFunctionArgs) {
  return pageData(() => loadSatisfaction(params.token ?? ''));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const fields = Object.fromEntries(await request.formData());
  try {
    await answerSatisfaction(request, params.token ?? '', fields);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'NOT_FOUND') throw data({ message: error.message }, { status: 404 });
    // Already answered: the thank-you page, as for the first answer.
    if (!(error instanceof DomainError && error.code === 'CONFLICT')) return formFailure(error);
  }
  // Post/redirect/get: a reload does not send the answer again.
  return redirect(new URL(request.url).pathname);
}

export function ErrorBoundary() {
  return <PublicLinkError />;
}

const scores = [
  { value: '5', label: '5 — Très satisfait(e)' },
  { value: '4', label: '4 — Satisfait(e)' },
  { value: '3', label: '3 — Moyennement satisfait(e)' },
  { value: '2', label: '2 — Peu satisfait(e)' },
  { value: '1', label: '1 — Pas du tout satisfait(e)' },
];

export default function Satisfaction() {
  const page = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() ?? null;
  const busy = useNavigation().state !== 'idle';
  const { form, onSubmit, errorOf } = useValidatedForm(satisfactionFormSchema, { failure });
  const scoreError = errorOf('score');
  const commentError = errorOf('comment');

  if (page.answered) {
    return (
      <section className="panel public" aria-labelledby="merci-titre">
        <h1 id="merci-titre">Merci pour votre avis</h1>
        <p>Votre réponse du {page.answered.at} est enregistrée. Elle nous aide à améliorer les téléconsultations.</p>
      </section>
    );
  }
  return (
    <div className="public">
      <h1>Votre avis sur la téléconsultation</h1>
      <p>
        {page.visitType} du {page.appointment}. Votre réponse sert uniquement à améliorer le service ; elle ne figure pas dans votre dossier
        médical.
      </p>
      <section className="panel" aria-labelledby="questionnaire-titre">
        <h2 id="questionnaire-titre">Questionnaire de satisfaction</h2>
        <FormAlert failure={failure} />
        <form method="post" onSubmit={onSubmit} noValidate>
          <fieldset className="field" aria-invalid={scoreError ? true : undefined} aria-describedby={describedBy('score', { error: scoreError })}>
            <legend>Dans l’ensemble, êtes-vous satisfait(e) de cette téléconsultation ?</legend>
            {scores.map((score, index) => (
              <label key={score.value} className="choice">
                <input type="radio" value={score.value} id={index === 0 ? 'score' : undefined} {...form.register('score')} />
                {score.label}
              </label>
            ))}
            <FieldError id="score" error={scoreError} />
          </fieldset>
          <TextField form={form} id="comment" name="comment" label="Commentaire (facultatif)" hint="Son, image, facilité de connexion, ce qui vous a manqué…" error={commentError} rows={4} />
          <button type="submit" className="button" disabled={busy}>
            Envoyer mon avis
          </button>
        </form>
      </section>
    </div>
  );
}
