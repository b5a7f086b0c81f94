// The professional's side of a teleconsultation on the visit page (R-TELE-6..11, R-TELE-15): where the session
// stands, the identity check and admission, the video as moderator, third parties, interruption, technical
// failure, the report, and adverse events once the visit is over.
import { Link, useNavigation } from '@remix-run/react';
import { useEffect } from 'react';
import {
  adverseEventFormSchema,
  identityCheckFormSchema,
  interruptionFormSchema,
  reportFormSchema,
  technicalFailureFormSchema,
  thirdPartyFormSchema,
  thirdPartyRoles,
} from '../../../workflows/teleconsultation/forms.js';
import type { TeleconsultationPanel } from '../services/teleconsultation.server.js';
import { describedBy, Field, FieldError, FormAlert, TextField, useValidatedForm, type ServerFailure } from './form.js';
import { JitsiMeeting } from './teleconsultation.js';

export const TELECONSULTATION_INTENTS = ['tele-admit', 'tele-invite', 'tele-interrupt', 'tele-failure', 'tele-end', 'tele-adverse-event'] as const;
export type TeleconsultationIntent = (typeof TELECONSULTATION_INTENTS)[number];

export interface PanelOutcome {
  ok: boolean;
  intent?: string;
  message: string;
  fields?: Record<string, string>;
  link?: string;
}

const thirdPartyRoleOptions: Record<(typeof thirdPartyRoles)[number], string> = {
  TREATING_DOCTOR: 'Médecin traitant',
  OTHER_PROFESSIONAL: 'Autre professionnel de santé',
  RELATIVE: 'Proche',
  INTERPRETER: 'Interprète',
};

function useOutcome(outcome: PanelOutcome | undefined, intent: TeleconsultationIntent): ServerFailure | null {
  return outcome && !outcome.ok && outcome.intent === intent ? outcome : null;
}

function Checkbox({ form, id, name, label, error }: { form: { register: (name: never) => object }; id: string; name: string; label: string; error?: string }) {
  return (
    <div className="field">
      <label className="choice" htmlFor={id}>
        <input id={id} type="checkbox" aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, { error })} {...form.register(name as never)} />
        {label}
      </label>
      <FieldError id={id} error={error} />
    </div>
  );
}

/** The decisions whose forms the panels show for this session: the page says elsewhere why any other was refused. */
export function panelIntents(panel: TeleconsultationPanel): TeleconsultationIntent[] {
  const open = ['AWAITING_CONSENT', 'CONSENTED', 'WAITING_ROOM', 'IN_PROGRESS'].includes(panel.status);
  const underway = panel.status === 'WAITING_ROOM' || panel.status === 'IN_PROGRESS';
  const shown: [TeleconsultationIntent, boolean][] = [
    ['tele-admit', panel.runs && panel.status === 'WAITING_ROOM' && panel.clinical !== null],
    ['tele-end', panel.runs && panel.status === 'IN_PROGRESS'],
    ['tele-invite', panel.runs && open],
    ['tele-interrupt', panel.runs && underway],
    ['tele-failure', panel.runs && open],
    ['tele-adverse-event', Boolean(panel.adverseEvent)],
  ];
  return shown.flatMap(([intent, visible]) => (visible ? [intent] : []));
}

export function TeleconsultationPanels({ panel, visitId, outcome }: { panel: TeleconsultationPanel; visitId: string; outcome?: PanelOutcome }) {
  const shown = panelIntents(panel);
  return (
    <>
      <SessionSummary panel={panel} />
      {shown.includes('tele-admit') ? <Admission panel={panel} outcome={outcome} /> : null}
      {shown.includes('tele-end') ? (
        <>
          <section className="panel" aria-labelledby="video-titre">
            <h2 id="video-titre">Vidéo</h2>
            {panel.meeting ? <JitsiMeeting meeting={panel.meeting} label="Vidéo de la téléconsultation (animateur)" /> : null}
          </section>
          <EndWithReport outcome={outcome} />
        </>
      ) : null}
      {shown.includes('tele-invite') ? (
        <div className="grid">
          <InviteThirdParty outcome={outcome} />
          {shown.includes('tele-interrupt') ? <Interrupt outcome={outcome} /> : null}
          <TechnicalFailure outcome={outcome} />
        </div>
      ) : null}
      {panel.consultationTaskId ? (
        <section className="panel" aria-labelledby="conclure-titre">
          <h2 id="conclure-titre">Conclure la visite</h2>
          <p>
            La téléconsultation est terminée et son compte rendu enregistré : concluez maintenant la visite.{' '}
            <Link to={`/taches/${panel.consultationTaskId}`}>Conclure la consultation</Link>
          </p>
        </section>
      ) : null}
      {shown.includes('tele-adverse-event') ? <AdverseEvent outcome={outcome} key={visitId} /> : null}
    </>
  );
}

function SessionSummary({ panel }: { panel: TeleconsultationPanel }) {
  return (
    <section className="panel" aria-labelledby="teleconsultation-titre">
      <h2 id="teleconsultation-titre">Téléconsultation</h2>
      <p className="session-status">
        <span className={`badge tele-${panel.status}`}>{panel.statusLabel}</span>
        {panel.employeeWaiting ? (
          <span className="badge waiting" role="status">
            Le salarié est en salle d’attente
          </span>
        ) : null}
      </p>
      <dl className="facts">
        <dt>Rendez-vous</dt>
        <dd>{panel.appointment}</dd>
        <dt>Proposée par</dt>
        <dd>{panel.proposedBy}</dd>
        <dt>Appel préalable</dt>
        <dd>{panel.preCallDone ? `fait le ${panel.preCallDone}` : <span className="muted">Pas encore fait</span>}</dd>
        <dt>Consentement</dt>
        <dd>
          {panel.consent ? (
            `Donné ${panel.consent.channel ?? ''} le ${panel.consent.at} (texte version ${panel.consent.textVersion ?? '?'})`
          ) : (
            <span className="muted">Pas encore donné</span>
          )}
        </dd>
        {panel.refusal ? (
          <>
            <dt>Refus</dt>
            <dd>
              Le {panel.refusal.at}
              {panel.refusal.reason ? ` : ${panel.refusal.reason}` : ''}
            </dd>
          </>
        ) : null}
        <dt>Salle d’attente</dt>
        <dd>
          {panel.employeeWaiting
            ? `Le salarié attend depuis ${panel.employeeJoinedAt ?? 'un instant'}`
            : panel.employeeJoinedAt
              ? `Salarié connecté le ${panel.employeeJoinedAt}`
              : <span className="muted">Salarié pas encore connecté</span>}
        </dd>
        {panel.admittedAt ? (
          <>
            <dt>Admis</dt>
            <dd>le {panel.admittedAt}</dd>
          </>
        ) : null}
        {panel.endedAt ? (
          <>
            <dt>Fin</dt>
            <dd>
              le {panel.endedAt}
              {panel.endedReason ? ` — ${panel.endedReason}` : ''}
            </dd>
          </>
        ) : null}
        <dt>Tiers invités</dt>
        <dd>
          {panel.participants.length > 0 ? panel.participants.map((participant) => `${participant.name} (${participant.role})`).join(', ') : <span className="muted">Aucun</span>}
        </dd>
      </dl>
      {panel.incidents && panel.incidents.length > 0 ? (
        <>
          <h3>Incidents</h3>
          <ul>
            {panel.incidents.map((incident) => (
              <li key={incident.id}>
                {incident.kind}
                {incident.by ? ` ${incident.by}` : ''}, le {incident.at} : {incident.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {panel.clinical?.identityCheck ? (
        <>
          <h3>Identité vérifiée</h3>
          <p>
            {panel.clinical.identityCheck.firstNames} {panel.clinical.identityCheck.birthName}, né(e) le {panel.clinical.identityCheck.birthDate} à{' '}
            {panel.clinical.identityCheck.birthPlace}
            {panel.clinical.identityCheck.photoIdSeen ? ', pièce d’identité vue' : ''}. Lieu de la séance : {panel.clinical.identityCheck.location} ;
            téléphone : {panel.clinical.identityCheck.phone}.
            {panel.clinical.identityCheck.remoteSuitable ? ' Téléconsultation jugée adaptée par le professionnel (R-TELE-3).' : ''}
          </p>
        </>
      ) : null}
      {panel.clinical?.report ? (
        <>
          <h3>Compte rendu</h3>
          <dl className="facts">
            <dt>Actes réalisés</dt>
            <dd>{panel.clinical.report.actsPerformed}</dd>
            <dt>Prescriptions</dt>
            <dd>{panel.clinical.report.prescriptions ?? <span className="muted">Aucune</span>}</dd>
            <dt>Personnes présentes</dt>
            <dd>{panel.clinical.report.accompanyingPersons ?? <span className="muted">Aucune</span>}</dd>
            <dt>Incidents techniques</dt>
            <dd>{panel.clinical.report.technicalIncidents ?? <span className="muted">Aucun</span>}</dd>
          </dl>
        </>
      ) : null}
    </section>
  );
}

/** R-TELE-7: the traits the professional reads from the employee, beside the file's, then admission (R-TELE-6). */
function Admission({ panel, outcome }: { panel: TeleconsultationPanel; outcome?: PanelOutcome }) {
  const failure = useOutcome(outcome, 'tele-admit');
  const busy = useNavigation().state !== 'idle';
  const { form, onSubmit, errorOf } = useValidatedForm(identityCheckFormSchema, { failure });
  const file = panel.clinical!.fileIdentity;
  const sexError = errorOf('sex');
  return (
    <section className="panel" aria-labelledby="identite-titre">
      <h2 id="identite-titre">Vérifier l’identité et admettre</h2>
      <p>
        Demandez au salarié de décliner son identité et saisissez ce qu’il dit ; comparez avec le dossier avant de confirmer (identitovigilance,
        R-TELE-7).
      </p>
      <FormAlert failure={failure} />
      <div className="identity-compare">
        <div>
          <h3>Dossier du salarié</h3>
          <dl className="facts">
            <dt>Nom de naissance</dt>
            <dd>{file.birthName}</dd>
            {file.usedName ? (
              <>
                <dt>Nom d’usage</dt>
                <dd>{file.usedName}</dd>
              </>
            ) : null}
            <dt>Prénoms</dt>
            <dd>{file.firstNames}</dd>
            <dt>Né(e) le</dt>
            <dd>{file.birthDate}</dd>
            <dt>Sexe</dt>
            <dd>{file.sex}</dd>
            <dt>Lieu de naissance</dt>
            <dd>{file.birthPlace}</dd>
            <dt>INS</dt>
            <dd>{file.ins ?? <span className="muted">Non qualifié</span>}</dd>
          </dl>
        </div>
        <form method="post" onSubmit={onSubmit} noValidate aria-label="Identité déclarée par le salarié">
          <input type="hidden" name="intent" value="tele-admit" />
          <TextField form={form} id="identite-birthName" name="birthName" label="Nom de naissance" error={errorOf('birthName')} />
          <TextField form={form} id="identite-firstNames" name="firstNames" label="Prénoms" error={errorOf('firstNames')} />
          <TextField form={form} id="identite-birthDate" name="birthDate" label="Date de naissance" type="date" error={errorOf('birthDate')} />
          <fieldset className="field" aria-invalid={sexError ? true : undefined} aria-describedby={describedBy('identite-sex', { error: sexError })}>
            <legend>Sexe</legend>
            <label className="choice">
              <input type="radio" value="F" id="identite-sex" {...form.register('sex')} />
              Femme
            </label>
            <label className="choice">
              <input type="radio" value="M" {...form.register('sex')} />
              Homme
            </label>
            <FieldError id="identite-sex" error={sexError} />
          </fieldset>
          <TextField form={form} id="identite-birthPlace" name="birthPlace" label="Lieu de naissance" error={errorOf('birthPlace')} />
          <TextField form={form} id="identite-ins" name="ins" label="INS (si qualifié)" hint="13 ou 15 chiffres" error={errorOf('ins')} />
          <Checkbox form={form} id="identite-photoIdSeen" name="photoIdSeen" label="Pièce d’identité présentée à l’écran" error={errorOf('photoIdSeen')} />
          <TextField
            form={form}
            id="identite-location"
            name="location"
            label="Lieu où se trouve le salarié"
            hint="Adresse ou lieu précis, en cas d’urgence"
            error={errorOf('location')}
          />
          <TextField form={form} id="identite-phone" name="phone" label="Téléphone joignable pendant la séance" type="tel" error={errorOf('phone')} />
          <Checkbox form={form} id="identite-identityConfirmed" name="identityConfirmed" label="L’identité correspond au dossier" error={errorOf('identityConfirmed')} />
          <Checkbox
            form={form}
            id="identite-remoteSuitable"
            name="remoteSuitable"
            label="La téléconsultation est adaptée à la situation du salarié (état clinique, données disponibles, aisance avec l’outil)"
            error={errorOf('remoteSuitable')}
          />
          <button type="submit" className="button" disabled={busy}>
            Admettre
          </button>
        </form>
      </div>
    </section>
  );
}

/** R-TELE-11 */
function EndWithReport({ outcome }: { outcome?: PanelOutcome }) {
  const failure = useOutcome(outcome, 'tele-end');
  const busy = useNavigation().state !== 'idle';
  const { form, onSubmit, errorOf } = useValidatedForm(reportFormSchema, { failure });
  return (
    <section className="panel" aria-labelledby="compte-rendu-titre">
      <h2 id="compte-rendu-titre">Terminer et rédiger le compte rendu</h2>
      <p className="muted">La date, l’heure et l’identité des professionnels sont ajoutées d’après la séance. Document médical : jamais transmis à l’employeur.</p>
      <FormAlert failure={failure} />
      <form method="post" onSubmit={onSubmit} noValidate>
        <input type="hidden" name="intent" value="tele-end" />
        <TextField form={form} id="cr-actsPerformed" name="actsPerformed" label="Actes réalisés" rows={4} error={errorOf('actsPerformed')} />
        <TextField form={form} id="cr-prescriptions" name="prescriptions" label="Prescriptions" rows={2} error={errorOf('prescriptions')} />
        <TextField
          form={form}
          id="cr-accompanyingPersons"
          name="accompanyingPersons"
          label="Personnes présentes"
          hint="Accompagnants et tiers, avec leur qualité"
          rows={2}
          error={errorOf('accompanyingPersons')}
        />
        <TextField form={form} id="cr-technicalIncidents" name="technicalIncidents" label="Incidents techniques" rows={2} error={errorOf('technicalIncidents')} />
        <button type="submit" className="button" disabled={busy}>
          Terminer et rédiger le compte rendu
        </button>
      </form>
    </section>
  );
}

/** R-TELE-9 */
function InviteThirdParty({ outcome }: { outcome?: PanelOutcome }) {
  const failure = useOutcome(outcome, 'tele-invite');
  const busy = useNavigation().state !== 'idle';
  const { form, onSubmit, errorOf } = useValidatedForm(thirdPartyFormSchema, { failure });
  const roleError = errorOf('role');
  const invited = outcome?.ok && outcome.intent === 'tele-invite' ? outcome.link : undefined;
  const { reset } = form;
  useEffect(() => {
    if (invited) reset();
  }, [invited, reset]);
  return (
    <section className="panel" aria-labelledby="tiers-titre">
      <h2 id="tiers-titre">Inviter un tiers</h2>
      {invited ? (
        <div className="alert success" role="status">
          <p>Lien personnel du tiers, à lui transmettre :</p>
          <p className="link-to-share">
            <a href={invited} data-testid="lien-tiers">
              {invited}
            </a>
          </p>
        </div>
      ) : null}
      <FormAlert failure={failure} />
      <form method="post" onSubmit={onSubmit} noValidate>
        <input type="hidden" name="intent" value="tele-invite" />
        <Field id="tiers-role" label="Qualité" error={roleError}>
          <select id="tiers-role" defaultValue="" aria-invalid={roleError ? true : undefined} aria-describedby={describedBy('tiers-role', { error: roleError })} {...form.register('role')}>
            <option value="" disabled>
              Choisir…
            </option>
            {thirdPartyRoles.map((role) => (
              <option key={role} value={role}>
                {thirdPartyRoleOptions[role]}
              </option>
            ))}
          </select>
        </Field>
        <TextField form={form} id="tiers-name" name="name" label="Nom du tiers" error={errorOf('name')} />
        <TextField form={form} id="tiers-email" name="email" label="Adresse e-mail (facultative)" type="email" hint="Le lien lui est envoyé à cette adresse." error={errorOf('email')} />
        <Checkbox form={form} id="tiers-employeeConsented" name="employeeConsented" label="Le salarié consent à la présence de ce tiers" error={errorOf('employeeConsented')} />
        <button type="submit" className="button secondary" disabled={busy}>
          Inviter un tiers
        </button>
      </form>
    </section>
  );
}

/** R-TELE-10 */
function Interrupt({ outcome }: { outcome?: PanelOutcome }) {
  const failure = useOutcome(outcome, 'tele-interrupt');
  const busy = useNavigation().state !== 'idle';
  const { form, onSubmit, errorOf } = useValidatedForm(interruptionFormSchema, { failure });
  return (
    <section className="panel" aria-labelledby="interrompre-titre">
      <h2 id="interrompre-titre">Interrompre</h2>
      <FormAlert failure={failure} />
      <form method="post" onSubmit={onSubmit} noValidate>
        <input type="hidden" name="intent" value="tele-interrupt" />
        <TextField form={form} id="interruption-reason" name="reason" label="Motif de l’interruption" rows={2} error={errorOf('reason')} />
        <Checkbox
          form={form}
          id="interruption-remoteInadequate"
          name="remoteInadequate"
          label="La téléconsultation n’est plus adaptée (une visite en présentiel sera proposée)"
          error={errorOf('remoteInadequate')}
        />
        <button type="submit" className="button danger" disabled={busy}>
          Interrompre
        </button>
      </form>
    </section>
  );
}

/** R-TELE-13: the visit is then planned again; a phone call is not a teleconsultation. */
function TechnicalFailure({ outcome }: { outcome?: PanelOutcome }) {
  const failure = useOutcome(outcome, 'tele-failure');
  const busy = useNavigation().state !== 'idle';
  const { form, onSubmit, errorOf } = useValidatedForm(technicalFailureFormSchema, { failure });
  return (
    <section className="panel" aria-labelledby="incident-titre">
      <h2 id="incident-titre">Incident technique</h2>
      <p className="muted">La téléconsultation s’arrête et la visite est à replanifier (R-TELE-13).</p>
      <FormAlert failure={failure} />
      <form method="post" onSubmit={onSubmit} noValidate>
        <input type="hidden" name="intent" value="tele-failure" />
        <TextField form={form} id="incident-description" name="description" label="Description de l’incident" rows={2} error={errorOf('description')} />
        <button type="submit" className="button danger" disabled={busy}>
          Signaler l’incident technique
        </button>
      </form>
    </section>
  );
}

/** R-TELE-15 */
function AdverseEvent({ outcome }: { outcome?: PanelOutcome }) {
  const failure = useOutcome(outcome, 'tele-adverse-event');
  const busy = useNavigation().state !== 'idle';
  const { form, onSubmit, errorOf } = useValidatedForm(adverseEventFormSchema, { failure });
  const recorded = outcome?.ok && outcome.intent === 'tele-adverse-event';
  const { reset } = form;
  useEffect(() => {
    if (recorded) reset();
  }, [recorded, reset]);
  return (
    <section className="panel" aria-labelledby="evenement-titre">
      <h2 id="evenement-titre">Événement indésirable</h2>
      <p className="muted">Un événement indésirable lié à cette téléconsultation, pour l’évaluation du service (R-TELE-15).</p>
      <FormAlert failure={failure} />
      <form method="post" onSubmit={onSubmit} noValidate>
        <input type="hidden" name="intent" value="tele-adverse-event" />
        <TextField form={form} id="evenement-description" name="description" label="Description de l’événement" rows={3} error={errorOf('description')} />
        <button type="submit" className="button secondary" disabled={busy}>
          Enregistrer l’événement indésirable
        </button>
      </form>
    </section>
  );
}
