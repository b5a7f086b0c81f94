// Demo data for the embedded stack: professionals of each role, employers, employees, and return-to-work
// visits in several states, all driven through the real services and workflows. Runs once per database.
import type { Client } from '@temporalio/client';
import { createDb, type Db } from '../activities/db.js';
import { appendAuditEvent } from '../activities/domain/audit-trail.js';
import { hashApiKey, hashPassword } from '../activities/domain/credentials.js';
import { assertDelegationCovers } from '../activities/domain/delegation.js';
import { createEmployee } from '../activities/domain/employees.js';
import { createEmployer } from '../activities/domain/employers.js';
import { sendWorkflowUpdate, type TemporalDeps } from '../activities/domain/visits.js';
import { declareWorkStoppage } from '../activities/domain/work-stoppages.js';
import { recordFollowUpEvent } from '../activities/domain/follow-ups.js';
import { readEnvironment } from '../activities/env.js';
import { connectTemporalClient } from '../activities/temporal-connection.js';
import { dbDateFromCivil, parisCivilDate, plusDays, plusMonths, plusYears } from '../workflows/rules/calendar.js';
import type { ProfessionalRole } from '../workflows/rules/visit-types.js';
import { cancelVisitUpdate, concludeVisitUpdate, scheduleVisitUpdate, type Actor } from '../workflows/visit/messages.js';

export const DEMO_PASSWORD = 'demo-spsti-2026';

export const demoProfessionals: { email: string; displayName: string; role: ProfessionalRole }[] = [
  { email: 'medecin@demo.spsti.fr', displayName: 'Dr Claire Martin', role: 'DOCTOR' },
  { email: 'infirmier@demo.spsti.fr', displayName: 'Paul Bernard', role: 'NURSE' },
  { email: 'assistante@demo.spsti.fr', displayName: 'Sophie Leroy', role: 'ASSISTANT' },
  { email: 'admin@demo.spsti.fr', displayName: 'Admin SPSTI', role: 'ADMIN' },
];

const HOUR_MS = 60 * 60 * 1000;

async function ensureApiKey(db: Db, apiKey: string): Promise<void> {
  await db.apiKey.upsert({
    where: { keyHash: hashApiKey(apiKey) },
    create: { name: 'Clé de démonstration', keyHash: hashApiKey(apiKey) },
    update: { revokedAt: null },
  });
}

/** Find-or-create, so that a seed interrupted halfway completes on the next start. */
async function employer(db: Db, name: string, siret: string): Promise<{ id: string }> {
  return (await db.employer.findUnique({ where: { siret }, select: { id: true } })) ?? createEmployer(db, { name, siret });
}

async function seedVisits(db: Db, temporal: TemporalDeps, actors: Record<ProfessionalRole, Actor>, today: string): Promise<void> {
  const employers = [
    await employer(db, 'Boulangerie Dupain', '73282932000074'),
    await employer(db, 'Chantiers du Rhône', '55210055400013'),
    await employer(db, 'Logistique Express', '44306184100047'),
  ];
  const person = (
    index: number,
    names: { birthName: string; firstNames: string; sex: 'F' | 'M' },
    employerIndex: number,
    hiredDaysAgo: number,
    post: { title: string; risks: string[]; nightWork: boolean },
    nextVipInMonths?: number,
  ) => {
    const hireDate = plusDays(today, -hiredDaysAgo);
    return {
      ...names,
      employerId: employers[employerIndex]!.id,
      birthDate: plusYears(today, -(24 + index * 4)),
      birthPlace: ['Lyon', 'Marseille', 'Lille', 'Nantes', 'Rennes', 'Dijon'][index % 6],
      email: `${names.firstNames}.${names.birthName}@exemple.fr`.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase(),
      phone: `06 12 34 56 ${String(10 + index)}`,
      hireDate,
      post,
      // Employees already followed before this software: the service holds their last attestation (R-VIP-4).
      previousFollowUp:
        nextVipInMonths === undefined
          ? undefined
          : { lastVipDate: hireDate, sameJobEquivalentExposure: true, attestationHeld: true, measuresOrInaptitudeInLookback: false, nextDueDate: plusMonths(today, nextVipInMonths) },
    };
  };
  const employee = async (details: ReturnType<typeof person>) =>
    (await db.employee.findFirst({ where: { email: details.email }, select: { id: true } })) ?? createEmployee(db, temporal, details);
  const baker = await employee(person(0, { birthName: 'Durand', firstNames: 'Alice', sex: 'F' }, 0, 6 * 365, { title: 'Boulangère', risks: [], nightWork: true }, 8));
  // SIR posts (R-SIR-1): one hired in ten days, one hired five days ago whose exam is overdue.
  await employee(person(1, { birthName: 'Moreau', firstNames: 'Karim', sex: 'M' }, 1, -10, { title: 'Couvreur désamianteur', risks: ['ASBESTOS'], nightWork: false }));
  await employee(person(2, { birthName: 'Petit', firstNames: 'Lucas', sex: 'M' }, 2, 5, { title: 'Chauffeur poids lourd', risks: ['DRIVING_AUTHORISATION'], nightWork: false }));
  const clerk = await employee(person(3, { birthName: 'Lefèvre', firstNames: 'Inès', sex: 'F' }, 2, 8 * 365, { title: 'Assistante administrative', risks: [], nightWork: false }, 14));
  const mason = await employee(person(4, { birthName: 'Roux', firstNames: 'Thomas', sex: 'M' }, 1, 3 * 365, { title: 'Maçon', risks: [], nightWork: false }, 24));
  // Hired two months ago: the initial VIP is due within a month (R-VIP-1); 44 years old, so mid-career is near too.
  const seller = await employee(person(5, { birthName: 'Garnier', firstNames: 'Emma', sex: 'F' }, 0, 60, { title: 'Vendeuse', risks: [], nightWork: false }));

  const stoppage = async (employeeId: string, cause: string, startDate: string, returnDate: string) =>
    (await declareWorkStoppage(db, temporal, { employeeId, cause, startDate, returnDate })).visits[0];
  const schedule = async (workflowId: string, professional: Actor, inHours: number) => {
    const appointmentAt = new Date(Date.now() + inHours * HOUR_MS);
    const { type } = await db.visit.findUniqueOrThrow({ where: { workflowId }, select: { type: true } });
    return sendWorkflowUpdate(temporal, workflowId, scheduleVisitUpdate, {
      actor: actors.ASSISTANT,
      professionalRole: professional.role,
      delegated: await assertDelegationCovers(db, professional.id, type, parisCivilDate(appointmentAt)),
      form: { appointmentAt: appointmentAt.toISOString(), professionalId: professional.id },
    });
  };

  // To schedule: returns from maternity leave in three days.
  await stoppage(baker.id, 'MATERNITY', plusDays(today, -112), plusDays(today, 3));
  // Scheduled with the nurse tomorrow.
  const scheduled = await stoppage(seller.id, 'WORK_ACCIDENT', plusDays(today, -40), plusDays(today, -2));
  if (scheduled) await schedule(scheduled.workflowId, actors.NURSE, 24);
  // Overdue: returned twenty days ago and never seen, so the coordinators hold an escalation.
  await stoppage(mason.id, 'OCCUPATIONAL_DISEASE', plusDays(today, -60), plusDays(today, -20));
  // Ten days of illness: no return visit required (R-REPRISE-1).
  await stoppage(clerk.id, 'ILLNESS', plusDays(today, -200), plusDays(today, -190));
  // Completed by the doctor, attestation issued.
  const completed = await stoppage(clerk.id, 'ILLNESS', plusDays(today, -95), plusDays(today, -1));
  if (completed) {
    await schedule(completed.workflowId, actors.DOCTOR, 1);
    await sendWorkflowUpdate(temporal, completed.workflowId, concludeVisitUpdate, {
      actor: actors.DOCTOR,
      form: { outcome: 'ATTESTATION', nextVisitDueDate: plusYears(today, 5) },
    });
  }
  // Cancelled: an on-request visit (R-DEMANDE-1) the employee withdrew.
  const { visits: requested } = await recordFollowUpEvent(db, temporal, seller.id, {
    type: 'VISIT_REQUESTED',
    date: today,
    requestedBy: 'EMPLOYEE',
    reason: 'Douleurs au poignet depuis le changement de caisse',
  });
  if (requested[0]) {
    await sendWorkflowUpdate(temporal, requested[0].workflowId, cancelVisitUpdate, {
      actor: actors.ASSISTANT,
      form: { reason: 'Demande retirée par la salariée' },
    });
  }
}

const SEEDED_MARKER = 'seed:demo';

export async function seedDemo(db: Db, temporal: TemporalDeps, apiKey: string | undefined): Promise<'seeded' | 'already-seeded'> {
  if (apiKey) await ensureApiKey(db, apiKey);
  if (await db.auditEvent.findFirst({ where: { action: SEEDED_MARKER } })) return 'already-seeded';
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const actors = {} as Record<ProfessionalRole, Actor>;
  for (const professional of demoProfessionals) {
    const created = await db.professional.upsert({
      where: { email: professional.email },
      create: { ...professional, passwordHash },
      update: {},
    });
    actors[professional.role] = { id: created.id, role: professional.role, displayName: created.displayName };
  }
  const today = parisCivilDate(new Date());
  // R-DEL-1: the demo nurse works under a protocol the demo doctor signed, for every delegable visit type.
  if (!(await db.delegationProtocol.findFirst({ where: { nurseId: actors.NURSE.id } }))) {
    await db.delegationProtocol.create({
      data: {
        nurseId: actors.NURSE.id,
        doctorId: actors.DOCTOR.id,
        validFrom: dbDateFromCivil(plusYears(today, -1)),
        visitTypes: ['VIP_INITIAL', 'VIP_RENEWAL', 'SIR_INTERMEDIATE', 'MID_CAREER', 'PRE_REPRISE', 'REPRISE', 'ON_REQUEST', 'LIAISON'],
        signedAt: new Date(),
      },
    });
  }
  await seedVisits(db, temporal, actors, today);
  await appendAuditEvent(db, { actorId: null, actorLabel: 'Lanceur', action: SEEDED_MARKER, entityType: 'Database', entityId: 'demo' });
  return 'seeded';
}

async function main(): Promise<void> {
  const env = readEnvironment();
  const db = createDb(env.DATABASE_URL);
  let client: Client | undefined;
  try {
    client = await connectTemporalClient(env);
    const result = await seedDemo(db, { client, taskQueue: env.TEMPORAL_TASK_QUEUE }, env.API_KEY);
    console.log(result === 'seeded' ? 'Données de démonstration créées.' : 'Données de démonstration déjà présentes.');
    console.log(`Comptes de démonstration (mot de passe « ${DEMO_PASSWORD} » ; médecin, infirmier et administrateur activent la double authentification à la première connexion) :`);
    for (const professional of demoProfessionals) console.log(`  ${professional.email.padEnd(28)} ${professional.displayName}`);
    if (env.API_KEY) console.log(`Clé d’API : Authorization: Bearer ${env.API_KEY}`);
  } finally {
    await client?.connection.close();
    await db.$disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
