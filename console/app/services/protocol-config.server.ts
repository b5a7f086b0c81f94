// Issue 5: administrators change the protocol configuration without code. One draft at a time, validated by the
// workflows' schema, compared with the published version, then published: new visits and new employees'
// follow-ups take it, running ones keep the version they started with (their `protocolVersion`).
import { createHash } from 'node:crypto';
import { publishedProtocol } from '../../../activities/domain/protocol.js';
import { DomainError } from '../../../activities/domain/errors.js';
import { parseInput } from '../../../activities/domain/input.js';
import { Prisma } from '../../../prisma/generated/client.js';
import { protocolConfigSchema, type ProtocolConfig } from '../../../workflows/rules/protocol-config.js';
import { visitTypeLabels } from '../../../workflows/rules/labels.js';
import { configFromForm, protocolDiff } from '../forms/protocol-form.js';
import { audit } from './audit.server.js';
import type { SignedInProfessional } from './auth.server.js';
import { consoleContext } from './context.server.js';
import { frenchShortDateTime } from './format.server.js';

const OPEN_STATUSES = ['TO_SCHEDULE', 'SCHEDULED'] as const;

/** What the publish form carries, so a draft changed by someone else since the page was read is not published unseen. */
function fingerprint(config: unknown): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex');
}

async function draftRow() {
  const row = await consoleContext().db.protocolConfigVersion.findFirst({ where: { status: 'DRAFT' } });
  return row ? { version: row.version, createdAt: row.createdAt, config: protocolConfigSchema.parse(row.config) } : null;
}

/** What publishing would change for the visits and follow-ups already running: they keep their version. */
async function impactOfPublishing(publishedVersion: number) {
  const { db } = consoleContext();
  const [openVisits, openOnPublishedByType, followedEmployees] = await Promise.all([
    db.visit.count({ where: { status: { in: [...OPEN_STATUSES] } } }),
    db.visit.groupBy({ by: ['type'], where: { status: { in: [...OPEN_STATUSES] }, protocolVersion: publishedVersion }, _count: { _all: true }, orderBy: { type: 'asc' } }),
    db.employee.count({ where: { departedOn: null } }),
  ]);
  return {
    openVisits,
    openOnPublished: openOnPublishedByType.map((group) => ({ type: visitTypeLabels[group.type], count: group._count._all })),
    followedEmployees,
  };
}

export async function loadProtocolEditor() {
  const { db } = consoleContext();
  const published = await publishedProtocol(db);
  const [draft, history] = await Promise.all([
    draftRow(),
    db.protocolConfigVersion.findMany({ where: { status: { not: 'DRAFT' } }, orderBy: { version: 'desc' }, take: 20, select: { version: true, status: true, publishedAt: true } }),
  ]);
  return {
    published,
    draft: draft
      ? { version: draft.version, config: draft.config, fingerprint: fingerprint(draft.config), changes: protocolDiff(published.config, draft.config), impact: await impactOfPublishing(published.version) }
      : null,
    history: history.map((row) => ({ version: row.version, current: row.version === published.version, publishedAt: row.publishedAt ? frenchShortDateTime(row.publishedAt) : null })),
  };
}

/** Saves the form over the draft (created from the published version when there is none). */
export async function saveProtocolDraft(request: Request, admin: SignedInProfessional, fields: Record<string, unknown>): Promise<{ version: number; changes: number }> {
  const { db } = consoleContext();
  const published = await publishedProtocol(db);
  const draft = await draftRow();
  const config: ProtocolConfig = parseInput(protocolConfigSchema, configFromForm(draft?.config ?? published.config, fields));
  const changes = protocolDiff(published.config, config);
  if (changes.length === 0) throw new DomainError('VALIDATION', 'Aucune modification par rapport à la version publiée : rien à enregistrer.');
  let version: number;
  if (draft) {
    await db.protocolConfigVersion.update({ where: { version: draft.version }, data: { config } });
    version = draft.version;
  } else {
    const latest = await db.protocolConfigVersion.aggregate({ _max: { version: true } });
    version = (latest._max.version ?? 0) + 1;
    try {
      await db.protocolConfigVersion.create({ data: { version, status: 'DRAFT', config } });
    } catch (error) {
      // The version number or the one-draft index: another administrator opened a draft at the same moment.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new DomainError('CONFLICT', 'Un autre administrateur vient d’ouvrir un brouillon : rechargez la page pour partir de celui-ci.');
      }
      throw error;
    }
  }
  await audit(request, { actor: admin, action: 'protocol.draft.save', entityType: 'ProtocolConfigVersion', entityId: String(version), reason: changes.map((change) => change.path).join(', ') });
  return { version, changes: changes.length };
}

/** Publishes the draft the administrator reviewed; the previous published version is archived. */
export async function publishProtocolDraft(request: Request, admin: SignedInProfessional, fields: Record<string, unknown>): Promise<number> {
  const { db } = consoleContext();
  const draft = await draftRow();
  if (!draft || String(draft.version) !== fields.version) throw new DomainError('CONFLICT', 'Ce brouillon n’existe plus : il a été publié ou abandonné entre-temps. Rechargez la page.');
  if (fingerprint(draft.config) !== fields.fingerprint) {
    throw new DomainError('CONFLICT', 'Le brouillon a été modifié depuis l’affichage de cette page : relisez les différences avant de publier.');
  }
  const changes = protocolDiff((await publishedProtocol(db)).config, draft.config);
  await db.$transaction(async (tx) => {
    // Conditional on the draft still being one, so two publications of the same draft cannot both pass.
    const { count } = await tx.protocolConfigVersion.updateMany({ where: { version: draft.version, status: 'DRAFT' }, data: { status: 'PUBLISHED', publishedAt: new Date() } });
    if (count === 0) throw new DomainError('CONFLICT', 'Ce brouillon vient d’être publié ou abandonné par un autre administrateur.');
    await tx.protocolConfigVersion.updateMany({ where: { status: 'PUBLISHED', version: { lt: draft.version } }, data: { status: 'ARCHIVED' } });
  });
  await audit(request, { actor: admin, action: 'protocol.publish', entityType: 'ProtocolConfigVersion', entityId: String(draft.version), reason: changes.map((change) => change.path).join(', ') });
  return draft.version;
}

export async function discardProtocolDraft(request: Request, admin: SignedInProfessional, fields: Record<string, unknown>): Promise<number> {
  const { db } = consoleContext();
  const version = Number(fields.version);
  const { count } = Number.isInteger(version) ? await db.protocolConfigVersion.deleteMany({ where: { version, status: 'DRAFT' } }) : { count: 0 };
  if (count === 0) throw new DomainError('CONFLICT', 'Ce brouillon n’existe plus : il a été publié ou abandonné entre-temps. Rechargez la page.');
  await audit(request, { actor: admin, action: 'protocol.draft.discard', entityType: 'ProtocolConfigVersion', entityId: String(version) });
  return version;
}
