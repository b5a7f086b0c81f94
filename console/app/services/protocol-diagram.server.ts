// Issue 5: the visit protocol as a diagram, per visit type: the states of its lifecycle and the transitions
// between them, worded from the published configuration and the rules (who concludes, what it concludes
// with), each state with the live count of the visits in it and a link to them.
import { countVisits, listHref, type VisitFilters } from '../../../activities/domain/visit-filters.js';
import { publishedProtocol } from '../../../activities/domain/protocol.js';
import { parisCivilDate } from '../../../workflows/rules/calendar.js';
import { visitOutcomeLabels, visitTypeLabels } from '../../../workflows/rules/labels.js';
import type { ProtocolConfig } from '../../../workflows/rules/protocol-config.js';
import { allowedOutcomes, performerFor, visitTypes, type VisitType } from '../../../workflows/rules/visit-types.js';
import { consoleContext } from './context.server.js';

export type DiagramStateKey = 'TO_SCHEDULE' | 'SCHEDULED' | 'AWAITING_CONSENT' | 'REORIENTED' | 'COMPLETED' | 'CANCELLED';

export interface DiagramState {
  key: DiagramStateKey;
  label: string;
  hint: string;
  count: number;
  href: string;
}

export interface DiagramTransition {
  from: DiagramStateKey;
  to: DiagramStateKey;
  label: string;
}

/** The deadline of each visit type, as the published configuration sets it. */
function deadlineOf(type: VisitType, config: ProtocolConfig): string {
  switch (type) {
    case 'VIP_INITIAL':
      return `dans les ${config.vip.initialDeadlineMonths} mois de la prise de poste (${config.vip.apprenticeInitialDeadlineMonths} pour un apprenti)`;
    case 'VIP_RENEWAL':
      return `au plus tard ${config.vip.maxRenewalYears.SIS} ans après la précédente (${config.vip.maxRenewalYears.SIA} en suivi adapté ou avant 18 ans)`;
    case 'SIR_EXAM':
      return 'avant l’affectation au poste à risque';
    case 'SIR_INTERMEDIATE':
      return `${config.sir.intermediateAfterYears} ans après l’examen d’aptitude`;
    case 'SIR_RENEWAL':
      return `${config.sir.renewalAfterYears} ans après l’examen d’aptitude (chaque année pour certains risques)`;
    case 'MID_CAREER':
      return `à ${config.midCareer.age} ans, dès ${config.midCareer.earliestAge} ans`;
    case 'PRE_REPRISE':
      return `dans les ${config.preReprise.deadlineDays} jours de la demande, pendant l’arrêt`;
    case 'REPRISE':
      return `dans les ${config.reprise.deadlineDaysAfterReturn} jours de la reprise du travail`;
    case 'POST_EXPOSURE':
      return `dans les ${config.postExposure.deadlineDays} jours de la fin de l’exposition ou du départ`;
    case 'LIAISON':
      return `proposé dans les ${config.liaison.offerWithinDaysOfAcceptance} jours de l’accord du salarié`;
    case 'ON_REQUEST':
      return `dans les ${config.onRequest.deadlineDays} jours de la demande`;
  }
}

export function parseDiagramType(value: string | null): VisitType {
  return visitTypes.find((type) => type === value) ?? 'REPRISE';
}

export async function loadProtocolDiagram(type: VisitType, now = new Date()) {
  const { db } = consoleContext();
  const { version, config } = await publishedProtocol(db);
  const today = parisCivilDate(now);
  const delegable = performerFor(type) === 'DOCTOR_OR_NURSE';
  const outcomes = [...new Set([...allowedOutcomes(type, 'SIS'), ...allowedOutcomes(type, 'SIR')])].map((outcome) => visitOutcomeLabels[outcome]);
  const states: { key: DiagramStateKey; label: string; hint: string; filters: VisitFilters }[] = [
    { key: 'TO_SCHEDULE', label: 'À planifier', hint: `Échéance ${deadlineOf(type, config)}.`, filters: { type, statut: 'TO_SCHEDULE' } },
    { key: 'SCHEDULED', label: 'Planifiée', hint: 'Rendez-vous fixé, en présentiel ou en téléconsultation.', filters: { type, statut: 'SCHEDULED' } },
    {
      key: 'AWAITING_CONSENT',
      label: 'Téléconsultation : consentement attendu',
      hint: `Pas de vidéo sans l’accord du salarié ; lien et code envoyés ${config.teleconsultation.connectionLeadMinutes} minutes avant.`,
      filters: { type, ouvertes: '1', consentement: '1' },
    },
    ...(delegable
      ? [
          {
            key: 'REORIENTED' as const,
            label: 'Réorientée vers le médecin',
            hint: `Le médecin reçoit le salarié sous ${config.delegation.reorientationDeadlineDays} jours.`,
            filters: { type, ouvertes: '1' as const, reorientation: '1' as const },
          },
        ]
      : []),
    { key: 'COMPLETED', label: 'Clôturée', hint: `${outcomes.join(', ')}.`, filters: { type, statut: 'COMPLETED' } },
    { key: 'CANCELLED', label: 'Annulée', hint: 'Avec un motif codé ; l’obligation reste suivie.', filters: { type, statut: 'CANCELLED' } },
  ];
  const counted: DiagramState[] = await Promise.all(
    states.map(async ({ filters, ...state }) => ({ ...state, count: await countVisits(db, filters, today), href: listHref(filters) })),
  );
  const concluder = delegable ? 'le médecin, ou l’infirmier(ère) sous protocole de délégation' : 'le médecin du travail';
  const transitions: DiagramTransition[] = [
    { from: 'TO_SCHEDULE', to: 'SCHEDULED', label: 'rendez-vous fixé par la coordination' },
    { from: 'SCHEDULED', to: 'AWAITING_CONSENT', label: 'téléconsultation proposée : consentement demandé au salarié' },
    { from: 'AWAITING_CONSENT', to: 'TO_SCHEDULE', label: 'refus du salarié : visite en présentiel, à replanifier au plus tôt' },
    {
      from: 'SCHEDULED',
      to: 'TO_SCHEDULE',
      label: `absence ou rendez-vous déplacé : à replanifier (absence facturée si non excusée ${config.noShow.excuseHoursAhead} h avant)`,
    },
    ...(delegable
      ? [
          { from: 'SCHEDULED' as const, to: 'REORIENTED' as const, label: 'avis, aménagement ou risque d’inaptitude relevé par l’infirmier(ère)' },
          { from: 'REORIENTED' as const, to: 'COMPLETED' as const, label: 'conclusion du médecin' },
        ]
      : []),
    { from: 'SCHEDULED', to: 'COMPLETED', label: `conclusion par ${concluder}` },
    { from: 'TO_SCHEDULE', to: 'CANCELLED', label: 'annulation motivée' },
    { from: 'SCHEDULED', to: 'CANCELLED', label: 'annulation motivée' },
  ];
  return {
    type,
    typeLabel: visitTypeLabels[type],
    version,
    types: visitTypes.map((value) => ({ value, label: visitTypeLabels[value] })),
    states: counted,
    transitions,
  };
}
