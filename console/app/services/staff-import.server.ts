// Issue 8, « déclaration d'effectifs »: the employer's staff file is stored as uploaded, checked (again) from
// those bytes at every preview and at application, and applied all at once: every new employee's rows in one
// transaction, then their follow-up workflows (deterministic ids: a retry starts nothing twice).
import { createHash, randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Db } from '../../../activities/db.js';
import { employeeRows, firstLedger, followedByMainEmployer, otherEmployments, startFollowUpWorkflow, type EmployeeData } from '../../../activities/domain/employees.js';
import { DomainError } from '../../../activities/domain/errors.js';
import { publishedProtocol } from '../../../activities/domain/protocol.js';
import { identityKeys, readStaffFile, type StaffFile, type StaffRow, type StaffRowError } from '../../../activities/domain/staff-import.js';
import type { TemporalDeps } from '../../../activities/domain/visits.js';
import { civilFromDbDate, parisCivilDate } from '../../../workflows/rules/calendar.js';

/** How a checked row compares with the employees the employer has already declared. */
export type RowStatus = 'NEW' | 'UNCHANGED' | 'POST_DIFFERS';

export interface CheckedImport {
  id: string;
  fileName: string;
  createdAt: Date;
  appliedAt: Date | null;
  employeeIds: string[];
  followUpsStartedAt: Date | null;
  /** A file-level refusal (unreadable header…), else null. */
  fileError: string | null;
  lineCount: number;
  errors: StaffRowError[];
  rows: (StaffRow & { status: RowStatus })[];
}

const FOLLOW_UP_START_CONCURRENCY = 32;

/** Keeps the uploaded bytes; the same file uploaded again by the same employer is the same import. */
export async function storeStaffFile(db: Db, employerId: string, fileName: string, content: Uint8Array<ArrayBuffer>): Promise<string> {
  const contentSha256 = createHash('sha256').update(content).digest('hex');
  const stored = await db.staffImport.upsert({
    where: { employerId_contentSha256: { employerId, contentSha256 } },
    // PostgreSQL refuses NUL in text: a name carrying one is kept without it.
    create: { employerId, fileName: fileName.replaceAll('\u0000', '').slice(0, 200), contentSha256, content },
    update: {},
    select: { id: true },
  });
  return stored.id;
}

const samePost = (row: EmployeeData['post'], declared: { title: string; risks: string[]; nightWork: boolean }) =>
  row.title.trim().toLowerCase() === declared.title.trim().toLowerCase() &&
  row.nightWork === declared.nightWork &&
  new Set(row.risks).size === declared.risks.length &&
  row.risks.every((risk) => declared.risks.includes(risk));

/** The import of this employer (another's answers 404), checked from its stored bytes. */
export async function checkStaffImport(db: Db, employerId: string, importId: string): Promise<CheckedImport> {
  const stored = await db.staffImport.findFirst({ where: { id: importId, employerId } });
  if (!stored) throw new DomainError('NOT_FOUND', 'Ce dépôt de fichier est introuvable.');
  const file: StaffFile = readStaffFile(stored.content, employerId);
  const base = {
    id: stored.id,
    fileName: stored.fileName,
    createdAt: stored.createdAt,
    appliedAt: stored.appliedAt,
    employeeIds: stored.employeeIds,
    followUpsStartedAt: stored.followUpsStartedAt,
  };
  if (!file.ok) return { ...base, fileError: file.message, lineCount: 0, errors: [], rows: [] };
  const declared = await db.employee.findMany({
    where: { employerId, departedOn: null },
    select: { birthName: true, firstNames: true, birthDate: true, birthPlace: true, ins: true, post: { select: { title: true, risks: true, nightWork: true } } },
  });
  const declaredPost = new Map<string, (typeof declared)[number]['post']>();
  for (const employee of declared) {
    for (const key of identityKeys({ ...employee, ins: employee.ins ?? undefined, birthDate: civilFromDbDate(employee.birthDate) })) declaredPost.set(key, employee.post);
  }
  const rows = file.rows.map((row) => {
    const post = row.identity.map((key) => declaredPost.get(key)).find((found) => found !== undefined);
    const status: RowStatus = !post ? 'NEW' : samePost(row.input.post, post) ? 'UNCHANGED' : 'POST_DIFFERS';
    return { ...row, status };
  });
  return { ...base, fileError: null, lineCount: file.lineCount, errors: file.errors, rows };
}

/**
 * All or nothing: refused while the file has any error; otherwise the new employees' rows in one transaction
 * that also marks the import applied (so a second « Appliquer », even concurrent, writes nothing), then their
 * follow-up workflows, which open the first visits. Employees already declared are left as they are.
 */
export async function applyStaffImport(db: Db, temporal: TemporalDeps, employerId: string, importId: string, now = new Date()): Promise<CheckedImport> {
  const checked = await checkStaffImport(db, employerId, importId);
  if (checked.appliedAt === null) {
    if (checked.fileError !== null || checked.errors.length > 0) {
      throw new DomainError('VALIDATION', 'Le fichier comporte des erreurs : rien n’a été enregistré. Corrigez-les, puis déposez le fichier corrigé.');
    }
    const hires = checked.rows.filter((row) => row.status === 'NEW').map((row) => row.input);
    const { config } = await publishedProtocol(db);
    const candidates = await otherEmployments(db, employerId, hires);
    const today = parisCivilDate(now);
    const planned = hires.map((data) => {
      const id = randomUUID();
      return employeeRows(id, randomUUID(), data, firstLedger(id, data, config, today, followedByMainEmployer(data, candidates)));
    });
    const employeeIds = planned.map((rows) => rows.employee.id);
    await db.$transaction(
      async (tx) => {
        const claimed = await tx.staffImport.updateMany({ where: { id: importId, appliedAt: null }, data: { appliedAt: now, employeeIds } });
        if (claimed.count === 0) return;
        await tx.post.createMany({ data: planned.map((rows) => rows.post) });
        await tx.employee.createMany({ data: planned.map((rows) => rows.employee) });
      },
      { timeout: 300_000, maxWait: 30_000 },
    );
  }
  await startImportedFollowUps(db, temporal, importId, now);
  return checkStaffImport(db, employerId, importId);
}

/** Starts (again) the follow-ups of an applied import's employees; those already running are left alone. */
async function startImportedFollowUps(db: Db, temporal: TemporalDeps, importId: string, now: Date): Promise<void> {
  const applied = await db.staffImport.findUniqueOrThrow({ where: { id: importId }, select: { employerId: true, employeeIds: true, followUpsStartedAt: true } });
  if (applied.followUpsStartedAt !== null) return;
  const employees = await db.employee.findMany({ where: { id: { in: applied.employeeIds } }, include: { post: true } });
  const people = employees.map((employee) => ({
    id: employee.id,
    data: {
      ...employee,
      usedName: employee.usedName ?? undefined,
      ins: employee.ins ?? undefined,
      birthDate: civilFromDbDate(employee.birthDate),
      hireDate: civilFromDbDate(employee.hireDate),
      previousFollowUp: undefined,
      post: { title: employee.post.title, risks: employee.post.risks as EmployeeData['post']['risks'], nightWork: employee.post.nightWork },
    } satisfies EmployeeData,
  }));
  const { version, config } = await publishedProtocol(db);
  const candidates = await otherEmployments(db, applied.employerId, people.map((person) => person.data));
  const today = parisCivilDate(now);
  let failed = 0;
  for (let start = 0; start < people.length; start += FOLLOW_UP_START_CONCURRENCY) {
    const outcomes = await Promise.allSettled(
      people.slice(start, start + FOLLOW_UP_START_CONCURRENCY).map(({ id, data }) =>
        startFollowUpWorkflow(temporal, id, {
          ledger: firstLedger(id, data, config, today, followedByMainEmployer(data, candidates)),
          employerId: applied.employerId,
          protocolVersion: version,
          config,
        }),
      ),
    );
    failed += outcomes.filter((outcome) => outcome.status === 'rejected' && !(outcome.reason instanceof WorkflowExecutionAlreadyStartedError)).length;
  }
  if (failed > 0) {
    throw new DomainError(
      'UNAVAILABLE',
      `Les salariés sont enregistrés, mais le suivi de ${failed} d’entre eux n’a pas pu démarrer (moteur de processus indisponible) : cliquez de nouveau sur « Appliquer » pour le démarrer.`,
    );
  }
  await db.staffImport.update({ where: { id: importId }, data: { followUpsStartedAt: new Date() } });
}
