// The coordinators' visit list (/visites): what each filter shows and how pages follow each other,
// read through the console's service on a real PostgreSQL (its page query is hand-written SQL).
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { aVisitRow } from '../support/rows.js';

type ListService = typeof import('../../console/app/services/visits.server.js');

let database: TestDatabase;
let service: ListService;
let employeeId: string;
const now = new Date('2026-12-06T10:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
  // The console's services read their clients from consoleContext(); Temporal is not needed for the list.
  (globalThis as { __spstiConsoleContext?: unknown }).__spstiConsoleContext = {
    env: {},
    db: database.db,
    temporal: { client: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }), taskQueue: 'unused' },
  };
  service = await import('../../console/app/services/visits.server.js');
  const first = await aVisitRow(database.db);
  employeeId = first.employeeId;
  await database.db.visit.delete({ where: { id: first.id } });
});
afterAll(async () => {
  delete (globalThis as { __spstiConsoleContext?: unknown }).__spstiConsoleContext;
  await database?.drop();
});

async function visits(count: number, fields: { type?: 'REPRISE' | 'VIP_INITIAL'; status?: 'TO_SCHEDULE' | 'SCHEDULED' | 'COMPLETED'; deadline: string; overdue?: boolean }) {
  const ids = Array.from({ length: count }, () => randomUUID());
  await database.db.visit.createMany({
    data: ids.map((id) => ({
      id,
      employeeId,
      type: fields.type ?? 'REPRISE',
      status: fields.status ?? 'TO_SCHEDULE',
      overdue: fields.overdue ?? false,
      performer: 'DOCTOR_OR_NURSE' as const,
      earliestDate: new Date(fields.deadline),
      dueDate: new Date(fields.deadline),
      deadline: new Date(fields.deadline),
      planKey: `test:${id}`,
      rule: 'R-REPRISE-2',
      workflowId: `visit-${id}`,
      protocolVersion: 1,
    })),
  });
  return ids;
}

const list = (params: string) => service.listVisits(service.parseListQuery(new URLSearchParams(params)), now);

describe('the visit list', () => {
  it('« en retard » shows open visits past their deadline and visits flagged late, not the others', async () => {
    const [openPast] = await visits(1, { deadline: '2026-11-20' });
    const [closedLate] = await visits(1, { status: 'COMPLETED', deadline: '2026-11-21', overdue: true });
    await visits(1, { status: 'COMPLETED', deadline: '2026-11-19' });
    await visits(1, { deadline: '2026-12-20' });

    const { rows } = await list('retard=1');

    expect(rows.map((row) => row.id)).toEqual([openPast, closedLate]);
    expect(rows.every((row) => row.overdue)).toBe(true);
  });

  it('pages through visits sharing a deadline without losing or repeating one, filters kept', async () => {
    const sameDay = await visits(30, { type: 'VIP_INITIAL', deadline: '2027-03-01' });
    await visits(3, { type: 'VIP_INITIAL', status: 'SCHEDULED', deadline: '2027-03-01' });

    const first = await list('type=VIP_INITIAL&statut=TO_SCHEDULE');
    expect(first.rows).toHaveLength(25);
    expect(first.nextCursor).toMatch(/^2027-03-01_/);
    const second = await list(`type=VIP_INITIAL&statut=TO_SCHEDULE&apres=${first.nextCursor}`);

    expect(second.nextCursor).toBeNull();
    expect([...first.rows, ...second.rows].map((row) => row.id)).toEqual([...sameDay].sort());
    expect(new Set([...first.rows, ...second.rows].map((row) => row.statusLabel))).toEqual(new Set(['À planifier']));
  });

  it('keeps to the deadline window, both ends included', async () => {
    const [early, late] = [...(await visits(1, { deadline: '2027-06-01' })), ...(await visits(1, { deadline: '2027-06-30' }))];
    await visits(1, { deadline: '2027-07-01' });

    const { rows } = await list('echeanceDu=2027-06-01&echeanceAu=2027-06-30');

    expect(rows.map((row) => row.id)).toEqual([early, late]);
  });
});
