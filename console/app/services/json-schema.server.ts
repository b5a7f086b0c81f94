// JSON Schema for the OpenAPI document, read from the zod schemas the API validates with, so the
// documented fields cannot drift from the accepted ones. Only the zod kinds the API's schemas use are
// supported; any other throws, so a new kind shows up in the tests instead of being documented wrongly.
import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

const REAL_DATE = '2024-02-29';
const IMPOSSIBLE_DATE = '2023-02-29';

/**
 * zod keeps no trace of what a refinement checks: a refined string that accepts a real date and
 * refuses an impossible one is a civil date (AAAA-MM-JJ); any other refinement is not supported.
 */
function isCivilDateSchema(schema: z.ZodEffects<z.ZodTypeAny>): boolean {
  return schema.innerType() instanceof z.ZodString && schema.safeParse(REAL_DATE).success && !schema.safeParse(IMPOSSIBLE_DATE).success;
}

function stringSchema(schema: z.ZodString): JsonSchema {
  return {
    type: 'string',
    ...(schema.isUUID ? { format: 'uuid' } : {}),
    ...(schema.minLength !== null ? { minLength: schema.minLength } : {}),
    ...(schema.maxLength !== null ? { maxLength: schema.maxLength } : {}),
  };
}

export function jsonSchemaOf(schema: z.ZodTypeAny): JsonSchema {
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, z.ZodTypeAny>;
    const required = Object.entries(shape).flatMap(([name, field]) => (field.isOptional() ? [] : [name]));
    return {
      type: 'object',
      required,
      properties: Object.fromEntries(Object.entries(shape).map(([name, field]) => [name, jsonSchemaOf(field)])),
    };
  }
  if (schema instanceof z.ZodOptional) return jsonSchemaOf(schema.unwrap());
  if (schema instanceof z.ZodLiteral) return { type: typeof schema.value, const: schema.value };
  if (schema instanceof z.ZodEnum) return { type: 'string', enum: schema.options };
  if (schema instanceof z.ZodBoolean) return { type: 'boolean' };
  if (schema instanceof z.ZodString) return stringSchema(schema);
  if (schema instanceof z.ZodArray) return { type: 'array', items: jsonSchemaOf(schema.element) };
  if (schema instanceof z.ZodEffects && isCivilDateSchema(schema)) return { type: 'string', format: 'date' };
  throw new Error(`The API documentation does not support this zod type: ${String(schema._def.typeName)}`);
}
