-- R-DATA-3, R-DATA-4: employees' data-protection requests, their reminders and exports, and the limitation freeze.
CREATE TYPE "DataRightsKind" AS ENUM ('ACCESS', 'RECTIFICATION', 'LIMITATION', 'TRANSFER');

CREATE TYPE "DataRightsStatus" AS ENUM ('OPEN', 'COMPLETED');

CREATE TYPE "DataRightsTaskKind" AS ENUM ('REMINDER', 'ESCALATION');

ALTER TABLE "Employee" ADD COLUMN "frozenAt" TIMESTAMP(3),
ADD COLUMN "frozenReason" TEXT,
ADD COLUMN "frozenByRequestId" TEXT;

CREATE TABLE "DataRightsRequest" (
    "id" TEXT NOT NULL,
    "employeeId" TEXT NOT NULL,
    "kind" "DataRightsKind" NOT NULL,
    "status" "DataRightsStatus" NOT NULL DEFAULT 'OPEN',
    "receivedOn" DATE NOT NULL,
    "dueDate" DATE NOT NULL,
    "details" TEXT NOT NULL,
    "recordedById" TEXT NOT NULL,
    "writtenConsentReceived" BOOLEAN NOT NULL DEFAULT false,
    "idCopyReceived" BOOLEAN NOT NULL DEFAULT false,
    "summary" TEXT,
    "completedAt" TIMESTAMP(3),
    "completedById" TEXT,
    "workflowId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataRightsRequest_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "DataRightsTask" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "kind" "DataRightsTaskKind" NOT NULL,
    "status" "TaskStatus" NOT NULL DEFAULT 'OPEN',
    "dueDate" DATE NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),
    "idempotencyKey" TEXT NOT NULL,

    CONSTRAINT "DataRightsTask_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "DataRightsExport" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "pdf" BYTEA NOT NULL,
    "json" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataRightsExport_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "DataRightsRequest_workflowId_key" ON "DataRightsRequest"("workflowId");

CREATE INDEX "DataRightsRequest_status_dueDate_idx" ON "DataRightsRequest"("status", "dueDate");

CREATE INDEX "DataRightsRequest_employeeId_idx" ON "DataRightsRequest"("employeeId");

CREATE UNIQUE INDEX "DataRightsTask_idempotencyKey_key" ON "DataRightsTask"("idempotencyKey");

CREATE INDEX "DataRightsTask_requestId_idx" ON "DataRightsTask"("requestId");

CREATE UNIQUE INDEX "DataRightsExport_requestId_key" ON "DataRightsExport"("requestId");

ALTER TABLE "DataRightsRequest" ADD CONSTRAINT "DataRightsRequest_employeeId_fkey" FOREIGN KEY ("employeeId") REFERENCES "Employee"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "DataRightsTask" ADD CONSTRAINT "DataRightsTask_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "DataRightsRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "DataRightsExport" ADD CONSTRAINT "DataRightsExport_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "DataRightsRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;
