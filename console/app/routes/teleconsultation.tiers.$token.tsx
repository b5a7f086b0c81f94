// A third party's personal link (R-TELE-9): the person the employee chose joins the video once the
// professional has admitted the employee. Public, no account, no access code.
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData, useLocation } from '@remix-run/react';
import { JitsiMeeting, PublicLinkError, usePagePulse } from '../components/teleconsultation.js';
import { pageData } from '../services/http.server.js';
import { loadThirdPartyLink, thirdPartyPulse, type ThirdPartyPage } from '../services/teleconsultation.server.js';

export const meta: MetaFunction = () => [{ title: 'Invitation à une téléconsultation — Santé au travail' }, { name: 'robots', content: 'noindex, nofollow' }];

export const headers: HeadersFunction = () => ({ 'Cache-Control': 'private, no-store', 'Referrer-Policy': 'no-referrer' });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = params.token ?? '';
  if (new URL(request.url).searchParams.has('etat')) return pageData(() => thirdPartyPulse(token));
  return pageData(() => loadThirdPartyLink(request, token));
}

export function ErrorBoundary() {
  return <PublicLinkError />;
}

export default function ThirdPartyLink() {
  const loaded = useLoaderData<typeof loader>();
  return 'pulse' in loaded ? null : <ThirdPartyView page={loaded} />;
}

const ENDED_MESSAGES: Partial<Record<ThirdPartyPage['status'], string>> = {
  ENDED: 'La téléconsultation est terminée. Merci de votre participation.',
  REFUSED: 'La téléconsultation n’aura pas lieu : la visite se tiendra en présentiel.',
  INTERRUPTED: 'La téléconsultation a été interrompue.',
  FAILED: 'La téléconsultation n’a pas pu avoir lieu (incident technique).',
};

function ThirdPartyView({ page }: { page: ThirdPartyPage }) {
  const open = ['AWAITING_CONSENT', 'CONSENTED', 'WAITING_ROOM', 'IN_PROGRESS'].includes(page.status);
  usePagePulse(useLocation().pathname, page.status, open);
  const ended = ENDED_MESSAGES[page.status];
  return (
    <div className="public">
      <h1>Invitation à une téléconsultation</h1>
      <p>Bonjour {page.name},</p>
      <section className="panel" aria-labelledby="invitation-titre">
        <h2 id="invitation-titre">Votre invitation</h2>
        <p>
          {page.employee} souhaite votre présence ({page.role.toLowerCase()}) lors de sa téléconsultation de santé au travail.
        </p>
        <dl className="facts">
          <dt>Date et heure</dt>
          <dd>{page.appointment} (heure de Paris)</dd>
          <dt>Avec</dt>
          <dd>{page.professional}</dd>
        </dl>
        <p className="muted">Aucun enregistrement audio ou vidéo n’est réalisé. Vous pourrez être invité(e) à décliner votre identité à l’écran.</p>
      </section>
      {ended ? (
        <div className="alert info" role="status">
          <p>{ended}</p>
        </div>
      ) : page.meeting ? (
        <section className="panel" aria-labelledby="video-titre">
          <h2 id="video-titre">Consultation en cours</h2>
          <JitsiMeeting meeting={page.meeting} label="Vidéo de la téléconsultation" />
        </section>
      ) : (
        <section className="panel" aria-labelledby="attente-titre">
          <h2 id="attente-titre">Salle d’attente</h2>
          <p role="status">La consultation n’a pas encore commencé. Restez sur cette page : la vidéo s’ouvrira d’elle-même.</p>
        </section>
      )}
    </div>
  );
}
