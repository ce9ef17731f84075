// JSON Schemas (draft-07) for each top-level kind, following proto3 JSON mapping rules.
import { NON_SPEC_FIELDS, commentOf, reachableTypes, scalarName } from './descriptors.mjs';

const WELL_KNOWN = {
  'google.protobuf.Duration': { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]{1,9})?s$', description: 'A duration such as `1.5s`.' },
  'google.protobuf.Timestamp': { type: 'string', format: 'date-time' },
  'google.protobuf.BoolValue': { type: 'boolean' },
  'google.protobuf.StringValue': { type: 'string' },
  'google.protobuf.UInt32Value': { type: 'integer', minimum: 0, maximum: 4294967295 },
  'google.protobuf.Int32Value': { type: 'integer', minimum: -2147483648, maximum: 2147483647 },
  'google.protobuf.UInt64Value': { type: ['integer', 'string'] },
  'google.protobuf.Int64Value': { type: ['integer', 'string'] },
  'google.protobuf.DoubleValue': { type: 'number' },
  'google.protobuf.FloatValue': { type: 'number' },
  'google.protobuf.Struct': { type: 'object' },
  'google.protobuf.Value': {},
};

function scalarSchema(scalar) {
  switch (scalarName(scalar)) {
    case 'string': return { type: 'string' };
    case 'bytes': return { type: 'string', contentEncoding: 'base64' };
    case 'bool': return { type: 'boolean' };
    case 'double': case 'float': return { type: 'number' };
    case 'int32': case 'sint32': case 'sfixed32': return { type: 'integer', minimum: -2147483648, maximum: 2147483647 };
    case 'uint32': case 'fixed32': return { type: 'integer', minimum: 0, maximum: 4294967295 };
    default: return { type: ['integer', 'string'], pattern: '^-?[0-9]+$' };
  }
}

function refTo(desc) {
  return WELL_KNOWN[desc.typeName] ? { ...WELL_KNOWN[desc.typeName] } : { $ref: `#/definitions/${desc.typeName}` };
}

function elementSchema(field, kind) {
  if (kind === 'scalar') return scalarSchema(field.scalar);
  if (kind === 'enum') return refTo(field.enum);
  return refTo(field.message);
}

function fieldSchema(field) {
  let schema;
  if (field.fieldKind === 'list') schema = { type: 'array', items: elementSchema(field, field.listKind) };
  else if (field.fieldKind === 'map') schema = { type: 'object', additionalProperties: elementSchema(field, field.mapKind) };
  else schema = elementSchema(field, field.fieldKind);
  const description = commentOf(field);
  return description ? { ...schema, description } : schema;
}

function messageSchema(message, omit = new Set()) {
  const properties = {};
  for (const f of message.fields) if (!omit.has(f.jsonName)) properties[f.jsonName] = fieldSchema(f);
  const schema = { type: 'object', description: commentOf(message) || undefined, additionalProperties: false, properties };
  const oneofs = message.oneofs.map((o) => o.fields.map((f) => f.jsonName)).filter((names) => names.length > 1);
  if (oneofs.length) schema['x-oneof'] = oneofs;
  return schema;
}

function enumSchema(desc) {
  return { description: commentOf(desc) || undefined, enum: [...desc.values.map((v) => v.name), ...desc.values.map((v) => v.number)] };
}

/** The schema document of one kind: the Kubernetes-style manifest at the root, the Solo Kit file form as definitions[Kind], the spec as definitions[Kind.Spec]. */
export function kindSchema(k) {
  const definitions = {};
  for (const desc of reachableTypes(k.message).sort((a, b) => a.typeName.localeCompare(b.typeName))) {
    if (WELL_KNOWN[desc.typeName]) continue;
    definitions[desc.typeName] = desc.kind === 'enum' ? enumSchema(desc) : messageSchema(desc);
  }
  definitions[`${k.message.typeName}.Spec`] = messageSchema(k.message, NON_SPEC_FIELDS);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://xds-sandbox.local/schemas/${k.kind}.schema.json`,
    title: k.kind,
    description: commentOf(k.message),
    type: 'object',
    required: ['apiVersion', 'kind', 'metadata'],
    additionalProperties: false,
    properties: {
      apiVersion: { const: k.apiVersion },
      kind: { const: k.kind },
      metadata: { $ref: '#/definitions/core.solo.io.Metadata' },
      spec: { $ref: `#/definitions/${k.message.typeName}.Spec` },
      status: { description: 'Written by the sandbox; ignored on input.' },
    },
    definitions,
  };
}
