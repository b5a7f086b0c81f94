import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../worker/project-root.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

const migrationsDir = path.join(projectRoot, 'prisma/migrations');

async function migrationNames(): Promise<string[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
}

async function tablesCreatedByMigrations(): Promise<string[]> {
  const scripts = await Promise.all(
    (await migrationNames()).map((name) => readFile(path.join(migrationsDir, name, 'migration.sql'), 'utf8')),
  );
  return scripts.flatMap((script) => [...script.matchAll(/CREATE TABLE "(\w+)"/g)].map((match) => match[1] ?? ''));
}

describe('test databases', () => {
  let first: TestDatabase;
  let second: TestDatabase;

  beforeAll(async () => {
    [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });

  afterAll(async () => {
    await Promise.all([first.drop(), second.drop()]);
  });

  it('start with every migration applied', async () => {
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    try {
      const applied = await client.query<{ migration_name: string }>(
        'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
      );
      const tables = await client.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
      );
      expect(applied.rows.map((row) => row.migration_name).sort()).toEqual((await migrationNames()).sort());
      expect(tables.rows.map((row) => row.table_name)).toEqual(expect.arrayContaining(await tablesCreatedByMigrations()));
    } finally {
      await client.end();
    }
    expect(await first.db.employer.count()).toBe(0);
  });

  it('are isolated from each other', async () => {
    await first.db.employer.create({ data: { name: 'Boulangerie Martin', siret: '73282932000074' } });

    expect(await first.db.employer.count()).toBe(1);
    expect(await second.db.employer.count()).toBe(0);
  });
});
