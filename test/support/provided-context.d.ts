// What test/support/global-setup.ts hands to every test file through inject().
declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's PostgreSQL, on its `postgres` database. */
    pgAdminUrl: string;
    /** Migrated database that createTestDatabase() copies. */
    templateDb: string;
    /** gRPC address of the run's in-memory Temporal dev server. */
    temporalAddress: string;
  }
}

export {};
