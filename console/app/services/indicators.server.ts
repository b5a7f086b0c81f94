// R-TELE-15: activity indicators of teleconsultation over a period — counts and averages only, no person.
import { z } from 'zod';
import { compareCivil, endOfParisDay, frenchDate, isCivilDate, parisCivilDate, plusDays, plusMonths, type CivilDate } from '../../../workflows/rules/calendar.js';
import { consoleContext } from './context.server.js';

const civilDateParam = z.string().refine(isCivilDate).optional().catch(undefined);
const periodQuerySchema = z.object({ du: civilDateParam, au: civilDateParam });

export interface Period {
  from: CivilDate;
  to: CivilDate;
}

/** The period in the URL (`du`, `au`, both included); by default the last 12 months up to today. */
export function parsePeriod(searchParams: URLSearchParams, now = new Date()): Period {
  const query = periodQuerySchema.parse(Object.fromEntries(searchParams));
  const to = query.au ?? parisCivilDate(now);
  const from = query.du ?? plusDays(plusMonths(to, -12), 1);
  return compareCivil(from, to) <= 0 ? { from, to } : { from: to, to: from };
}

const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });
const decimal = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export async function loadIndicators(period: Period) {
  const { db } = consoleContext();
  const start = endOfParisDay(plusDays(period.from, -1));
  const end = endOfParisDay(period.to);
  const within = { gte: start, lt: end };

  const [scheduled, ended, completedByModality, refusals, incidents, satisfaction] = await Promise.all([
    db.teleconsultation.count({ where: { appointmentAt: within, status: { not: 'SUPERSEDED' } } }),
    db.teleconsultation.findMany({
      where: { status: 'ENDED', endedAt: within },
      select: { admittedAt: true, endedAt: true },
    }),
    db.visit.groupBy({ by: ['modality'], where: { status: 'COMPLETED', concludedAt: within }, _count: { _all: true } }),
    db.teleconsultation.count({ where: { refusedAt: within } }),
    db.teleconsultationIncident.groupBy({ by: ['kind'], where: { at: within }, _count: { _all: true } }),
    db.satisfactionResponse.aggregate({ where: { createdAt: within }, _avg: { score: true }, _count: { _all: true } }),
  ]);

  const completed = Object.fromEntries(completedByModality.map((row) => [row.modality, row._count._all])) as Partial<Record<'IN_PERSON' | 'REMOTE', number>>;
  const remote = completed.REMOTE ?? 0;
  const inPerson = completed.IN_PERSON ?? 0;
  const durations = ended.flatMap((session) =>
    session.admittedAt && session.endedAt ? [(session.endedAt.getTime() - session.admittedAt.getTime()) / 60_000] : [],
  );
  const averageMinutes = durations.length > 0 ? durations.reduce((sum, minutes) => sum + minutes, 0) / durations.length : null;
  const incidentCount = (kind: 'INTERRUPTION' | 'TECHNICAL_FAILURE' | 'ADVERSE_EVENT') => incidents.find((row) => row.kind === kind)?._count._all ?? 0;

  return {
    period: { from: period.from, to: period.to, label: `du ${frenchDate(period.from)} au ${frenchDate(period.to)}` },
    scheduled,
    ended: ended.length,
    completed: {
      remote,
      inPerson,
      remoteShare: remote + inPerson > 0 ? percent.format(remote / (remote + inPerson)) : null,
      inPersonShare: remote + inPerson > 0 ? percent.format(inPerson / (remote + inPerson)) : null,
    },
    averageDuration: averageMinutes === null ? null : `${Math.round(averageMinutes)} min`,
    refusals,
    interruptions: incidentCount('INTERRUPTION'),
    technicalFailures: incidentCount('TECHNICAL_FAILURE'),
    adverseEvents: incidentCount('ADVERSE_EVENT'),
    satisfaction: {
      count: satisfaction._count._all,
      average: satisfaction._avg.score === null ? null : `${decimal.format(satisfaction._avg.score)} / 5`,
    },
  };
}
export type Indicators = Awaited<ReturnType<typeof loadIndicators>>;
