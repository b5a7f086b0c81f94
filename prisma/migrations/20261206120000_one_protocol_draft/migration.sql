-- Administrators edit the protocol configuration as one draft at a time (issue 5): two drafts started
-- at the same moment would each be published over the other. The Prisma schema cannot express a
-- partial unique index: it lives here.
CREATE UNIQUE INDEX "ProtocolConfigVersion_one_draft_idx" ON "ProtocolConfigVersion" ("status")
  WHERE "status" = 'DRAFT';
