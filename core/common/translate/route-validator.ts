// Checks of one route (matchers, action, options) that hold wherever the route is written: in a
// VirtualService, a RouteTable or a Proxy. Messages name the matcher or field at fault.
import type { MatcherJson } from '../gen/gloo/api/v1/core/matchers/matchers_pb';
import type { DestinationJson, DirectResponseActionJson, KubernetesServiceDestinationJson, RedirectActionJson, RouteActionJson } from '../gen/gloo/api/v1/proxy_pb';
import type { RouteOptionsJson } from '../gen/gloo/api/v1/route_options_pb';
import type { ResourceRefJson } from '../gen/solo-kit/api/v1/solo-kit_pb';
import type { RouteActionKind } from './plugins/plugin';
import { destinationPluginIssues, routeOptionIssues, virtualHostOptionIssues } from './plugins/run-plugins';
import { weightedDestinationOptionIssues, weightedTargetIssues, weightedTargets } from './plugins/weighted-destinations';
import { kubeServiceRef, refProblem, type GlooView } from './gloo/gloo-objects';
import type { PolicyView } from './gloo/policy-view';
import { describeMatcher, pathKindOf, pathValueOf } from './matchers';
import type { Issue } from './served';
import type { RegexValidator } from './types';
import { refKey, resolveRef } from '../model/resource';

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

/** How messages name the route at a 0-based index, counting from 1: `route 2 "name"`, or by its first path when unnamed: ``route 2 (`/greet`)``. */
export function routeLabel(index: number, name: string | undefined, matchers?: readonly MatcherJson[]): string {
  if (name) return `route ${index + 1} "${name}"`;
  return matchers ? `route ${index + 1} (\`${pathValueOf(matchers[0] ?? {})}\`)` : `route ${index + 1}`;
}

/** How messages name the matcher at a 0-based index, counting from 1: `matcher 1 (prefix "/greet")`. */
export function matcherLabel(index: number, m: MatcherJson): string {
  return `matcher ${index + 1} (${describeMatcher(m)})`;
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
  list.push({ severity, message: `${matcherLabel(j, m)}: ${what}`, path: `matchers[${j}]` });
  return list;
}

const NONE: never[] = [];

/** Problems of a route's action and options (destinations, redirect, direct response, durations, faults, CORS). */
export function actionIssues(route: RouteLike, ctx: RouteCheckContext): Issue[] {
  let action: readonly Issue[] = NONE;
  if (route.routeAction) action = destinationIssues(route.routeAction, ctx);
  else if (route.directResponseAction) {
    const status = route.directResponseAction.status ?? 0;
    if (status < 200 || status > 599) action = [error(`directResponseAction.status ${status} is not an HTTP status between 200 and 599`)];
  } else if (!route.redirectAction) action = [error('route has no action (routeAction, redirectAction, directResponseAction or delegateAction)')];
  const options = route.options ? optionIssues(route.options, actionKindOf(route), ctx.regex, ctx.view.policy) : NONE;
  if (action.length === 0) return options;
  return options.length ? [...action, ...options] : [...action];
}

function error(message: string): Issue {
  return { severity: 'error', message };
}

/**
 * Problems of a route's destinations, as Gloo's ValidateRouteDestinations and setWeightedClusters
 * (projects/gloo/pkg/translator/route_config.go) judge them: an Upstream or UpstreamGroup that is not
 * there is a warning (InvalidDestinationWarning), and the route stays, naming the cluster the Upstream
 * would have, so Envoy answers 503 for it; a destination that names nothing, or weights summing to 0,
 * is an error. A weighted destination without a weight weighs 0.
 */
function destinationIssues(a: RouteActionJson, ctx: RouteCheckContext): Issue[] {
  if (a.single) return singleIssues(a.single, -1, ctx);
  if (a.multi) {
    const dests = a.multi.destinations ?? [];
    if (dests.length === 0) return [error('routeAction.multi has no destinations')];
    let issues: Issue[] = NONE;
    let functions = false;
    let weighs = false;
    for (let i = 0; i < dests.length; i++) {
      const d = dests[i];
      issues = concat(issues, singleIssues(d.destination, i, ctx));
      if (d.options) issues = concat(issues, weightedDestinationOptionIssues(d.options, ctx.regex, `routeAction.multi.destinations[${i}].options`, ctx.view.policy));
      functions ||= !!d.destination?.destinationSpec;
      weighs ||= !!d.weight;
    }
    if (functions) issues = concat(issues, weightedTargetIssues(weightedTargets(a, ctx.view, ctx.namespace, ignoreRef, destinationUpstreamRef) ?? [], ctx.regex, 'routeAction.multi'));
    // setWeightedClusters: "Weighted Destinations require a total weight that is greater than or equal to 1".
    if (!weighs) issues = concat(issues, [error('routeAction.multi.destinations: the weights sum to 0 (a destination without weight weighs 0), so no traffic could be routed')]);
    return issues;
  }
  if (a.upstreamGroup) {
    if (!a.upstreamGroup.name) return [error('routeAction.upstreamGroup.name is required')];
    const key = refKey(resolveRef('UpstreamGroup', a.upstreamGroup, ctx.namespace));
    ctx.onRef?.(key);
    const problem = refProblem(ctx.view, 'UpstreamGroup', key);
    return problem ? [{ severity: 'warning', message: `routeAction.upstreamGroup: ${problem}, so requests to this route get 503` }] : NONE;
  }
  if (a.clusterHeader !== undefined) {
    // validateClusterHeader; Envoy also requires a non-empty HTTP header name here.
    return HEADER_NAME.test(a.clusterHeader) ? NONE : [error(`routeAction.clusterHeader "${a.clusterHeader}" is not a valid HTTP header name`)];
  }
  // Gloo sends these to the cluster its dynamic_forward_proxy plugin generates from the Gateway's options (GeneratedResources), which plugins cannot add yet.
  if (a.dynamicForwardProxy) return [{ severity: 'warning', message: 'routeAction.dynamicForwardProxy is not translated yet: the cluster Gloo generates for the Gateway\'s dynamic forward proxy is not served, so requests to this route get 503' }];
  return [error('routeAction has no destination (single, multi, upstreamGroup, clusterHeader or dynamicForwardProxy)')];
}

/** The issues of a and b in order, without a new array when one is empty (neither is changed). */
function concat(a: Issue[], b: Issue[]): Issue[] {
  return b.length === 0 ? a : a.length === 0 ? b : [...a, ...b];
}

const ignoreRef = (): void => undefined;

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Problems of a single destination: routeAction.single (index -1), or weighted destination `index` of routeAction.multi. */
function singleIssues(d: DestinationJson | undefined, index: number, ctx: RouteCheckContext): Issue[] {
  const ref = destinationUpstreamRef(d, ctx.namespace, ctx.view);
  if (!ref?.name) return [error(`${singleField(index)}: names no upstream (set upstream, kube or consul)`)];
  const key = refKey(resolveRef('Upstream', ref, ctx.namespace));
  // A kube destination also depends on which Upstream stands in for the Service (upstreamDepState).
  if (d?.kube) ctx.onRef?.(kubeDestinationKey(d.kube, ctx.namespace));
  ctx.onRef?.(key);
  const problem = refProblem(ctx.view, 'Upstream', key);
  // A destinationSpec names a function of the Upstream: the plugins that route to functions check it.
  if (!problem) return d?.destinationSpec ? destinationPluginIssues(d, ctx.view.upstreams.get(key)?.resource, ctx.regex, singleField(index), ctx.view.policy) : NONE;
  const field = singleField(index);
  const at = d?.upstream ? `${field}.upstream` : d?.kube ? `${field}.kube` : d?.consul ? `${field}.consul` : field;
  const consequence = index < 0 ? 'requests to this route get 503' : 'its share of requests gets 503';
  return [{ severity: 'warning', message: `${field}: ${destinationProblem(d, ref, problem, ctx)}, so ${consequence}`, path: at }];
}

/** The field of a single destination, made only when a message needs it. */
function singleField(index: number): string {
  return index < 0 ? 'routeAction.single' : `routeAction.multi.destinations[${index}].destination`;
}

function destinationProblem(d: DestinationJson | undefined, ref: ResourceRefJson, problem: string, ctx: RouteCheckContext): string {
  if (d?.kube) {
    const [ns, name, port] = [d.kube.ref?.namespace || ctx.namespace, d.kube.ref?.name ?? '', d.kube.port ?? 0];
    const service = `Kubernetes Service ${ns}/${name} port ${port}`;
    if (!ref.name?.startsWith('kube-svc:')) return `${service}: ${problem}`;
    if (ctx.view.policy?.settings?.gloo?.disableKubernetesDestinations) return `${service}: Kubernetes destinations are disabled by Settings gloo.disableKubernetesDestinations`;
    return `${service} has no Upstream (Gloo makes ${ref.name} by discovering the Service; here, write an Upstream with kube serviceName ${name}, serviceNamespace ${ns}, servicePort ${port}, and Endpoints naming it)`;
  }
  return d?.consul ? `Consul service ${d.consul.serviceName ?? ''} has no Upstream ${ref.name} (Gloo makes it by discovering the service)` : problem;
}

/** refKey of the Upstream Gloo makes in memory for a Kubernetes Service destination. */
function kubeDestinationKey(k: KubernetesServiceDestinationJson, defaultNamespace: string): string {
  const ns = k.ref?.namespace || defaultNamespace;
  return refKey(resolveRef('Upstream', kubeServiceRef(ns, k.ref?.name ?? '', k.port ?? 0), ns));
}

/**
 * The Upstream a destination routes to, as Gloo's DestinationToUpstreamRef
 * (projects/gloo/pkg/upstreams/conversions.go): its upstream reference, or the in-memory Upstream Gloo
 * makes for a Kubernetes Service (`kube-svc:<namespace>-<name>-<port>`, in the Service's namespace)
 * or a Consul service (`consul-svc:<name>` in gloo-system); undefined when it names none. With a view,
 * a kube Upstream for the Service port stands in for Gloo's in-memory one (GlooView.kubeServices).
 */
export function destinationUpstreamRef(d: DestinationJson | undefined, defaultNamespace: string, view?: GlooView): ResourceRefJson | undefined {
  if (d?.upstream) return d.upstream;
  if (d?.kube) {
    const ns = d.kube.ref?.namespace || defaultNamespace;
    const ref = kubeServiceRef(ns, d.kube.ref?.name ?? '', d.kube.port ?? 0);
    return view?.kubeServices?.get(refKey(resolveRef('Upstream', ref, ns))) ?? ref;
  }
  if (d?.consul) return { namespace: 'gloo-system', name: `consul-svc:${d.consul.serviceName ?? ''}` };
  return undefined;
}

/** Problems of route options, judged by the plugins that translate them. */
export function optionIssues(o: RouteOptionsJson | undefined, action: RouteActionKind, regex: RegexValidator, policy?: PolicyView): Issue[] {
  return routeOptionIssues(o, action, regex, 'options', policy);
}

/** The kind of a route's action, as option checks need it. */
export function actionKindOf(route: RouteLike & { readonly delegateAction?: unknown }): RouteActionKind {
  if (route.routeAction) return 'forward';
  if (route.redirectAction) return 'redirect';
  if (route.directResponseAction) return 'directResponse';
  return route.delegateAction ? 'delegate' : 'none';
}

export { virtualHostOptionIssues };
