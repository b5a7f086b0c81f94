// Issue 8: the employee's page of an in-person convocation (personal link, no account): date, time, place,
// documents to bring, the pre-visit questionnaire; afterwards the attestation or avis to download.
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData, useLocation, useNavigation } from '@remix-run/react';
import { DomainError } from '../../../activities/domain/errors.js';
import { SuccessAlert } from '../components/form.js';
import { PreVisitQuestionnaire } from '../components/questionnaire.js';
import { PublicLinkError } from '../components/teleconsultation.js';
import { answerConvocationQuestionnaire, loadConvocation, type ConvocationPage } from '../services/convocation.server.js';
import { formFailure, pageData } from '../services/http.server.js';

export const meta: MetaFunction = () => [{ title: 'Votre convocation — Santé au travail' }, { name: 'robots', content: 'noindex, nofollow' }];

// The token is in the address: never cached, never sent to another site.
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'private, no-store', 'Referrer-Policy': 'no-referrer' });

export async function loader({ params }: LoaderFunctionArgs) {
  return pageData(() => loadConvocation(params.token ?? ''));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const fields = Object.fromEntries(await request.formData());
  try {
    await answerConvocationQuestionnaire(request, params.token ?? '', fields);
    return data({ ok: true as const, intent: 'questionnaire', message: 'Merci : vos réponses sont transmises au professionnel de santé.' });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'NOT_FOUND') throw data({ message: error.message }, { status: 404 });
    return formFailure(error, 'questionnaire');
  }
}

export function ErrorBoundary() {
  return <PublicLinkError />;
}

export default function Convocation() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const settled = useNavigation().state === 'idle';
  const documentHref = `${useLocation().pathname}/document`;
  return (
    <div className="public">
      <h1>Votre visite de santé au travail</h1>
      <p>Bonjour {page.firstNames},</p>
      {result?.ok && settled ? <SuccessAlert message={result.message} /> : null}
      <ConvocationState page={page} documentHref={documentHref} />
    </div>
  );
}

function ConvocationState({ page, documentHref }: { page: ConvocationPage; documentHref: string }) {
  switch (page.state) {
    case 'CONVOKED':
      return (
        <>
          <section className="panel" aria-labelledby="convocation-titre">
            <h2 id="convocation-titre">Convocation</h2>
            <dl className="facts">
              <dt>Visite</dt>
              <dd>{page.visitType}, en présentiel</dd>
              <dt>Date et heure</dt>
              <dd>{page.appointment} (heure de Paris)</dd>
              <dt>Lieu</dt>
              <dd>{page.place}</dd>
              <dt>Avec</dt>
              <dd>{page.professional}</dd>
            </dl>
            {page.documentsToBring.length > 0 ? (
              <>
                <h3>Documents à apporter</h3>
                <ul>
                  {page.documentsToBring.map((document) => (
                    <li key={document}>{document}</li>
                  ))}
                </ul>
              </>
            ) : null}
            <p className="muted">Empêché(e) ? Prévenez le service au plus tôt : une absence non excusée à temps est facturée à votre employeur.</p>
          </section>
          {page.questionnaire ? <PreVisitQuestionnaire questionnaire={page.questionnaire} /> : null}
        </>
      );
    case 'COMPLETED':
      return (
        <section className="panel" aria-labelledby="fin-titre">
          <h2 id="fin-titre">Visite réalisée</h2>
          <p>
            {page.visitType} : visite réalisée{page.concludedAt ? `, conclue le ${page.concludedAt}` : ''}.
          </p>
          {page.document ? (
            <p>
              <a className="button" href={documentHref} download={page.document.fileName}>
                Télécharger : {page.document.title} (PDF)
              </a>
            </p>
          ) : (
            <p className="muted">Cette visite ne donne pas lieu à un document.</p>
          )}
        </section>
      );
    case 'REMOTE':
      return (
        <div className="alert info" role="status">
          <p>Votre rendez-vous a désormais lieu en téléconsultation : suivez le lien personnel de la convocation que vous avez reçue pour celle-ci.</p>
        </div>
      );
    case 'TO_SCHEDULE':
      return (
        <div className="alert info" role="status">
          <p>Ce rendez-vous n’est plus d’actualité. Le service de santé au travail vous propose un nouveau rendez-vous ; une nouvelle convocation vous parviendra.</p>
        </div>
      );
    case 'CANCELLED':
      return (
        <div className="alert info" role="status">
          <p>Cette visite a été annulée. Vous n’avez pas à vous déplacer.</p>
        </div>
      );
  }
}
