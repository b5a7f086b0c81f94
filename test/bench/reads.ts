// Reads benchmark: bulk-loads visits (100,000 by default, 1,000,000 with BENCH_LARGE=1) with consistent
// employers, posts, employees, professionals and 20,000 open tasks, then times the console's and the
// API's list loaders by calling their service functions directly (console/app/services/*.server.ts),
// and beside each the EXPLAIN (ANALYZE) execution time of the SQL Prisma sent for it: the floor.
import { Client, Connection } from '@temporalio/client';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { readEnvironment } from '../../activities/env.js';
import type { Db } from '../../activities/db.js';
import { PrismaClient } from '../../prisma/generated/client.js';
import { parisCivilDate } from '../../workflows/rules/calendar.js';
import {
  intFromEnv,
  ms,
  onCleanup,
  printTable,
  scratchDir,
  startMigratedPostgres,
  summarize,
  withTimeout,
} from './support.js';

const OPEN_TASKS = 20_000;
const PROFESSIONALS = { doctors: 20, nurses: 20, assistants: 10 };
const QUERY_SECONDS = 60;

interface CapturedQuery {
  sql: string;
  params: unknown[];
}

export async function readsBenchmark(): Promise<void> {
  const visits = process.env.BENCH_LARGE === '1' ? 1_000_000 : intFromEnv('BENCH_VISITS', 100_000);
  const iterations = intFromEnv('BENCH_ITERATIONS', 200);
  if (visits < OPEN_TASKS * 2) throw new Error(`BENCH_VISITS must be at least ${OPEN_TASKS * 2}`);
  console.log(`reads: ${visits.toLocaleString('en')} visits, ${OPEN_TASKS.toLocaleString('en')} open tasks, ${iterations} iterations per query`);

  const dir = scratchDir('reads');
  const postgres = await startMigratedPostgres(dir);
  const sql = new pg.Client({ connectionString: postgres.url });
  await sql.connect();
  onCleanup('close pg client', () => sql.end());

  const loadStarted = Date.now();
  await bulkLoad(sql, visits);
  const loadSeconds = (Date.now() - loadStarted) / 1000;
  const counts = await sql.query<{ table: string; rows: string }>(`
    SELECT 'Visit' AS table, count(*)::text AS rows FROM "Visit"
    UNION ALL SELECT 'HumanTask', count(*)::text FROM "HumanTask"
    UNION ALL SELECT 'HumanTask OPEN', count(*)::text FROM "HumanTask" WHERE status = 'OPEN'
    UNION ALL SELECT 'Employee', count(*)::text FROM "Employee"
    UNION ALL SELECT 'Employer', count(*)::text FROM "Employer"`);
  console.log(`bulk load + ANALYZE: ${loadSeconds.toFixed(1)} s (${counts.rows.map((row) => `${row.table} ${Number(row.rows).toLocaleString('en')}`).join(', ')})`);

  // The console's services read their Prisma client from consoleContext(): give it one that logs its SQL.
  const captured: CapturedQuery[] = [];
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: postgres.url }), log: [{ emit: 'event', level: 'query' }] });
  db.$on('query', (event) => captured.push({ sql: event.query, params: JSON.parse(event.params) as unknown[] }));
  onCleanup('disconnect Prisma', () => db.$disconnect());
  const env = readEnvironment({ ...process.env, DATABASE_URL: postgres.url, TEMPORAL_ADDRESS: '127.0.0.1:1' });
  const temporal = { client: new Client({ connection: Connection.lazy({ address: env.TEMPORAL_ADDRESS }) }), taskQueue: 'unused' };
  (globalThis as { __spstiConsoleContext?: unknown }).__spstiConsoleContext = { env, db: db as unknown as Db, temporal };

  const { listVisits, loadCockpit, visitsCsv } = await import('../../console/app/services/visit-list.server.js');
  const { parseListQuery } = await import('../../activities/domain/visit-filters.js');
  const { loadInbox } = await import('../../console/app/services/tasks.server.js');
  const { listApiVisits } = await import('../../console/app/services/api.server.js');

  const cursorAt = async (offset: number, where = 'TRUE'): Promise<string> => {
    const row = await sql.query<{ cursor: string }>(
      `SELECT to_char(deadline, 'YYYY-MM-DD') || '_' || id AS cursor FROM "Visit" WHERE ${where} ORDER BY deadline, id OFFSET $1 LIMIT 1`,
      [offset],
    );
    if (!row.rows[0]) throw new Error(`no visit at offset ${offset}`);
    return row.rows[0].cursor;
  };
  const deepCursor = await cursorAt(Math.floor(visits * 0.8));
  const page100Cursor = await cursorAt(25 * 100);
  const deepOpenCursor = await cursorAt(Math.floor(OPEN_TASKS * 0.4 * 0.8), `status = 'TO_SCHEDULE'`);
  const professional = async (role: string) => {
    const row = await sql.query<{ id: string; email: string; displayName: string }>(
      `SELECT id, email, "displayName" FROM "Professional" WHERE role = $1 ORDER BY email LIMIT 1`,
      [role],
    );
    return { ...row.rows[0]!, role: role as 'DOCTOR' | 'ASSISTANT' };
  };
  const assistant = await professional('ASSISTANT');
  const doctor = await professional('DOCTOR');
  const someEmployee = (await sql.query<{ id: string }>(`SELECT "employeeId" AS id FROM "Visit" ORDER BY id LIMIT 1`)).rows[0]!.id;
  const searchedName = (await sql.query<{ name: string }>(`SELECT "birthName" AS name FROM "Employee" ORDER BY id LIMIT 1`)).rows[0]!.name;

  const list = (params: string) => () => listVisits(parseListQuery(new URLSearchParams(params)));
  const api = (params: string) => () => listApiVisits(new URLSearchParams(params), { apiKeyId: 'bench', employerId: null });
  const cases: { name: string; run: () => Promise<unknown> }[] = [
    { name: 'visit list: first page, no filter', run: list('') },
    { name: 'visit list: first page, statut=TO_SCHEDULE', run: list('statut=TO_SCHEDULE') },
    { name: 'visit list: first page, type=VIP_RENEWAL', run: list('type=VIP_RENEWAL') },
    { name: 'visit list: first page, type+statut=SCHEDULED', run: list('type=VIP_RENEWAL&statut=SCHEDULED') },
    { name: 'visit list: first page, retard=1 (overdue)', run: list('retard=1') },
    { name: 'visit list: keyset page 100, no filter', run: list(`apres=${page100Cursor}`) },
    { name: `visit list: keyset deep (80%), no filter`, run: list(`apres=${deepCursor}`) },
    { name: 'visit list: keyset deep, statut=TO_SCHEDULE', run: list(`statut=TO_SCHEDULE&apres=${deepOpenCursor}`) },
    { name: 'visit list: keyset deep, retard=1', run: list(`retard=1&apres=${deepCursor}`) },
    { name: 'visit list: search q=<employee birth name>', run: list(`q=${searchedName}`) },
    { name: 'visit list: ouvertes=1, professionnel=aucun', run: list('ouvertes=1&professionnel=aucun') },
    { name: 'cockpit: 7 counts + 8 weeks', run: () => loadCockpit(14) },
    { name: 'CSV export: type=VIP_RENEWAL&statut=SCHEDULED', run: () => visitsCsv(parseListQuery(new URLSearchParams('type=VIP_RENEWAL&statut=SCHEDULED'))) },
    { name: 'task inbox: assistant (unassigned SCHEDULING)', run: () => loadInbox(assistant) },
    { name: 'task inbox: doctor (assigned CONSULTATION)', run: () => loadInbox(doctor) },
    { name: 'GET /api/v1/visits (limit 100)', run: api('') },
    { name: 'GET /api/v1/visits?status=TO_SCHEDULE', run: api('status=TO_SCHEDULE') },
    { name: 'GET /api/v1/visits?type=VIP_INITIAL&status=SCHEDULED', run: api('type=VIP_INITIAL&status=SCHEDULED') },
    { name: 'GET /api/v1/visits?employeeId=…', run: api(`employeeId=${someEmployee}`) },
    { name: 'GET /api/v1/visits?limit=500', run: api('limit=500') },
  ];

  const rows: (string | number)[][] = [];
  const plans: string[] = [];
  for (const testCase of cases) {
    // Warm-up, and the SQL this loader sends.
    captured.length = 0;
    await testCase.run();
    const queries = captured.splice(0);
    for (let i = 0; i < 4; i += 1) await testCase.run();
    const durations: number[] = [];
    const stopAt = Date.now() + QUERY_SECONDS * 1000;
    for (let i = 0; i < iterations && Date.now() < stopAt; i += 1) {
      const started = performance.now();
      await withTimeout(testCase.run(), 30_000, testCase.name);
      durations.push(performance.now() - started);
    }
    captured.length = 0;
    const floor = await explainFloor(sql, queries);
    const summary = summarize(durations);
    rows.push([
      testCase.name,
      summary.count,
      ms(summary.p50),
      ms(summary.p95),
      ms(summary.p99),
      ms(floor.executionMs),
      queries.length,
      summary.p95 < 150 ? 'yes' : 'NO',
    ]);
    plans.push(`${testCase.name}: ${floor.plans.join(' ‖ ')}`);
  }
  console.log(`\nreads over ${visits.toLocaleString('en')} visits (service call wall time; floor = Σ EXPLAIN ANALYZE execution time of its SQL, median of 5)`);
  printTable(['loader', 'n', 'p50', 'p95', 'p99', 'SQL floor', 'SQL stmts', 'p95<150ms'], rows);
  console.log('\ntop plan node of each statement (node, relation/index, actual rows, ms):');
  for (const line of plans) console.log(`  ${line}`);
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Total Time'?: number;
  Plans?: PlanNode[];
}

/** Σ over the statements of the median EXPLAIN ANALYZE execution time, and a one-line plan of each. */
async function explainFloor(sql: pg.Client, queries: CapturedQuery[]): Promise<{ executionMs: number; plans: string[] }> {
  let executionMs = 0;
  const plans: string[] = [];
  for (const query of queries) {
    const times: number[] = [];
    let plan: PlanNode | undefined;
    for (let i = 0; i < 5; i += 1) {
      const result = await sql.query<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }>(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${query.sql}`,
        query.params,
      );
      const explained = result.rows[0]!['QUERY PLAN'][0];
      times.push(explained['Execution Time']);
      plan = explained.Plan;
    }
    executionMs += summarize(times).p50;
    plans.push(describePlan(plan!));
  }
  return { executionMs, plans };
}

function describePlan(root: PlanNode): string {
  const scans: string[] = [];
  const walk = (node: PlanNode): void => {
    if (node['Relation Name'] || node['Index Name']) {
      scans.push(`${node['Node Type']} ${node['Index Name'] ?? node['Relation Name']} rows=${node['Actual Rows'] ?? '?'}`);
    }
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(root);
  return `${root['Node Type']} ${(root['Actual Total Time'] ?? 0).toFixed(1)}ms [${scans.join(', ')}]`;
}

/** Multi-row INSERT … SELECT generate_series: deterministic ids (md5 → uuid) keep the rows consistent. */
async function bulkLoad(sql: pg.Client, visits: number): Promise<void> {
  const employees = Math.floor(visits / 2);
  const employers = Math.max(100, Math.floor(employees / 50));
  const professionals = PROFESSIONALS.doctors + PROFESSIONALS.nurses;
  const toScheduleShare = Math.floor(OPEN_TASKS * 0.6);
  const today = parisCivilDate(new Date());
  const step = async (label: string, statement: string, params: unknown[] = []): Promise<void> => {
    const started = Date.now();
    const result = await sql.query(statement, params);
    console.log(`  ${label}: ${result.rowCount ?? 0} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  const uuid = (prefix: string, expression: string) => `md5('${prefix}:' || (${expression}))::uuid::text`;

  await step(
    'professionals',
    `INSERT INTO "Professional" (id, email, "displayName", role, "passwordHash")
     SELECT ${uuid('pro', 'k')}, 'pro' || k || '@bench.spsti.fr', 'Pro ' || k,
            (CASE WHEN k <= $1 THEN 'DOCTOR' WHEN k <= $2 THEN 'NURSE' ELSE 'ASSISTANT' END)::"ProfessionalRole", 'unused'
     FROM generate_series(1, $3::int) k`,
    [PROFESSIONALS.doctors, professionals, professionals + PROFESSIONALS.assistants],
  );
  await step(
    'employers',
    `INSERT INTO "Employer" (id, name, siret)
     SELECT ${uuid('employer', 'i')}, 'Entreprise ' || i, lpad(i::text, 14, '0') FROM generate_series(1, $1::int) i`,
    [employers],
  );
  await step(
    'posts',
    `INSERT INTO "Post" (id, "employerId", title, risks, "nightWork", "followUpCategory")
     SELECT ${uuid('post', 'i')}, ${uuid('employer', '1 + i % $2')}, 'Poste ' || (i % 50),
            CASE WHEN i % 10 = 0 THEN ARRAY['AMIANTE'] ELSE ARRAY[]::text[] END, i % 7 = 0,
            (CASE WHEN i % 10 = 0 THEN 'SIR' WHEN i % 10 = 1 THEN 'SIA' ELSE 'SIS' END)::"FollowUpCategory"
     FROM generate_series(1, $1::int) i`,
    [employees, employers],
  );
  await step(
    'employees',
    `INSERT INTO "Employee" (id, "employerId", "birthName", "firstNames", "birthDate", sex, "birthPlace", email, phone,
                             "hireDate", "postId", "followUpWorkflowId")
     SELECT ${uuid('employee', 'i')}, ${uuid('employer', '1 + i % $2')},
            (ARRAY['Martin','Bernard','Thomas','Petit','Robert','Richard','Durand','Dubois','Moreau','Laurent'])[1 + i % 10] || i,
            (ARRAY['Julie','Camille','Léa','Lucas','Hugo','Louis','Emma','Chloé'])[1 + i % 8],
            date '1960-01-01' + (i * 37 % 14000), (CASE WHEN i % 2 = 0 THEN 'F' ELSE 'M' END)::"Sex", 'Lyon',
            'salarie' || i || '@exemple.fr', '06 00 00 00 00', date '2000-01-01' + (i * 13 % 9000), ${uuid('post', 'i')},
            'follow-up-' || ${uuid('employee', 'i')}
     FROM generate_series(1, $1::int) i`,
    [employees, employers],
  );
  // r = i·7919 mod N is a permutation of 0…N-1 (7919 is prime): r < OPEN_TASKS gives exactly that many open visits.
  await step(
    'visits',
    `INSERT INTO "Visit" (id, "employeeId", type, status, performer, "earliestDate", "dueDate", deadline, "planKey", rule,
                          overdue, "appointmentAt", "assignedProfessionalId", "workflowId", "protocolVersion", outcome,
                          "concludedAt", "updatedAt")
     SELECT v.id, v.employee, v.type, v.status,
            (CASE WHEN v.type::text LIKE 'SIR%' THEN 'DOCTOR' ELSE 'DOCTOR_OR_NURSE' END)::"Performer",
            v.deadline - 90, v.deadline - 30, v.deadline, v.type::text || ':' || v.i, 'R-BENCH',
            v.status IN ('TO_SCHEDULE', 'SCHEDULED') AND v.deadline < $3::date,
            CASE WHEN v.status = 'SCHEDULED' THEN now() + make_interval(days => v.r % 30) END,
            CASE WHEN v.status = 'SCHEDULED' THEN ${uuid('pro', '1 + v.r % $5')} END,
            'visit-' || v.id, 1,
            CASE WHEN v.status = 'COMPLETED' THEN 'ATTESTATION' END,
            CASE WHEN v.status = 'COMPLETED' THEN v.deadline::timestamp END, now()
     FROM (
       SELECT i, r, ${uuid('visit', 'i')} AS id, ${uuid('employee', '1 + (i - 1) % $2')} AS employee,
              (enum_range(NULL::"VisitType"))[1 + (i * 31) % 11] AS type,
              (CASE WHEN r < $4 THEN 'TO_SCHEDULE' WHEN r < ${OPEN_TASKS} THEN 'SCHEDULED'
                    WHEN r % 20 = 0 THEN 'CANCELLED' ELSE 'COMPLETED' END)::"VisitStatus" AS status,
              CASE WHEN r < ${OPEN_TASKS} THEN $3::date - 60 + (r % 365) ELSE date '2021-01-01' + (r % 1800) END AS deadline
       FROM (SELECT i, (i::bigint * 7919 % $1)::int AS r FROM generate_series(1, $1::int) i) s
     ) v`,
    [visits, employees, today, toScheduleShare, professionals],
  );
  await step(
    'open tasks',
    `INSERT INTO "HumanTask" (id, "visitId", kind, status, role, "assigneeId", "dueDate", "idempotencyKey")
     SELECT ${uuid('task', 'v.id')},
            v.id, (CASE WHEN v.status = 'SCHEDULED' THEN 'CONSULTATION' ELSE 'SCHEDULING' END)::"TaskKind", 'OPEN',
            CASE WHEN v.status = 'SCHEDULED' THEN p.role ELSE 'ASSISTANT' END,
            v."assignedProfessionalId", v."dueDate",
            v.id || ':' || (CASE WHEN v.status = 'SCHEDULED' THEN 'CONSULTATION' ELSE 'SCHEDULING' END) || ':1'
     FROM "Visit" v LEFT JOIN "Professional" p ON p.id = v."assignedProfessionalId"
     WHERE v.status IN ('TO_SCHEDULE', 'SCHEDULED')`,
  );
  await step(
    'closed tasks',
    `INSERT INTO "HumanTask" (id, "visitId", kind, status, role, "dueDate", "closedAt", "idempotencyKey")
     SELECT ${uuid('task-done', 'v.id')}, v.id, 'SCHEDULING', 'DONE', 'ASSISTANT', v."dueDate", v."updatedAt", v.id || ':SCHEDULING:1'
     FROM "Visit" v WHERE v.status IN ('COMPLETED', 'CANCELLED')`,
  );
  await step('protocol', `INSERT INTO "ProtocolConfigVersion" (id, version, status, config) VALUES (gen_random_uuid()::text, 1, 'PUBLISHED', '{}')`);
  const started = Date.now();
  await sql.query('VACUUM ANALYZE');
  console.log(`  VACUUM ANALYZE: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
