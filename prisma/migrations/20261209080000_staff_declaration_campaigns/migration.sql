-- Issue 8: the yearly staff declaration campaign, one row per company and year, moved by its workflow.
CREATE TABLE "StaffDeclarationCampaign" (
    "id" TEXT NOT NULL,
    "employerId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "workflowId" TEXT NOT NULL,
    "protocolVersion" INTEGER NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "remindersSent" INTEGER NOT NULL DEFAULT 0,
    "lastReminderAt" TIMESTAMP(3),
    "confirmedAt" TIMESTAMP(3),
    "confirmedById" TEXT,
    "confirmedHeadcount" INTEGER,
    "expiredAt" TIMESTAMP(3),

    CONSTRAINT "StaffDeclarationCampaign_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "StaffDeclarationCampaign_workflowId_key" ON "StaffDeclarationCampaign"("workflowId");
CREATE UNIQUE INDEX "StaffDeclarationCampaign_employerId_year_key" ON "StaffDeclarationCampaign"("employerId", "year");
CREATE INDEX "StaffDeclarationCampaign_year_idx" ON "StaffDeclarationCampaign"("year");

ALTER TABLE "StaffDeclarationCampaign" ADD CONSTRAINT "StaffDeclarationCampaign_employerId_fkey" FOREIGN KEY ("employerId") REFERENCES "Employer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
