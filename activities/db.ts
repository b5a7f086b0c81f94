import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../prisma/generated/client.js';

export type Db = PrismaClient;

export function createDb(databaseUrl: string): Db {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl }),
    // Under a burst, transactions wait for a pooled connection instead of failing after Prisma's 2 s default
    // (measured: 13-27 % of employee creations failed at 50-200 concurrent requests).
    transactionOptions: { maxWait: 15_000, timeout: 30_000 },
  });
}
