// Turns the diffs of a pass (object diff and xDS diff, as core/common/diff produces them) into sections of
// entries with field rows: added / removed / changed, field path, before → after. Unknown shapes are kept raw.
import { formatPath, type FieldChange, type PathSegment } from '../../../../core/common/diff/json-diff';

/** How an entry or a field differs. */
export type ChangeKind = 'added' | 'removed' | 'changed';

/** One object or xDS resource that differs. */
export interface DiffEntry {
  readonly id: string;
  readonly title: string;
  readonly change: ChangeKind;
  readonly fields: readonly FieldChange[];
  /** The API object it is, for input diffs. */
  readonly object?: { readonly kind: string; readonly namespace: string; readonly name: string };
  /** The xDS resource it is, for xDS diffs. */
  readonly resource?: { readonly node: string; readonly type: string; readonly name: string };
}

/** A group of entries: all objects, or one proxy's resources. */
export interface DiffSection {
  readonly id: string;
  readonly title: string;
  readonly note?: string;
  readonly entries: readonly DiffEntry[];
}

/** A diff ready to render; `raw` holds a value whose shape was not recognised. */
export interface DiffModel {
  readonly equal: boolean;
  readonly sections: readonly DiffSection[];
  readonly raw?: unknown;
}

/** One row of a field table. */
export interface FieldRow {
  readonly path: string;
  readonly kind: ChangeKind | 'unchanged';
  readonly before?: unknown;
  readonly after?: unknown;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Whether a value looks like a FieldChange. */
export function isFieldChange(v: unknown): v is FieldChange {
  return isObj(v) && typeof v.path === 'string' && (v.op === 'add' || v.op === 'remove' || v.op === 'replace');
}

function titleOf(ref: Obj): string {
  if (typeof ref.kind === 'string') return `${ref.kind} ${String(ref.namespace ?? '')}/${String(ref.name ?? '')}`;
  if (typeof ref.type === 'string') return `${ref.type} ${String(ref.name ?? '')}`;
  return String(ref.refKey ?? ref.name ?? JSON.stringify(ref));
}

function entriesOf(d: Obj, idPrefix: string, node?: string): DiffEntry[] {
  const out: DiffEntry[] = [];
  const push = (change: ChangeKind) => (ref: unknown) => {
    if (!isObj(ref)) return;
    const title = titleOf(ref);
    const fields = list(ref.fields).filter(isFieldChange);
    out.push({
      id: `${idPrefix}/${change}/${title}`, title, change, fields,
      ...(typeof ref.kind === 'string' ? { object: { kind: ref.kind, namespace: String(ref.namespace ?? ''), name: String(ref.name ?? '') } } : {}),
      ...(typeof ref.type === 'string' && node !== undefined ? { resource: { node, type: ref.type, name: String(ref.name ?? '') } } : {}),
    });
  };
  list(d.added).forEach(push('added'));
  list(d.removed).forEach(push('removed'));
  list(d.changed).forEach(push('changed'));
  return out;
}

const hasChangeLists = (d: Obj) => Array.isArray(d.added) || Array.isArray(d.removed) || Array.isArray(d.changed);

/** The model of a diff value: an object diff, an xDS diff (per proxy), a bare list of field changes, or raw. */
export function diffModel(diff: unknown): DiffModel {
  if (diff === undefined || diff === null) return { equal: true, sections: [] };
  if (Array.isArray(diff) && diff.every(isFieldChange)) {
    return { equal: diff.length === 0, sections: diff.length ? [{ id: 'fields', title: 'Fields', entries: [{ id: 'fields', title: 'Fields', change: 'changed', fields: diff }] }] : [] };
  }
  if (!isObj(diff)) return { equal: false, sections: [], raw: diff };
  if (Array.isArray(diff.proxies)) {
    const sections = diff.proxies.filter(isObj).map((p): DiffSection => {
      const node = String(p.node ?? '');
      return { id: `proxy/${node}`, title: `proxy ${node}`, ...(p.state && p.state !== 'changed' ? { note: String(p.state) } : {}), entries: entriesOf(p, `proxy/${node}`, node) };
    });
    return { equal: diff.equal === true || sections.every((s) => s.entries.length === 0 && !s.note), sections };
  }
  if (hasChangeLists(diff)) {
    const entries = entriesOf(diff, 'objects');
    return { equal: diff.equal === true || entries.length === 0, sections: entries.length ? [{ id: 'objects', title: 'Objects', entries }] : [] };
  }
  if (diff.equal === true) return { equal: true, sections: [] };
  return { equal: false, sections: [], raw: diff };
}

/** Every leaf of a JSON value with its path (formatPath syntax); empty objects and arrays count as leaves. */
export function flattenJson(value: unknown, base: PathSegment[] = []): { path: string; value: unknown }[] {
  if (Array.isArray(value) && value.length) return value.flatMap((v, i) => flattenJson(v, [...base, i]));
  if (isObj(value) && Object.keys(value).length) return Object.entries(value).flatMap(([k, v]) => flattenJson(v, [...base, k]));
  return [{ path: formatPath(base), value }];
}

function within(path: string, parent: string): boolean {
  return path === parent || path.startsWith(`${parent}.`) || path.startsWith(`${parent}[`);
}

/** Field rows of an entry: only its changes, or (with `full`, the value after the change) every field with the changes marked. */
export function fieldRows(fields: readonly FieldChange[], full?: unknown): FieldRow[] {
  const changeRow = (f: FieldChange): FieldRow => ({
    path: f.path, kind: f.op === 'add' ? 'added' : f.op === 'remove' ? 'removed' : 'changed',
    ...(f.op !== 'add' ? { before: f.before } : {}), ...(f.op !== 'remove' ? { after: f.after } : {}),
  });
  if (full === undefined) return fields.map(changeRow);
  const rows: FieldRow[] = [];
  const shown = new Set<FieldChange>();
  for (const leaf of flattenJson(full)) {
    const f = fields.find((c) => c.op !== 'remove' && within(leaf.path, c.path));
    if (!f) rows.push({ path: leaf.path, kind: 'unchanged', after: leaf.value });
    else if (!shown.has(f)) {
      shown.add(f);
      rows.push(changeRow(f));
    }
  }
  for (const f of fields) if (!shown.has(f)) rows.push(changeRow(f));
  return rows;
}

/** How many entries of each kind a model holds, for the summary line. */
export function countEntries(model: DiffModel): Record<ChangeKind, number> {
  const counts: Record<ChangeKind, number> = { added: 0, removed: 0, changed: 0 };
  for (const s of model.sections) for (const e of s.entries) counts[e.change]++;
  return counts;
}
