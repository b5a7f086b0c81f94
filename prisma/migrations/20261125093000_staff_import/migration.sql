-- CreateTable
CREATE TABLE "StaffImport" (
    "id" TEXT NOT NULL,
    "employerId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentSha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "appliedAt" TIMESTAMP(3),
    "employeeIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "followUpsStartedAt" TIMESTAMP(3),

    CONSTRAINT "StaffImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "StaffImport_employerId_contentSha256_key" ON "StaffImport"("employerId", "contentSha256");

-- AddForeignKey
ALTER TABLE "StaffImport" ADD CONSTRAINT "StaffImport_employerId_fkey" FOREIGN KEY ("employerId") REFERENCES "Employer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
