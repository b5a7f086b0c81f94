-- AlterEnum
ALTER TYPE "TaskKind" ADD VALUE 'REORIENTATION';

-- AlterTable
ALTER TABLE "Visit" ADD COLUMN     "reorientationWorkflowId" TEXT;

-- AlterTable
ALTER TABLE "HumanTask" ADD COLUMN     "priority" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "DelegationProtocol" (
    "id" TEXT NOT NULL,
    "nurseId" TEXT NOT NULL,
    "doctorId" TEXT NOT NULL,
    "validFrom" DATE NOT NULL,
    "validTo" DATE,
    "visitTypes" "VisitType"[],
    "signedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DelegationProtocol_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DelegationProtocol_nurseId_idx" ON "DelegationProtocol"("nurseId");

-- AddForeignKey
ALTER TABLE "DelegationProtocol" ADD CONSTRAINT "DelegationProtocol_nurseId_fkey" FOREIGN KEY ("nurseId") REFERENCES "Professional"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DelegationProtocol" ADD CONSTRAINT "DelegationProtocol_doctorId_fkey" FOREIGN KEY ("doctorId") REFERENCES "Professional"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

