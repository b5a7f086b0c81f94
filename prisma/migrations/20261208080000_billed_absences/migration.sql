-- Issue 8, R-OPS-1: the employer portal lists the absences billed to the company, with the missed
-- appointment and the last moment an excuse was due, so each invoice line can be checked.
CREATE TABLE "BilledAbsence" (
    "id" TEXT NOT NULL,
    "visitId" TEXT NOT NULL,
    "occurrence" INTEGER NOT NULL,
    "appointmentAt" TIMESTAMP(3) NOT NULL,
    "excuseDueAt" TIMESTAMP(3) NOT NULL,
    "excusedAt" TIMESTAMP(3),
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BilledAbsence_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "BilledAbsence_visitId_occurrence_key" ON "BilledAbsence"("visitId", "occurrence");

ALTER TABLE "BilledAbsence" ADD CONSTRAINT "BilledAbsence_visitId_fkey" FOREIGN KEY ("visitId") REFERENCES "Visit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
