// Route selection inside a virtual host: the first route whose RouteMatch holds, as Envoy evaluates it
// (https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/route/v3/route_components.proto#config-route-v3-routematch).
// A route matches when its path specifier holds on the path without query string, and every header
// matcher, every query parameter matcher and the gRPC flag hold too.
import {
  listOf,
  unwrap,
  type HeaderMatcherInput,
  type QueryParameterMatcherInput,
  type RouteInput,
  type RouteMatchInput,
  type StringMatcherInput,
} from './envoy-input';
import type { RegexMatcher } from './regex';
import type { RequestView } from './request';

/** What matchers need besides the request: the regex engine and a list collecting warnings. */
export interface MatchContext {
  readonly regex: RegexMatcher;
  readonly warnings: string[];
}

/** The first route that matches, its index, and the part of the path a `prefix_rewrite` replaces. */
export interface RouteSelection {
  readonly route: RouteInput;
  readonly index: number;
  readonly matchedPath: string;
}

/** The first route of the list that matches the request (Envoy evaluates routes in order), or undefined. */
export function selectRoute(routes: readonly RouteInput[], req: RequestView, ctx: MatchContext): RouteSelection | undefined {
  for (let index = 0; index < routes.length; index++) {
    const matchedPath = matchRoute(routes[index], req, ctx);
    if (matchedPath !== undefined) return { route: routes[index], index, matchedPath };
  }
  return undefined;
}

/** The matched path when the route's match holds (the prefix or path as configured, or the whole path for regexes), else undefined. */
export function matchRoute(route: RouteInput, req: RequestView, ctx: MatchContext): string | undefined {
  const match = route.match ?? {};
  const matchedPath = matchPath(match, req, ctx);
  if (matchedPath === undefined) return undefined;
  if (!listOf(match.headers).every((h) => matchHeader(h, req.headers, ctx))) return undefined;
  if (!listOf(match.queryParameters).every((q) => matchQueryParameter(q, req.query, ctx))) return undefined;
  // `grpc: {}` matches only requests whose content-type starts with application/grpc.
  if (match.grpc && !(req.headers.get('content-type') ?? '').startsWith('application/grpc')) return undefined;
  if (match.runtimeFraction) warn(ctx, 'runtime_fraction is not simulated: the route is assumed to match');
  return matchedPath;
}

/**
 * The path specifier check. `case_sensitive` (default true) applies to prefix, path and
 * path_separated_prefix, and is ignored for safe_regex, which must match the whole path.
 */
export function matchPath(match: RouteMatchInput, req: RequestView, ctx: MatchContext): string | undefined {
  const caseSensitive = unwrap(match.caseSensitive) ?? true;
  const eq = (a: string, b: string) => (caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase());
  const starts = (s: string, p: string) => (caseSensitive ? s.startsWith(p) : s.toLowerCase().startsWith(p.toLowerCase()));
  const path = req.path;
  if (typeof match.prefix === 'string') return starts(path, match.prefix) ? match.prefix : undefined;
  if (typeof match.path === 'string') return eq(path, match.path) ? match.path : undefined;
  if (match.safeRegex) return regexFull(match.safeRegex.regex ?? '', path, ctx) ? path : undefined;
  if (typeof match.regex === 'string') return regexFull(match.regex, path, ctx) ? path : undefined;
  if (typeof match.pathSeparatedPrefix === 'string') {
    const p = match.pathSeparatedPrefix;
    return eq(path, p) || starts(path, p + '/') ? p : undefined;
  }
  if (match.connectMatcher) return req.method === 'CONNECT' ? '' : undefined;
  if (match.pathMatchPolicy) warn(ctx, 'path_match_policy (URI templates) is not simulated: such routes never match');
  else warn(ctx, 'a route has no path specifier (prefix, path, safe_regex): it never matches');
  return undefined;
}

type HeaderSpec =
  | { readonly type: 'exact'; readonly value: string }
  | { readonly type: 'regex'; readonly regex: string }
  | { readonly type: 'range'; readonly start: string | number; readonly end: string | number }
  | { readonly type: 'present'; readonly present: boolean }
  | { readonly type: 'prefix' | 'suffix' | 'contains'; readonly value: string }
  | { readonly type: 'string'; readonly matcher: StringMatcherInput };

function headerSpec(h: HeaderMatcherInput): HeaderSpec {
  if (typeof h.exactMatch === 'string') return { type: 'exact', value: h.exactMatch };
  if (h.safeRegexMatch) return { type: 'regex', regex: h.safeRegexMatch.regex ?? '' };
  if (typeof h.regexMatch === 'string') return { type: 'regex', regex: h.regexMatch };
  if (h.rangeMatch) return { type: 'range', start: h.rangeMatch.start ?? 0, end: h.rangeMatch.end ?? 0 };
  if (typeof h.presentMatch === 'boolean') return { type: 'present', present: h.presentMatch };
  if (typeof h.prefixMatch === 'string') return { type: 'prefix', value: h.prefixMatch };
  if (typeof h.suffixMatch === 'string') return { type: 'suffix', value: h.suffixMatch };
  if (typeof h.containsMatch === 'string') return { type: 'contains', value: h.containsMatch };
  if (h.stringMatch) return { type: 'string', matcher: h.stringMatch };
  // No specifier: the header only has to be present.
  return { type: 'present', present: true };
}

/**
 * One HeaderMatcher (Envoy's HeaderUtility::matchHeaders). A missing header fails every specifier
 * except `present_match`: present_match true fails, false holds, and invert_match flips only those two;
 * with treat_missing_header_as_empty a missing header is matched as the empty string.
 */
export function matchHeader(h: HeaderMatcherInput, headers: ReadonlyMap<string, string>, ctx: MatchContext): boolean {
  const spec = headerSpec(h);
  const invert = h.invertMatch === true;
  let value = headers.get((h.name ?? '').toLowerCase());
  if (value === undefined && h.treatMissingHeaderAsEmpty) value = '';
  if (value === undefined) return spec.type === 'present' && spec.present === invert;
  return headerValueMatches(spec, value, ctx) !== invert;
}

function headerValueMatches(spec: HeaderSpec, value: string, ctx: MatchContext): boolean {
  switch (spec.type) {
    case 'exact':
      // The deprecated exact_match treats an empty expected value as "any value".
      return spec.value === '' || value === spec.value;
    case 'regex':
      return regexFull(spec.regex, value, ctx);
    case 'range':
      return inRange(value, spec.start, spec.end);
    case 'present':
      return spec.present;
    case 'prefix':
      return value.startsWith(spec.value);
    case 'suffix':
      return value.endsWith(spec.value);
    case 'contains':
      return value.includes(spec.value);
    case 'string':
      return matchString(spec.matcher, value, ctx);
  }
}

function inRange(value: string, start: string | number, end: string | number): boolean {
  if (!/^[+-]?\d+$/.test(value)) return false;
  try {
    const v = BigInt(value);
    return v >= BigInt(start) && v < BigInt(end);
  } catch {
    return false;
  }
}

/** One StringMatcher: exact/prefix/suffix/contains (honouring ignore_case) or a full-match regex. */
export function matchString(m: StringMatcherInput, value: string, ctx: MatchContext): boolean {
  const fold = (s: string) => (m.ignoreCase ? s.toLowerCase() : s);
  if (typeof m.exact === 'string') return fold(value) === fold(m.exact);
  if (typeof m.prefix === 'string') return fold(value).startsWith(fold(m.prefix));
  if (typeof m.suffix === 'string') return fold(value).endsWith(fold(m.suffix));
  if (typeof m.contains === 'string') return fold(value).includes(fold(m.contains));
  if (m.safeRegex) return regexFull(m.safeRegex.regex ?? '', value, ctx);
  if (typeof m.regex === 'string') return regexFull(m.regex, value, ctx);
  warn(ctx, 'a string matcher sets none of exact, prefix, suffix, contains, safe_regex: it never matches');
  return false;
}

/**
 * One QueryParameterMatcher: the parameter must be present (first value counts); then string_match
 * must hold on its value. present_match, or no specifier at all, only needs presence.
 */
export function matchQueryParameter(q: QueryParameterMatcherInput, query: ReadonlyMap<string, string>, ctx: MatchContext): boolean {
  const value = query.get(q.name ?? '');
  if (value === undefined) return false;
  if (q.stringMatch) return matchString(q.stringMatch, value, ctx);
  if (q.presentMatch) return true;
  if (typeof q.value === 'string' && q.value !== '') return unwrap(q.regex) ? regexFull(q.value, value, ctx) : value === q.value;
  return true;
}

/** Whether a regex matches all of the value; an invalid regex records a warning and does not match. */
export function regexFull(pattern: string, value: string, ctx: MatchContext): boolean {
  try {
    return ctx.regex.fullMatch(pattern, value);
  } catch (e) {
    warn(ctx, `regex ${JSON.stringify(pattern)} could not be compiled (${(e as Error).message}): treated as not matching`);
    return false;
  }
}

/** Adds a warning once. */
export function warn(ctx: MatchContext, message: string): void {
  if (!ctx.warnings.includes(message)) ctx.warnings.push(message);
}
