// Demo data for the embedded stack: professionals of each role, employers, employees, and return-to-work
// visits in several states, all driven through the real services and workflows. Runs once per database.
import type { Client } from '@temporalio/client';
import { createDb, type Db } from '../activities/db.js';
import { hashApiKey, hashPassword } from '../activities/domain/credentials.js';
import { createEmployee } from '../activities/domain/employees.js';
import { createEmployer } from '../activities/domain/employers.js';
import { sendWorkflowUpdate, type TemporalDeps } from '../activities/domain/visits.js';
import { declareWorkStoppage } from '../activities/domain/work-stoppages.js';
import { readEnvironment } from '../activities/env.js';
import { connectTemporalClient } from '../activities/temporal-connection.js';
import { parisCivilDate, plusDays, plusYears } from '../workflows/rules/calendar.js';
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

async function seedVisits(db: Db, temporal: TemporalDeps, actors: Record<ProfessionalRole, Actor>, today: string): Promise<void> {
  const employers = [
    await createEmployer(db, { name: 'Boulangerie Dupain', siret: '73282932000074' }),
    await createEmployer(db, { name: 'Chantiers du Rhône', siret: '55210055400013' }),
    await createEmployer(db, { name: 'Logistique Express', siret: '44306184100047' }),
  ];
  const person = (index: number, birthName: string, firstNames: string, sex: 'F' | 'M', employerIndex: number, post: { title: string; risks: string[]; nightWork: boolean }) => ({
    employerId: employers[employerIndex]!.id,
    birthName,
    firstNames,
    sex,
    birthDate: plusYears(today, -(24 + index * 4)),
    birthPlace: ['Lyon', 'Marseille', 'Lille', 'Nantes', 'Rennes', 'Dijon'][index % 6],
    email: `${firstNames.toLowerCase()}.${birthName.toLowerCase()}@exemple.fr`,
    phone: `06 12 34 56 ${String(10 + index)}`,
    hireDate: plusYears(today, -(1 + index)),
    post,
  });
  const baker = await createEmployee(db, temporal, person(0, 'Durand', 'Alice', 'F', 0, { title: 'Boulangère', risks: [], nightWork: true }));
  const roofer = await createEmployee(db, temporal, person(1, 'Moreau', 'Karim', 'M', 1, { title: 'Couvreur désamianteur', risks: ['ASBESTOS'], nightWork: false }));
  const driver = await createEmployee(db, temporal, person(2, 'Petit', 'Lucas', 'M', 2, { title: 'Chauffeur-livreur', risks: ['DRIVING_AUTHORISATION'], nightWork: false }));
  const clerk = await createEmployee(db, temporal, person(3, 'Lefèvre', 'Inès', 'F', 2, { title: 'Assistante administrative', risks: [], nightWork: false }));
  const mason = await createEmployee(db, temporal, person(4, 'Roux', 'Thomas', 'M', 1, { title: 'Maçon', risks: [], nightWork: false }));
  const seller = await createEmployee(db, temporal, person(5, 'Garnier', 'Emma', 'F', 0, { title: 'Vendeuse', risks: [], nightWork: false }));

  const stoppage = async (employeeId: string, cause: string, startDate: string, returnDate: string) =>
    (await declareWorkStoppage(db, temporal, { employeeId, cause, startDate, returnDate })).visits[0];
  const schedule = (workflowId: string, professional: Actor, inHours: number) =>
    sendWorkflowUpdate(temporal, workflowId, scheduleVisitUpdate, {
      actor: actors.ASSISTANT,
      professionalRole: professional.role,
      form: { appointmentAt: new Date(Date.now() + inHours * HOUR_MS).toISOString(), professionalId: professional.id },
    });

  // To schedule: returns in three days.
  await stoppage(baker.id, 'MATERNITY', plusDays(today, -112), plusDays(today, 3));
  // Scheduled with the nurse tomorrow.
  const scheduled = await stoppage(driver.id, 'WORK_ACCIDENT', plusDays(today, -40), plusDays(today, -2));
  if (scheduled) await schedule(scheduled.workflowId, actors.NURSE, 24);
  // Overdue: returned twenty days ago and never seen, so the coordinators hold an escalation.
  await stoppage(roofer.id, 'OCCUPATIONAL_DISEASE', plusDays(today, -60), plusDays(today, -20));
  // Completed by the doctor, attestation issued.
  const completed = await stoppage(clerk.id, 'ILLNESS', plusDays(today, -95), plusDays(today, -1));
  if (completed) {
    await schedule(completed.workflowId, actors.DOCTOR, 1);
    await sendWorkflowUpdate(temporal, completed.workflowId, concludeVisitUpdate, {
      actor: actors.DOCTOR,
      form: { outcome: 'ATTESTATION', nextVisitDueDate: plusYears(today, 5) },
    });
  }
  // Cancelled: the employee left the company before returning.
  const cancelled = await stoppage(mason.id, 'WORK_ACCIDENT', plusDays(today, -50), plusDays(today, 5));
  if (cancelled) {
    await sendWorkflowUpdate(temporal, cancelled.workflowId, cancelVisitUpdate, {
      actor: actors.ASSISTANT,
      form: { reason: 'Départ du salarié avant la reprise' },
    });
  }
  // Ten days of illness: no return visit required (R-REPRISE-1).
  await stoppage(seller.id, 'ILLNESS', plusDays(today, -12), plusDays(today, -2));
}

export async function seedDemo(db: Db, temporal: TemporalDeps, apiKey: string | undefined): Promise<'seeded' | 'already-seeded'> {
  if (apiKey) await ensureApiKey(db, apiKey);
  if ((await db.employer.count()) > 0) return 'already-seeded';
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const actors = {} as Record<ProfessionalRole, Actor>;
  for (const professional of demoProfessionals) {
    const created = await db.professional.upsert({
      where: { email: professional.email },
      create: { ...professional, passwordHash },
      update: {},
    });
    actors[professional.role] = { id: created.id, role: created.role, displayName: created.displayName };
  }
  await seedVisits(db, temporal, actors, parisCivilDate(new Date()));
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
    console.log(`Comptes de démonstration (mot de passe « ${DEMO_PASSWORD} ») :`);
    for (const professional of demoProfessionals) console.log(`  ${professional.email.padEnd(28)} ${professional.displayName}`);
    if (env.API_KEY) console.log(`Clé d’API : Authorization: Bearer ${env.API_KEY}`);
  } finally {
    await client?.connection.close();
    await db.$disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
