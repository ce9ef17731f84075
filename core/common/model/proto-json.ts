// Brings proto3 JSON as people write it to the canonical form the rest of the code reads: a null field is an
// unset field, and a field written under its proto name (`retriable_status_codes`) takes its JSON name
// (`retriableStatusCodes`), as protobuf's JSON parsers accept both (https://protobuf.dev/programming-guides/json/).
import { deref, type SchemaNode } from './schema-walk';

/** The canonical form of value, whose schema is node inside the document root; values the schema does not describe are kept as they are. */
export function canonicalProtoJson(value: unknown, root: SchemaNode, node: SchemaNode | undefined): unknown {
  const schema = deref(root, node);
  if (!schema || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    if (!schema.items) return value;
    return value.map((item) => canonicalProtoJson(item, root, schema.items));
  }
  if (schema.properties) return canonicalMessage(value as Record<string, unknown>, root, schema);
  if (typeof schema.additionalProperties === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = canonicalProtoJson(v, root, schema.additionalProperties);
    return out;
  }
  return value;
}

function canonicalMessage(value: Record<string, unknown>, root: SchemaNode, schema: SchemaNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const aliases = schema['x-proto-names'] ?? {};
  for (const [key, v] of Object.entries(value)) {
    const name = !(key in schema.properties!) && Object.hasOwn(aliases, key) && !(aliases[key] in value) ? aliases[key] : key;
    const field = schema.properties![name];
    if (v === null && field && !acceptsNull(deref(root, field))) continue;
    out[name] = field ? canonicalProtoJson(v, root, field) : v;
  }
  return out;
}

/** Whether null is a value of its own for this schema (google.protobuf.Value, NullValue) rather than "unset". */
function acceptsNull(schema: SchemaNode | undefined): boolean {
  if (!schema) return true;
  if (schema.type === undefined) return !schema.enum && !schema.properties && schema.const === undefined;
  return schema.type === 'null' || (Array.isArray(schema.type) && schema.type.includes('null'));
}
