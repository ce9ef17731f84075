// Helpers over protobuf descriptors shared by the generators: resource options, field types, comments.
import { getOption, hasOption } from '@bufbuild/protobuf';
import { getComments } from '@bufbuild/protoplugin';

/** The `core.solo.io.resource` extension, found in the request's files. */
export function findResourceExtension(schema) {
  for (const file of schema.allFiles) {
    const ext = file.extensions.find((e) => e.typeName === 'core.solo.io.resource');
    if (ext) return ext;
  }
  throw new Error('core.solo.io.resource extension not found: is solo-kit.proto imported?');
}

/** Every message in the request's files that carries the resource option, with its kind metadata. */
export function findKinds(schema) {
  const ext = findResourceExtension(schema);
  const kinds = [];
  for (const file of schema.files) {
    for (const message of file.messages) {
      if (!message.proto.options || !hasOption(message, ext)) continue;
      const opt = getOption(message, ext);
      const group = opt.group || file.proto.package;
      const version = [...`/${file.name}/`.matchAll(/\/(v\d+\w*)(?=\/)/g)].pop()?.[1] ?? 'v1';
      kinds.push({
        kind: message.name,
        group,
        version,
        apiVersion: `${group}/${version}`,
        plural: opt.pluralName,
        shortName: opt.shortName,
        snapshotGroup: opt.snapshotGroup,
        generated: opt.generated,
        message,
        file,
      });
    }
  }
  return kinds.sort((a, b) => a.kind.localeCompare(b.kind));
}

/** Fields that are bookkeeping, not part of a kind's spec. */
export const NON_SPEC_FIELDS = new Set(['metadata', 'namespacedStatuses']);

/** The leading comment of a descriptor as one trimmed paragraph, or ''. */
export function commentOf(desc) {
  const text = getComments(desc).leading ?? '';
  return text.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
}

/** A short, human type label of a field's element: `string`, `uint32`, a message or enum name. */
export function elementTypeName(field) {
  switch (field.fieldKind) {
    case 'scalar': return scalarName(field.scalar);
    case 'enum': return field.enum.typeName;
    case 'message': return field.message.typeName;
    case 'list': return field.listKind === 'scalar' ? scalarName(field.scalar) : (field.listKind === 'enum' ? field.enum.typeName : field.message.typeName);
    case 'map': return field.mapKind === 'scalar' ? scalarName(field.scalar) : (field.mapKind === 'enum' ? field.enum.typeName : field.message.typeName);
  }
  return 'unknown';
}

const SCALARS = { 1: 'double', 2: 'float', 3: 'int64', 4: 'uint64', 5: 'int32', 6: 'fixed64', 7: 'fixed32', 8: 'bool', 9: 'string', 12: 'bytes', 13: 'uint32', 15: 'sfixed32', 16: 'sfixed64', 17: 'sint32', 18: 'sint64' };

/** The proto name of a ScalarType number. */
export function scalarName(scalar) {
  return SCALARS[scalar] ?? 'scalar';
}

/** Every message and enum reachable from a message through its fields, itself included. */
export function reachableTypes(root) {
  const seen = new Map();
  const visit = (desc) => {
    if (seen.has(desc.typeName)) return;
    seen.set(desc.typeName, desc);
    if (desc.kind !== 'message') return;
    for (const f of desc.fields) {
      const target = f.message ?? f.enum;
      if (target) visit(target);
    }
  };
  visit(root);
  return [...seen.values()];
}
