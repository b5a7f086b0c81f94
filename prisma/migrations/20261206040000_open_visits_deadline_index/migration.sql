-- The visit list's overdue view (overdue flag, or open and past its deadline), in its (deadline, id)
-- order: a partial index holds only the rows that view can show, so a page no longer scans the closed
-- visits that make up most of the table. The Prisma schema cannot express a partial index: it lives here.
CREATE INDEX "Visit_overdue_or_open_deadline_id_idx" ON "Visit" ("deadline", "id")
  WHERE "overdue" OR "status" IN ('TO_SCHEDULE', 'SCHEDULED');
