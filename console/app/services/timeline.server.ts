// The visit's timeline: the Temporal history of its workflow, told in French, merged with the
// business events (VisitEvent rows) the activities wrote. Engine details (workflow tasks, search
// attribute upserts) are left out: they tell a reader nothing about the visit.
import { defaultPayloadConverter } from '@temporalio/common';
import type { History } from '@temporalio/common/lib/proto-utils.js';
import { roleLabels, taskKindLabels } from '../../../workflows/rules/labels.js';
import type { TemporalDeps } from '../../../activities/domain/visits.js';
import { frenchDateTime } from './format.server.js';

type HistoryEvent = NonNullable<History['events']>[number];
const HISTORY_DEADLINE_MS = 3_000;

type ProtoNumber = number | { toNumber(): number } | null | undefined;
type TimestampLike = { seconds?: ProtoNumber; nanos?: number | null } | null | undefined;

export type TimelineTone = 'info' | 'success' | 'warning' | 'danger';

export interface TimelineEntry {
  key: string;
  at: string;
  when: string;
  source: 'Processus' | 'Dossier';
  title: string;
  detail?: string;
  tone: TimelineTone;
}

export interface VisitEventRow {
  id: string;
  at: Date;
  summary: string;
  kind: string;
  actorName: string | null;
}

const activityLabels: Record<string, string> = {
  openTask: 'Ouverture d’une tâche',
  recordAppointment: 'Enregistrement du rendez-vous',
  markOverdue: 'Signalement du dépassement d’échéance',
  recordConclusion: 'Enregistrement de la conclusion',
  closeVisit: 'Clôture de la visite et émission du document',
  // Histories recorded before closeVisit replaced it.
  issueVisitDocument: 'Émission du document de fin de visite',
  recordMissedAppointment: 'Enregistrement de l’absence au rendez-vous',
  recordCancellation: 'Enregistrement de l’annulation',
  recordReorientation: 'Enregistrement de la réorientation vers le médecin',
  openReorientationTask: 'Ouverture de la tâche du médecin (réorientation)',
  escalateReorientation: 'Escalade de la réorientation vers la coordination',
  abandonReorientation: 'Réorientation interrompue : retour à la coordination',
  replanAfterTeleconsultation: 'Replanification après la téléconsultation',
};

const updateLabels: Record<string, string> = {
  scheduleVisit: 'planification du rendez-vous',
  concludeVisit: 'conclusion de la consultation',
  cancelVisit: 'annulation de la visite',
  excuseAbsence: 'absence excusée',
  recordNoShow: 'absence non excusée',
  reorientToDoctor: 'réorientation vers le médecin',
};

const eventTones: Record<string, TimelineTone> = {
  OVERDUE: 'danger',
  CANCELLATION: 'warning',
  NO_SHOW: 'warning',
  EXCUSED: 'warning',
  CONCLUSION: 'success',
  CLOSED: 'success',
  DOCUMENT: 'success',
};

function toNumber(value: ProtoNumber): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

function timestampMs(timestamp: TimestampLike): number {
  return toNumber(timestamp?.seconds) * 1000 + Math.floor((timestamp?.nanos ?? 0) / 1_000_000);
}

/** The first argument of an activity or update, when it is a JSON object; undefined otherwise. */
function firstArgument(payloads: Parameters<typeof defaultPayloadConverter.fromPayload>[0][] | null | undefined): Record<string, unknown> | undefined {
  const payload = payloads?.[0];
  if (!payload) return undefined;
  try {
    const value: unknown = defaultPayloadConverter.fromPayload(payload);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function actorOf(argument: Record<string, unknown> | undefined): string | undefined {
  const actor = argument?.actor as { displayName?: unknown } | undefined;
  return typeof actor?.displayName === 'string' ? actor.displayName : undefined;
}

function taskDescription(argument: Record<string, unknown> | undefined): string | undefined {
  const kind = argument?.kind as keyof typeof taskKindLabels | undefined;
  const role = argument?.role as keyof typeof roleLabels | undefined;
  if (!kind || !(kind in taskKindLabels)) return undefined;
  return role && role in roleLabels ? `${taskKindLabels[kind]} (${roleLabels[role]})` : taskKindLabels[kind];
}

interface Description {
  title: string;
  tone: TimelineTone;
  detail?: string;
}

/** Maps a workflow history to timeline entries; exported for the tests that feed it recorded histories. */
export function historyTimeline(history: History): TimelineEntry[] {
  const activities = new Map<string, { name: string; argument?: Record<string, unknown> }>();
  const updateNames = new Map<string, string>();
  const entries: TimelineEntry[] = [];
  for (const event of history.events ?? []) {
    const eventId = String(toNumber(event.eventId as ProtoNumber));
    const at = new Date(timestampMs(event.eventTime as TimestampLike));
    const description = describe(event, eventId, at);
    if (description) entries.push({ key: `h${eventId}`, at: at.toISOString(), when: frenchDateTime(at), source: 'Processus', ...description });
  }
  return entries;

  function describe(event: HistoryEvent, eventId: string, at: Date): Description | undefined {
    if (event.workflowExecutionStartedEventAttributes) return { title: 'Processus de visite démarré', tone: 'info' };

    if (event.activityTaskScheduledEventAttributes) {
      const attributes = event.activityTaskScheduledEventAttributes;
      activities.set(eventId, { name: attributes.activityType?.name ?? '', argument: firstArgument(attributes.input?.payloads) });
      return undefined;
    }
    const activityEnd =
      event.activityTaskCompletedEventAttributes ?? event.activityTaskFailedEventAttributes ?? event.activityTaskTimedOutEventAttributes;
    if (activityEnd) {
      const activity = activities.get(String(toNumber(activityEnd.scheduledEventId as ProtoNumber)));
      const label = (activity && activityLabels[activity.name]) ?? `Étape ${activity?.name ?? 'inconnue'}`;
      if (event.activityTaskCompletedEventAttributes) {
        const detail = activity?.name === 'openTask' ? taskDescription(activity.argument) : undefined;
        return { title: `Étape terminée : ${label}`, tone: 'info', detail };
      }
      return { title: `Étape en échec : ${label}`, tone: 'danger', detail: event.activityTaskFailedEventAttributes?.failure?.message ?? 'Délai dépassé' };
    }

    if (event.timerStartedEventAttributes) {
      const firesAt = new Date(at.getTime() + timestampMs(event.timerStartedEventAttributes.startToFireTimeout as TimestampLike));
      return { title: 'Surveillance de l’échéance démarrée', tone: 'info', detail: `Alerte prévue le ${frenchDateTime(firesAt)}` };
    }
    if (event.timerFiredEventAttributes) return { title: 'Échéance atteinte sans visite réalisée', tone: 'danger' };
    if (event.timerCanceledEventAttributes) return { title: 'Surveillance de l’échéance levée', tone: 'info' };

    if (event.workflowExecutionUpdateAcceptedEventAttributes) {
      const attributes = event.workflowExecutionUpdateAcceptedEventAttributes;
      const name = attributes.acceptedRequest?.input?.name ?? '';
      updateNames.set(attributes.acceptedRequest?.meta?.updateId ?? attributes.protocolInstanceId ?? '', name);
      const actor = actorOf(firstArgument(attributes.acceptedRequest?.input?.args?.payloads));
      return { title: `Décision acceptée : ${updateLabels[name] ?? name}`, tone: 'info', detail: actor ? `Par ${actor}` : undefined };
    }
    if (event.workflowExecutionUpdateRejectedEventAttributes) {
      const attributes = event.workflowExecutionUpdateRejectedEventAttributes;
      const name = attributes.rejectedRequest?.input?.name ?? '';
      return { title: `Décision refusée : ${updateLabels[name] ?? name}`, tone: 'warning', detail: attributes.failure?.message ?? undefined };
    }
    if (event.workflowExecutionUpdateCompletedEventAttributes) {
      // A completed update that succeeded shows through the steps it caused; only a refusal needs telling.
      const attributes = event.workflowExecutionUpdateCompletedEventAttributes;
      const failure = attributes.outcome?.failure;
      if (!failure) return undefined;
      const name = updateNames.get(attributes.meta?.updateId ?? '') ?? '';
      return { title: `Décision refusée : ${updateLabels[name] ?? name}`, tone: 'warning', detail: failure.message ?? undefined };
    }

    if (event.workflowExecutionCompletedEventAttributes) return { title: 'Processus de visite terminé', tone: 'success' };
    if (event.workflowExecutionFailedEventAttributes) {
      return { title: 'Processus de visite en échec', tone: 'danger', detail: event.workflowExecutionFailedEventAttributes.failure?.message ?? undefined };
    }
    if (event.workflowExecutionTerminatedEventAttributes) {
      return { title: 'Processus arrêté par l’exploitation', tone: 'danger', detail: event.workflowExecutionTerminatedEventAttributes.reason ?? undefined };
    }
    if (event.workflowExecutionCanceledEventAttributes) return { title: 'Processus de visite interrompu', tone: 'warning' };
    if (event.workflowExecutionTimedOutEventAttributes) return { title: 'Processus de visite expiré', tone: 'danger' };
    if (event.workflowExecutionContinuedAsNewEventAttributes) return { title: 'Processus poursuivi dans une nouvelle exécution', tone: 'info' };
    return undefined;
  }
}

function visitEventEntry(event: VisitEventRow): TimelineEntry {
  return {
    key: `e${event.id}`,
    at: event.at.toISOString(),
    when: frenchDateTime(event.at),
    source: 'Dossier',
    title: event.summary,
    detail: event.actorName ? `Par ${event.actorName}` : undefined,
    tone: eventTones[event.kind] ?? 'info',
  };
}

export interface VisitTimeline {
  entries: TimelineEntry[];
  /** False when Temporal could not be reached: the page still shows the business events. */
  historyAvailable: boolean;
}

export async function visitTimeline(temporal: TemporalDeps, workflowId: string, events: VisitEventRow[]): Promise<VisitTimeline> {
  let history: TimelineEntry[] = [];
  let historyAvailable = true;
  try {
    // The page must not hang on an unreachable engine (the client retries for about 20 s).
    const fetched = await temporal.client.connection.withDeadline(Date.now() + HISTORY_DEADLINE_MS, () =>
      temporal.client.workflow.getHandle(workflowId).fetchHistory(),
    );
    history = historyTimeline(fetched);
  } catch {
    historyAvailable = false;
  }
  // Stable sort: entries of the same instant keep their order, history first.
  const entries = [...history, ...events.map(visitEventEntry)].sort((a, b) => a.at.localeCompare(b.at));
  return { entries, historyAvailable };
}
