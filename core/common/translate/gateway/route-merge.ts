// How options combine: a route's options with the RouteOption objects it references and with its
// delegating parent's, a virtual host's with its VirtualHostOption objects (Gloo's
// ShallowMergeRouteOptions / ShallowMergeVirtualHostOptions, projects/gloo/pkg/utils/merge.go); and
// Gloo's route ordering for route tables of equal weight.
import type { MatcherJson } from '../../gen/gloo/api/v1/core/matchers/matchers_pb';
import type { RouteOptionsJson } from '../../gen/gloo/api/v1/route_options_pb';
import type { VirtualHostOptionsJson } from '../../gen/gloo/api/v1/virtual_host_options_pb';
import { pathOf } from '../matchers';

/** The oneofs of RouteOptions and VirtualHostOptions (route_options.proto, virtual_host_options.proto): Go holds each in one field. */
const ONEOFS: readonly (readonly string[])[] = [
  ['hostRewrite', 'autoHostRewrite', 'hostRewritePathRegex', 'hostRewriteHeader'],
  ['ratelimitEarly', 'rateLimitEarlyConfigs'],
  ['ratelimit', 'rateLimitConfigs'],
  ['ratelimitRegular', 'rateLimitRegularConfigs'],
  ['jwt', 'jwtStaged', 'jwtProvidersStaged'],
];
const ONEOF_OF = new Map(ONEOFS.flatMap((group) => group.map((f) => [f, group] as const)));
/** The plain (non-message) fields, empty at their zero value as Go's isEmptyValue has it; a set message is never empty. */
const ZERO_EMPTY = new Set(['upgrades', 'envoyMetadata']);

function isEmpty(field: string, v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (!ZERO_EMPTY.has(field)) return false;
  return Array.isArray(v) ? v.length === 0 : typeof v === 'object' && Object.keys(v).length === 0;
}

/** Gloo's ShallowMerge over top-level fields: each field (a oneof counts as one) empty in `dst` takes `src`'s; `dst` wins everywhere else. */
export function shallowMerge<T extends object>(dst: T | undefined, src: T | undefined): T | undefined {
  if (!src) return dst;
  if (!dst) return src;
  const d = dst as Record<string, unknown>;
  const out: Record<string, unknown> = { ...d };
  for (const [field, value] of Object.entries(src)) {
    if (isEmpty(field, value)) continue;
    const group = ONEOF_OF.get(field);
    if (group ? group.every((f) => isEmpty(f, d[f])) : isEmpty(field, d[field])) out[field] = value;
  }
  return out as T;
}

/** Child options over parent options, field by field (Gloo's ShallowMergeRouteOptions(child, parent): the child's set fields stay). */
export function mergeOptions(parent: RouteOptionsJson | undefined, child: RouteOptionsJson | undefined): RouteOptionsJson | undefined {
  return shallowMerge(child, parent);
}

/** Virtual host options over those of a VirtualHostOption object (ShallowMergeVirtualHostOptions(own, referenced)). */
export function mergeVirtualHostOptions(own: VirtualHostOptionsJson | undefined, referenced: VirtualHostOptionsJson | undefined): VirtualHostOptionsJson | undefined {
  return shallowMerge(own, referenced);
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
