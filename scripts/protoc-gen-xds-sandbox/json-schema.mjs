// JSON Schemas (draft-07) following the proto3 JSON mapping: one shared document with a definition per message
// and enum, and one small document per kind that refers to it.
import { NON_SPEC_FIELDS, commentOf, reachableTypes, scalarName } from './descriptors.mjs';

/** File name of the shared definitions document, next to the kind schemas. */
export const DEFINITIONS_FILE = 'definitions.schema.json';
const BASE = 'https://xds-sandbox.local/schemas/';
const INT64 = { type: ['integer', 'string'], pattern: '^-?[0-9]+$' };
const UINT64 = { type: ['integer', 'string'], minimum: 0, pattern: '^[0-9]+$' };
const FLOAT = { type: ['number', 'string'], pattern: '^(-?Infinity|NaN|-?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?)$' };
const BYTES = { type: 'string', contentEncoding: 'base64' };

// The proto3 JSON forms of the well-known types (https://protobuf.dev/programming-guides/json/).
const WELL_KNOWN = {
  'google.protobuf.Any': { type: 'object', required: ['@type'], properties: { '@type': { type: 'string', description: 'Type URL of the packed message, e.g. `type.googleapis.com/<full type name>`.' } }, description: 'Any message: `@type` names it, the other fields are its own.' },
  'google.protobuf.Duration': { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]{1,9})?s$', description: 'A duration such as `1.5s`.' },
  'google.protobuf.Timestamp': { type: 'string', format: 'date-time', description: 'An RFC 3339 time such as `2024-01-31T12:00:00Z`.' },
  'google.protobuf.FieldMask': { type: 'string', description: 'Comma-separated field paths in lowerCamelCase.' },
  'google.protobuf.Empty': { type: 'object', additionalProperties: false, properties: {} },
  'google.protobuf.Struct': { type: 'object', description: 'Any JSON object.' },
  'google.protobuf.Value': { description: 'Any JSON value.' },
  'google.protobuf.ListValue': { type: 'array', description: 'Any JSON array.' },
  'google.protobuf.NullValue': { type: 'null' },
  'google.protobuf.BoolValue': { type: 'boolean' },
  'google.protobuf.StringValue': { type: 'string' },
  'google.protobuf.BytesValue': BYTES,
  'google.protobuf.UInt32Value': { type: 'integer', minimum: 0, maximum: 4294967295 },
  'google.protobuf.Int32Value': { type: 'integer', minimum: -2147483648, maximum: 2147483647 },
  'google.protobuf.UInt64Value': UINT64,
  'google.protobuf.Int64Value': INT64,
  'google.protobuf.DoubleValue': FLOAT,
  'google.protobuf.FloatValue': FLOAT,
};

function scalarSchema(scalar) {
  switch (scalarName(scalar)) {
    case 'string': return { type: 'string' };
    case 'bytes': return BYTES;
    case 'bool': return { type: 'boolean' };
    case 'double': case 'float': return FLOAT;
    case 'int32': case 'sint32': case 'sfixed32': return { type: 'integer', minimum: -2147483648, maximum: 2147483647 };
    case 'uint32': case 'fixed32': return { type: 'integer', minimum: 0, maximum: 4294967295 };
    case 'uint64': case 'fixed64': return UINT64;
    default: return INT64;
  }
}

/** A reference to a definition of the shared document, by its file name (resolved against each document's `$id`). */
function refTo(desc, prefix) {
  return WELL_KNOWN[desc.typeName] ? { ...WELL_KNOWN[desc.typeName] } : { $ref: `${prefix}#/definitions/${desc.typeName}` };
}

function elementSchema(field, kind, prefix) {
  if (kind === 'scalar') return { ...scalarSchema(field.scalar) };
  if (kind === 'enum') return refTo(field.enum, prefix);
  return refTo(field.message, prefix);
}

function fieldSchema(field, prefix) {
  let schema;
  if (field.fieldKind === 'list') schema = { type: 'array', items: elementSchema(field, field.listKind, prefix) };
  else if (field.fieldKind === 'map') schema = { type: 'object', additionalProperties: elementSchema(field, field.mapKind, prefix) };
  else schema = elementSchema(field, field.fieldKind, prefix);
  const description = commentOf(field);
  return description ? { ...schema, description } : schema;
}

function messageSchema(message, prefix, omit = new Set()) {
  const properties = {};
  for (const f of message.fields) if (!omit.has(f.jsonName)) properties[f.jsonName] = fieldSchema(f, prefix);
  const schema = { type: 'object', description: commentOf(message) || undefined, additionalProperties: false, properties };
  const oneofs = message.oneofs.filter((o) => !o.fields.some((f) => f.proto.proto3Optional))
    .map((o) => o.fields.map((f) => f.jsonName)).filter((names) => names.length > 1);
  if (oneofs.length) schema['x-oneof'] = oneofs;
  // Proto field names that differ from the JSON names: JSON parsers accept both, the loader rewrites them.
  const protoNames = Object.fromEntries(message.fields.filter((f) => f.name !== f.jsonName && !omit.has(f.jsonName)).map((f) => [f.name, f.jsonName]));
  if (Object.keys(protoNames).length) schema['x-proto-names'] = protoNames;
  return schema;
}

function enumSchema(desc) {
  return { description: commentOf(desc) || undefined, enum: [...desc.values.map((v) => v.name), ...desc.values.map((v) => v.number)] };
}

/** The shared document: a definition for every message and enum the kinds reach, keyed by full type name. */
export function definitionsSchema(kinds) {
  const types = new Map();
  for (const k of kinds) for (const desc of reachableTypes(k.message)) types.set(desc.typeName, desc);
  const definitions = {};
  for (const name of [...types.keys()].sort()) {
    if (WELL_KNOWN[name]) continue;
    const desc = types.get(name);
    definitions[name] = desc.kind === 'enum' ? enumSchema(desc) : messageSchema(desc, DEFINITIONS_FILE);
  }
  return { $schema: 'http://json-schema.org/draft-07/schema#', $id: BASE + DEFINITIONS_FILE, definitions };
}

/** The schema document of one kind: the Kubernetes-style manifest at the root, the Solo Kit file form as definitions[Kind], the spec as definitions[Kind.Spec]. */
export function kindSchema(k) {
  const shared = (name) => ({ $ref: `${DEFINITIONS_FILE}#/definitions/${name}` });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `${BASE}${k.kind}.schema.json`,
    title: k.kind,
    description: commentOf(k.message),
    type: 'object',
    required: ['apiVersion', 'kind', 'metadata'],
    additionalProperties: false,
    properties: {
      apiVersion: { const: k.apiVersion },
      kind: { const: k.kind },
      metadata: shared('core.solo.io.Metadata'),
      spec: { $ref: `#/definitions/${k.message.typeName}.Spec` },
      status: { description: 'Written by the sandbox; ignored on input.' },
    },
    definitions: {
      [k.message.typeName]: shared(k.message.typeName),
      [`${k.message.typeName}.Spec`]: messageSchema(k.message, DEFINITIONS_FILE, NON_SPEC_FIELDS),
    },
  };
}
