import type { ActivityOptions } from '@temporalio/workflow';

/**
 * Every activity here is a short, idempotent write to PostgreSQL (or a workflow start): retried with
 * backoff for as long as it takes, so a database restart delays a visit but never fails it.
 */
export const databaseActivityOptions: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};
