// Where the cursor stands in a YAML text, read from indentation alone (works on half-typed, invalid YAML):
// the path of mapping keys and sequence items (`[]`) above it, and whether a key or a value is being typed.

/** The cursor's place: `path` leads to the mapping being typed in (key mode) or to the key whose value is typed. */
export interface YamlCursorContext {
  readonly mode: 'key' | 'value';
  /** Keys from the document root; `[]` stands for "an item of this sequence". */
  readonly path: readonly string[];
  /** What is typed so far, and where it starts. */
  readonly prefix: string;
  readonly from: number;
  /** Keys already present in the mapping (key mode). */
  readonly siblings: readonly string[];
  /** The document's `kind:` value, when it has one. */
  readonly kind?: string;
}

interface LineShape {
  readonly indent: number;
  readonly item: boolean;
  readonly keyCol: number;
  readonly key?: string;
}

const KEY_LINE = /^(\s*)(-\s+)?([^\s#:'"-][^:#]*?|"[^"]*"|'[^']*')\s*:(?:\s|$)/;
const ITEM_LINE = /^(\s*)-(?:\s|$)/;

/** The shape of one line: indentation, whether it starts a sequence item, and its key; undefined for blank and comment lines. */
export function shapeOf(line: string): LineShape | undefined {
  if (/^\s*(#.*)?$/.test(line)) return undefined;
  const key = KEY_LINE.exec(line);
  if (key) {
    const indent = key[1].length;
    return { indent, item: key[2] !== undefined, keyCol: indent + (key[2]?.length ?? 0), key: key[3].replace(/^["']|["']$/g, '') };
  }
  const item = ITEM_LINE.exec(line);
  if (item) return { indent: item[1].length, item: true, keyCol: item[0].length };
  return { indent: line.length - line.trimStart().length, item: false, keyCol: line.length - line.trimStart().length };
}

/** The lines of the `---`-delimited document holding line `at`, as [first, last] line indexes. */
function documentBounds(lines: readonly string[], at: number): [number, number] {
  let first = at;
  while (first > 0 && !/^---/.test(lines[first - 1])) first--;
  let last = at;
  while (last < lines.length - 1 && !/^---/.test(lines[last + 1])) last++;
  return [first, last];
}

/** The path of parents above a key at column `limit` (or a `- ` item whose dash is at `limit`), walking up from line `at`. */
function parentsAbove(lines: readonly string[], at: number, first: number, start: { limit: number; inItem: boolean }): string[] {
  const path: string[] = start.inItem ? ['[]'] : [];
  let { limit } = start;
  // afterDash: looking for the key that owns the sequence whose dash is at `limit` (it may stand at the same column).
  let afterDash = start.inItem;
  for (let i = at - 1; i >= first && (limit > 0 || afterDash); i--) {
    const s = shapeOf(lines[i]);
    if (!s) continue;
    if (!s.item) {
      if (s.keyCol < limit || (afterDash && s.keyCol === limit)) {
        if (s.key !== undefined) path.unshift(s.key);
        limit = s.keyCol;
        afterDash = false;
      }
      continue;
    }
    if (afterDash) {
      if (s.indent >= limit || s.key === undefined) continue;
      path.unshift('[]', s.key);
    } else if (s.keyCol === limit) {
      path.unshift('[]');
    } else if (s.keyCol < limit && s.key !== undefined) {
      path.unshift('[]', s.key);
    } else {
      continue;
    }
    limit = s.indent;
    afterDash = true;
  }
  return path;
}

/** Keys already present at column `col` in the mapping around line `at`. */
function siblingKeys(lines: readonly string[], at: number, first: number, last: number, col: number): string[] {
  const keys: string[] = [];
  for (let i = at - 1; i >= first; i--) {
    const s = shapeOf(lines[i]);
    if (!s) continue;
    if (s.keyCol === col && s.key !== undefined) keys.push(s.key);
    if (s.indent < col) break;
  }
  for (let i = at + 1; i <= last; i++) {
    const s = shapeOf(lines[i]);
    if (!s) continue;
    if (s.indent < col) break;
    if (!s.item && s.keyCol === col && s.key !== undefined) keys.push(s.key);
  }
  return keys;
}

/** The cursor context at offset pos of text, or undefined where neither a key nor a scalar value is being typed. */
export function yamlContextAt(text: string, pos: number): YamlCursorContext | undefined {
  const lines = text.split('\n');
  const before = text.slice(0, pos);
  const at = before.split('\n').length - 1;
  const lineBefore = before.slice(before.lastIndexOf('\n') + 1);
  const [first, last] = documentBounds(lines, at);
  const kind = lines.slice(first, last + 1).map((l) => /^kind:\s*["']?([\w.-]+)/.exec(l)?.[1]).find((k) => k !== undefined);

  const value = /^(\s*)(-\s+)?([\w.-]+):\s+([^\s#'"]*)$/.exec(lineBefore);
  if (value) {
    const indent = value[1].length;
    const inItem = value[2] !== undefined;
    const keyCol = indent + (value[2]?.length ?? 0);
    const path = [...parentsAbove(lines, at, first, { limit: inItem ? indent : keyCol, inItem }), value[3]];
    return { mode: 'value', path, prefix: value[4], from: pos - value[4].length, siblings: [], ...(kind ? { kind } : {}) };
  }
  const key = /^(\s*)(-\s+)?([\w.-]*)$/.exec(lineBefore);
  if (!key) return undefined;
  const indent = key[1].length;
  const inItem = key[2] !== undefined;
  const keyCol = indent + (key[2]?.length ?? 0);
  const path = parentsAbove(lines, at, first, { limit: inItem ? indent : keyCol, inItem });
  const siblings = inItem ? [] : siblingKeys(lines, at, first, last, keyCol);
  return { mode: 'key', path, prefix: key[3], from: pos - key[3].length, siblings, ...(kind ? { kind } : {}) };
}
