// CustomResourceDefinitions for every kind, made from the generated JSON Schemas, so a cluster can hold the sandbox's
// objects: `xds-sandbox crds | kubectl apply -f -`. Names, groups, plurals and short names follow Gloo's CRDs
// (install/helm/gloo/crds in Gloo); unlike Gloo's, each has the status subresource, so statuses never bump the spec.
import { stringify } from 'yaml';
import { KINDS, SHARED_JSON_SCHEMA, type KindInfo } from '../../common/model/kinds';
import type { SchemaNode } from '../../common/model/schema-walk';

/** An OpenAPI v3 schema in Kubernetes' structural form (no $ref, a type on every node unless it preserves unknown fields). */
export interface StructuralSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  properties?: Record<string, StructuralSchema>;
  additionalProperties?: StructuralSchema;
  items?: StructuralSchema;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  'x-kubernetes-preserve-unknown-fields'?: true;
  'x-kubernetes-int-or-string'?: true;
}

/** A CustomResourceDefinition (apiextensions.k8s.io/v1) as this module writes it. */
export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; labels: Record<string, string> };
  spec: {
    group: string;
    names: { kind: string; listKind: string; plural: string; singular: string; shortNames: string[]; categories: string[] };
    scope: 'Namespaced';
    versions: {
      name: string;
      served: true;
      storage: true;
      subresources: { status: Record<string, never> };
      schema: { openAPIV3Schema: StructuralSchema };
    }[];
  };
}

/** Largest JSON size of one CRD: `kubectl apply` keeps the applied object in an annotation of at most 256 KiB. */
const MAX_CRD_BYTES = 200_000;
/** How deep message fields are spelled out before the rest of a subtree is kept as it comes. */
const MAX_DEPTH = 14;
const SHARED = SHARED_JSON_SCHEMA as SchemaNode;
const REF = /^([^#]*)#\/definitions\/(.+)$/;
const ANY: StructuralSchema = { 'x-kubernetes-preserve-unknown-fields': true };
const ANY_OBJECT: StructuralSchema = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

/** Label carried by every CRD the sandbox makes. */
export const CRD_LABEL = 'xds-sandbox.io/crd';

/** The CRD of one kind: its spec schema spelled out as deep as fits MAX_CRD_BYTES (found by bisection), and a free-form status. */
export function crdOf(kind: KindInfo): CustomResourceDefinition {
  const root = kind.jsonSchema as SchemaNode;
  const specNode = root.properties?.spec;
  if (!specNode) return makeCrd(kind, ANY_OBJECT);
  const at = (depth: number) => makeCrd(kind, toStructural(specNode, root, depth, new Set()));
  let best = makeCrd(kind, ANY_OBJECT);
  let [low, high] = [1, MAX_DEPTH];
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    const crd = at(mid);
    if (JSON.stringify(crd).length <= MAX_CRD_BYTES) {
      best = crd;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return best;
}

/** Every kind's CRD, sorted by kind. */
export function allCrds(): CustomResourceDefinition[] {
  made ??= KINDS.map(crdOf);
  return made;
}

let made: CustomResourceDefinition[] | undefined;

/** Every CRD as one YAML stream, ready for `kubectl apply -f -`. */
export function crdsYaml(): string {
  return allCrds().map((crd) => stringify(crd, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
}

function makeCrd(kind: KindInfo, spec: StructuralSchema): CustomResourceDefinition {
  const singular = kind.kind.toLowerCase();
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${kind.plural}.${kind.group}`, labels: { [CRD_LABEL]: 'true' } },
    spec: {
      group: kind.group,
      names: { kind: kind.kind, listKind: `${kind.kind}List`, plural: kind.plural, singular: kind.plural.startsWith(singular) ? singular : kind.plural.endsWith('ies') ? `${kind.plural.slice(0, -3)}y` : kind.plural.replace(/s$/, ''), shortNames: [kind.shortName], categories: ['gloo-gateway'] },
      scope: 'Namespaced',
      versions: [{
        name: kind.version,
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: { openAPIV3Schema: { type: 'object', properties: { spec, status: ANY_OBJECT } } },
      }],
    },
  };
}

/** Resolves one `$ref` step: `#/definitions/X` in the document it appears in, `definitions.schema.json#/...` in the shared one. */
function resolveRef(node: SchemaNode, doc: SchemaNode): { node: SchemaNode | undefined; doc: SchemaNode; name: string } {
  const m = REF.exec(node.$ref ?? '');
  if (!m) return { node: undefined, doc, name: '' };
  const target = m[1] ? SHARED : doc;
  return { node: target.definitions?.[m[2]], doc: target, name: `${m[1]}#${m[2]}` };
}

/** The structural form of a JSON Schema node; recursion and depth beyond `depth` become free-form objects. */
function toStructural(input: SchemaNode, doc: SchemaNode, depth: number, seen: ReadonlySet<string>): StructuralSchema {
  let node: SchemaNode | undefined = input;
  let visited = seen;
  for (let guard = 0; node?.$ref && guard < 32; guard++) {
    const r = resolveRef(node, doc);
    if (visited.has(r.name)) return ANY_OBJECT;
    visited = new Set([...visited, r.name]);
    node = r.node;
    doc = r.doc;
  }
  if (!node) return ANY;
  const types = typeof node.type === 'string' ? [node.type] : node.type ?? [];
  if (types.length === 0) return node.enum?.some((v) => typeof v === 'number') && node.enum.some((v) => typeof v === 'string') ? { 'x-kubernetes-int-or-string': true } : node.enum ? { type: 'string', enum: [...node.enum] } : ANY;
  if (types.length > 1) return types.includes('integer') && types.includes('string') ? { 'x-kubernetes-int-or-string': true } : ANY;
  const { minimum, maximum } = node as SchemaNode & { minimum?: number; maximum?: number };
  const bounds = (s: StructuralSchema) => ({ ...s, ...(minimum !== undefined ? { minimum } : {}), ...(maximum !== undefined ? { maximum } : {}) });
  switch (types[0]) {
    case 'string':
      return node.enum ? { type: 'string', enum: [...node.enum] } : { type: 'string' };
    case 'integer':
    case 'number':
      return bounds({ type: types[0] });
    case 'boolean':
      return { type: 'boolean' };
    case 'array':
      return { type: 'array', items: node.items ? toStructural(node.items, doc, depth, visited) : ANY };
    case 'object':
      return objectSchema(node, doc, depth, visited);
    default:
      return ANY;
  }
}

function objectSchema(node: SchemaNode, doc: SchemaNode, depth: number, seen: ReadonlySet<string>): StructuralSchema {
  if (depth <= 0) return ANY_OBJECT;
  if (node.properties) {
    const properties: Record<string, StructuralSchema> = {};
    for (const [name, child] of Object.entries(node.properties)) properties[name] = toStructural(child, doc, depth - 1, seen);
    // proto field names are accepted as aliases of the JSON names, so the cluster must keep them too
    for (const [protoName, jsonName] of Object.entries(node['x-proto-names'] ?? {})) {
      if (properties[jsonName] && !properties[protoName]) properties[protoName] = properties[jsonName];
    }
    return { type: 'object', properties };
  }
  if (typeof node.additionalProperties === 'object') return { type: 'object', additionalProperties: toStructural(node.additionalProperties, doc, depth - 1, seen) };
  return ANY_OBJECT;
}
