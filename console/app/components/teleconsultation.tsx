// Browser pieces of the teleconsultation pages: the Jitsi video, the equipment test (R-TELE-13), the status
// polling of waiting rooms, and the French error page of the public links.
import { isRouteErrorResponse, useFetcher, useRevalidator, useRouteError } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';

export interface MeetingProps {
  domain: string;
  room: string;
  jwt: string;
  url: string;
  moderator: boolean;
}

interface JitsiApi {
  dispose(): void;
}
type JitsiApiConstructor = new (
  domain: string,
  options: { roomName: string; jwt: string; parentNode: HTMLElement; width: string; height: number; lang: string; configOverwrite: Record<string, unknown> },
) => JitsiApi;

declare global {
  interface Window {
    JitsiMeetExternalAPI?: JitsiApiConstructor;
  }
}

const SCRIPT_TIMEOUT_MS = 15_000;
const scripts = new Map<string, Promise<void>>();

/** The deployment's external_api.js, loaded once; a failed load may be tried again later. */
function loadScript(src: string): Promise<void> {
  let loading = scripts.get(src);
  if (!loading) {
    loading = new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      const timer = window.setTimeout(() => reject(new Error('timeout')), SCRIPT_TIMEOUT_MS);
      script.src = src;
      script.async = true;
      script.onload = () => {
        window.clearTimeout(timer);
        resolve();
      };
      script.onerror = () => {
        window.clearTimeout(timer);
        script.remove();
        reject(new Error('load'));
      };
      document.head.appendChild(script);
    });
    loading.catch(() => scripts.delete(src));
    scripts.set(src, loading);
  }
  return loading;
}

/**
 * The Jitsi room, embedded with the deployment's external API and this participant's short token (minted by
 * the server). When the script cannot load, the page says so and gives the direct link; the rest of the page
 * keeps working. The room is set up once: the page's refreshes (new token each) do not reload it.
 */
export function JitsiMeeting({ meeting, label }: { meeting: MeetingProps; label: string }) {
  const parent = useRef<HTMLDivElement>(null);
  const firstToken = useRef(meeting.jwt);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');

  useEffect(() => {
    let cancelled = false;
    let api: JitsiApi | undefined;
    setState('loading');
    loadScript(`https://${meeting.domain}/external_api.js`)
      .then(() => {
        if (cancelled) return;
        const Api = window.JitsiMeetExternalAPI;
        if (!Api || !parent.current) throw new Error('JitsiMeetExternalAPI missing');
        api = new Api(meeting.domain, {
          roomName: meeting.room,
          jwt: firstToken.current,
          parentNode: parent.current,
          width: '100%',
          height: 560,
          lang: 'fr',
          // R-TELE-14: nothing is recorded, streamed or transcribed; no app download prompt.
          configOverwrite: {
            prejoinConfig: { enabled: false },
            disableDeepLinking: true,
            fileRecordingsEnabled: false,
            liveStreamingEnabled: false,
            transcription: { enabled: false },
          },
        });
        setState('ready');
      })
      .catch(() => {
        if (!cancelled) setState('failed');
      });
    return () => {
      cancelled = true;
      api?.dispose();
    };
  }, [meeting.domain, meeting.room]);

  return (
    <div
      className="meeting"
      data-jitsi-domain={meeting.domain}
      data-jitsi-room={meeting.room}
      data-jitsi-jwt={meeting.jwt}
      data-jitsi-moderator={meeting.moderator ? 'true' : 'false'}
      data-state={state}
      aria-label={label}
      role="group"
    >
      {state === 'loading' ? (
        <p className="muted" role="status">
          Chargement de la vidéo…
        </p>
      ) : null}
      {state === 'failed' ? (
        <div className="alert warning" role="alert">
          <p>La vidéo n’a pas pu se charger.</p>
          <p>
            <a href={meeting.url} target="_blank" rel="noopener noreferrer">
              Ouvrir la réunion vidéo dans un nouvel onglet
            </a>
          </p>
        </div>
      ) : null}
      <div ref={parent} className="meeting-frame" hidden={state !== 'ready'} />
    </div>
  );
}

type EquipmentState =
  | { kind: 'idle' }
  | { kind: 'testing' }
  | { kind: 'ok'; camera: string; microphone: string }
  | { kind: 'failed'; message: string };

const equipmentFailures: Record<string, string> = {
  NotAllowedError:
    'L’accès à la caméra ou au micro a été refusé. Autorisez-les dans les réglages de votre navigateur (icône à gauche de l’adresse), puis recommencez le test.',
  SecurityError:
    'L’accès à la caméra ou au micro a été refusé. Autorisez-les dans les réglages de votre navigateur (icône à gauche de l’adresse), puis recommencez le test.',
  NotFoundError: 'Aucune caméra ou aucun micro n’a été trouvé sur cet appareil. Branchez-les, ou utilisez un autre appareil (ordinateur, tablette, téléphone).',
  OverconstrainedError: 'Aucune caméra ou aucun micro n’a été trouvé sur cet appareil. Branchez-les, ou utilisez un autre appareil (ordinateur, tablette, téléphone).',
  NotReadableError: 'La caméra ou le micro est déjà utilisé par une autre application. Fermez-la, puis recommencez le test.',
};

/** R-TELE-13: camera and microphone checked in this browser before the appointment; nothing leaves the device. */
export function EquipmentTest() {
  const [state, setState] = useState<EquipmentState>({ kind: 'idle' });
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const stop = () => {
    stream.current?.getTracks().forEach((track) => track.stop());
    stream.current = null;
  };
  useEffect(() => stop, []);

  const run = async () => {
    stop();
    if (typeof navigator === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
      setState({
        kind: 'failed',
        message:
          'Ce navigateur ne donne pas accès à la caméra et au micro. Utilisez un navigateur récent (Firefox, Chrome, Edge ou Safari) sur un ordinateur, une tablette ou un téléphone.',
      });
      return;
    }
    setState({ kind: 'testing' });
    try {
      const media = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
      stream.current = media;
      if (video.current) video.current.srcObject = media;
      setState({
        kind: 'ok',
        camera: media.getVideoTracks()[0]?.label || 'détectée',
        microphone: media.getAudioTracks()[0]?.label || 'détecté',
      });
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      setState({ kind: 'failed', message: equipmentFailures[name] ?? 'La caméra ou le micro n’a pas pu être utilisé sur cet appareil.' });
    }
  };

  return (
    <section className="panel" aria-labelledby="materiel-titre">
      <h2 id="materiel-titre">Tester mon matériel</h2>
      <p>Vérifiez avant le rendez-vous que votre caméra et votre micro fonctionnent. Rien n’est enregistré ni envoyé.</p>
      <video ref={video} className="equipment-preview" autoPlay muted playsInline hidden={state.kind !== 'ok'} aria-label="Image de votre caméra" />
      {state.kind === 'ok' ? (
        <div className="alert success" role="status">
          <p>
            Caméra et micro disponibles (caméra : {state.camera} ; micro : {state.microphone}). Vous vous voyez ci-dessus : vous êtes prêt(e).
          </p>
        </div>
      ) : null}
      {state.kind === 'failed' ? (
        <div className="alert warning" role="status">
          <p>{state.message}</p>
          <p>
            Si vous ne parvenez pas à corriger le problème, prévenez le service de santé au travail : la visite sera reprogrammée (R-TELE-13). Un
            échange par téléphone ne remplace pas la téléconsultation.
          </p>
        </div>
      ) : null}
      <div className="actions">
        <button type="button" className="button secondary" onClick={() => void run()} disabled={state.kind === 'testing'}>
          {state.kind === 'idle' ? 'Tester ma caméra et mon micro' : 'Recommencer le test'}
        </button>
        {state.kind === 'ok' ? (
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              stop();
              setState({ kind: 'idle' });
            }}
          >
            Arrêter le test
          </button>
        ) : null}
      </div>
    </section>
  );
}

/**
 * Asks `path?etat=1` every few seconds for the page's state (a small answer, not audited, no medical data)
 * and reloads the page's data when it changed: the waiting room opens by itself once admitted, the visit
 * page shows what its workflow did.
 */
export function usePagePulse(path: string, status: string | null, active: boolean, seconds = 3): void {
  const fetcher = useFetcher<{ pulse: true; status: string | null }>();
  const revalidator = useRevalidator();
  const load = useRef(fetcher.load);
  load.current = fetcher.load;
  const idle = useRef(true);
  idle.current = fetcher.state === 'idle' && revalidator.state === 'idle';

  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => {
      if (idle.current && document.visibilityState === 'visible') void load.current(`${path}?etat=1`);
    }, seconds * 1000);
    return () => window.clearInterval(timer);
  }, [active, path, seconds]);

  const polled = fetcher.data?.status;
  const { revalidate } = revalidator;
  useEffect(() => {
    if (polled !== undefined && polled !== status) revalidate();
    // Only a new answer of the poll triggers a reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.data]);
}

/** The French error page of the links sent to employees and third parties: no stack trace, no link into the console. */
export function PublicLinkError() {
  const error = useRouteError();
  const message =
    isRouteErrorResponse(error) && typeof error.data === 'object' && error.data && 'message' in error.data
      ? String(error.data.message)
      : 'Cette page n’a pas pu s’afficher. Réessayez dans un instant ; si le problème persiste, contactez le service de santé au travail.';
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <section className="panel public" aria-labelledby="erreur-titre">
      <h1 id="erreur-titre">{notFound ? 'Lien introuvable' : 'Une erreur est survenue'}</h1>
      <p>{message}</p>
    </section>
  );
}
