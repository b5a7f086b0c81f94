// The coordinators' visit list (/visites), its CSV export and the cockpit (/pilotage): what each filter shows, how pages follow each other, and that every count opens the visits it counts,
// read through the console's service on a real PostgreSQL (its page query is hand-written SQL).
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseListQuery } from '../../activities/domain/visit-filters.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { aTeleconsultationRow, aVisitRow } from '../support/rows.js';

type ListService = typeof import('../../console/app/services/visit-list.server.js');
type DiagramService = typeof import('../../console/app/services/protocol-diagram.server.js');

let database: TestDatabase;
let service: ListService;
let diagram: DiagramService;
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
  service = await import('../../console/app/services/visit-list.server.js');
  diagram = await import('../../console/app/services/protocol-diagram.server.js');
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

const list = (params: string) => service.listVisits(parseListQuery(new URLSearchParams(params)), now);

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

/** Every visit a list URL shows, across its pages. */
async function allRows(href: string) {
  const params = new URLSearchParams(href.split('?')[1] ?? '');
  const rows = [];
  for (;;) {
    const page = await service.listVisits(parseListQuery(params), now);
    rows.push(...page.rows);
    if (!page.nextCursor) return rows;
    params.set('apres', page.nextCursor);
  }
}

describe('the cockpit and the list filters it links to', () => {
  it('each count is the number of visits its link lists, the consent, re-orientation and unassigned ones included', async () => {
    const before = await service.loadCockpit(14, now);
    const awaitingConsent = await aTeleconsultationRow(database.db, new Date('2026-12-08T09:00:00Z'));
    const [reoriented] = await visits(1, { status: 'SCHEDULED', deadline: '2026-12-10' });
    await database.db.visit.update({ where: { id: reoriented }, data: { reorientationWorkflowId: `visit-${reoriented}-reorientation` } });

    const { counts } = await service.loadCockpit(14, now);

    const count = (label: string) => counts.find((counter) => counter.label === label)!.count;
    const countBefore = (label: string) => before.counts.find((counter) => counter.label === label)!.count;
    expect(count('En attente du consentement') - countBefore('En attente du consentement')).toBe(1);
    expect(count('Réorientées vers un médecin') - countBefore('Réorientées vers un médecin')).toBe(1);
    expect(count('Échéance dans les 14 jours') - countBefore('Échéance dans les 14 jours')).toBe(2);
    expect(count('Sans professionnel') - countBefore('Sans professionnel')).toBe(2);
    for (const counter of counts) expect([counter.label, (await allRows(counter.href)).length]).toEqual([counter.label, counter.count]);
    expect((await allRows(counts.find((counter) => counter.label === 'En attente du consentement')!.href)).map((row) => row.id)).toContain(awaitingConsent.visitId);
  });

  it('counts open visits by week of deadline, Monday to Sunday, each week a link to its visits', async () => {
    const before = await service.loadCockpit(14, now);
    await visits(2, { deadline: '2026-12-13' });
    await visits(1, { status: 'SCHEDULED', deadline: '2026-12-14' });
    await visits(1, { status: 'COMPLETED', deadline: '2026-12-14' });

    const { weeks } = await service.loadCockpit(14, now);

    // 6 December 2026 is a Sunday: its week began on Monday 30 November.
    expect(weeks.map((week) => week.label).slice(0, 3)).toEqual(['Semaine du 30/11/2026', 'Semaine du 07/12/2026', 'Semaine du 14/12/2026']);
    expect(weeks.map((week, index) => week.count - before.weeks[index]!.count).slice(0, 3)).toEqual([0, 2, 1]);
    expect(weeks[1]!.href).toBe('/visites?ouvertes=1&echeanceDu=2026-12-07&echeanceAu=2026-12-13');
    expect((await allRows(weeks[1]!.href)).length).toBe(weeks[1]!.count);
  });

  it('filters by professional or by nobody, and searches names without reading % as a wildcard', async () => {
    const doctor = await database.db.professional.create({
      data: { email: `dr-${randomUUID()}@spsti.test`, displayName: 'Dr Arnaud Petit', role: 'DOCTOR', passwordHash: 'unused' },
    });
    const [held] = await visits(1, { status: 'SCHEDULED', deadline: '2027-09-01' });
    await database.db.visit.update({ where: { id: held }, data: { assignedProfessionalId: doctor.id } });

    expect((await allRows(`?professionnel=${doctor.id}`)).map((row) => [row.id, row.professional])).toEqual([[held, 'Dr Arnaud Petit']]);
    expect((await allRows('?professionnel=aucun')).map((row) => row.id)).not.toContain(held);
    expect((await service.assignableProfessionals()).map((professional) => professional.label)).toContain('Dr Arnaud Petit (médecin)');

    const byEmployer = await allRows('?q=ENTREPRISE%20DE');
    expect(byEmployer.length).toBeGreaterThan(0);
    expect(new Set(byEmployer.map((row) => row.employer))).toEqual(new Set(['Entreprise de test']));
    expect(await allRows('?q=%25%25')).toEqual([]);
    // One letter would match almost everything: the search waits for two.
    expect(parseListQuery(new URLSearchParams('q=e')).q).toBeUndefined();
  });

  it('exports the filtered visits as CSV: the rows of the list, no clinical content', async () => {
    const [noted] = await visits(1, { status: 'COMPLETED', deadline: '2027-10-05' });
    await database.db.visit.update({ where: { id: noted }, data: { clinicalNotes: 'Lombalgie chronique', outcome: 'INAPTITUDE' } });

    const filters = { echeanceDu: '2027-10-01', echeanceAu: '2027-10-31' };
    const { csv, rows, truncated } = await service.visitsCsv(filters, now);

    expect([rows, truncated]).toEqual([1, false]);
    const [header, line] = csv.slice(1).trim().split('\r\n');
    expect(header!.split(';')).toHaveLength(11);
    expect(line).toBe('"Julie Martin";"Entreprise de test";"Visite de reprise";"Clôturée";"Présentiel";"";"05/10/2027";"05/10/2027";"non";"";"non"');
    expect(csv).not.toContain('Lombalgie');
    expect(csv).not.toMatch(/aptitude/i);
  });
});

describe('the diagram of the visit protocol', () => {
  it('counts the visits of a type in each state, each count the length of the list it opens', async () => {
    await visits(2, { type: 'REPRISE', status: 'SCHEDULED', deadline: '2027-11-02' });
    const { states, transitions } = await diagram.loadProtocolDiagram('REPRISE', now);

    expect(states.map((state) => state.label)).toEqual([
      'À planifier',
      'Planifiée',
      'Téléconsultation : consentement attendu',
      'Réorientée vers le médecin',
      'Clôturée',
      'Annulée',
    ]);
    expect(states.find((state) => state.key === 'SCHEDULED')!.count).toBeGreaterThanOrEqual(2);
    for (const state of states) expect([state.label, (await allRows(state.href)).length]).toEqual([state.label, state.count]);
    expect(new Set((await allRows(states[1]!.href)).map((row) => row.type))).toEqual(new Set(['Visite de reprise']));
    expect(transitions).toContainEqual({ from: 'SCHEDULED', to: 'COMPLETED', label: 'conclusion par le médecin, ou l’infirmier(ère) sous protocole de délégation' });
  });

  it('is worded from the published configuration and the rules: a doctor-only visit has no re-orientation', async () => {
    const before = await diagram.loadProtocolDiagram('REPRISE', now);
    expect(before.states[0]!.hint).toBe('Échéance dans les 8 jours de la reprise du travail.');
    const { defaultProtocolConfig } = await import('../../workflows/rules/protocol-config.js');
    await database.db.protocolConfigVersion.create({
      data: { version: before.version + 1, status: 'PUBLISHED', publishedAt: new Date(), config: { ...defaultProtocolConfig, reprise: { ...defaultProtocolConfig.reprise, deadlineDaysAfterReturn: 10 } } },
    });

    const after = await diagram.loadProtocolDiagram('REPRISE', now);
    expect([after.version, after.states[0]!.hint]).toEqual([before.version + 1, 'Échéance dans les 10 jours de la reprise du travail.']);

    const sir = await diagram.loadProtocolDiagram('SIR_EXAM', now);
    expect(sir.states.map((state) => state.key)).not.toContain('REORIENTED');
    expect(sir.transitions).toContainEqual({ from: 'SCHEDULED', to: 'COMPLETED', label: 'conclusion par le médecin du travail' });
    expect(sir.states.find((state) => state.key === 'COMPLETED')!.hint).toBe("Avis d'aptitude, Avis d'aptitude avec propositions de mesures, Avis d'inaptitude.");
  });
});
