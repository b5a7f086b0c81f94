// Issue 8: the yearly staff declaration campaign in the console. A company reads its list as of 1 January
// and confirms it (its campaign workflow then stops reminding it); administrators open the year's campaigns
// and, with the coordinators, follow which companies have not confirmed yet.
import { confirmStaffDeclaration, launchStaffDeclarationCampaigns, staffAsOfJanuary } from '../../../activities/domain/staff-declaration.js';
import { DomainError } from '../../../activities/domain/errors.js';
import { parisCivilDate } from '../../../workflows/rules/calendar.js';
import { audit } from './audit.server.js';
import type { SignedInEmployer, SignedInProfessional } from './auth.server.js';
import { consoleContext } from './context.server.js';
import { declaredEmployeeSelect } from './employer-portal.server.js';
import { frenchDbDate, frenchShortDateTime, surnameFirst } from './format.server.js';
import { followUpCategoryLabels, riskLabels } from './labels.server.js';
import type { RiskCode } from '../../../workflows/rules/protocol-config.js';

/** Listed up to this many employees; the page says how many more the list holds. */
const LISTED_EMPLOYEES = 1000;

const currentYear = () => Number(parisCivilDate(new Date()).slice(0, 4));

function campaignState(campaign: { confirmedAt: Date | null; expiredAt: Date | null }): string {
  if (campaign.confirmedAt) return `Confirmée le ${frenchShortDateTime(campaign.confirmedAt)}`;
  if (campaign.expiredAt) return `Close sans confirmation le ${frenchShortDateTime(campaign.expiredAt)}`;
  return 'En attente de votre confirmation';
}

/** The company's latest campaign and its list as of 1 January of that year. */
export async function loadStaffDeclaration(employer: SignedInEmployer) {
  const { db } = consoleContext();
  const campaign = await db.staffDeclarationCampaign.findFirst({
    where: { employerId: employer.employerId },
    orderBy: { year: 'desc' },
    select: { id: true, year: true, openedAt: true, remindersSent: true, confirmedAt: true, confirmedHeadcount: true, expiredAt: true },
  });
  if (!campaign) return { campaign: null, employees: [], headcount: 0 };
  const where = staffAsOfJanuary(employer.employerId, campaign.year);
  const [headcount, employees] = await Promise.all([
    db.employee.count({ where }),
    db.employee.findMany({
      where,
      orderBy: [{ birthName: 'asc' }, { firstNames: 'asc' }],
      take: LISTED_EMPLOYEES,
      select: declaredEmployeeSelect,
    }),
  ]);
  return {
    campaign: {
      id: campaign.id,
      year: campaign.year,
      openedAt: frenchShortDateTime(campaign.openedAt),
      remindersSent: campaign.remindersSent,
      state: campaignState(campaign),
      open: !campaign.confirmedAt && !campaign.expiredAt,
      confirmedHeadcount: campaign.confirmedHeadcount,
    },
    headcount,
    employees: employees.map((employee) => ({
      id: employee.id,
      name: surnameFirst(employee),
      post: employee.post.title,
      contract: employee.apprentice ? 'Apprentissage' : 'Salarié',
      category: followUpCategoryLabels[employee.post.followUpCategory],
      risks: [...employee.post.risks.map((risk) => riskLabels[risk as RiskCode] ?? risk), ...(employee.post.nightWork ? ['Travail de nuit'] : [])].join(', '),
      hireDate: frenchDbDate(employee.hireDate),
      departedOn: employee.departedOn ? frenchDbDate(employee.departedOn) : null,
    })),
  };
}

export async function confirmCompanyStaffDeclaration(request: Request, employer: SignedInEmployer, fields: Record<string, FormDataEntryValue>): Promise<string> {
  const { db, temporal } = consoleContext();
  const campaignId = String(fields.campaignId ?? '');
  const { confirmedAt, headcount, year } = await confirmStaffDeclaration(db, temporal, { id: employer.id, employerId: employer.employerId }, campaignId);
  await audit(request, {
    actor: employer,
    action: 'staff-declaration.confirm',
    entityType: 'StaffDeclarationCampaign',
    entityId: campaignId,
    reason: `${headcount} salarié(s) au 1er janvier ${year}`,
  });
  return `Merci : la liste de vos ${headcount} salarié(s) au 1er janvier ${year} est confirmée le ${frenchShortDateTime(new Date(confirmedAt))}.`;
}

/** The campaigns of one year across the companies: how many confirmed, and who is still being reminded. */
export async function loadCampaignOverview(yearParam: string | null) {
  const { db } = consoleContext();
  const year = yearParam && /^\d{4}$/.test(yearParam) ? Number(yearParam) : currentYear();
  const [companies, opened, confirmed, expired, waiting] = await Promise.all([
    db.employer.count(),
    db.staffDeclarationCampaign.count({ where: { year } }),
    db.staffDeclarationCampaign.count({ where: { year, confirmedAt: { not: null } } }),
    db.staffDeclarationCampaign.count({ where: { year, expiredAt: { not: null } } }),
    db.staffDeclarationCampaign.findMany({
      where: { year, confirmedAt: null, expiredAt: null },
      orderBy: [{ remindersSent: 'desc' }, { openedAt: 'asc' }],
      take: 200,
      select: { id: true, remindersSent: true, lastReminderAt: true, employer: { select: { name: true, siret: true, contactEmail: true } } },
    }),
  ]);
  return {
    year,
    counts: { companies, opened, confirmed, expired, waiting: opened - confirmed - expired },
    waiting: waiting.map((campaign) => ({
      id: campaign.id,
      company: campaign.employer.name,
      siret: campaign.employer.siret,
      contact: campaign.employer.contactEmail,
      remindersSent: campaign.remindersSent,
      lastReminder: campaign.lastReminderAt ? frenchShortDateTime(campaign.lastReminderAt) : null,
    })),
    canOpen: year >= currentYear(),
  };
}

/** An administrator opens the year's campaigns; companies already asked are not asked again. */
export async function openCampaigns(request: Request, admin: SignedInProfessional, fields: Record<string, FormDataEntryValue>): Promise<number> {
  const year = Number(fields.year);
  if (!Number.isInteger(year) || year < currentYear() || year > currentYear() + 1) {
    throw new DomainError('VALIDATION', `Choisissez l’année ${currentYear()} ou ${currentYear() + 1}.`, { year: 'Année de campagne invalide' });
  }
  await launchStaffDeclarationCampaigns(consoleContext().temporal, year);
  await audit(request, { actor: admin, action: 'staff-declaration.open', entityType: 'StaffDeclarationCampaign', entityId: String(year), reason: `Campagne ${year}` });
  return year;
}
