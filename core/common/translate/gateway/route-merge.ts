// How a delegated route's options combine with its parent's, and Gloo's route ordering for route
// tables of equal weight.
import type { MatcherJson } from '../../gen/gloo/api/v1/core/matchers/matchers_pb';
import type { RouteOptionsJson } from '../../gen/gloo/api/v1/route_options_pb';
import { pathOf } from '../matchers';

/** Child options over parent options, field by field (Gloo's ShallowMergeRouteOptions(child, parent): the child's set fields stay). */
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
