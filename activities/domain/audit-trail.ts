// R-DATA-2: the audit trail, one append-only hash chain for the console, the API and the activities.
// The database chains each row as it is inserted (trigger `audit_event_chain`, migration 20261124100000_security):
// whoever writes, the next gapless sequence and hash = sha256(previousHash + canonical JSON of the row) are
// assigned under one lock. This module is the only writer in code, and verifies the chain independently of
// the database by recomputing every hash.
import { createHash } from 'node:crypto';
import type { Db } from '../db.js';

/** Db or the client of a transaction: the trace then commits, or not, with what it describes. */
export type AuditWriter = Pick<Db, 'auditEvent'>;

export interface AuditTrailEntry {
  /** The professional who acted; null for the system or someone not signed in. */
  actorId: string | null;
  /** Who acted, as people read it (kept even if the account goes). */
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  /** Why, when the action has a reason (a refusal's message, a cancellation's motive). */
  reason?: string | null;
  ip?: string | null;
}

export async function appendAuditEvent(db: AuditWriter, entry: AuditTrailEntry): Promise<{ id: string; sequence: bigint }> {
  return db.auditEvent.create({
    data: {
      actorId: entry.actorId,
      actorLabel: entry.actorLabel,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      reason: entry.reason ?? null,
      ip: entry.ip ?? null,
    },
    select: { id: true, sequence: true },
  });
}

const GENESIS_HASH = '0'.repeat(64);

interface ChainedAuditEvent {
  id: string;
  sequence: bigint;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  reason: string | null;
  ip: string | null;
  previousHash: string;
  hash: string;
}

/** The exact text the trigger hashes: keys sorted, no spaces, `at` with milliseconds, `sequence` as a string. */
function canonicalAuditJson(event: Omit<ChainedAuditEvent, 'previousHash' | 'hash'>): string {
  return JSON.stringify({
    action: event.action,
    actorId: event.actorId,
    actorLabel: event.actorLabel,
    at: event.at.toISOString(),
    entityId: event.entityId,
    entityType: event.entityType,
    id: event.id,
    ip: event.ip,
    reason: event.reason,
    sequence: event.sequence.toString(),
  });
}

function auditEventHash(previousHash: string, event: Omit<ChainedAuditEvent, 'previousHash' | 'hash'>): string {
  return createHash('sha256').update(previousHash + canonicalAuditJson(event)).digest('hex');
}

export type AuditChainStatus =
  | { intact: true; length: bigint }
  | { intact: false; brokenAt: bigint; problem: 'sequence' | 'previous-hash' | 'hash' };

const VERIFY_BATCH = 2_000;

/**
 * Walks the whole chain in sequence order. It is broken at the first entry whose number skips (a removed
 * entry), whose previousHash is not the hash before it (entries reordered or removed) or whose hash does
 * not match its content (an altered entry).
 */
export async function verifyAuditChain(db: AuditWriter): Promise<AuditChainStatus> {
  let expectedSequence = 1n;
  let previousHash = GENESIS_HASH;
  for (;;) {
    const batch: ChainedAuditEvent[] = await db.auditEvent.findMany({
      where: { sequence: { gte: expectedSequence } },
      orderBy: { sequence: 'asc' },
      take: VERIFY_BATCH,
    });
    for (const event of batch) {
      if (event.sequence !== expectedSequence) return { intact: false, brokenAt: expectedSequence, problem: 'sequence' };
      if (event.previousHash !== previousHash) return { intact: false, brokenAt: event.sequence, problem: 'previous-hash' };
      if (event.hash !== auditEventHash(previousHash, event)) return { intact: false, brokenAt: event.sequence, problem: 'hash' };
      previousHash = event.hash;
      expectedSequence += 1n;
    }
    if (batch.length < VERIFY_BATCH) return { intact: true, length: expectedSequence - 1n };
  }
}
