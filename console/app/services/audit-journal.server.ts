// R-DATA-2: the administrators' view of the audit trail: filters, pages, CSV export and the chain's state.
import { z } from 'zod';
import { verifyAuditChain } from '../../../activities/domain/audit-trail.js';
import type { Prisma } from '../../../prisma/generated/client.js';
import { endOfParisDay, isCivilDate, plusDays } from '../../../workflows/rules/calendar.js';
import { csvDocument } from './csv.server.js';
import { consoleContext } from './context.server.js';
import { frenchShortDateTime } from './format.server.js';

const PAGE_SIZE = 50;
// An export is for a period or a person, not a dump of forty years: past this, narrow the filters.
export const EXPORT_LIMIT = 50_000;

// Filters live in the URL, in French; an unreadable value is dropped rather than failing the page.
const text = z.string().trim().min(1).max(200).optional().catch(undefined);
const civilDateParam = z.string().refine(isCivilDate).optional().catch(undefined);
const journalQuerySchema = z.object({
  acteur: text,
  action: text,
  entite: text,
  du: civilDateParam,
  au: civilDateParam,
  avant: z.string().regex(/^\d{1,18}$/).optional().catch(undefined),
});
export type JournalQuery = z.infer<typeof journalQuerySchema>;

export function parseJournalQuery(searchParams: URLSearchParams): JournalQuery {
  return journalQuerySchema.parse(Object.fromEntries(searchParams));
}

/**
 * acteur: part of the actor's name or their id; action: an action or its prefix (`auth.` for every sign-in
 * event); entite: an entity's id or type; du/au: Paris calendar days, both included.
 */
function whereOf(query: JournalQuery): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [];
  if (query.acteur) and.push({ OR: [{ actorLabel: { contains: query.acteur, mode: 'insensitive' } }, { actorId: query.acteur }] });
  if (query.action) and.push({ action: { startsWith: query.action } });
  if (query.entite) and.push({ OR: [{ entityId: query.entite }, { entityType: query.entite }] });
  if (query.du) and.push({ at: { gte: endOfParisDay(plusDays(query.du, -1)) } });
  if (query.au) and.push({ at: { lt: endOfParisDay(query.au) } });
  return { AND: and };
}

export interface JournalRow {
  sequence: string;
  at: string;
  actor: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  reason: string | null;
  ip: string | null;
  hash: string;
}

function toRow(event: {
  sequence: bigint;
  at: Date;
  actorLabel: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  reason: string | null;
  ip: string | null;
  hash: string;
}): JournalRow {
  return {
    sequence: event.sequence.toString(),
    at: frenchShortDateTime(event.at),
    actor: event.actorLabel,
    actorId: event.actorId,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    reason: event.reason,
    ip: event.ip,
    hash: event.hash,
  };
}

/** Newest first, paged by sequence (keyset): `avant` is the last sequence of the previous page. */
export async function listJournal(query: JournalQuery): Promise<{ rows: JournalRow[]; nextCursor: string | null }> {
  const where = whereOf(query);
  const events = await consoleContext().db.auditEvent.findMany({
    where: query.avant ? { AND: [where, { sequence: { lt: BigInt(query.avant) } }] } : where,
    orderBy: { sequence: 'desc' },
    take: PAGE_SIZE + 1,
  });
  const rows = events.slice(0, PAGE_SIZE).map(toRow);
  return { rows, nextCursor: events.length > PAGE_SIZE ? rows.at(-1)!.sequence : null };
}

export type ChainState = { intact: true; length: string } | { intact: false; brokenAt: string };

export async function chainState(): Promise<ChainState> {
  const status = await verifyAuditChain(consoleContext().db);
  return status.intact ? { intact: true, length: status.length.toString() } : { intact: false, brokenAt: status.brokenAt.toString() };
}

const CSV_HEADER = ['N°', 'Date (heure de Paris)', 'Acteur', 'Identifiant de l’acteur', 'Action', 'Type d’entité', 'Entité', 'Motif', 'Adresse IP', 'Empreinte'];

/** The filtered rows, oldest first, as CSV. */
export async function journalCsv(query: JournalQuery): Promise<{ csv: string; rows: number }> {
  const events = await consoleContext().db.auditEvent.findMany({ where: whereOf(query), orderBy: { sequence: 'asc' }, take: EXPORT_LIMIT });
  const lines = [CSV_HEADER, ...events.map(toRow).map((row) => [row.sequence, row.at, row.actor, row.actorId, row.action, row.entityType, row.entityId, row.reason, row.ip, row.hash])];
  return { csv: csvDocument(lines), rows: events.length };
}
