-- CreateEnum
CREATE TYPE "RemoteProposer" AS ENUM ('PROFESSIONAL', 'EMPLOYEE', 'EMPLOYER');

-- CreateEnum
CREATE TYPE "TeleconsultationStatus" AS ENUM ('AWAITING_CONSENT', 'CONSENTED', 'WAITING_ROOM', 'IN_PROGRESS', 'ENDED', 'REFUSED', 'INTERRUPTED', 'FAILED', 'SUPERSEDED');

-- CreateEnum
CREATE TYPE "ConsentChannel" AS ENUM ('LINK', 'ORAL');

-- CreateEnum
CREATE TYPE "TeleconsultationIncidentKind" AS ENUM ('INTERRUPTION', 'TECHNICAL_FAILURE', 'ADVERSE_EVENT');

-- CreateEnum
CREATE TYPE "ThirdPartyRole" AS ENUM ('TREATING_DOCTOR', 'OTHER_PROFESSIONAL', 'RELATIVE', 'INTERPRETER');

-- CreateEnum
CREATE TYPE "MessageChannel" AS ENUM ('EMAIL', 'SMS');

-- CreateEnum
CREATE TYPE "MessageStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- AlterEnum
ALTER TYPE "TaskKind" ADD VALUE 'PRE_CALL';

-- AlterEnum
ALTER TYPE "DocumentKind" ADD VALUE 'REPORT';

-- AlterTable
ALTER TABLE "Visit" ADD COLUMN     "remoteProposedBy" "RemoteProposer",
ADD COLUMN     "teleconsultationWorkflowId" TEXT;

-- CreateTable
CREATE TABLE "Teleconsultation" (
    "id" TEXT NOT NULL,
    "visitId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "status" "TeleconsultationStatus" NOT NULL DEFAULT 'AWAITING_CONSENT',
    "appointmentAt" TIMESTAMP(3) NOT NULL,
    "professionalId" TEXT NOT NULL,
    "proposedBy" "RemoteProposer" NOT NULL,
    "roomName" TEXT NOT NULL,
    "linkTokenHash" TEXT NOT NULL,
    "accessCodeFailures" INTEGER NOT NULL DEFAULT 0,
    "accessCodeLockedAt" TIMESTAMP(3),
    "consentAt" TIMESTAMP(3),
    "consentChannel" "ConsentChannel",
    "consentTextVersion" TEXT,
    "consentIp" TEXT,
    "consentRecordedById" TEXT,
    "refusedAt" TIMESTAMP(3),
    "refusalReason" TEXT,
    "preCallDoneAt" TIMESTAMP(3),
    "employeeJoinedAt" TIMESTAMP(3),
    "identityCheck" JSONB,
    "admittedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "endedReason" TEXT,
    "report" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Teleconsultation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeleconsultationParticipant" (
    "id" TEXT NOT NULL,
    "teleconsultationId" TEXT NOT NULL,
    "role" "ThirdPartyRole" NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "employeeConsentAt" TIMESTAMP(3) NOT NULL,
    "invitedById" TEXT NOT NULL,
    "linkTokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "idempotencyKey" TEXT NOT NULL,

    CONSTRAINT "TeleconsultationParticipant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeleconsultationIncident" (
    "id" TEXT NOT NULL,
    "teleconsultationId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" "TeleconsultationIncidentKind" NOT NULL,
    "by" TEXT,
    "reason" TEXT NOT NULL,
    "actorId" TEXT,
    "idempotencyKey" TEXT NOT NULL,

    CONSTRAINT "TeleconsultationIncident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SatisfactionResponse" (
    "id" TEXT NOT NULL,
    "teleconsultationId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SatisfactionResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboundMessage" (
    "id" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "channel" "MessageChannel" NOT NULL,
    "recipient" TEXT NOT NULL,
    "subject" TEXT,
    "body" TEXT NOT NULL,
    "attachmentDocumentIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "visitId" TEXT,
    "status" "MessageStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "providerMessageId" TEXT,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "OutboundMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Teleconsultation_workflowId_key" ON "Teleconsultation"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "Teleconsultation_roomName_key" ON "Teleconsultation"("roomName");

-- CreateIndex
CREATE UNIQUE INDEX "Teleconsultation_linkTokenHash_key" ON "Teleconsultation"("linkTokenHash");

-- CreateIndex
CREATE INDEX "Teleconsultation_status_idx" ON "Teleconsultation"("status");

-- CreateIndex
CREATE UNIQUE INDEX "Teleconsultation_visitId_revision_key" ON "Teleconsultation"("visitId", "revision");

-- CreateIndex
CREATE UNIQUE INDEX "TeleconsultationParticipant_linkTokenHash_key" ON "TeleconsultationParticipant"("linkTokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "TeleconsultationParticipant_idempotencyKey_key" ON "TeleconsultationParticipant"("idempotencyKey");

-- CreateIndex
CREATE INDEX "TeleconsultationParticipant_teleconsultationId_idx" ON "TeleconsultationParticipant"("teleconsultationId");

-- CreateIndex
CREATE UNIQUE INDEX "TeleconsultationIncident_idempotencyKey_key" ON "TeleconsultationIncident"("idempotencyKey");

-- CreateIndex
CREATE INDEX "TeleconsultationIncident_teleconsultationId_idx" ON "TeleconsultationIncident"("teleconsultationId");

-- CreateIndex
CREATE UNIQUE INDEX "SatisfactionResponse_teleconsultationId_key" ON "SatisfactionResponse"("teleconsultationId");

-- CreateIndex
CREATE UNIQUE INDEX "OutboundMessage_idempotencyKey_key" ON "OutboundMessage"("idempotencyKey");

-- CreateIndex
CREATE INDEX "OutboundMessage_visitId_idx" ON "OutboundMessage"("visitId");

-- CreateIndex
CREATE INDEX "OutboundMessage_status_idx" ON "OutboundMessage"("status");

-- AddForeignKey
ALTER TABLE "Teleconsultation" ADD CONSTRAINT "Teleconsultation_visitId_fkey" FOREIGN KEY ("visitId") REFERENCES "Visit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeleconsultationParticipant" ADD CONSTRAINT "TeleconsultationParticipant_teleconsultationId_fkey" FOREIGN KEY ("teleconsultationId") REFERENCES "Teleconsultation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeleconsultationIncident" ADD CONSTRAINT "TeleconsultationIncident_teleconsultationId_fkey" FOREIGN KEY ("teleconsultationId") REFERENCES "Teleconsultation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SatisfactionResponse" ADD CONSTRAINT "SatisfactionResponse_teleconsultationId_fkey" FOREIGN KEY ("teleconsultationId") REFERENCES "Teleconsultation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboundMessage" ADD CONSTRAINT "OutboundMessage_visitId_fkey" FOREIGN KEY ("visitId") REFERENCES "Visit"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- AlterTable
ALTER TABLE "Employer" ADD COLUMN     "contactEmail" TEXT;
