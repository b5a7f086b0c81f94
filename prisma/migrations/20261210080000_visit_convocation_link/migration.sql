-- Issue 8: the personal link of an in-person convocation finds its visit by the hash of its token.
ALTER TABLE "Visit" ADD COLUMN "convocationTokenHash" TEXT;

CREATE UNIQUE INDEX "Visit_convocationTokenHash_key" ON "Visit"("convocationTokenHash");
