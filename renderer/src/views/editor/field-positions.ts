// Where a status problem's field path (`spec.virtualHost.routes[1].routeAction.single.upstream`, 0-based) stands in
// an editor's YAML text, and the mechanical fix of a reference with a "did you mean": the same walk for both.
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';

/** A text range: character offsets into the YAML text. */
export interface TextRange {
  readonly from: number;
  readonly to: number;
}

/** The parts of a field path: names and indexes (`a.b[1].c` → a, b, 1, c). */
export function pathParts(path: string): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) parts.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return parts;
}

interface Found {
  /** The deepest node reached and the range to mark (the key of a map entry, or the item of a list). */
  readonly node: Node | null;
  readonly mark: TextRange;
  /** Whether the whole path was found. */
  readonly exact: boolean;
}

function walk(text: string, path: string): Found | undefined {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length) return undefined;
  let node = doc.contents as Node | null;
  let mark: TextRange = { from: node?.range?.[0] ?? 0, to: node?.range?.[1] ?? 0 };
  for (const part of pathParts(path)) {
    if (isMap(node) && typeof part === 'string') {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === part);
      if (!pair) return { node, mark, exact: false };
      const key = pair.key as Node;
      mark = { from: key.range?.[0] ?? mark.from, to: (pair.value as Node | null)?.range?.[1] ?? key.range?.[1] ?? mark.to };
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part] as Node | undefined;
      if (!item) return { node, mark, exact: false };
      mark = { from: item.range?.[0] ?? mark.from, to: item.range?.[1] ?? mark.to };
      node = item;
    } else return { node, mark, exact: false };
  }
  return { node, mark, exact: true };
}

/** The range of the field a path names, or of its nearest existing parent; undefined when the text does not parse. */
export function rangeOfPath(text: string, path: string): TextRange | undefined {
  const found = walk(text, path);
  if (!found) return undefined;
  // A block value runs to the end of its lines: mark only the first line, where the key is.
  const lineEnd = text.indexOf('\n', found.mark.from);
  return { from: found.mark.from, to: Math.max(found.mark.from + 1, Math.min(found.mark.to, lineEnd < 0 ? text.length : lineEnd)) };
}

/** `default/hello-backend` from a message's "did you mean default/hello-backend?" (backquotes allowed), or undefined. */
export function suggestedRef(message: string): { namespace: string; name: string } | undefined {
  const m = /did you mean `?([a-z0-9][a-z0-9.-]*)\/([A-Za-z0-9][A-Za-z0-9._-]*?)`?\?/.exec(message);
  return m ? { namespace: m[1], name: m[2] } : undefined;
}

/** One text change. */
export interface TextEdit {
  readonly from: number;
  readonly to: number;
  readonly insert: string;
}

/**
 * The edits that make the reference at `path` (a map with `name` and maybe `namespace`) name `ref` instead:
 * the name's value replaced, and the namespace's when it differs (added after the name when absent and not
 * `sameNamespace`). Undefined when the path does not lead to such a map.
 */
export function renameRefEdits(text: string, path: string, ref: { namespace: string; name: string }, objectNamespace: string): TextEdit[] | undefined {
  const found = walk(text, path);
  if (!found?.exact || !isMap(found.node)) return undefined;
  const valueOf = (key: string) => found.node && isMap(found.node) ? found.node.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
  const name = valueOf('name');
  if (!name || !isScalar(name.value) || !name.value.range) return undefined;
  const edits: TextEdit[] = [{ from: name.value.range[0], to: name.value.range[1], insert: ref.name }];
  const ns = valueOf('namespace');
  if (ns && isScalar(ns.value) && ns.value.range) {
    if (String(ns.value.value) !== ref.namespace) edits.push({ from: ns.value.range[0], to: ns.value.range[1], insert: ref.namespace });
  } else if (ref.namespace !== objectNamespace) {
    return undefined; // adding a key needs the block's indentation; left to the user
  }
  return edits.sort((a, b) => a.from - b.from);
}
