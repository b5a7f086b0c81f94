-- The visit list searches part of an employee or employer name (issue 5) with ILIKE. Without these
-- trigram indexes every search reads all employees (about 100 ms at 100000 employees). pg_trgm ships
-- with PostgreSQL and is a trusted extension since PostgreSQL 13, so the database owner may create it.
-- The Prisma schema cannot express GIN trigram indexes: they live here.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "Employee_birthName_trgm_idx" ON "Employee" USING gin ("birthName" gin_trgm_ops);
CREATE INDEX "Employee_usedName_trgm_idx" ON "Employee" USING gin ("usedName" gin_trgm_ops);
CREATE INDEX "Employee_firstNames_trgm_idx" ON "Employee" USING gin ("firstNames" gin_trgm_ops);
CREATE INDEX "Employer_name_trgm_idx" ON "Employer" USING gin ("name" gin_trgm_ops);
