// Checks of one route (matchers, action, options) that hold wherever the route is written: in a
// VirtualService, a RouteTable or a Proxy. Messages name the matcher or field at fault.
import type { MatcherJson } from '../gen/gloo/api/v1/core/matchers/matchers_pb';
import type { DirectResponseActionJson, RedirectActionJson, RouteActionJson } from '../gen/gloo/api/v1/proxy_pb';
import type { RouteOptionsJson } from '../gen/gloo/api/v1/route_options_pb';
import type { RouteActionKind } from './plugins/plugin';
import { routeOptionIssues, virtualHostOptionIssues } from './plugins/run-plugins';
import { destinationIssues, durationProblem, refProblem, type GlooView } from './gloo/gloo-objects';
import { describeMatcher, pathKindOf, pathValueOf } from './matchers';
import { refKeyOf } from './names';
import type { Issue } from './served';
import type { RegexValidator } from './types';

/** The parts of a route every route shape shares. */
export interface RouteLike {
  readonly matchers?: MatcherJson[];
  readonly routeAction?: RouteActionJson;
  readonly redirectAction?: RedirectActionJson;
  readonly directResponseAction?: DirectResponseActionJson;
  readonly options?: RouteOptionsJson;
  readonly name?: string;
}

/** What route checks look things up in. */
export interface RouteCheckContext {
  readonly view: GlooView;
  readonly regex: RegexValidator;
  /** Namespace references default to (the namespace of the object holding the route). */
  readonly namespace: string;
  /** Called with the refKey of every Upstream and UpstreamGroup the route names. */
  readonly onRef?: (key: string) => void;
}

/** Prefix for messages about a route: `route 2 "name"`. */
export function routeLabel(index: number, name: string | undefined): string {
  return `route ${index}${name ? ` "${name}"` : ''}`;
}

/** Problems of the matchers of a route (regexes with RE2 semantics, header and query names, paths). */
export function matcherIssues(matchers: readonly MatcherJson[], regex: RegexValidator): Issue[] {
  let issues: Issue[] | undefined;
  for (let j = 0; j < matchers.length; j++) {
    const m = matchers[j];
    const kind = pathKindOf(m);
    const value = pathValueOf(m);
    if (kind === 'regex') {
      const bad = regex(value);
      if (bad) issues = addMatcherIssue(issues, j, m, 'error', `invalid regex "${value}": ${bad}`);
    } else if (value !== '' && value.charCodeAt(0) !== 47 /* / */) {
      issues = addMatcherIssue(issues, j, m, 'warning', 'never matches, request paths start with "/"');
    }
    if (m.headers?.length || m.queryParameters?.length) issues = conditionIssues(issues, j, m, regex);
  }
  return issues ?? NONE;
}

function conditionIssues(issues: Issue[] | undefined, j: number, m: MatcherJson, regex: RegexValidator): Issue[] | undefined {
  for (const h of m.headers ?? NONE) {
    if (!h.name) issues = addMatcherIssue(issues, j, m, 'error', 'a header condition has no name');
    const bad = h.regex && h.value ? regex(h.value) : undefined;
    if (bad) issues = addMatcherIssue(issues, j, m, 'error', `header ${h.name} invalid regex "${h.value}": ${bad}`);
  }
  for (const q of m.queryParameters ?? NONE) {
    if (!q.name) issues = addMatcherIssue(issues, j, m, 'error', 'a query parameter condition has no name');
    const bad = q.regex && q.value ? regex(q.value) : undefined;
    if (bad) issues = addMatcherIssue(issues, j, m, 'error', `query parameter ${q.name} invalid regex "${q.value}": ${bad}`);
  }
  return issues;
}

function addMatcherIssue(issues: Issue[] | undefined, j: number, m: MatcherJson, severity: Issue['severity'], what: string): Issue[] {
  const list = issues ?? [];
  list.push({ severity, message: `matcher ${j} (${describeMatcher(m)}): ${what}` });
  return list;
}

const NONE: never[] = [];

/** Problems of a route's action and options (destinations, redirect, direct response, durations, faults, CORS). */
export function actionIssues(route: RouteLike, ctx: RouteCheckContext): Issue[] {
  let errors: readonly string[] = NONE;
  if (route.routeAction) errors = destinationProblems(route.routeAction, ctx);
  else if (route.directResponseAction) {
    const status = route.directResponseAction.status ?? 0;
    if (status < 200 || status > 599) errors = [`directResponseAction.status ${status} is not an HTTP status between 200 and 599`];
  } else if (!route.redirectAction) errors = ['route has no action (routeAction, redirectAction, directResponseAction or delegateAction)'];
  const options = route.options ? optionIssues(route.options, actionKindOf(route), ctx.regex) : NONE;
  if (errors.length === 0) return options;
  return [...errors.map((message) => ({ severity: 'error' as const, message })), ...options];
}

function destinationProblems(a: RouteActionJson, ctx: RouteCheckContext): string[] {
  if (a.single) {
    const ref = a.single.upstream;
    if (!ref?.name) return ['routeAction.single.upstream is required'];
    const key = refKeyOf('Upstream', ref, ctx.namespace);
    ctx.onRef?.(key);
    const problem = refProblem(ctx.view, 'Upstream', key);
    return problem ? [`routeAction.single: ${problem}`] : NONE;
  }
  if (a.multi) {
    const dests = a.multi.destinations ?? [];
    if (dests.length === 0) return ['routeAction.multi has no destinations'];
    return destinationIssues(dests, ctx.namespace, ctx.view, 'routeAction.multi.destinations', ctx.onRef);
  }
  if (a.upstreamGroup) {
    if (!a.upstreamGroup.name) return ['routeAction.upstreamGroup.name is required'];
    const key = refKeyOf('UpstreamGroup', a.upstreamGroup, ctx.namespace);
    ctx.onRef?.(key);
    const problem = refProblem(ctx.view, 'UpstreamGroup', key);
    return problem ? [`routeAction.upstreamGroup: ${problem}`] : NONE;
  }
  return ['routeAction has no destination (single, multi or upstreamGroup)'];
}

/** Problems of route options, judged by the plugins that translate them. */
export function optionIssues(o: RouteOptionsJson | undefined, action: RouteActionKind, regex: RegexValidator): Issue[] {
  return routeOptionIssues(o, action, regex);
}

/** The kind of a route's action, as option checks need it. */
export function actionKindOf(route: RouteLike & { readonly delegateAction?: unknown }): RouteActionKind {
  if (route.routeAction) return 'forward';
  if (route.redirectAction) return 'redirect';
  if (route.directResponseAction) return 'directResponse';
  return route.delegateAction ? 'delegate' : 'none';
}

export { virtualHostOptionIssues };
