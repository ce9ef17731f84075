// How a delegated child route combines with its parent route, and Gloo's route ordering for
// route tables of equal weight.
import type { MatcherJson } from '../../gen/gloo/api/v1/core/matchers/matchers_pb';
import type { RouteOptionsJson } from '../../gen/gloo/api/v1/route_options_pb';
import { describeMatcher, pathOf } from '../matchers';

/** Merged matchers of a child route under its parent's matchers, and the child matchers that fall outside every parent prefix. */
export interface MergedMatchers {
  readonly matchers: MatcherJson[];
  readonly outside: { index: number; matcher: MatcherJson }[];
  readonly methodConflicts: { index: number; matcher: MatcherJson }[];
}

/**
 * Gloo delegation: a child with no matchers inherits its parent's; each child matcher must start with a
 * parent prefix (regexes too, textually, as Gloo checks); the parent's headers, query parameters and
 * methods are inherited by the child (headers and query parameters added, methods intersected).
 */
export function mergeWithParent(parents: readonly MatcherJson[], children: readonly MatcherJson[] | undefined): MergedMatchers {
  if (!children?.length) return { matchers: parents.map((p) => ({ ...p })), outside: [], methodConflicts: [] };
  const matchers: MatcherJson[] = [];
  const outside: MergedMatchers['outside'] = [];
  const methodConflicts: MergedMatchers['methodConflicts'] = [];
  children.forEach((c, index) => {
    const within = parents.filter((p) => pathOf(c).value.startsWith(pathOf(p).value));
    if (within.length === 0) return void outside.push({ index, matcher: c });
    let merged = 0;
    for (const p of within) {
      const m = mergeOne(p, c);
      if (!m) continue;
      merged++;
      if (!matchers.some((x) => sameMatcher(x, m))) matchers.push(m);
    }
    if (merged === 0) methodConflicts.push({ index, matcher: c });
  });
  return { matchers, outside, methodConflicts };
}

function mergeOne(p: MatcherJson, c: MatcherJson): MatcherJson | undefined {
  const methods = intersectMethods(p.methods, c.methods);
  if (methods === null) return undefined;
  const out: MatcherJson = { ...c };
  const caseSensitive = c.caseSensitive ?? p.caseSensitive;
  if (caseSensitive !== undefined) out.caseSensitive = caseSensitive;
  const headers = [...(p.headers ?? []), ...(c.headers ?? [])];
  if (headers.length) out.headers = headers;
  const query = [...(p.queryParameters ?? []), ...(c.queryParameters ?? [])];
  if (query.length) out.queryParameters = query;
  if (methods.length) out.methods = methods;
  else delete out.methods;
  return out;
}

/** Methods both allow ([] = any); null when they allow none in common. */
function intersectMethods(p: string[] | undefined, c: string[] | undefined): string[] | null {
  if (!p?.length) return c ?? [];
  if (!c?.length) return [...p];
  const both = c.filter((m) => p.includes(m));
  return both.length ? both : null;
}

function sameMatcher(a: MatcherJson, b: MatcherJson): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The message for a child matcher outside its parent's prefixes. */
export function outsideMessage(index: number, parents: readonly MatcherJson[]): string {
  const prefixes = parents.map((p) => `"${pathOf(p).value}"`).join(' or ');
  return `matcher ${index} is outside the parent's prefix ${prefixes}`;
}

/** Child options over parent options, field by field (Gloo: delegated routes inherit the parent route's options). */
export function mergeOptions(parent: RouteOptionsJson | undefined, child: RouteOptionsJson | undefined): RouteOptionsJson | undefined {
  if (!parent) return child;
  if (!child) return parent;
  return { ...parent, ...child };
}

/**
 * Gloo's SortRoutesByPath (projects/gloo/pkg/utils): a stable sort on each route's most specific
 * matcher: more methods first, then exact < regex < prefix, then the lexicographically greater path first
 * (so `/api/v1` comes before `/api`).
 */
export function sortByPath<T>(items: readonly T[], matchersOf: (t: T) => readonly MatcherJson[]): T[] {
  const keyed = items.map((item, i) => ({ item, i, m: smallest(matchersOf(item)) }));
  keyed.sort((a, b) => compareMatchers(a.m, b.m) || a.i - b.i);
  return keyed.map((k) => k.item);
}

function smallest(ms: readonly MatcherJson[]): MatcherJson {
  let best: MatcherJson = ms[0] ?? { prefix: '/' };
  for (const m of ms) if (compareMatchers(m, best) < 0) best = m;
  return best;
}

const PRIORITY = { exact: 0, regex: 1, prefix: 2 } as const;

function compareMatchers(a: MatcherJson, b: MatcherJson): number {
  const am = a.methods?.length ?? 0;
  const bm = b.methods?.length ?? 0;
  if (am !== bm) return bm - am;
  const pa = pathOf(a);
  const pb = pathOf(b);
  if (pa.kind !== pb.kind) return PRIORITY[pa.kind] - PRIORITY[pb.kind];
  return pa.value > pb.value ? -1 : pa.value < pb.value ? 1 : 0;
}

/** Short description of matchers for messages. */
export function describeMatchers(ms: readonly MatcherJson[]): string {
  return ms.map(describeMatcher).join(' | ');
}
