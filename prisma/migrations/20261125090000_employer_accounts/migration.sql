-- Accounts of member companies' people (the employer portal), scoped to one employer.
ALTER TYPE "ProfessionalRole" ADD VALUE 'EMPLOYER';

ALTER TABLE "Professional" ADD COLUMN "employerId" TEXT;
ALTER TABLE "Professional" ADD CONSTRAINT "Professional_employerId_fkey" FOREIGN KEY ("employerId") REFERENCES "Employer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE INDEX "Professional_employerId_idx" ON "Professional"("employerId");

-- An employer account always names its company, and only employer accounts do. Compared as text: a new
-- enum value cannot be used in the transaction that adds it.
ALTER TABLE "Professional" ADD CONSTRAINT "Professional_employer_scope" CHECK (("role"::text = 'EMPLOYER') = ("employerId" IS NOT NULL));
