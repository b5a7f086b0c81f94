// The Temporal dev server gets the visit search attributes at launch (--search-attribute); other
// clusters get them here, at worker start, so the Web UI and list filters work everywhere.
import type { Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes.js';
import { visitSearchAttributeKeys } from '../workflows/search-attributes.js';

/** Both the client `Connection` and the worker `NativeConnection` qualify. */
export interface OperatorConnection {
  operatorService: Connection['operatorService'];
}

/** Registers the missing visit search attributes in `namespace`; returns the names it added. */
export async function ensureSearchAttributes(connection: OperatorConnection, namespace: string): Promise<string[]> {
  const missing = await missingSearchAttributes(connection, namespace);
  if (missing.length === 0) return [];
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: searchAttributeDefinitions(missing),
    });
  } catch (error) {
    // Another worker starting at the same time may have added them first.
    if ((await missingSearchAttributes(connection, namespace)).length > 0) throw error;
  }
  return missing.map((key) => key.name);
}

async function missingSearchAttributes(connection: OperatorConnection, namespace: string) {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const existing = customAttributes ?? {};
  return visitSearchAttributeKeys.filter((key) => {
    const existingType = existing[key.name];
    if (existingType === undefined) return true;
    if (existingType !== indexedValueType(key.type)) {
      throw new Error(`Search attribute ${key.name} already exists in namespace ${namespace} with another type than ${key.type}`);
    }
    return false;
  });
}

function indexedValueType(type: SearchAttributeType) {
  const encoded = encodeSearchAttributeIndexedValueType(type);
  if (encoded === undefined) throw new Error(`Unknown search attribute type ${type}`);
  return encoded;
}

/** The `addSearchAttributes` payload for the given keys (all visit keys by default). */
export function searchAttributeDefinitions(keys = visitSearchAttributeKeys) {
  return Object.fromEntries(keys.map((key) => [key.name, indexedValueType(key.type)]));
}
