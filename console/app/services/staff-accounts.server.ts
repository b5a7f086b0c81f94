// Administrators open the accounts of the service's people and of member companies' portal users, give a
// forgotten password a provisional one, and deactivate the account of someone who left. An account is never
// deleted: visits, protocols and the audit trail keep naming it.
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../../activities/domain/credentials.js';
import { DomainError } from '../../../activities/domain/errors.js';
import { listHref } from '../../../activities/domain/visit-filters.js';
import { parseInput } from '../../../activities/domain/input.js';
import { Prisma } from '../../../prisma/generated/client.js';
import { roleLabels } from '../../../workflows/rules/labels.js';
import { accountFormSchema } from '../forms/staff-forms.js';
import { audit } from './audit.server.js';
import type { SignedInProfessional } from './auth.server.js';
import { consoleContext } from './context.server.js';
import { frenchShortDateTime } from './format.server.js';

export async function loadAccounts() {
  const { db } = consoleContext();
  const [professionals, scheduled, employers] = await Promise.all([
    db.professional.findMany({
      orderBy: [{ deactivatedAt: { sort: 'desc', nulls: 'first' } }, { displayName: 'asc' }, { id: 'asc' }],
      select: { id: true, displayName: true, email: true, role: true, totpEnabledAt: true, deactivatedAt: true, employer: { select: { name: true } } },
    }),
    db.visit.groupBy({ by: ['assignedProfessionalId'], where: { status: 'SCHEDULED', assignedProfessionalId: { not: null } }, _count: true }),
    db.employer.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }),
  ]);
  const scheduledBy = new Map(scheduled.map((group) => [group.assignedProfessionalId, group._count]));
  return {
    accounts: professionals.map((professional) => ({
      id: professional.id,
      displayName: professional.displayName,
      email: professional.email,
      role: professional.employer ? `${roleLabels[professional.role]} — ${professional.employer.name}` : roleLabels[professional.role],
      totpEnabledAt: professional.totpEnabledAt && frenchShortDateTime(professional.totpEnabledAt),
      deactivatedAt: professional.deactivatedAt && frenchShortDateTime(professional.deactivatedAt),
      scheduledVisits: scheduledBy.get(professional.id) ?? 0,
    })),
    employers,
  };
}

/** Long enough to need no rule, typed once by its holder, who then chooses their own at « Sécurité ». */
const provisionalPassword = () => randomBytes(15).toString('base64url');

export interface IssuedPassword {
  displayName: string;
  provisionalPassword: string;
}

export async function createAccount(request: Request, admin: SignedInProfessional, fields: unknown): Promise<IssuedPassword> {
  const form = parseInput(accountFormSchema, fields);
  const { db } = consoleContext();
  const invalid = (field: string, message: string) => new DomainError('VALIDATION', 'Certaines données sont invalides.', { [field]: message });
  if (form.employerId && !(await db.employer.count({ where: { id: form.employerId } }))) throw invalid('employerId', 'Choisissez une entreprise de la liste');
  // Sign-in matches addresses whatever their case: two accounts may not differ by it alone.
  const taken = () => invalid('email', 'Un compte existe déjà avec cette adresse e-mail');
  if (await db.professional.count({ where: { email: { equals: form.email, mode: 'insensitive' } } })) throw taken();
  const password = provisionalPassword();
  try {
    const account = await db.professional.create({
      data: { displayName: form.displayName, email: form.email, role: form.role, employerId: form.employerId || null, passwordHash: await hashPassword(password) },
      select: { id: true },
    });
    await audit(request, { actor: admin, action: 'account.create', entityType: 'Professional', entityId: account.id, reason: `${form.displayName} (${roleLabels[form.role]})` });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw taken();
    throw error;
  }
  return { displayName: form.displayName, provisionalPassword: password };
}

async function accountOf(professionalId: unknown, where: Prisma.ProfessionalWhereInput = {}) {
  const account =
    typeof professionalId === 'string'
      ? await consoleContext().db.professional.findFirst({ where: { id: professionalId, ...where }, select: { id: true, displayName: true } })
      : null;
  if (!account) throw new DomainError('NOT_FOUND', 'Compte introuvable, ou déjà dans cet état.');
  return account;
}

/** A forgotten password: a provisional one, every session ended; the second factor, if any, stays required. */
export async function issueProvisionalPassword(request: Request, admin: SignedInProfessional, professionalId: unknown): Promise<IssuedPassword> {
  const account = await accountOf(professionalId, { deactivatedAt: null });
  const { db } = consoleContext();
  const password = provisionalPassword();
  const [, ended] = await db.$transaction([
    db.professional.update({ where: { id: account.id }, data: { passwordHash: await hashPassword(password) } }),
    db.session.deleteMany({ where: { professionalId: account.id } }),
  ]);
  await audit(request, { actor: admin, action: 'account.password-reset', entityType: 'Professional', entityId: account.id, reason: `${ended.count} session(s) fermée(s)` });
  return { displayName: account.displayName, provisionalPassword: password };
}

export interface Deactivation {
  displayName: string;
  /** Their scheduled visits, still theirs: the reassignment page opened on exactly those. */
  scheduledVisits: number;
  reassignHref: string;
}

/**
 * Someone who left: their sessions end at once, the tasks they took go back to their role's queue, and they
 * are no longer offered for visits; the visits they hold are counted so a coordinator reassigns them.
 */
export async function deactivateAccount(request: Request, admin: SignedInProfessional, professionalId: unknown): Promise<Deactivation> {
  if (professionalId === admin.id) throw new DomainError('REFUSED', 'Vous ne pouvez pas désactiver votre propre compte : demandez-le à un autre administrateur.');
  const account = await accountOf(professionalId, { deactivatedAt: null });
  const { db } = consoleContext();
  const [, sessions, released, scheduledVisits] = await db.$transaction([
    db.professional.update({ where: { id: account.id }, data: { deactivatedAt: new Date() } }),
    db.session.deleteMany({ where: { professionalId: account.id } }),
    db.humanTask.updateMany({ where: { assigneeId: account.id, status: 'OPEN', claimedAt: { not: null } }, data: { assigneeId: null, claimedAt: null } }),
    db.visit.count({ where: { assignedProfessionalId: account.id, status: 'SCHEDULED' } }),
  ]);
  await audit(request, {
    actor: admin,
    action: 'account.deactivate',
    entityType: 'Professional',
    entityId: account.id,
    reason: `${sessions.count} session(s) fermée(s), ${released.count} tâche(s) rendue(s), ${scheduledVisits} visite(s) planifiée(s) à réaffecter`,
  });
  return { displayName: account.displayName, scheduledVisits, reassignHref: listHref({ statut: 'SCHEDULED', professionnel: account.id }, '/visites/reaffectation') };
}

export async function reactivateAccount(request: Request, admin: SignedInProfessional, professionalId: unknown): Promise<string> {
  const account = await accountOf(professionalId, { deactivatedAt: { not: null } });
  await consoleContext().db.professional.update({ where: { id: account.id }, data: { deactivatedAt: null } });
  await audit(request, { actor: admin, action: 'account.reactivate', entityType: 'Professional', entityId: account.id });
  return account.displayName;
}
