import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { FollowUpWorkflowInput } from '../../workflows/follow-up/messages.js';
import { civilFromDbDate, dbDateFromCivil, isCivilDate, parisCivilDate, plusYears, type CivilDate } from '../../workflows/rules/calendar.js';
import type { FollowUpCategory } from '../../workflows/rules/follow-up-category.js';
import type { FollowUpLedger } from '../../workflows/rules/follow-up-types.js';
import { organisingEmployment, startFollowUp } from '../../workflows/rules/follow-up-plan.js';
import { riskCodes, type ProtocolConfig } from '../../workflows/rules/protocol-config.js';
import type { Db } from '../db.js';
import { DomainError } from './errors.js';
import { civilDateField, parseInput, requiredText } from './input.js';
import { publishedProtocol } from './protocol.js';
import type { TemporalDeps } from './visits.js';

const MINIMUM_WORKING_AGE = 14;

export const employeeInputSchema = z
  .object({
    employerId: z.string({ required_error: 'L’employeur est obligatoire' }).uuid('Identifiant d’employeur invalide'),
    birthName: requiredText('Le nom de naissance'),
    usedName: requiredText('Le nom d’usage').optional(),
    firstNames: requiredText('Les prénoms'),
    birthDate: civilDateField('La date de naissance'),
    sex: z.enum(['F', 'M'], { errorMap: () => ({ message: 'Le sexe doit être « F » ou « M »' }) }),
    birthPlace: requiredText('Le lieu de naissance'),
    ins: z.string().regex(/^\d{13}(\d{2})?$/, 'L’INS comporte 13 ou 15 chiffres').optional(),
    email: z.string({ required_error: 'L’adresse e-mail est obligatoire' }).trim().email('Adresse e-mail invalide').max(254),
    phone: z
      .string({ required_error: 'Le téléphone est obligatoire' })
      .trim()
      .regex(/^\+?[0-9 .-]{6,20}$/, 'Numéro de téléphone invalide'),
    hireDate: civilDateField('La date d’embauche'),
    // R-CAT-2 situations; pregnancy is declared only by the employee's choice.
    apprentice: z.boolean({ invalid_type_error: 'apprentice doit valoir true ou false' }).default(false),
    disabled: z.boolean({ invalid_type_error: 'disabled doit valoir true ou false' }).default(false),
    invalidityPension: z.boolean({ invalid_type_error: 'invalidityPension doit valoir true ou false' }).default(false),
    pregnant: z.boolean({ invalid_type_error: 'pregnant doit valoir true ou false' }).default(false),
    // R-VIP-4: the last follow-up known to the service, for the initial-visit exemption.
    previousFollowUp: z
      .object({
        lastVipDate: civilDateField('La date de la dernière visite'),
        sameJobEquivalentExposure: z.boolean(),
        attestationHeld: z.boolean(),
        measuresOrInaptitudeInLookback: z.boolean(),
        nextDueDate: civilDateField('La date de prochaine visite').optional(),
      })
      .optional(),
    post: z.object(
      {
        title: requiredText('L’intitulé du poste'),
        risks: z.array(z.enum(riskCodes, { errorMap: () => ({ message: `Risque inconnu ; valeurs admises : ${riskCodes.join(', ')}` }) })).max(riskCodes.length),
        nightWork: z.boolean({ required_error: 'Indiquez si le poste comporte du travail de nuit', invalid_type_error: 'nightWork doit valoir true ou false' }),
      },
      { required_error: 'Le poste est obligatoire' },
    ),
  })
  .superRefine((employee, context) => {
    // zod runs this even when a date above failed its own check; that date already has its message.
    if (!isCivilDate(employee.birthDate) || !isCivilDate(employee.hireDate)) return;
    if (plusYears(employee.birthDate, MINIMUM_WORKING_AGE) > employee.hireDate) {
      context.addIssue({ code: 'custom', path: ['birthDate'], message: `Le salarié doit avoir au moins ${MINIMUM_WORKING_AGE} ans à l’embauche` });
    }
  });

export type EmployeeData = z.output<typeof employeeInputSchema>;

/** Active employments with other employers of people born on these days or with these INS: R-MULTI-1's candidates. */
export async function otherEmployments(db: Db, employerId: string, people: readonly EmployeeData[]) {
  const inses = people.flatMap((person) => (person.ins ? [person.ins] : []));
  return db.employee.findMany({
    where: {
      OR: [{ birthDate: { in: [...new Set(people.map((person) => person.birthDate))].map(dbDateFromCivil) } }, ...(inses.length > 0 ? [{ ins: { in: inses } }] : [])],
      departedOn: null,
      employerId: { not: employerId },
    },
    select: { id: true, ins: true, birthName: true, firstNames: true, birthDate: true, birthPlace: true, hireDate: true, post: { select: { title: true, risks: true } } },
  });
}

/** The identity traits (R-TELE-7), as a Prisma select and a zod pick mask. */
export const identityTraits = {
  birthName: true,
  usedName: true,
  firstNames: true,
  birthDate: true,
  sex: true,
  birthPlace: true,
  ins: true,
  email: true,
  phone: true,
} as const;

/**
 * R-MULTI-1: the same person (INS, or birth identity) already employed on the same post by an employer
 * who hired them earlier organises the periodic follow-up.
 */
export function followedByMainEmployer(data: EmployeeData, candidates: Awaited<ReturnType<typeof otherEmployments>>): boolean {
  const others = candidates.filter((other) =>
    data.ins
      ? other.ins === data.ins
      : other.birthName === data.birthName &&
        other.firstNames === data.firstNames &&
        civilFromDbDate(other.birthDate) === data.birthDate &&
        other.birthPlace === data.birthPlace,
  );
  if (others.length === 0) return false;
  const newcomer = { employmentId: 'new', hireDate: data.hireDate, postTitle: data.post.title, risks: data.post.risks };
  const organisers = organisingEmployment([
    newcomer,
    ...others.map((other) => ({ employmentId: other.id, hireDate: civilFromDbDate(other.hireDate), postTitle: other.post.title, risks: other.post.risks })),
  ]);
  return organisers.get('new') !== 'new';
}

/** The follow-up's first ledger for a new employee (R-CAT, R-VIP): what the workflow starts from. */
export function firstLedger(id: string, data: EmployeeData, config: ProtocolConfig, today: CivilDate, followedByMain: boolean): FollowUpLedger {
  return startFollowUp(
    id,
    {
      birthDate: data.birthDate,
      hireDate: data.hireDate,
      post: { title: data.post.title, risks: [...new Set(data.post.risks)], nightWork: data.post.nightWork, assignedOn: data.hireDate },
      apprentice: data.apprentice,
      disabled: data.disabled,
      invalidityPension: data.invalidityPension,
      pregnant: data.pregnant,
      previousFollowUp: data.previousFollowUp,
      followedByMainEmployer: followedByMain,
    },
    config,
    today,
  );
}

export const followUpWorkflowIdOf = (employeeId: string) => `follow-up-${employeeId}`;

/** The Post and Employee rows of a new employee, as `createEmployee` and the staff import write them. */
export function employeeRows(id: string, postId: string, data: EmployeeData, ledger: FollowUpLedger) {
  return {
    post: { id: postId, employerId: data.employerId, title: data.post.title, risks: ledger.situation.post.risks, nightWork: data.post.nightWork, followUpCategory: ledger.category },
    employee: {
      id,
      employerId: data.employerId,
      birthName: data.birthName,
      usedName: data.usedName,
      firstNames: data.firstNames,
      birthDate: dbDateFromCivil(data.birthDate),
      sex: data.sex,
      birthPlace: data.birthPlace,
      ins: data.ins,
      email: data.email,
      phone: data.phone,
      hireDate: dbDateFromCivil(data.hireDate),
      postId,
      apprentice: data.apprentice,
      disabled: data.disabled,
      invalidityPension: data.invalidityPension,
      pregnant: data.pregnant,
      followUpWorkflowId: followUpWorkflowIdOf(id),
    },
  };
}

/** Starts the employee's follow-up workflow, which opens the first visits at once. */
export async function startFollowUpWorkflow(temporal: TemporalDeps, employeeId: string, input: FollowUpWorkflowInput): Promise<void> {
  await temporal.client.workflow.start('followUpWorkflow', {
    workflowId: followUpWorkflowIdOf(employeeId),
    taskQueue: temporal.taskQueue,
    args: [input],
    // A working life, stated explicitly: some servers (the time-skipping test server) default to 10 years.
    workflowExecutionTimeout: '60 years',
  });
}

/**
 * `POST /api/v1/employees`: the employee's rows, then their follow-up workflow, which opens the first
 * visits at once. Nothing stays half-written: if the workflow cannot start, the rows are removed.
 */
export async function createEmployee(
  db: Db,
  temporal: TemporalDeps,
  input: unknown,
  now = new Date(),
): Promise<{ id: string; followUpCategory: FollowUpCategory }> {
  const data = parseInput(employeeInputSchema, input);
  const employer = await db.employer.findUnique({ where: { id: data.employerId }, select: { id: true } });
  if (!employer) throw new DomainError('VALIDATION', 'Employeur inconnu.', { employerId: 'Aucun adhérent avec cet identifiant' });
  const { version, config } = await publishedProtocol(db);
  const id = randomUUID();
  const ledger = firstLedger(id, data, config, parisCivilDate(now), followedByMainEmployer(data, await otherEmployments(db, employer.id, [data])));
  const rows = employeeRows(id, randomUUID(), data, ledger);
  await db.$transaction([db.post.create({ data: rows.post }), db.employee.create({ data: rows.employee })]);
  try {
    await startFollowUpWorkflow(temporal, id, { ledger, employerId: employer.id, protocolVersion: version, config });
  } catch (error) {
    await db.$transaction([db.employee.delete({ where: { id } }), db.post.delete({ where: { id: rows.post.id } })]);
    throw new DomainError('UNAVAILABLE', 'Le moteur de processus est indisponible ; le salarié n’a pas été enregistré, réessayez.', undefined, { cause: error });
  }
  return { id, followUpCategory: ledger.category };
}
