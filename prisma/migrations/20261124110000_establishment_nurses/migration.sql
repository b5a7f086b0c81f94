-- R-DEL-5: nurses employed by a member company's establishment never reach the DMST.
ALTER TABLE "Professional" ADD COLUMN "establishmentEmployerId" TEXT;

ALTER TABLE "Professional" ADD CONSTRAINT "Professional_establishmentEmployerId_fkey" FOREIGN KEY ("establishmentEmployerId") REFERENCES "Employer"("id") ON DELETE SET NULL ON UPDATE CASCADE;
