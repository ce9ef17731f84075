// What a delegating route hands down to the routes of the RouteTables it delegates to, after Gloo's
// gateway translator (projects/gateway/pkg/translator/converter.go): the delegating route has one
// prefix matcher; a delegated route inherits matchers only when asked to (inheritableMatchers,
// inheritablePathMatchers), and otherwise must repeat the parent's conditions itself.
import type { HeaderMatcherJson, MatcherJson, QueryParameterMatcherJson } from '../../gen/gloo/api/v1/core/matchers/matchers_pb';
import { describeMatcher } from '../matchers';

/** The parts of a route that delegation reads. */
export interface DelegatedRoute {
  readonly matchers?: readonly MatcherJson[];
  readonly inheritableMatchers?: boolean | null;
  readonly inheritablePathMatchers?: boolean | null;
}

/** What a delegating route passes to the routes of its tables. */
export interface ParentMatch {
  /** The delegating route's one matcher, always a non-empty prefix (see delegateMatcher). */
  readonly matcher: MatcherJson;
  readonly inheritableMatchers: boolean;
  readonly inheritablePathMatchers: boolean;
}

/** A delegated route's matchers after inheritance, and the inheritance it passes on; or why the route is left out. */
export type MergedRoute =
  | { readonly ok: true; readonly matchers: MatcherJson[]; readonly inheritableMatchers: boolean; readonly inheritablePathMatchers: boolean }
  | { readonly ok: false; readonly problem: string };

/** Gloo's default matcher: prefix `/` (gateway defaults.DefaultMatcher). */
export const DEFAULT_MATCHER: MatcherJson = Object.freeze({ prefix: '/' });

/**
 * Gloo's validateAndMergeParentRoute: the inheritance flags default to the parent's; with
 * inheritablePathMatchers every matcher takes the parent's path and caseSensitive; a route left
 * without matchers gets prefix `/`; with inheritableMatchers the parent's headers, methods and query
 * parameters are prepended to each matcher's. Then isRouteTableValidForDelegateMatcher must hold.
 */
export function mergeParentRoute(route: DelegatedRoute, parent: ParentMatch): MergedRoute {
  const inheritablePathMatchers = route.inheritablePathMatchers ?? parent.inheritablePathMatchers;
  const inheritableMatchers = route.inheritableMatchers ?? parent.inheritableMatchers;
  let matchers: MatcherJson[] = (route.matchers ?? []).map((m) => ({ ...m }));
  if (inheritablePathMatchers) matchers = matchers.length ? matchers.map((m) => withParentPath(m, parent.matcher)) : [withParentPath({}, parent.matcher)];
  if (matchers.length === 0) matchers = [{ ...DEFAULT_MATCHER }];
  if (inheritableMatchers) matchers = matchers.map((m) => withParentConditions(m, parent.matcher));
  const problem = delegatedMatcherProblem(parent.matcher, matchers);
  return problem ? { ok: false, problem } : { ok: true, matchers, inheritableMatchers, inheritablePathMatchers };
}

function withParentPath(m: MatcherJson, parent: MatcherJson): MatcherJson {
  const { prefix: _p, exact: _e, regex: _r, caseSensitive: _c, ...rest } = m;
  const out: MatcherJson = { ...rest, prefix: parent.prefix ?? '/' };
  if (parent.caseSensitive !== undefined && parent.caseSensitive !== null) out.caseSensitive = parent.caseSensitive;
  return out;
}

function withParentConditions(m: MatcherJson, parent: MatcherJson): MatcherJson {
  const out: MatcherJson = { ...m };
  const headers = [...(parent.headers ?? []), ...(m.headers ?? [])];
  const methods = [...(parent.methods ?? []), ...(m.methods ?? [])];
  const query = [...(parent.queryParameters ?? []), ...(m.queryParameters ?? [])];
  if (headers.length) out.headers = headers;
  if (methods.length) out.methods = methods;
  if (query.length) out.queryParameters = query;
  return out;
}

/** The path a matcher names, empty when it names none (Gloo's utils.PathAsString). */
function pathString(m: MatcherJson): string {
  return m.prefix ?? m.exact ?? m.regex ?? '';
}

/**
 * Gloo's isRouteTableValidForDelegateMatcher: every matcher of a delegated route starts with the
 * parent's prefix (regexes too, textually), has the parent's caseSensitive (unset and false differ),
 * repeats each of the parent's header and query conditions exactly, and allows all the parent's
 * methods. The first matcher that does not is named; undefined when all do.
 */
export function delegatedMatcherProblem(parent: MatcherJson, matchers: readonly MatcherJson[]): string | undefined {
  const prefix = parent.prefix ?? '/';
  for (let j = 0; j < matchers.length; j++) {
    const m = matchers[j];
    const path = pathString(m);
    if (!path.startsWith(prefix)) {
      return path === ''
        ? `matcher ${j + 1} names no path, but a delegated route's paths must start with the parent's prefix "${prefix}"`
        : `matcher ${j + 1} (${describeMatcher(m)}) does not start with the parent's prefix "${prefix}"`;
    }
    if (boolText(m.caseSensitive) !== boolText(parent.caseSensitive)) {
      return `matcher ${j + 1} must have the parent's caseSensitive (parent: ${boolText(parent.caseSensitive)}, matcher: ${boolText(m.caseSensitive)})`;
    }
    const header = (parent.headers ?? []).find((h) => !(m.headers ?? []).some((c) => c.name === h.name && sameHeader(c, h)));
    if (header) return `matcher ${j + 1} must repeat the parent's header condition ${describeHeader(header)}`;
    const query = (parent.queryParameters ?? []).find((q) => !(m.queryParameters ?? []).some((c) => c.name === q.name && sameQuery(c, q)));
    if (query) return `matcher ${j + 1} must repeat the parent's query parameter condition ${describeQuery(query)}`;
    const methods = m.methods ?? [];
    const missing = (parent.methods ?? []).filter((x) => !methods.includes(x));
    if (missing.length) return `matcher ${j + 1} must allow the parent's methods ${(parent.methods ?? []).join(', ')} (it ${methods.length ? `allows ${methods.join(', ')}` : 'lists none'})`;
  }
  return undefined;
}

function boolText(b: boolean | null | undefined): string {
  return b === undefined || b === null ? 'unset' : String(b);
}

function sameHeader(a: HeaderMatcherJson, b: HeaderMatcherJson): boolean {
  return (a.value ?? '') === (b.value ?? '') && !!a.regex === !!b.regex && !!a.invertMatch === !!b.invertMatch;
}

function sameQuery(a: QueryParameterMatcherJson, b: QueryParameterMatcherJson): boolean {
  return (a.value ?? '') === (b.value ?? '') && !!a.regex === !!b.regex;
}

function describeHeader(h: HeaderMatcherJson): string {
  const value = h.value ? `${h.regex ? ' matching ' : ': '}${h.value}` : ' present';
  return `"${h.name ?? ''}${value}"${h.invertMatch ? ' (inverted)' : ''}`;
}

function describeQuery(q: QueryParameterMatcherJson): string {
  return `"${q.name ?? ''}${q.value ? `${q.regex ? ' matching ' : '='}${q.value}` : ' present'}"`;
}

/** The one matcher of a delegating route, or why it cannot delegate. */
export type DelegateMatch = { readonly ok: true; readonly matcher: MatcherJson } | { readonly ok: false; readonly problem: string };

/**
 * Gloo's getDelegateRouteMatcher: a delegating route has at most one matcher; none, or one without a
 * path, means prefix `/` (that matcher's other conditions are then not handed down); otherwise it
 * must be a non-empty prefix.
 */
export function delegateMatcher(matchers: readonly MatcherJson[]): DelegateMatch {
  if (matchers.length > 1) return { ok: false, problem: `a route with delegateAction must have one matcher at most (it has ${matchers.length})` };
  const m = matchers[0];
  if (!m || !(isSet(m.prefix) || isSet(m.exact) || isSet(m.regex))) return { ok: true, matcher: DEFAULT_MATCHER };
  if (!m.prefix) return { ok: false, problem: `a route with delegateAction must use a prefix matcher (found ${describeMatcher(m)})` };
  return { ok: true, matcher: m };
}

function isSet(v: string | null | undefined): boolean {
  return v !== undefined && v !== null;
}
