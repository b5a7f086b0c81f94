-- Issue 8: the pre-visit questionnaire. Its questions live in the protocol configuration (JSON of each
-- version), the answers of one visit are filed here, with the wording each answered.
CREATE TABLE "QuestionnaireAnswers" (
    "id" TEXT NOT NULL,
    "visitId" TEXT NOT NULL,
    "protocolVersion" INTEGER NOT NULL,
    "answers" JSONB NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "QuestionnaireAnswers_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "QuestionnaireAnswers_visitId_key" ON "QuestionnaireAnswers"("visitId");

ALTER TABLE "QuestionnaireAnswers" ADD CONSTRAINT "QuestionnaireAnswers_visitId_fkey" FOREIGN KEY ("visitId") REFERENCES "Visit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
