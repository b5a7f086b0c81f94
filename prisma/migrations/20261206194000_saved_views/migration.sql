-- Issue 5: a coordinator names the filters of the visit list to find them again, one name per person.
CREATE TABLE "SavedView" (
    "id" TEXT NOT NULL,
    "professionalId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "search" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SavedView_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "SavedView_professionalId_name_key" ON "SavedView"("professionalId", "name");
ALTER TABLE "SavedView" ADD CONSTRAINT "SavedView_professionalId_fkey" FOREIGN KEY ("professionalId") REFERENCES "Professional"("id") ON DELETE CASCADE ON UPDATE CASCADE;
