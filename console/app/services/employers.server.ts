// Issue 5: the member companies as administrators manage them: the list with what each has (employees
// followed, portal accounts, contact address), a new company, and the address its documents and yearly staff
// declaration go to. The same domain functions as the API's, audited here.
import { createEmployer, updateEmployerContact } from '../../../activities/domain/employers.js';
import { audit } from './audit.server.js';
import type { SignedInProfessional } from './auth.server.js';
import { consoleContext } from './context.server.js';

/** Listed in one page; a search by name or SIRET narrows a larger membership. */
const LISTED_COMPANIES = 200;

export async function loadEmployers(search: string) {
  const query = search.trim();
  const where = query
    ? { OR: [{ name: { contains: query, mode: 'insensitive' as const } }, { siret: { startsWith: query.replace(/\s/g, '') } }] }
    : {};
  const { db } = consoleContext();
  const [total, companies] = await Promise.all([
    db.employer.count({ where }),
    db.employer.findMany({
      where,
      orderBy: { name: 'asc' },
      take: LISTED_COMPANIES,
      select: {
        id: true,
        name: true,
        siret: true,
        contactEmail: true,
        _count: { select: { employees: { where: { departedOn: null } }, accounts: { where: { deactivatedAt: null } } } },
      },
    }),
  ]);
  return {
    search: query,
    total,
    companies: companies.map((company) => ({
      id: company.id,
      name: company.name,
      siret: company.siret,
      contactEmail: company.contactEmail,
      employees: company._count.employees,
      accounts: company._count.accounts,
    })),
  };
}

export async function recordEmployer(request: Request, admin: SignedInProfessional, fields: Record<string, FormDataEntryValue>): Promise<string> {
  const { db } = consoleContext();
  const { id } = await createEmployer(db, fields);
  const { name } = await db.employer.findUniqueOrThrow({ where: { id }, select: { name: true } });
  await audit(request, { actor: admin, action: 'employer.create', entityType: 'Employer', entityId: id, reason: name });
  return name;
}

export async function changeEmployerContact(request: Request, admin: SignedInProfessional, fields: Record<string, FormDataEntryValue>): Promise<{ name: string; contactEmail: string | null }> {
  const employerId = String(fields.employerId ?? '');
  const updated = await updateEmployerContact(consoleContext().db, employerId, fields);
  await audit(request, { actor: admin, action: 'employer.update', entityType: 'Employer', entityId: employerId, reason: `Adresse de contact : ${updated.contactEmail ?? 'aucune'}` });
  return updated;
}
