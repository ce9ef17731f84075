// Walks the generated JSON Schemas: follows references into the shared definitions document and finds the
// schema at a path inside an object. Used for did-you-mean hints and for editor completion.
import { SHARED_JSON_SCHEMA } from '../gen/kinds';

/** The subset of JSON Schema the generated schemas use. */
export interface SchemaNode {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
  readonly additionalProperties?: boolean | SchemaNode;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly definitions?: Readonly<Record<string, SchemaNode>>;
  /** Proto field name → JSON name, for the fields whose names differ. */
  readonly 'x-proto-names'?: Readonly<Record<string, string>>;
}

const SHARED = SHARED_JSON_SCHEMA as SchemaNode;
const REF = /^([^#]*)#\/definitions\/(.+)$/;

/** Follows `$ref`s: `#/definitions/X` inside root, `definitions.schema.json#/definitions/X` in the shared document. */
export function deref(root: SchemaNode, node: SchemaNode | undefined): SchemaNode | undefined {
  let n = node;
  for (let guard = 0; n?.$ref && guard < 32; guard++) {
    const m = REF.exec(n.$ref);
    if (!m) return undefined;
    n = (m[1] ? SHARED : root).definitions?.[m[2]];
  }
  return n;
}

/** The schema of a field, an item (`[]` or an index) or a map value below node, or undefined when there is none. */
export function childSchema(root: SchemaNode, node: SchemaNode | undefined, segment: string): SchemaNode | undefined {
  if (!node) return undefined;
  if (node.items && (segment === '[]' || /^\d+$/.test(segment))) return deref(root, node.items);
  const next = node.properties?.[segment] ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
  return deref(root, next);
}

/** The schema at a path of field names (`[]` or a number for a sequence item), or undefined when the path leaves the schema. */
export function schemaAtPath(root: SchemaNode, path: readonly string[]): SchemaNode | undefined {
  let node = deref(root, root);
  for (const seg of path) node = childSchema(root, node, seg);
  return node;
}
