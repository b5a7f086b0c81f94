import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureSearchAttributes } from '../worker/search-attributes.js';
import { visitSearchAttributeKeys } from '../workflows/search-attributes.js';

describe('ensureSearchAttributes', () => {
  let connection: Connection;
  const namespace = `search-attributes-${randomUUID()}`;

  beforeAll(async () => {
    connection = await Connection.connect({ address: inject('temporalAddress') });
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
    // A new namespace takes a moment to reach the server's namespace cache (hookTimeout bounds the wait).
    for (;;) {
      try {
        await connection.operatorService.listSearchAttributes({ namespace });
        return;
      } catch {
        await sleep(200);
      }
    }
  });

  afterAll(async () => {
    await connection.close();
  });

  it('adds the visit search attributes a namespace lacks, once', async () => {
    const visitNames = visitSearchAttributeKeys.map((key) => key.name).sort();

    expect((await ensureSearchAttributes(connection, namespace)).sort()).toEqual(visitNames);
    expect(await ensureSearchAttributes(connection, namespace)).toEqual([]);

    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    expect(Object.keys(customAttributes ?? {})).toEqual(expect.arrayContaining(visitNames));
  });
});
