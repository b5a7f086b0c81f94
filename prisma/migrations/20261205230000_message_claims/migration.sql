-- Issue 4: a PENDING message belongs to the attempt that claimed it until the claim expires, so a retry that
-- overlaps a slow attempt never sends a second copy.
ALTER TABLE "OutboundMessage" ADD COLUMN "claimedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
