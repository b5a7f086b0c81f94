-- R-TELE-4: the pre-call's documents to prepare and notes, on the session they belong to.
ALTER TABLE "Teleconsultation" ADD COLUMN "preCallDocuments" TEXT,
ADD COLUMN "preCallNotes" TEXT;
