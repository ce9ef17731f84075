// Field-name (and enum value) completion from the generated JSON Schemas of the kinds.
import { KINDS } from '../../../../core/common/model/kinds';
import { deref, schemaAtPath, type SchemaNode } from '../../../../core/common/model/schema-walk';
import { yamlContextAt } from './yaml-context';

/** One suggestion: what to show and what to insert. */
export interface FieldCompletion {
  readonly label: string;
  readonly detail?: string;
  readonly info?: string;
  readonly apply: string;
  readonly type: 'property' | 'enum';
}

/** Suggestions at a position, and the offset they replace from. */
export interface CompletionAnswer {
  readonly from: number;
  readonly options: readonly FieldCompletion[];
}

function typeLabel(root: SchemaNode, node: SchemaNode | undefined): string {
  const n = deref(root, node);
  if (!n) return '';
  if (n.const !== undefined) return JSON.stringify(n.const);
  if (n.enum) return 'enum';
  if (Array.isArray(n.type)) return n.type.join(' | ');
  if (n.type === 'array') return `${typeLabel(root, n.items) || 'item'}[]`;
  if (n.type === 'object' && !n.properties && n.additionalProperties) return 'map';
  return typeof n.type === 'string' ? n.type : n.properties ? 'object' : '';
}

function rootSchemaOf(kind: string | undefined): SchemaNode | undefined {
  const k = KINDS.find((x) => x.kind === kind);
  return k?.jsonSchema as SchemaNode | undefined;
}

function keyOptions(root: SchemaNode, node: SchemaNode, siblings: readonly string[]): FieldCompletion[] {
  return Object.entries(node.properties ?? {})
    .filter(([name]) => !siblings.includes(name))
    .map(([name, child]) => ({ label: name, detail: typeLabel(root, child), info: deref(root, child)?.description, apply: `${name}: `, type: 'property' as const }));
}

function valueOptions(node: SchemaNode | undefined): FieldCompletion[] {
  const values = node?.const !== undefined ? [node.const] : node?.enum ?? (node?.type === 'boolean' ? [true, false] : []);
  return values.filter((v) => typeof v === 'string' || typeof v === 'boolean').map((v) => ({ label: String(v), apply: String(v), type: 'enum' as const }));
}

/** What to suggest at offset pos of a YAML document: field names of the mapping being typed in, or enum values. */
export function completeYaml(text: string, pos: number): CompletionAnswer | undefined {
  const ctx = yamlContextAt(text, pos);
  if (!ctx) return undefined;
  const root = rootSchemaOf(ctx.kind);
  if (ctx.mode === 'value') {
    if (ctx.path.length === 1 && ctx.path[0] === 'kind') {
      return { from: ctx.from, options: KINDS.filter((k) => !k.generated).map((k) => ({ label: k.kind, detail: k.apiVersion, apply: k.kind, type: 'enum' })) };
    }
    if (!root) return undefined;
    const options = valueOptions(schemaAtPath(root, ctx.path));
    return options.length ? { from: ctx.from, options } : undefined;
  }
  if (!root && ctx.path.length > 0) return undefined;
  const schema = root ?? rootSchemaOf('VirtualService');
  if (!schema) return undefined;
  const node = schemaAtPath(schema, ctx.path);
  if (!node?.properties) return undefined;
  const options = keyOptions(schema, node, ctx.siblings).filter((o) => root || ['apiVersion', 'kind', 'metadata', 'spec'].includes(o.label));
  return options.length ? { from: ctx.from, options } : undefined;
}
