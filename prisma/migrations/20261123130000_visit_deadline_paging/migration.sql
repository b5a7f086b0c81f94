-- CreateIndex
CREATE INDEX "Visit_deadline_id_idx" ON "Visit"("deadline", "id");
