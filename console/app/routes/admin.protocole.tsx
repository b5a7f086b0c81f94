// Issue 5: administrators edit the protocol configuration (deadlines, periodicities, consent text, message
// templates) as a draft, checked by the workflows' schema, read as differences with the published version,
// then published for new visits and new employees' follow-ups.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { useEffect, useRef, type ReactNode } from 'react';
import { useWatch, type Control } from 'react-hook-form';
import type { z } from 'zod';
import { renderTemplate } from '../../../activities/messaging/templates.js';
import {
  messagePlaceholders,
  messageTemplateKeys,
  protocolConfigSchema,
  steeringKinds,
  type MessageTemplateKey,
  type ProtocolConfig,
} from '../../../workflows/rules/protocol-config.js';
import { questionKindLabels, questionKinds, type Question } from '../../../workflows/rules/questionnaire.js';
import { visitTypeLabels } from '../../../workflows/rules/labels.js';
import { visitTypes } from '../../../workflows/rules/visit-types.js';
import { describedBy, Field, FormAlert, NumberField, SuccessAlert, TextField, useIntentFailure, useValidatedForm } from '../components/form.js';
import {
  messageTemplateLabels,
  numberSettingSections,
  questionFieldName,
  reasonLines,
  reasonsFieldName,
  remoteTypeFieldName,
  sampleMessageValues,
  steeringKindLabels,
  textSettingSections,
} from '../forms/protocol-form.js';
import { requireProfessional } from '../services/auth.server.js';
import { formFailure } from '../services/http.server.js';
import { discardProtocolDraft, loadProtocolEditor, publishProtocolDraft, saveProtocolDraft } from '../services/protocol-config.server.js';

export const meta: MetaFunction = () => [{ title: 'Protocole — Santé au travail' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireProfessional(request, ['ADMIN']);
  return loadProtocolEditor();
}

const intents = ['save', 'publish', 'discard'] as const;
type Intent = (typeof intents)[number];

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireProfessional(request, ['ADMIN']);
  const fields = Object.fromEntries(await request.formData());
  const intent: Intent = intents.find((candidate) => candidate === fields.intent) ?? 'save';
  try {
    if (intent === 'publish') {
      const version = await publishProtocolDraft(request, admin, fields);
      return { ok: true as const, intent, message: `La version ${version} est publiée : les nouvelles visites et les nouveaux salariés la suivent.` };
    }
    if (intent === 'discard') return { ok: true as const, intent, message: `Le brouillon (version ${await discardProtocolDraft(request, admin, fields)}) est abandonné.` };
    const saved = await saveProtocolDraft(request, admin, fields);
    return { ok: true as const, intent, message: `Brouillon enregistré (version ${saved.version}) : ${saved.changes} paramètre(s) diffèrent de la version publiée. Relisez-les avant de publier.` };
  } catch (error) {
    return formFailure(error, intent);
  }
}

export default function ProtocolEditor() {
  const { published, draft, history } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>Protocole de suivi</h1>
      <p>
        Version publiée : <strong>{published.version}</strong>. Chaque visite garde la version avec laquelle elle a été ouverte ; le suivi d’un salarié garde
        celle de son inscription.
      </p>
      {result?.ok ? <SuccessAlert message={result.message} /> : null}
      {draft ? <DraftReview draft={draft} publishedVersion={published.version} /> : null}
      {/* Keyed by the draft: after a publication or an abandon the form starts again from what is stored. */}
      <SettingsForm key={draft?.fingerprint ?? `publiee-${published.version}`} config={draft?.config ?? published.config} hasDraft={Boolean(draft)} />
      <div className="table-wrap">
        <table>
          <caption>Versions publiées</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Publiée le</th>
              <th scope="col">État</th>
            </tr>
          </thead>
          <tbody>
            {history.map((version) => (
              <tr key={version.version}>
                <th scope="row">{version.version}</th>
                <td>{version.publishedAt ?? <span className="muted">valeurs par défaut</span>}</td>
                <td>{version.current ? 'En vigueur' : 'Archivée (visites et suivis ouverts avec elle)'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

type Draft = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>['draft']>;

function DraftReview({ draft, publishedVersion }: { draft: Draft; publishedVersion: number }) {
  const { changes, impact } = draft;
  return (
    <section className="panel" aria-labelledby="brouillon-titre">
      <h2 id="brouillon-titre">Brouillon : version {draft.version}</h2>
      <FormAlert failure={useIntentFailure('publish') ?? useIntentFailure('discard')} />
      <div className="table-wrap">
        <table>
          <caption>Différences avec la version publiée {publishedVersion}</caption>
          <thead>
            <tr>
              <th scope="col">Paramètre</th>
              <th scope="col">Version {publishedVersion}</th>
              <th scope="col">Brouillon</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((change) => (
              <tr key={change.path}>
                <th scope="row">{change.label}</th>
                <td className="pre-line">{change.before}</td>
                <td className="pre-line">{change.after}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>Effet de la publication</h3>
      <ul>
        <li>
          {impact.openVisits} visite(s) en cours gardent leur version et leurs échéances
          {impact.openOnPublished.length > 0
            ? `, dont sur la version ${publishedVersion} : ${impact.openOnPublished.map((group) => `${group.type} (${group.count})`).join(', ')}`
            : ''}
          .
        </li>
        <li>
          {impact.followedEmployees} salarié(s) suivi(s) gardent la version de leur suivi ; les salariés inscrits après la publication suivront la version {draft.version}.
        </li>
      </ul>
      <div className="actions">
        <Form
          method="post"
          onSubmit={(event) => {
            if (!window.confirm(`Publier la version ${draft.version} ? Les nouvelles visites et les nouveaux salariés la suivront.`)) event.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="publish" />
          <input type="hidden" name="version" value={draft.version} />
          <input type="hidden" name="fingerprint" value={draft.fingerprint} />
          <button type="submit" className="button">
            Publier la version {draft.version}
          </button>
        </Form>
        <Form
          method="post"
          onSubmit={(event) => {
            if (!window.confirm('Abandonner ce brouillon ? Ses modifications seront perdues.')) event.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="discard" />
          <input type="hidden" name="version" value={draft.version} />
          <button type="submit" className="button secondary">
            Abandonner le brouillon
          </button>
        </Form>
      </div>
    </section>
  );
}

function SettingsForm({ config, hasDraft }: { config: ProtocolConfig; hasDraft: boolean }) {
  const editing = useValidatedForm(protocolConfigSchema, { failure: useIntentFailure('save'), defaultValues: config });
  return (
    <section className="panel" aria-labelledby="parametres-titre">
      <h2 id="parametres-titre">{hasDraft ? 'Modifier le brouillon' : 'Modifier le protocole'}</h2>
      <p className="hint">Les modifications sont enregistrées dans un brouillon : rien ne change pour les visites avant la publication.</p>
      <FormAlert failure={useIntentFailure('save')} />
      <Form method="post" noValidate onSubmit={editing.onSubmit} className="settings">
        <input type="hidden" name="intent" value="save" />
        {numberSettingSections.map((section) => (
          <fieldset key={section.title}>
            <legend>{section.title}</legend>
            {section.settings.map((setting) => (
              <NumberField
                key={setting.path}
                form={editing.form}
                id={`parametre-${setting.path}`}
                name={setting.path}
                label={setting.label}
                unit={setting.unit}
                error={editing.errorOf(setting.path)}
              />
            ))}
          </fieldset>
        ))}
        {textSettingSections.map((section) => (
          <fieldset key={section.title}>
            <legend>{section.title}</legend>
            {section.settings.map((setting) => (
              <TextField
                key={setting.path}
                form={editing.form}
                id={`parametre-${setting.path}`}
                name={setting.path}
                label={setting.label}
                rows={setting.rows}
                hint={setting.hint}
                error={editing.errorOf(setting.path)}
              />
            ))}
          </fieldset>
        ))}
        <fieldset>
          <legend>Types de visite proposés en téléconsultation</legend>
          <p className="hint">
            Les autres types se planifient en présentiel seulement. Pour les types cochés, le professionnel juge encore chaque cas (R-TELE-3) et le salarié
            consent (R-TELE-1).
          </p>
          <input type="hidden" name={remoteTypeFieldName('offered')} value="on" />
          {visitTypes.map((type) => (
            <label key={type} className="choice">
              <input type="checkbox" name={remoteTypeFieldName(type)} defaultChecked={config.teleconsultation.remoteVisitTypes.includes(type)} /> {visitTypeLabels[type]}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Modèles de messages</legend>
          {messageTemplateKeys.map((key) => (
            <TemplateDetails key={key} hasError={Boolean(editing.errorOf(`messages.${key}.subject`) ?? editing.errorOf(`messages.${key}.body`))}>
              <summary>{messageTemplateLabels[key]}</summary>
              <p className="hint">Variables : {messagePlaceholders[key].map((name) => `{{${name}}}`).join(' ')}</p>
              <TextField form={editing.form} id={`message-${key}-objet`} name={`messages.${key}.subject`} label="Objet" error={editing.errorOf(`messages.${key}.subject`)} />
              <TextField form={editing.form} id={`message-${key}-texte`} name={`messages.${key}.body`} label="Texte" rows={8} error={editing.errorOf(`messages.${key}.body`)} />
              <MessagePreview control={editing.form.control} messageKey={key} />
            </TemplateDetails>
          ))}
        </fieldset>
        <fieldset>
          <legend>Questionnaire avant la visite</legend>
          <p className="hint">
            Posé au salarié sur sa page personnelle avant la visite ; ses réponses s’affichent sur la tâche de consultation. Sans type de visite coché, la question est
            posée avant toutes les visites.
          </p>
          {[...config.questionnaire.questions, null].map((question, index) => (
            <QuestionEditor key={index} index={index} question={question} errorOf={editing.errorOf} />
          ))}
        </fieldset>
        <fieldset>
          <legend>Motifs codés des décisions</legend>
          <p className="hint">
            Un motif par ligne : le code (majuscules, chiffres et _), deux-points, puis le libellé. Chaque liste garde OTHER (« Autre motif ») : le texte libre est alors
            obligatoire. Une visite ouverte garde les motifs de sa version.
          </p>
          {steeringKinds.map((kind) => {
            const id = `motifs-${kind}`;
            const error = editing.errorOf(reasonsFieldName(kind));
            return (
              <Field key={kind} id={id} label={steeringKindLabels[kind]} error={error}>
                <textarea
                  id={id}
                  name={reasonsFieldName(kind)}
                  rows={Math.max(4, config.steeringReasons[kind].length + 1)}
                  defaultValue={reasonLines(config.steeringReasons[kind])}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={describedBy(id, { error })}
                />
              </Field>
            );
          })}
        </fieldset>
        <button type="submit" className="button">
          Enregistrer le brouillon
        </button>
      </Form>
    </section>
  );
}

/** One question of the questionnaire, or (`question` null) the blank one that adds a question when filled. */
function QuestionEditor({ index, question, errorOf }: { index: number; question: Question | null; errorOf: (name: string) => string | undefined }) {
  const id = (field: string) => `question-${index}-${field}`;
  const name = (field: Parameters<typeof questionFieldName>[1]) => questionFieldName(index, field);
  const wired = (field: 'label' | 'kind' | 'options', hint = false) => ({
    id: id(field),
    name: name(field),
    'aria-invalid': errorOf(name(field)) ? true : undefined,
    'aria-describedby': describedBy(id(field), { hint, error: errorOf(name(field)) }),
  });
  return (
    <fieldset>
      <legend>{question ? `Question ${index + 1}` : 'Ajouter une question'}</legend>
      {question ? null : <input type="hidden" name={name('new')} value="on" />}
      <Field id={id('label')} label="Question posée au salarié" error={errorOf(name('label'))}>
        <input type="text" defaultValue={question?.label ?? ''} {...wired('label')} />
      </Field>
      <Field id={id('kind')} label="Type de réponse" error={errorOf(name('kind'))}>
        <select defaultValue={question?.kind ?? 'YES_NO'} {...wired('kind')}>
          {questionKinds.map((kind) => (
            <option key={kind} value={kind}>
              {questionKindLabels[kind]}
            </option>
          ))}
        </select>
      </Field>
      <Field id={id('options')} label="Réponses proposées" hint="Pour une question à choix : une réponse par ligne." error={errorOf(name('options'))}>
        <textarea rows={3} defaultValue={question?.options.join('\n') ?? ''} {...wired('options', true)} />
      </Field>
      <div className="field">
        <label className="choice">
          <input type="checkbox" name={name('required')} defaultChecked={question?.required ?? false} /> Réponse obligatoire
        </label>
      </div>
      <fieldset className="field">
        <legend>Posée avant</legend>
        {visitTypes.map((type) => (
          <label key={type} className="choice">
            <input type="checkbox" name={name(`visitTypes.${type}`)} defaultChecked={question?.visitTypes.includes(type) ?? false} /> {visitTypeLabels[type]}
          </label>
        ))}
      </fieldset>
      {question ? (
        <div className="field">
          <label className="choice">
            <input type="checkbox" name={name('remove')} /> Retirer cette question
          </label>
        </div>
      ) : null}
    </fieldset>
  );
}

/** Folded until opened, or until one of its fields is refused; never folded again under the administrator's typing. */
function TemplateDetails({ hasError, children }: { hasError: boolean; children: ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (hasError && ref.current) ref.current.open = true;
  }, [hasError]);
  return <details ref={ref}>{children}</details>;
}

/** The message as a recipient would read it, filled with sample values while the administrator types. */
function MessagePreview({ control, messageKey }: { control: Control<z.input<typeof protocolConfigSchema>, unknown, ProtocolConfig>; messageKey: MessageTemplateKey }) {
  const template = useWatch({ control, name: `messages.${messageKey}` });
  if (!template) return null;
  let preview: { subject: string; body: string } | null = null;
  try {
    preview = renderTemplate(template, sampleMessageValues);
  } catch {
    // A variable the sample does not know: the schema's error under the field says which.
  }
  return (
    <figure className="message-preview" aria-label={`Aperçu : ${messageTemplateLabels[messageKey]}`}>
      <figcaption>Aperçu avec des données d’exemple</figcaption>
      {preview ? (
        <>
          <p>
            <strong>{preview.subject}</strong>
          </p>
          <p className="pre-line">{preview.body}</p>
        </>
      ) : (
        <p className="muted">Aperçu impossible : le modèle utilise une variable inconnue.</p>
      )}
    </figure>
  );
}
