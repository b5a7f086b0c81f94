// The protocol configuration as administrators edit it (issue 5): which settings the form offers, in French,
// and how a posted form becomes a configuration. Validation is the workflows' own protocolConfigSchema, in
// the browser and again on the server, so a draft the form accepts is one the workflows can run.
import { validationError } from '../../../activities/domain/errors.js';
import {
  messageTemplateKeys,
  reasonListSchema,
  reasonOptionSchema,
  steeringKinds,
  type MessagePlaceholder,
  type MessageTemplateKey,
  type ProtocolConfig,
  type ReasonOption,
  type SteeringKind,
} from '../../../workflows/rules/protocol-config.js';
import { questionKindLabels, questionSchema, type Question } from '../../../workflows/rules/questionnaire.js';
import { visitTypeLabels } from '../../../workflows/rules/labels.js';
import { visitTypes, type VisitType } from '../../../workflows/rules/visit-types.js';

export interface NumberSetting {
  /** Dotted path in the configuration, also the form field's name. */
  path: string;
  label: string;
  unit: 'jours' | 'mois' | 'ans' | 'heures' | 'minutes' | 'échecs';
}

export interface SettingSection {
  title: string;
  settings: NumberSetting[];
}

export const numberSettingSections: SettingSection[] = [
  {
    title: 'Visites de reprise et de préreprise',
    settings: [
      { path: 'reprise.deadlineDaysAfterReturn', label: 'Visite de reprise : au plus tard après le jour du retour (R-REPRISE-2)', unit: 'jours' },
      { path: 'reprise.minAbsenceDays.ILLNESS', label: 'Reprise obligatoire après un arrêt pour maladie d’au moins (R-REPRISE-1)', unit: 'jours' },
      { path: 'reprise.minAbsenceDays.WORK_ACCIDENT', label: 'Reprise obligatoire après un accident du travail d’au moins (R-REPRISE-1)', unit: 'jours' },
      { path: 'reprise.minAbsenceDays.OCCUPATIONAL_DISEASE', label: 'Reprise obligatoire après une maladie professionnelle d’au moins (R-REPRISE-1)', unit: 'jours' },
      { path: 'reprise.minAbsenceDays.MATERNITY', label: 'Reprise obligatoire après un congé de maternité d’au moins (R-REPRISE-1)', unit: 'jours' },
      { path: 'preReprise.minStoppageDays', label: 'Visite de préreprise proposée après un arrêt de plus de (R-PRE-1)', unit: 'jours' },
      { path: 'preReprise.deadlineDays', label: 'Visite de préreprise : délai de réalisation', unit: 'jours' },
    ],
  },
  {
    title: 'Visites d’information et de prévention',
    settings: [
      { path: 'vip.initialDeadlineMonths', label: 'VIP initiale : au plus tard après la prise de poste (R-VIP-1)', unit: 'mois' },
      { path: 'vip.apprenticeInitialDeadlineMonths', label: 'VIP initiale d’un apprenti : au plus tard après l’embauche (R-VIP-1)', unit: 'mois' },
      { path: 'vip.exemptionLookbackYears', label: 'Dispense si une visite a eu lieu dans les (R-VIP-4)', unit: 'ans' },
      { path: 'vip.maxRenewalYears.SIS', label: 'Périodicité maximale en suivi individuel simple (R-VIP-5)', unit: 'ans' },
      { path: 'vip.maxRenewalYears.SIA', label: 'Périodicité maximale en suivi individuel adapté (R-VIP-5)', unit: 'ans' },
      { path: 'vip.maxRenewalYears.UNDER_AGE', label: 'Périodicité maximale pour un salarié mineur (R-VIP-5)', unit: 'ans' },
    ],
  },
  {
    title: 'Suivi individuel renforcé et mi-carrière',
    settings: [
      { path: 'sir.intermediateAfterYears', label: 'Visite intermédiaire après l’examen d’aptitude (R-SIR-2)', unit: 'ans' },
      { path: 'sir.renewalAfterYears', label: 'Renouvellement de l’examen d’aptitude (R-SIR-3)', unit: 'ans' },
      { path: 'midCareer.age', label: 'Visite de mi-carrière à l’âge de (R-MID-1)', unit: 'ans' },
      { path: 'midCareer.earliestAge', label: 'Visite de mi-carrière possible dès l’âge de (R-MID-1)', unit: 'ans' },
      { path: 'category.adultAge', label: 'Âge de la majorité pour le suivi (R-CAT-2)', unit: 'ans' },
    ],
  },
  {
    title: 'Autres visites et organisation',
    settings: [
      { path: 'postExposure.deadlineDays', label: 'Visite post-exposition : délai cible (R-POST-1)', unit: 'jours' },
      { path: 'liaison.offerWithinDaysOfAcceptance', label: 'Rendez-vous de liaison proposé dans les (R-LIAISON-1)', unit: 'jours' },
      { path: 'onRequest.deadlineDays', label: 'Visite à la demande : délai cible (R-DEMANDE-1)', unit: 'jours' },
      { path: 'noShow.excuseHoursAhead', label: 'Absence excusée si prévenue au moins (R-OPS-1)', unit: 'heures' },
      { path: 'planning.leadDays', label: 'Une visite périodique s’ouvre à la planification avant son échéance', unit: 'jours' },
      { path: 'delegation.reorientationDeadlineDays', label: 'Le médecin reçoit un salarié réorienté dans les (R-DEL-2)', unit: 'jours' },
      { path: 'staffDeclaration.reminderEveryDays', label: 'Mise à jour annuelle des effectifs : rappel à l’entreprise tous les', unit: 'jours' },
    ],
  },
  {
    title: 'Téléconsultation',
    settings: [
      { path: 'teleconsultation.connectionLeadMinutes', label: 'Lien et code d’accès envoyés avant le rendez-vous (R-TELE-5)', unit: 'minutes' },
      { path: 'teleconsultation.videoOpensMinutesBefore', label: 'La vidéo s’ouvre avant le rendez-vous', unit: 'minutes' },
      { path: 'teleconsultation.validMinutesAfterSlot', label: 'Liens, codes et jetons expirent après le début du rendez-vous', unit: 'minutes' },
      { path: 'teleconsultation.maxAccessCodeFailures', label: 'Lien bloqué après des codes d’accès erronés', unit: 'échecs' },
      { path: 'teleconsultation.preCallDaysBefore', label: 'Tâche de préparation due avant le rendez-vous (R-TELE-4)', unit: 'jours' },
    ],
  },
];

export interface TextSetting {
  path: string;
  label: string;
  /** A multi-line text: its number of lines in the form. */
  rows?: number;
  hint?: string;
}

export const textSettingSections: { title: string; settings: TextSetting[] }[] = [
  {
    title: 'Consentement à la téléconsultation',
    settings: [
      { path: 'teleconsultation.consent.textVersion', label: 'Version du texte de consentement (enregistrée avec chaque consentement, R-TELE-1)' },
      {
        path: 'teleconsultation.consent.text',
        label: 'Texte de consentement présenté au salarié',
        rows: 6,
        hint: 'Changez aussi la version : chaque consentement enregistre la version du texte accepté.',
      },
    ],
  },
  {
    title: 'Convocation en présentiel',
    settings: [
      { path: 'convocation.place', label: 'Lieu de la visite, tel que la convocation l’indique' },
      { path: 'convocation.documentsToBring', label: 'Documents à apporter', rows: 5, hint: 'Un document par ligne ; la page de convocation du salarié les liste.' },
    ],
  },
];
const textSettings = textSettingSections.flatMap((section) => section.settings);

export const messageTemplateLabels: Record<MessageTemplateKey, string> = {
  TELECONSULTATION_CONVOCATION: 'Convocation en téléconsultation (R-TELE-5)',
  TELECONSULTATION_CONNECTION: 'Lien de connexion et code d’accès (R-TELE-5)',
  TELECONSULTATION_IN_PERSON: 'Passage en présentiel après un refus (R-TELE-2)',
  TELECONSULTATION_REPLANNED: 'Téléconsultation interrompue, nouveau rendez-vous (R-TELE-10, R-TELE-13)',
  TELECONSULTATION_THIRD_PARTY: 'Invitation d’un tiers (R-TELE-9)',
  VISIT_DOCUMENTS_EMPLOYEE: 'Documents de fin de visite au salarié (R-TELE-12)',
  VISIT_DOCUMENTS_EMPLOYER: 'Documents de fin de visite à l’employeur (R-TELE-12)',
  EMPLOYER_REMOTE_NOTICE: 'Information de l’employeur : visite demandée réalisée à distance (R-TELE-12)',
  STAFF_DECLARATION_OPENING: 'Ouverture de la mise à jour annuelle des effectifs',
  STAFF_DECLARATION_REMINDER: 'Rappel de la mise à jour annuelle des effectifs',
  VISIT_CONVOCATION: 'Convocation à une visite en présentiel',
  VISIT_CANCELLED: 'Annulation d’une visite en présentiel',
  VISIT_APPOINTMENT_WITHDRAWN: 'Rendez-vous en présentiel retiré (visite en téléconsultation ou absence excusée)',
};

/** What a template preview fills its variables with: plausible values, no real person's. */
export const sampleMessageValues: Record<MessagePlaceholder, string> = {
  employeeName: 'Camille Exemple',
  visitType: 'visite de reprise',
  appointmentDate: 'lundi 14 décembre 2026',
  appointmentTime: '14:30',
  professionalName: 'Dr Claire Exemple',
  serviceName: 'Service de santé au travail',
  link: 'https://console.exemple.fr/teleconsultation/lien-personnel',
  accessCode: '483920',
  reason: 'incident technique',
  participantName: 'Ana Exemple',
  visitDate: '14 décembre 2026',
  satisfactionLink: 'https://console.exemple.fr/satisfaction/lien-personnel',
  documentTitle: 'attestation de suivi',
  companyName: 'Menuiserie Exemple',
  year: '2027',
  headcount: '42',
  place: 'Centre médical, 12 rue de l’Exemple, 75010 Paris',
};

const numberPaths = new Set(numberSettingSections.flatMap((section) => section.settings.map((setting) => setting.path)));
const textPaths = new Set<string>([
  ...textSettings.map((setting) => setting.path),
  ...messageTemplateKeys.flatMap((key) => [`messages.${key}.subject`, `messages.${key}.body`]),
]);

type FormIssue = { path: (string | number)[]; message: string };

const QUESTIONS_PATH = 'questionnaire.questions';
/** The form's fields of question `index`; `new` marks the blank one the form offers to add. */
export const questionFieldName = (index: number, field: 'label' | 'kind' | 'options' | 'required' | 'remove' | 'new' | `visitTypes.${string}`) =>
  `${QUESTIONS_PATH}.${index}.${field}`;

/**
 * The questions the form describes, or undefined when it has none of their fields. Each kept question is
 * checked under its own position in the form, so an error lands beside its field even after a removal.
 */
function questionsFromForm(fields: Record<string, unknown>, issues: FormIssue[]): Question[] | undefined {
  const indices = [
    ...new Set(Object.keys(fields).flatMap((key) => (key.startsWith(`${QUESTIONS_PATH}.`) ? [Number(key.split('.')[2])] : []))),
  ].filter(Number.isInteger);
  if (indices.length === 0) return undefined;
  const text = (index: number, field: Parameters<typeof questionFieldName>[1]) => {
    const value = fields[questionFieldName(index, field)];
    return typeof value === 'string' ? value : '';
  };
  const questions: Question[] = [];
  for (const index of indices.sort((a, b) => a - b)) {
    if (text(index, 'remove') === 'on' || (text(index, 'new') === 'on' && text(index, 'label').trim() === '')) continue;
    const parsed = questionSchema.safeParse({
      label: text(index, 'label'),
      kind: text(index, 'kind') || undefined,
      options: text(index, 'options').split(/\r?\n/).map((line) => line.trim()).filter(Boolean),
      required: text(index, 'required') === 'on',
      visitTypes: visitTypes.filter((type) => text(index, `visitTypes.${type}`) === 'on'),
    });
    if (parsed.success) questions.push(parsed.data);
    else issues.push(...parsed.error.issues.map((issue) => ({ path: [...QUESTIONS_PATH.split('.'), index, ...issue.path], message: issue.message })));
  }
  return questions;
}

function questionSummary(question: Question): string {
  const asked = question.visitTypes.length === 0 ? 'toutes les visites' : question.visitTypes.map((type) => visitTypeLabels[type]).join(', ');
  const options = question.kind === 'CHOICE' ? ` : ${question.options.join(' / ')}` : '';
  return `${question.label} — ${questionKindLabels[question.kind]}${options}, ${question.required ? 'obligatoire' : 'facultative'}, ${asked}`;
}

const REMOTE_TYPES_PATH = 'teleconsultation.remoteVisitTypes';
/** A type's checkbox; `offered` is the hidden field that says the checkboxes were in the form, all unticked or not. */
export const remoteTypeFieldName = (type: VisitType | 'offered') => `${REMOTE_TYPES_PATH}.${type}`;

function remoteTypesFromForm(fields: Record<string, unknown>): VisitType[] | undefined {
  if (fields[remoteTypeFieldName('offered')] !== 'on') return undefined;
  return visitTypes.filter((type) => fields[remoteTypeFieldName(type)] === 'on');
}

export const steeringKindLabels: Record<SteeringKind, string> = {
  CANCEL: 'Motifs d’annulation d’une visite',
  RESCHEDULE: 'Motifs de report d’un rendez-vous',
  REASSIGN: 'Motifs de réaffectation à un autre professionnel',
  EXCUSE_ABSENCE: 'Motifs d’absence excusée (R-OPS-1)',
};
/** A list's textarea: one reason a line, « CODE : libellé », as the diff shows it too. */
export const reasonsFieldName = (kind: SteeringKind) => `steeringReasons.${kind}`;
export const reasonLines = (options: ReasonOption[]) => options.map((option) => `${option.code} : ${option.label}`).join('\n');

/** The reasons a textarea lists; each refusal names its line, under the list's own field. */
function reasonsFromForm(kind: SteeringKind, raw: unknown, issues: FormIssue[]): ReasonOption[] | undefined {
  if (typeof raw !== 'string') return undefined;
  const path = reasonsFieldName(kind).split('.');
  const options: ReasonOption[] = [];
  raw.split(/\r?\n/).forEach((text, index) => {
    const line = text.trim();
    if (!line) return;
    const colon = line.indexOf(':');
    if (colon < 0) {
      issues.push({ path, message: `Ligne ${index + 1} : écrivez le code, deux-points, puis le libellé (par exemple DEPART_SALARIE : Le salarié a quitté l’entreprise)` });
      return;
    }
    const parsed = reasonOptionSchema.safeParse({ code: line.slice(0, colon).trim(), label: line.slice(colon + 1).trim() });
    if (parsed.success) options.push(parsed.data);
    else issues.push(...parsed.error.issues.map((issue) => ({ path, message: `Ligne ${index + 1} : ${issue.message}` })));
  });
  const list = reasonListSchema.safeParse(options);
  if (!list.success) issues.push(...list.error.issues.map((issue) => ({ path, message: issue.message })));
  return options;
}

/** Settings whose value is a list, shown in the diff as the administrator reads them. */
const listSummaries = new Map<string, (value: never) => string>([
  [QUESTIONS_PATH, (questions: Question[]) => questions.map(questionSummary).join('\n')],
  [REMOTE_TYPES_PATH, (types: VisitType[]) => (types.length === 0 ? 'aucun' : types.map((type) => visitTypeLabels[type]).join(', '))],
  ...steeringKinds.map((kind) => [reasonsFieldName(kind), reasonLines] as const),
]);

const settingLabels = new Map<string, string>([
  [QUESTIONS_PATH, 'Questionnaire avant la visite'],
  [REMOTE_TYPES_PATH, 'Types de visite proposés en téléconsultation'],
  ...steeringKinds.map((kind) => [reasonsFieldName(kind), steeringKindLabels[kind]] as const),
  ...numberSettingSections.flatMap((section) => section.settings.map((setting) => [setting.path, `${setting.label}, en ${setting.unit}`] as const)),
  ...textSettings.map((setting) => [setting.path, setting.label] as const),
  ...messageTemplateKeys.flatMap((key) => [[`messages.${key}.subject`, `${messageTemplateLabels[key]} : objet`] as const, [`messages.${key}.body`, `${messageTemplateLabels[key]} : texte`] as const]),
]);

export function settingLabel(path: string): string {
  return settingLabels.get(path) ?? path;
}

function withValueAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] = { ...(node[key] as Record<string, unknown>) };
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}

/**
 * The configuration a posted form describes: `base` (the draft or the published version) with the form's
 * settings written over it. Unknown fields are ignored; a blank number stays blank so the schema names it.
 */
export function configFromForm(base: ProtocolConfig, fields: Record<string, unknown>): unknown {
  const config = structuredClone(base) as unknown as Record<string, unknown>;
  for (const [path, raw] of Object.entries(fields)) {
    if (typeof raw !== 'string') continue;
    if (numberPaths.has(path)) withValueAt(config, path, raw.trim() === '' ? undefined : Number(raw.replace(',', '.')));
    else if (textPaths.has(path)) withValueAt(config, path, raw.replace(/\r\n/g, '\n'));
  }
  const issues: FormIssue[] = [];
  const lists: [string, unknown][] = [
    [QUESTIONS_PATH, questionsFromForm(fields, issues)],
    [REMOTE_TYPES_PATH, remoteTypesFromForm(fields)],
    ...steeringKinds.map((kind) => [reasonsFieldName(kind), reasonsFromForm(kind, fields[reasonsFieldName(kind)], issues)] as [string, unknown]),
  ];
  if (issues.length > 0) throw validationError(issues);
  for (const [path, value] of lists) if (value !== undefined) withValueAt(config, path, value);
  return config;
}

function leaves(value: unknown, path: string, into: Map<string, string>): Map<string, string> {
  const summary = listSummaries.get(path);
  if (summary) {
    into.set(path, summary(value as never));
  } else if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) leaves(child, path ? `${path}.${key}` : key, into);
  } else {
    into.set(path, Array.isArray(value) ? value.map((item) => (typeof item === 'object' ? JSON.stringify(item) : String(item))).join(', ') : String(value));
  }
  return into;
}

export interface SettingChange {
  path: string;
  label: string;
  before: string;
  after: string;
}

/** Every setting whose value differs between two versions, in the configuration's order. */
export function protocolDiff(before: ProtocolConfig, after: ProtocolConfig): SettingChange[] {
  const old = leaves(before, '', new Map());
  const changes: SettingChange[] = [];
  for (const [path, value] of leaves(after, '', new Map())) {
    const previous = old.get(path) ?? '';
    if (previous !== value) changes.push({ path, label: settingLabel(path), before: previous, after: value });
  }
  return changes;
}
