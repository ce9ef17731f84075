// Finds routes that can never match because an earlier route of the same virtual host matches
// every request they match (Envoy takes the first matching route, in order).
import type { HeaderMatcherJson, MatcherJson, QueryParameterMatcherJson } from '../gen/gloo/api/v1/core/matchers/matchers_pb';
import { describeMatcher, pathKindOf, pathValueOf, type PathKind } from './matchers';
import { describeKey, routePath } from './names';
import { routeLabel } from './route-validator';
import type { Finding } from './types';

/** A route of a virtual host as the check sees it: effective matchers, its owner (refKey, '' for none) and its index and name there. */
export interface ReachRoute {
  readonly matchers: readonly MatcherJson[];
  readonly owner: string;
  readonly index: number;
  readonly name?: string;
}

interface Prepared {
  readonly m: MatcherJson;
  readonly kind: PathKind;
  readonly value: string;
  readonly universal: boolean;
}

const UNIVERSAL_REGEXES = new Set(['.*', '/.*', '^/.*', '^.*', '.*$', '^.*$', '/.*$', '^/.*$']);

function prepare(m: MatcherJson): Prepared {
  const kind = pathKindOf(m);
  const value = pathValueOf(m);
  const universal = (kind === 'prefix' && (value === '' || value === '/')) || (kind === 'regex' && UNIVERSAL_REGEXES.has(value));
  return { m, kind, value, universal };
}

/** Warnings for every route that an earlier route always shadows, on the shadowed route's owner, naming both routes. */
export function unreachableRoutes(routes: readonly ReachRoute[], proxy?: string): Finding[] {
  const out: Finding[] = [];
  const prepared = routes.map((r) => r.matchers.map(prepare));
  for (let bi = 1; bi < routes.length; bi++) {
    let first: { route: ReachRoute; matcher: MatcherJson } | undefined;
    let all = true;
    for (const bm of prepared[bi]) {
      const hit = findCover(routes, prepared, bi, bm);
      if (!hit) {
        all = false;
        break;
      }
      first ??= hit;
    }
    if (!all || !first) continue;
    const b = routes[bi];
    const a = first.route;
    const where = a.owner === b.owner || !a.owner ? routeLabel(a.index, a.name, a.matchers) : `${routeLabel(a.index, a.name, a.matchers)} of ${describeKey(a.owner)}`;
    out.push({
      ref: b.owner,
      severity: 'warning',
      path: b.owner ? routePath(b.owner, b.index) : '',
      message: `${routeLabel(b.index, b.name, b.matchers)} is unreachable: earlier ${where} (${describeMatcher(first.matcher)}) matches every request it matches`,
      ...(proxy ? { proxy } : {}),
    });
  }
  return out;
}

function findCover(routes: readonly ReachRoute[], prepared: readonly Prepared[][], before: number, b: Prepared): { route: ReachRoute; matcher: MatcherJson } | undefined {
  for (let ai = 0; ai < before; ai++) {
    for (const a of prepared[ai]) if (coversPrepared(a, b)) return { route: routes[ai], matcher: a.m };
  }
  return undefined;
}

/** Whether matcher a matches every request matcher b matches. */
export function covers(a: MatcherJson, b: MatcherJson): boolean {
  return coversPrepared(prepare(a), prepare(b));
}

function coversPrepared(a: Prepared, b: Prepared): boolean {
  return pathCovered(a, b) && conditionsCovered(a.m, b.m);
}

function conditionsCovered(a: MatcherJson, b: MatcherJson): boolean {
  if (a.headers?.length && !a.headers.every((h) => (b.headers ?? []).some((x) => sameHeader(h, x)))) return false;
  if (a.queryParameters?.length && !a.queryParameters.every((q) => (b.queryParameters ?? []).some((x) => sameQuery(q, x)))) return false;
  const am = a.methods ?? [];
  const bm = b.methods ?? [];
  return am.length === 0 || (bm.length > 0 && bm.every((m) => am.includes(m)));
}

function sameHeader(a: HeaderMatcherJson, b: HeaderMatcherJson): boolean {
  return a.name?.toLowerCase() === b.name?.toLowerCase() && (a.value ?? '') === (b.value ?? '') && !!a.regex === !!b.regex && !!a.invertMatch === !!b.invertMatch;
}

function sameQuery(a: QueryParameterMatcherJson, b: QueryParameterMatcherJson): boolean {
  return a.name === b.name && (a.value ?? '') === (b.value ?? '') && !!a.regex === !!b.regex;
}

function pathCovered(a: Prepared, b: Prepared): boolean {
  if (a.universal) return true;
  if (a.kind === 'prefix' ? b.kind === 'regex' : a.kind !== b.kind) return false;
  const aCs = a.m.caseSensitive ?? true;
  const bCs = b.m.caseSensitive ?? true;
  // A case-sensitive matcher covers a case-insensitive one only when its path has no letters.
  if (aCs && !bCs && a.value.toLowerCase() !== a.value.toUpperCase()) return false;
  if (a.kind === 'regex') return b.value === a.value && aCs === bCs;
  const av = aCs ? a.value : a.value.toLowerCase();
  const bv = aCs ? b.value : b.value.toLowerCase();
  return a.kind === 'prefix' ? bv.startsWith(av) : bv === av;
}
