-- Issue 5: administrators deactivate the account of someone who left the service. The row stays, since
-- visits, tasks, protocols and the audit trail name it, but it no longer signs in nor takes visits.
ALTER TABLE "Professional" ADD COLUMN "deactivatedAt" TIMESTAMP(3);
