// The visit page's timeline: a workflow history, as Temporal stores it, told in French. The real
// histories are shown end to end in test/e2e/journey.test.ts; this one covers every kind of step.
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { describe, expect, it } from 'vitest';
import { historyTimeline } from '../../console/app/services/timeline.server.js';

const base64 = (text: string) => Buffer.from(text).toString('base64');
const payloads = (value: unknown) => ({ payloads: [{ metadata: { encoding: base64('json/plain') }, data: base64(JSON.stringify(value)) }] });

let eventId = 0;
function event(type: string, attributesKey: string, attributes: object, eventTime: string) {
  eventId += 1;
  return { eventId: String(eventId), eventTime, eventType: `EVENT_TYPE_${type}`, [attributesKey]: attributes };
}

/** A return visit scheduled late: the deadline passed, a step failed, a queued decision was refused. */
function recordedHistory() {
  eventId = 0;
  const events = [
    event('WORKFLOW_EXECUTION_STARTED', 'workflowExecutionStartedEventAttributes', { workflowType: { name: 'visitWorkflow' } }, '2026-11-23T08:00:00Z'),
    event('WORKFLOW_TASK_SCHEDULED', 'workflowTaskScheduledEventAttributes', {}, '2026-11-23T08:00:00Z'),
    event(
      'ACTIVITY_TASK_SCHEDULED',
      'activityTaskScheduledEventAttributes',
      { activityId: '1', activityType: { name: 'openTask' }, input: payloads({ kind: 'SCHEDULING', role: 'ASSISTANT' }) },
      '2026-11-23T08:00:01Z',
    ),
    event('ACTIVITY_TASK_COMPLETED', 'activityTaskCompletedEventAttributes', { scheduledEventId: '3' }, '2026-11-23T08:00:02Z'),
    event('TIMER_STARTED', 'timerStartedEventAttributes', { timerId: '1', startToFireTimeout: '691200s' }, '2026-11-23T08:00:03Z'),
    event('TIMER_FIRED', 'timerFiredEventAttributes', { timerId: '1', startedEventId: '5' }, '2026-12-01T08:00:03Z'),
    event('ACTIVITY_TASK_SCHEDULED', 'activityTaskScheduledEventAttributes', { activityId: '2', activityType: { name: 'markOverdue' } }, '2026-12-01T08:00:04Z'),
    event('ACTIVITY_TASK_COMPLETED', 'activityTaskCompletedEventAttributes', { scheduledEventId: '7' }, '2026-12-01T08:00:05Z'),
    event(
      'WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
      'workflowExecutionUpdateAcceptedEventAttributes',
      {
        protocolInstanceId: 'maj-1',
        acceptedRequest: {
          meta: { updateId: 'maj-1' },
          input: { name: 'scheduleVisit', args: payloads({ actor: { id: 'a', role: 'ASSISTANT', displayName: 'Sophie Leroy' } }) },
        },
      },
      '2026-12-02T09:00:00Z',
    ),
    event('ACTIVITY_TASK_SCHEDULED', 'activityTaskScheduledEventAttributes', { activityId: '3', activityType: { name: 'recordAppointment' } }, '2026-12-02T09:00:01Z'),
    event('ACTIVITY_TASK_FAILED', 'activityTaskFailedEventAttributes', { scheduledEventId: '10', failure: { message: 'Base de données injoignable' } }, '2026-12-02T09:00:02Z'),
    event('UPSERT_WORKFLOW_SEARCH_ATTRIBUTES', 'upsertWorkflowSearchAttributesEventAttributes', {}, '2026-12-02T09:00:03Z'),
    event(
      'WORKFLOW_EXECUTION_UPDATE_COMPLETED',
      'workflowExecutionUpdateCompletedEventAttributes',
      { meta: { updateId: 'maj-1' }, outcome: { failure: { message: 'La visite est déjà close.' } } },
      '2026-12-02T09:00:04Z',
    ),
    event('WORKFLOW_EXECUTION_COMPLETED', 'workflowExecutionCompletedEventAttributes', {}, '2026-12-02T09:00:05Z'),
  ];
  return historyFromJSON({ events });
}

describe('timeline from the Temporal history', () => {
  it('tells each step in French, leaving out the engine’s own bookkeeping', () => {
    expect(historyTimeline(recordedHistory()).map(({ title, detail, tone }) => ({ title, detail, tone }))).toEqual([
      { title: 'Processus de visite démarré', detail: undefined, tone: 'info' },
      { title: 'Étape terminée : Ouverture d’une tâche', detail: 'Planifier le rendez-vous (Assistant(e) médical(e))', tone: 'info' },
      { title: 'Surveillance de l’échéance démarrée', detail: 'Alerte prévue le mardi 1 décembre 2026 à 09:00', tone: 'info' },
      { title: 'Échéance atteinte sans visite réalisée', detail: undefined, tone: 'danger' },
      { title: 'Étape terminée : Signalement du dépassement d’échéance', detail: undefined, tone: 'info' },
      { title: 'Décision acceptée : planification du rendez-vous', detail: 'Par Sophie Leroy', tone: 'info' },
      { title: 'Étape en échec : Enregistrement du rendez-vous', detail: 'Base de données injoignable', tone: 'danger' },
      { title: 'Décision refusée : planification du rendez-vous', detail: 'La visite est déjà close.', tone: 'warning' },
      { title: 'Processus de visite terminé', detail: undefined, tone: 'success' },
    ]);
  });

  it('dates each entry in Paris time', () => {
    const [started] = historyTimeline(recordedHistory());
    expect(started).toMatchObject({ at: '2026-11-23T08:00:00.000Z', when: 'lundi 23 novembre 2026 à 09:00', source: 'Processus' });
  });
});
