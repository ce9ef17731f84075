// Parses a route test file (YAML or JSON; format in docs/route-tests.md) and reports every problem
// with its file:line:column and field path, all at once.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { SimulatedRequest } from './request';
import type { RouteTest, RouteTestExpect, RouteTestFile } from './route-tests';

/** Action types a test may expect. */
export const ACTION_TYPES = ['forward', 'redirect', 'directResponse'] as const;

/** One problem of a route test file. `path` is the field, like `tests[2].request.port`. */
export interface RouteTestProblem {
  readonly line: number;
  readonly column: number;
  readonly path: string;
  readonly message: string;
}

/** Thrown by parseRouteTests with every problem found; the message lists them as `file:line:col: path: message`. */
export class RouteTestsParseError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly RouteTestProblem[],
  ) {
    const n = problems.length;
    const lines = problems.map((p) => `  ${file}:${p.line}:${p.column}: ${p.path ? p.path + ': ' : ''}${p.message}`);
    super(`${n} problem${n === 1 ? '' : 's'} in route tests ${file}:\n${lines.join('\n')}`);
    this.name = 'RouteTestsParseError';
  }
}

type Path = (string | number)[];
type Obj = Record<string, unknown>;
interface Found {
  path: Path;
  message: string;
  /** Point at the key of the field rather than its value (unknown fields). */
  atKey?: boolean;
}

const ROOT_KEYS = ['tests', 'proxy'];
const TEST_KEYS = ['name', 'proxy', 'request', 'expect'];
const REQUEST_KEYS = ['host', 'path', 'method', 'headers', 'query', 'port', 'tls'];
const EXPECT_STRINGS = ['virtualHost', 'route', 'cluster', 'upstream', 'location', 'pathAfterRewrite', 'mirror', 'body'] as const;
const EXPECT_KEYS = ['matched', ...EXPECT_STRINGS, 'status', 'action'];

/** The tests of a route test file; throws RouteTestsParseError listing every problem when the file is not valid. */
export function parseRouteTests(text: string, file = 'route-tests.yaml'): RouteTestFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => lineCounter.linePos(offset);
  if (doc.errors.length > 0) {
    throw new RouteTestsParseError(
      file,
      doc.errors.map((e) => ({ ...lineCol(at(e.pos[0])), path: '', message: e.message.split('\n')[0] })),
    );
  }
  const found: Found[] = [];
  const result = readFile(doc.toJS() as unknown, found);
  if (found.length > 0) {
    const problems = found.map((f) => locate(doc, f, at)).sort((a, b) => a.line - b.line || a.column - b.column);
    throw new RouteTestsParseError(file, problems);
  }
  return result!;
}

function lineCol(p: { line: number; col: number }): { line: number; column: number } {
  return { line: p.line, column: p.col };
}

/** Places a problem at its field, or at the nearest enclosing node that exists. */
function locate(doc: Document, f: Found, at: (offset: number) => { line: number; col: number }): RouteTestProblem {
  if (f.atKey) {
    const parent = f.path.length > 1 ? doc.getIn(f.path.slice(0, -1), true) : doc.contents;
    const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === f.path[f.path.length - 1]) : undefined;
    const range = isScalar(pair?.key) ? pair.key.range : undefined;
    if (range) return { ...lineCol(at(range[0])), path: formatPath(f.path), message: f.message };
  }
  for (let n = f.path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(f.path.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return { ...lineCol(at(range[0])), path: formatPath(f.path), message: f.message };
  }
  return { line: 1, column: 1, path: formatPath(f.path), message: f.message };
}

function formatPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function readFile(root: unknown, found: Found[]): RouteTestFile | undefined {
  if (!isObj(root)) {
    found.push({ path: [], message: 'a route test file is a mapping with a `tests` list' });
    return undefined;
  }
  unknownKeys(root, ROOT_KEYS, [], found);
  const proxy = optString(root, 'proxy', [], found);
  if (!Array.isArray(root.tests) || root.tests.length === 0) {
    found.push({ path: root.tests === undefined ? [] : ['tests'], message: root.tests === undefined ? '`tests` is required: a list of tests' : '`tests` must be a non-empty list' });
    return undefined;
  }
  const names = new Map<string, number>();
  const tests: RouteTest[] = [];
  root.tests.forEach((t, i) => {
    const test = readTest(t, ['tests', i], found);
    if (!test) return;
    const first = names.get(test.name);
    if (first !== undefined) found.push({ path: ['tests', i, 'name'], message: `duplicate test name ${JSON.stringify(test.name)} (also tests[${first}])` });
    else names.set(test.name, i);
    tests.push(test);
  });
  return { ...(proxy !== undefined ? { proxy } : {}), tests };
}

function readTest(t: unknown, path: Path, found: Found[]): RouteTest | undefined {
  if (!isObj(t)) {
    found.push({ path, message: 'a test is a mapping with name, request and expect' });
    return undefined;
  }
  unknownKeys(t, TEST_KEYS, path, found);
  const name = optString(t, 'name', path, found);
  if (name === undefined || name.trim() === '') found.push({ path: [...path, 'name'], message: 'every test needs a non-empty `name`' });
  const proxy = optString(t, 'proxy', path, found);
  const request = readRequest(t.request, [...path, 'request'], found);
  const expect = readExpect(t.expect, [...path, 'expect'], found);
  if (!name || !request || !expect) return undefined;
  return { name, ...(proxy !== undefined ? { proxy } : {}), request, expect };
}

function readRequest(r: unknown, path: Path, found: Found[]): SimulatedRequest | undefined {
  if (!isObj(r)) {
    found.push({ path, message: r === undefined ? '`request` is required (at least a path)' : '`request` must be a mapping' });
    return undefined;
  }
  unknownKeys(r, REQUEST_KEYS, path, found);
  const reqPath = optString(r, 'path', path, found);
  if (reqPath === undefined) found.push({ path: [...path, 'path'], message: '`path` is required, e.g. /api/pets' });
  else if (!reqPath.startsWith('/')) found.push({ path: [...path, 'path'], message: `path must start with /, got ${JSON.stringify(reqPath)}` });
  const host = optString(r, 'host', path, found);
  const method = optString(r, 'method', path, found);
  const headers = stringMap(r, 'headers', path, found);
  const query = stringMap(r, 'query', path, found);
  const port = r.port;
  if (port !== undefined && !(Number.isInteger(port) && (port as number) >= 1 && (port as number) <= 65535)) {
    found.push({ path: [...path, 'port'], message: `port must be an integer from 1 to 65535, got ${JSON.stringify(port)}` });
  }
  if (r.tls !== undefined && typeof r.tls !== 'boolean') found.push({ path: [...path, 'tls'], message: 'tls must be true or false' });
  if (reqPath === undefined) return undefined;
  return {
    path: reqPath,
    ...(host !== undefined ? { host } : {}),
    ...(method !== undefined ? { method } : {}),
    ...(headers ? { headers } : {}),
    ...(query ? { query } : {}),
    ...(typeof port === 'number' ? { port } : {}),
    ...(typeof r.tls === 'boolean' ? { tls: r.tls } : {}),
  };
}

function readExpect(e: unknown, path: Path, found: Found[]): RouteTestExpect | undefined {
  if (!isObj(e) || Object.keys(e).length === 0) {
    found.push({ path, message: `\`expect\` is required: a mapping with at least one of ${EXPECT_KEYS.join(', ')}` });
    return undefined;
  }
  unknownKeys(e, EXPECT_KEYS, path, found);
  const out: Record<string, unknown> = {};
  if (e.matched !== undefined) {
    if (typeof e.matched !== 'boolean') found.push({ path: [...path, 'matched'], message: 'matched must be true or false' });
    else out.matched = e.matched;
  }
  for (const k of EXPECT_STRINGS) {
    const v = optString(e, k, path, found);
    if (v !== undefined) out[k] = v;
  }
  if (typeof out.upstream === 'string' && !/^[^/\s]+\/[^/\s]+$/.test(out.upstream)) {
    found.push({ path: [...path, 'upstream'], message: `upstream is written namespace/name, got ${JSON.stringify(out.upstream)}` });
  }
  if (e.status !== undefined) {
    if (!Number.isInteger(e.status) || (e.status as number) < 100 || (e.status as number) > 599) found.push({ path: [...path, 'status'], message: `status must be an HTTP status code (100-599), got ${JSON.stringify(e.status)}` });
    else out.status = e.status;
  }
  if (e.action !== undefined) {
    if (!(ACTION_TYPES as readonly unknown[]).includes(e.action)) found.push({ path: [...path, 'action'], message: `action must be one of ${ACTION_TYPES.join(', ')}, got ${JSON.stringify(e.action)}` });
    else out.action = e.action;
  }
  if (out.matched === false && Object.keys(out).length > 1) {
    found.push({ path: [...path, 'matched'], message: `matched: false cannot be combined with ${Object.keys(out).filter((k) => k !== 'matched').join(', ')}` });
  }
  return out as RouteTestExpect;
}

function optString(o: Obj, key: string, path: Path, found: Found[]): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') {
    found.push({ path: [...path, key], message: `${key} must be a string, got ${describe(v)}` });
    return undefined;
  }
  return v;
}

/** A mapping of names to scalar values; numbers and booleans become strings (YAML reads `x-version: 2` as a number). */
function stringMap(o: Obj, key: string, path: Path, found: Found[]): Record<string, string> | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!isObj(v)) {
    found.push({ path: [...path, key], message: `${key} must be a mapping of names to values, got ${describe(v)}` });
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(v)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[k] = String(value);
    else found.push({ path: [...path, key, k], message: `value of ${k} must be a string, got ${describe(value)}` });
  }
  return out;
}

function unknownKeys(o: Obj, known: readonly string[], path: Path, found: Found[]): void {
  for (const k of Object.keys(o)) {
    if (known.includes(k)) continue;
    const near = known.find((c) => editDistance(c.toLowerCase(), k.toLowerCase()) <= 2);
    found.push({ path: [...path, k], atKey: true, message: `unknown field ${JSON.stringify(k)}${near ? ` (did you mean ${near}?)` : ''}; expected one of ${known.join(', ')}` });
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v) || isSeq(v)) return 'a list';
  if (isObj(v) || isMap(v)) return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_v, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}
