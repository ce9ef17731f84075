// Helpers over Gloo matchers: the path a matcher tests, how messages describe it, and the default.
import type { MatcherJson } from '../gen/gloo/api/v1/core/matchers/matchers_pb';

/** Which kind of path test a matcher makes. */
export type PathKind = 'prefix' | 'exact' | 'regex';

/** The path test of a matcher; a matcher without one is Gloo's default prefix `/`. */
export function pathOf(m: MatcherJson): { kind: PathKind; value: string } {
  if (m.exact !== undefined) return { kind: 'exact', value: m.exact };
  if (m.regex !== undefined) return { kind: 'regex', value: m.regex };
  return { kind: 'prefix', value: m.prefix ?? '/' };
}

/** The kind of path test of a matcher, without allocating. */
export function pathKindOf(m: MatcherJson): PathKind {
  return m.exact !== undefined ? 'exact' : m.regex !== undefined ? 'regex' : 'prefix';
}

/** The path a matcher tests, without allocating (`/` for a matcher without one). */
export function pathValueOf(m: MatcherJson): string {
  return m.exact ?? m.regex ?? m.prefix ?? '/';
}

/** The matchers of a route; a route with none matches every path (Gloo: one `/` prefix matcher). */
export function matchersOf(route: { matchers?: MatcherJson[] }): MatcherJson[] {
  return route.matchers?.length ? route.matchers : [{ prefix: '/' }];
}

/** How messages name a matcher: `prefix "/api"` plus its extra conditions. */
export function describeMatcher(m: MatcherJson): string {
  const p = pathOf(m);
  const extra: string[] = [];
  if (m.headers?.length) extra.push(`${m.headers.length} header condition(s)`);
  if (m.queryParameters?.length) extra.push(`${m.queryParameters.length} query condition(s)`);
  if (m.methods?.length) extra.push(`methods ${m.methods.join(',')}`);
  return `${p.kind} "${p.value}"${extra.length ? ` with ${extra.join(', ')}` : ''}`;
}

/** Whether a matcher has conditions beyond its path (headers, query parameters, methods). */
export function hasConditions(m: MatcherJson): boolean {
  return !!(m.headers?.length || m.queryParameters?.length || m.methods?.length);
}
