-- Issue 6, security and data protection: two-factor authentication (R-TELE-8), sign-in throttling,
-- session idle expiry, per-key API rate limits, and the audit trail as an append-only hash chain (R-DATA-2).
-- Authored with `prisma migrate diff` from the previous schema, then the trigger SQL by hand.

-- CreateEnum
CREATE TYPE "SessionStage" AS ENUM ('SECOND_FACTOR', 'ENROLMENT', 'ACTIVE');

-- AlterTable
ALTER TABLE "Professional" ADD COLUMN     "totpEnabledAt" TIMESTAMP(3),
ADD COLUMN     "totpLastStep" INTEGER,
ADD COLUMN     "totpSecret" TEXT;

-- Sessions opened before two-factor sign-in existed end here: everyone signs in again under the new rules.
DELETE FROM "Session";

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "pendingTotpSecret" TEXT,
ADD COLUMN     "stage" "SessionStage" NOT NULL;

-- Per-key API rate limit: a one-minute window counted on the key's row.
-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "rateLimitPerMinute" INTEGER NOT NULL DEFAULT 600,
ADD COLUMN     "rateWindowCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rateWindowStart" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "RecoveryCode" (
    "id" TEXT NOT NULL,
    "professionalId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecoveryCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SignInThrottle" (
    "emailDigest" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastAttemptAt" TIMESTAMP(3) NOT NULL,
    "lockedUntil" TIMESTAMP(3),

    CONSTRAINT "SignInThrottle_pkey" PRIMARY KEY ("emailDigest")
);

-- CreateIndex
CREATE UNIQUE INDEX "RecoveryCode_professionalId_codeHash_key" ON "RecoveryCode"("professionalId", "codeHash");

-- CreateIndex
CREATE INDEX "SignInThrottle_lastAttemptAt_idx" ON "SignInThrottle"("lastAttemptAt");

-- AddForeignKey
ALTER TABLE "RecoveryCode" ADD CONSTRAINT "RecoveryCode_professionalId_fkey" FOREIGN KEY ("professionalId") REFERENCES "Professional"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Audit trail hash chain ---------------------------------------------------------------------------------
-- hash = sha256(previousHash || canonical JSON of the row): keys sorted, no spaces, `at` as an ISO instant
-- with milliseconds, `sequence` as a string. activities/domain/audit-trail.ts recomputes exactly this text
-- to verify the chain independently of the database.

ALTER TABLE "AuditEvent" ADD COLUMN "hash" TEXT,
ADD COLUMN "previousHash" TEXT,
ADD COLUMN "sequence" BIGINT;

CREATE FUNCTION audit_event_canonical(event "AuditEvent") RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT '{"action":' || to_json(event.action)::text
    || ',"actorId":' || coalesce(to_json(event."actorId")::text, 'null')
    || ',"actorLabel":' || to_json(event."actorLabel")::text
    || ',"at":' || to_json(to_char(event.at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text
    || ',"entityId":' || to_json(event."entityId")::text
    || ',"entityType":' || to_json(event."entityType")::text
    || ',"id":' || to_json(event.id)::text
    || ',"ip":' || coalesce(to_json(event.ip)::text, 'null')
    || ',"reason":' || coalesce(to_json(event.reason)::text, 'null')
    || ',"sequence":' || to_json(event.sequence::text)::text
    || '}'
$$;

CREATE FUNCTION audit_event_hash(previous_hash text, event "AuditEvent") RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(previous_hash || audit_event_canonical(event), 'UTF8')), 'hex')
$$;

-- prisma migrate deploy (JavaScript engine, pg adapter) splits a script at every semicolon, whatever the
-- quoting: the PL/pgSQL bodies below are E'' strings that write their semicolons as \x3B.

-- Existing rows, oldest first (at, id), chained from the genesis hash (64 zeros).
DO E'
DECLARE
  event "AuditEvent"\x3B
  position bigint := 0\x3B
  previous text := repeat(''0'', 64)\x3B
BEGIN
  FOR event IN SELECT * FROM "AuditEvent" ORDER BY at, id LOOP
    position := position + 1\x3B
    event.sequence := position\x3B
    UPDATE "AuditEvent" SET sequence = position, "previousHash" = previous, hash = audit_event_hash(previous, event) WHERE id = event.id\x3B
    previous := audit_event_hash(previous, event)\x3B
  END LOOP\x3B
END';

ALTER TABLE "AuditEvent" ALTER COLUMN "hash" SET NOT NULL,
ALTER COLUMN "previousHash" SET NOT NULL,
ALTER COLUMN "sequence" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_sequence_key" ON "AuditEvent"("sequence");

-- Every insert, whoever writes it (console, worker, API), takes the next position under a transaction-level
-- advisory lock: concurrent writers queue, and a rolled-back insert frees its number, so the sequence has no
-- gap. Values a client sends for these three columns are replaced.
CREATE FUNCTION audit_event_chain() RETURNS trigger
LANGUAGE plpgsql AS E'
DECLARE
  last_sequence bigint\x3B
  last_hash text\x3B
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(''spsti.audit-chain'', 0))\x3B
  -- A new statement after the lock: in READ COMMITTED it sees what the previous holder committed.
  SELECT sequence, hash INTO last_sequence, last_hash FROM "AuditEvent" ORDER BY sequence DESC LIMIT 1\x3B
  NEW.sequence := coalesce(last_sequence, 0) + 1\x3B
  NEW."previousHash" := coalesce(last_hash, repeat(''0'', 64))\x3B
  NEW.hash := audit_event_hash(NEW."previousHash", NEW)\x3B
  RETURN NEW\x3B
END';

CREATE TRIGGER audit_event_chain BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION audit_event_chain();

-- Append-only: a trace is never changed nor removed (R-DATA-2).
CREATE FUNCTION audit_event_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS E'
BEGIN
  RAISE EXCEPTION ''Le journal d’audit est en ajout seul : % refusé'', TG_OP USING ERRCODE = ''insufficient_privilege''\x3B
END';

CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "AuditEvent" FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
