// Activities of the data-rights workflow (R-DATA-3, R-DATA-4). Keyed by the request, so a retry finds
// the task, the export or the closed request it already wrote.
import { dbDateFromCivil, type CivilDate } from '../workflows/rules/calendar.js';
import { collectDmst, renderDmstPdf } from './documents/dmst-export.js';
import type { DataRightsTaskKind } from '../prisma/generated/enums.js';
import type { Db } from './db.js';

export interface DataRightsActivityDependencies {
  db: Db;
  serviceName: string;
}

export function createDataRightsActivities({ db, serviceName }: DataRightsActivityDependencies) {
  return {
    async openDataRightsTask(input: { requestId: string; kind: DataRightsTaskKind; dueDate: CivilDate }): Promise<void> {
      await db.dataRightsTask.upsert({
        where: { idempotencyKey: `${input.requestId}:${input.kind}` },
        create: { requestId: input.requestId, kind: input.kind, dueDate: dbDateFromCivil(input.dueDate), idempotencyKey: `${input.requestId}:${input.kind}` },
        update: {},
      });
    },

    /** The export is made once: a retry, or a second look, returns the one already stored. */
    async produceDataRightsExport(input: { requestId: string }): Promise<string> {
      const existing = await db.dataRightsExport.findUnique({ where: { requestId: input.requestId }, select: { id: true } });
      if (existing) return existing.id;
      const request = await db.dataRightsRequest.findUniqueOrThrow({ where: { id: input.requestId }, select: { employeeId: true } });
      const dmst = await collectDmst(db, request.employeeId, new Date());
      const pdf = await renderDmstPdf(serviceName, dmst);
      const stored = await db.dataRightsExport.upsert({
        where: { requestId: input.requestId },
        create: { requestId: input.requestId, pdf: Buffer.from(pdf), json: JSON.parse(JSON.stringify(dmst)) },
        update: {},
        select: { id: true },
      });
      return stored.id;
    },

    async closeDataRightsRequest(input: { requestId: string; actorId: string; summary: string }): Promise<void> {
      const now = new Date();
      await db.$transaction([
        db.dataRightsRequest.updateMany({
          where: { id: input.requestId, status: 'OPEN' },
          data: { status: 'COMPLETED', summary: input.summary, completedAt: now, completedById: input.actorId },
        }),
        db.dataRightsTask.updateMany({ where: { requestId: input.requestId, status: 'OPEN' }, data: { status: 'DONE', closedAt: now } }),
      ]);
    },
  };
}

export type DataRightsActivities = ReturnType<typeof createDataRightsActivities>;
