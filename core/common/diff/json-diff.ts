// Field-level differences between two JSON values, computed with jsondiffpatch and flattened to paths
// like `virtualHosts[0].routes[1].match.prefix`. Objects in arrays are matched by `name` when they have
// one, else by content, so inserting one route in the middle reports one added route, not N changed
// ones; an unnamed object that changed in place is still reported field by field.
import { create, type Delta } from 'jsondiffpatch';
import { stableStringify } from '../model/hash';

/**
 * One changed field. `path` names it from the root of the value (`a.b[2]["io.x"]`); array indices of
 * `remove` refer to the old array and those of `add` / `replace` and nested changes to the new one.
 * Applied in the order listed (removals from the end first, then insertions, then nested changes),
 * the changes turn the old value into the new one.
 */
export interface FieldChange {
  readonly path: string;
  readonly op: 'add' | 'remove' | 'replace';
  readonly before?: unknown;
  readonly after?: unknown;
}

/** One step of a field path: an object key or an array index. */
export type PathSegment = string | number;

const differ = create({
  objectHash: (item: object | null) => {
    if (item === null) return 'null';
    const name = (item as { name?: unknown }).name;
    return typeof name === 'string' ? 'n:' + name : 'c:' + stableStringify(item);
  },
  arrays: { detectMove: false },
  cloneDiffValues: false,
});

/** Every field that differs from `before` to `after`, in an order that applies (see FieldChange); empty when equal. */
export function diffJson(before: unknown, after: unknown): FieldChange[] {
  const out: FieldChange[] = [];
  walk(differ.diff(before, after), [], out);
  return out;
}

function walk(delta: Delta, path: PathSegment[], out: FieldChange[]): void {
  if (delta === undefined) return;
  if (Array.isArray(delta)) {
    leaf(delta, path, out);
    return;
  }
  if ((delta as { _t?: unknown })._t === 'a') {
    walkArray(delta as Record<string, Delta>, path, out);
    return;
  }
  for (const [key, child] of Object.entries(delta as Record<string, Delta>)) walk(child, [...path, key], out);
}

function leaf(delta: unknown[], path: PathSegment[], out: FieldChange[]): void {
  const at = formatPath(path);
  if (delta.length === 1) out.push({ path: at, op: 'add', after: delta[0] });
  else if (delta.length === 2) out.push({ path: at, op: 'replace', before: delta[0], after: delta[1] });
  else if (delta[2] === 0) out.push({ path: at, op: 'remove', before: delta[0] });
}

/**
 * An array delta: removals (old indices, from the end), insertions (new indices, ascending), then
 * nested changes (new indices). A removed and an added unnamed object in the same gap between
 * unchanged items are paired and diffed field by field, since they are the same item edited.
 */
function walkArray(delta: Record<string, Delta>, path: PathSegment[], out: FieldChange[]): void {
  const removed: number[] = [];
  const added: number[] = [];
  const modified = new Map<number, Delta>();
  for (const key of Object.keys(delta)) {
    if (key === '_t') continue;
    const d = delta[key];
    if (key.startsWith('_')) removed.push(Number(key.slice(1)));
    else if (Array.isArray(d) && d.length === 1) added.push(Number(key));
    else modified.set(Number(key), d);
  }
  removed.sort((a, b) => a - b);
  added.sort((a, b) => a - b);
  const oldValue = (i: number) => (delta[`_${i}`] as unknown[])[0];
  const newValue = (i: number) => (delta[String(i)] as unknown[])[0];
  const pairs = pairEdited(removed, added, oldValue, newValue);
  const pairedOld = new Set(pairs.values());
  for (const i of [...removed].reverse()) {
    if (!pairedOld.has(i)) out.push({ path: formatPath([...path, i]), op: 'remove', before: oldValue(i) });
  }
  for (const i of added) if (!pairs.has(i)) out.push({ path: formatPath([...path, i]), op: 'add', after: newValue(i) });
  const nested = [...new Set([...modified.keys(), ...pairs.keys()])].sort((a, b) => a - b);
  for (const i of nested) {
    const d = pairs.has(i) ? differ.diff(oldValue(pairs.get(i)!), newValue(i)) : modified.get(i);
    walk(d, [...path, i], out);
  }
}

/** New index → old index of removed/added unnamed objects that sit in the same gap, k-th with k-th. */
function pairEdited(removed: number[], added: number[], oldValue: (i: number) => unknown, newValue: (i: number) => unknown): Map<number, number> {
  const gapsOf = (indices: number[], value: (i: number) => unknown) => {
    const gaps = new Map<number, number[]>();
    indices.forEach((index, k) => {
      if (!isUnnamedObject(value(index))) return;
      const gap = index - k; // number of kept items before this one
      gaps.set(gap, [...(gaps.get(gap) ?? []), index]);
    });
    return gaps;
  };
  const oldGaps = gapsOf(removed, oldValue);
  const pairs = new Map<number, number>();
  for (const [gap, news] of gapsOf(added, newValue)) {
    const olds = oldGaps.get(gap) ?? [];
    for (let k = 0; k < Math.min(olds.length, news.length); k++) pairs.set(news[k], olds[k]);
  }
  return pairs;
}

function isUnnamedObject(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as { name?: unknown }).name !== 'string';
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A path as text: `a.b[0]["io.x-y"]`; keys that are not identifiers are quoted in brackets. */
export function formatPath(path: readonly PathSegment[]): string {
  let s = '';
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) s += s === '' ? seg : `.${seg}`;
    else s += `[${JSON.stringify(seg)}]`;
  }
  return s;
}

/** The segments of a path written by formatPath; throws on text formatPath cannot produce. */
export function parsePath(text: string): PathSegment[] {
  const out: PathSegment[] = [];
  const re = /\.?([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m || (at === 0 && text[0] === '.')) throw new Error(`not a field path: ${text}`);
    out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]) as string)));
    at = re.lastIndex;
  }
  return out;
}

/** A value as short one-line JSON (at most `max` characters, cut with …). */
export function formatValue(value: unknown, max = 100): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

/** One change as a line: `path: before → after`, `+ path: value` or `- path: value`; values cut at `max` characters (Infinity: whole). */
export function formatFieldChange(c: FieldChange, max = 100): string {
  if (c.op === 'replace') return `${c.path}: ${formatValue(c.before, max)} → ${formatValue(c.after, max)}`;
  return `${c.op === 'add' ? '+' : '-'} ${c.path}: ${formatValue(c.op === 'add' ? c.after : c.before, max)}`;
}
