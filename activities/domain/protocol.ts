import { defaultProtocolConfig, protocolConfigSchema, type ProtocolConfig } from '../../workflows/rules/protocol-config.js';
import type { Db } from '../db.js';

export interface PublishedProtocol {
  version: number;
  config: ProtocolConfig;
}

/** The published protocol configuration; version 1 is DOMAIN.md's defaults, created on first use. */
export async function publishedProtocol(db: Db): Promise<PublishedProtocol> {
  const published = await db.protocolConfigVersion.findFirst({
    where: { status: 'PUBLISHED' },
    orderBy: { version: 'desc' },
  });
  if (published) return { version: published.version, config: protocolConfigSchema.parse(published.config) };
  // INSERT … ON CONFLICT DO NOTHING: concurrent first requests all succeed (an upsert is a read then a write,
  // and the losers of that race failed on the unique version).
  await db.protocolConfigVersion.createMany({
    data: [{ version: 1, status: 'PUBLISHED', config: defaultProtocolConfig, publishedAt: new Date() }],
    skipDuplicates: true,
  });
  const created = await db.protocolConfigVersion.findUniqueOrThrow({ where: { version: 1 } });
  return { version: created.version, config: protocolConfigSchema.parse(created.config) };
}

/** The protocol configuration a visit or a follow-up runs under (its `protocolVersion`). */
export async function protocolConfigOf(db: Db, version: number): Promise<ProtocolConfig> {
  const stored = await db.protocolConfigVersion.findUniqueOrThrow({ where: { version }, select: { config: true } });
  return protocolConfigSchema.parse(stored.config);
}
