// Test data built through the same domain services the API uses.
import { randomInt } from 'node:crypto';
import type { Db } from '../../activities/db.js';
import type { TemporalDeps } from '../../activities/domain/visits.js';
import { createEmployee } from '../../activities/domain/employees.js';
import { createEmployer, isValidSiret } from '../../activities/domain/employers.js';
import { mondayOf, parisCivilDate, plusDays, type CivilDate } from '../../workflows/rules/calendar.js';
import type { ProfessionalRole } from '../../workflows/rules/visit-types.js';
import type { Actor } from '../../workflows/visit/messages.js';

/** A random SIRET whose Luhn check digit is right. */
export function randomSiret(): string {
  const body = Array.from({ length: 13 }, () => randomInt(10)).join('');
  for (let check = 0; check <= 9; check += 1) {
    if (isValidSiret(body + check)) return body + check;
  }
  throw new Error('unreachable: one check digit always satisfies Luhn');
}

export async function anEmployee(
  db: Db,
  temporal: TemporalDeps,
  details: { post?: { title?: string; risks?: string[]; nightWork?: boolean }; birthDate?: string; hireDate?: string; [other: string]: unknown } = {},
): Promise<{ employerId: string; employeeId: string; followUpCategory: string }> {
  const { post = {}, ...overrides } = details;
  const employer = await createEmployer(db, { name: 'Entreprise de test', siret: randomSiret() });
  const employee = await createEmployee(db, temporal, {
    employerId: employer.id,
    birthName: 'Martin',
    firstNames: 'Julie',
    birthDate: '1985-04-12',
    sex: 'F',
    birthPlace: 'Lyon',
    email: 'julie.martin@exemple.fr',
    phone: '06 11 22 33 44',
    hireDate: '2020-09-01',
    post: { title: post.title ?? 'Préparatrice de commandes', risks: post.risks ?? [], nightWork: post.nightWork ?? false },
    ...overrides,
  });
  return { employerId: employer.id, employeeId: employee.id, followUpCategory: employee.followUpCategory };
}

export async function aProfessional(db: Db, role: ProfessionalRole, displayName = `Pro ${role}`): Promise<Actor> {
  const professional = await db.professional.create({
    data: { email: `${role.toLowerCase()}-${randomInt(1e9)}@test.spsti.fr`, displayName, role, passwordHash: 'not-used-in-this-test' },
  });
  return { id: professional.id, role, displayName: professional.displayName };
}

/** A working day at least three days ahead, within a return visit's eight days. */
export function aWorkingDayAhead(): CivilDate {
  let day = plusDays(parisCivilDate(new Date()), 3);
  while (plusDays(mondayOf(day), 5) <= day) day = plusDays(day, 1);
  return day;
}
