// Issue 5: the filters of the visit list, kept in the URL in French, and the one SQL condition they become.
// The console's list, its CSV export and cockpit, and the coordinators' daily digest all count and list
// visits through it, so a number and the list it links to cannot disagree.
import { z } from 'zod';
import { isCivilDate, plusDays, type CivilDate } from '../../workflows/rules/calendar.js';
import { visitTypes } from '../../workflows/rules/visit-types.js';
import { Prisma } from '../../prisma/generated/client.js';
import type { Db } from '../db.js';
import { VisitStatus } from '../../prisma/generated/enums.js';

export const OPEN_STATUSES = ['TO_SCHEDULE', 'SCHEDULED'] as const;
const visitStatuses = Object.values(VisitStatus);
export const OPEN_STATUS_LITERALS = Prisma.raw(OPEN_STATUSES.map((status) => `'${status}'`).join(', '));
/** The « professionnel » filter's value for visits nobody holds yet. */
export const UNASSIGNED = 'aucun';


// An unreadable value is dropped rather than failing the page.
const civilDateParam = z.string().refine(isCivilDate).optional().catch(undefined);
const flagParam = z.literal('1').optional().catch(undefined);
const listQuerySchema = z.object({
  statut: z.enum(visitStatuses as [VisitStatus, ...VisitStatus[]]).optional().catch(undefined),
  type: z.enum(visitTypes).optional().catch(undefined),
  /** To schedule or scheduled. */
  ouvertes: flagParam,
  retard: flagParam,
  echeanceDu: civilDateParam,
  echeanceAu: civilDateParam,
  professionnel: z.union([z.literal(UNASSIGNED), z.string().uuid()]).optional().catch(undefined),
  /** A teleconsultation waits for the employee's consent (R-TELE-4). */
  consentement: flagParam,
  /** A nurse re-oriented the visit to a doctor (R-DEL-2..4), who has not concluded yet. */
  reorientation: flagParam,
  /** Part of the employee's names or of the employer's name. */
  q: z
    .string()
    .trim()
    .max(80)
    .optional()
    .catch(undefined)
    .transform((text) => (text && text.length >= 2 ? text : undefined)),
  apres: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}_[0-9a-f-]{36}$/)
    .optional()
    .catch(undefined),
});
export type VisitListQuery = z.infer<typeof listQuerySchema>;
export type VisitFilters = Omit<VisitListQuery, 'apres'>;

export function parseListQuery(searchParams: URLSearchParams): VisitListQuery {
  return listQuerySchema.parse(Object.fromEntries(searchParams));
}

/** The filters of a list query, without its page position. */
export function filtersOf({ apres: _, ...filters }: VisitListQuery): VisitFilters {
  return filters;
}

/** What coordinators watch, as the list's filters: the cockpit and the morning digest ask it the same way. */
export const watchedVisits = {
  overdue: { ouvertes: '1', retard: '1' },
  dueWithin: (today: CivilDate, days: number): VisitFilters => ({ ouvertes: '1', echeanceDu: today, echeanceAu: plusDays(today, days) }),
  unbookedDueWithin: (today: CivilDate, days: number): VisitFilters => ({ statut: 'TO_SCHEDULE', echeanceDu: today, echeanceAu: plusDays(today, days) }),
  unassigned: { ouvertes: '1', professionnel: UNASSIGNED },
  awaitingConsent: { ouvertes: '1', consentement: '1' },
  reoriented: { ouvertes: '1', reorientation: '1' },
} satisfies Record<string, VisitFilters | ((today: CivilDate, days: number) => VisitFilters)>;

/** The list's URL for these filters: what the cockpit links to. */
export function listHref(filters: VisitFilters, path = '/visites'): string {
  const params = new URLSearchParams(Object.entries(filters).flatMap(([name, value]) => (value ? [[name, String(value)]] : [])));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * Raw SQL for plans Prisma's query builder cannot get: the overdue filter with its statuses as literals, so
 * that PostgreSQL can prove it implies the partial index on overdue or open visits (Prisma's enum parameters
 * are casts the planner does not fold), and the keyset as a row-value range the (deadline, id) index starts at.
 */
export function filterCondition(filters: VisitFilters, today: CivilDate): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filters.statut) conditions.push(Prisma.sql`"status" = ${filters.statut}::"VisitStatus"`);
  if (filters.type) conditions.push(Prisma.sql`"type" = ${filters.type}::"VisitType"`);
  if (filters.ouvertes) conditions.push(Prisma.sql`"status" IN (${OPEN_STATUS_LITERALS})`);
  if (filters.retard) conditions.push(Prisma.sql`("overdue" OR ("status" IN (${OPEN_STATUS_LITERALS}) AND "deadline" < ${today}::date))`);
  if (filters.echeanceDu) conditions.push(Prisma.sql`"deadline" >= ${filters.echeanceDu}::date`);
  if (filters.echeanceAu) conditions.push(Prisma.sql`"deadline" <= ${filters.echeanceAu}::date`);
  if (filters.professionnel === UNASSIGNED) conditions.push(Prisma.sql`"assignedProfessionalId" IS NULL`);
  else if (filters.professionnel) conditions.push(Prisma.sql`"assignedProfessionalId" = ${filters.professionnel}`);
  if (filters.consentement) {
    conditions.push(Prisma.sql`"id" IN (SELECT "visitId" FROM "Teleconsultation" WHERE "status" = 'AWAITING_CONSENT')`);
  }
  if (filters.reorientation) conditions.push(Prisma.sql`"reorientationWorkflowId" IS NOT NULL`);
  if (filters.q) {
    const pattern = likePattern(filters.q);
    // A UNION rather than one OR across the join, so each side can use its trigram indexes.
    conditions.push(Prisma.sql`"employeeId" IN (
      SELECT "id" FROM "Employee" WHERE "birthName" ILIKE ${pattern} OR "usedName" ILIKE ${pattern} OR "firstNames" ILIKE ${pattern}
      UNION
      SELECT e."id" FROM "Employee" e JOIN "Employer" r ON r."id" = e."employerId" WHERE r."name" ILIKE ${pattern})`);
  }
  return Prisma.join(conditions, ' AND ');
}


/** How many visits the list shows for these filters. */
export async function countVisits(db: Db, filters: VisitFilters, today: CivilDate): Promise<number> {
  const [row] = await db.$queryRaw<[{ count: number }]>`SELECT count(*)::int AS "count" FROM "Visit" WHERE ${filterCondition(filters, today)}`;
  return row.count;
}
