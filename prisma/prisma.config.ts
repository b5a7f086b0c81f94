// Prisma 6.19 with the JavaScript schema engine: works offline (docs/decisions/001-offline-toolchain.md).
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

export default defineConfig({
  engine: 'js',
  experimental: { adapter: true },
  schema: path.join(import.meta.dirname, 'schema.prisma'),
  migrations: { path: path.join(import.meta.dirname, 'migrations') },
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL ?? '' }),
});
