// Flattens the routes of a VirtualService and the RouteTables it delegates to (by reference or by
// label selector) into Proxy routes, as Gloo's gateway translator does (projects/gateway/pkg/
// translator/converter.go, routeVisitor.visit): tables taken in ascending weight, equal-weight
// tables' routes sorted by path, a delegated route that does not fit its parent left out alone with
// a warning, cycles an error. What is found on a RouteTable is also reported on the top-level
// VirtualService (reporterHelper.addError / addWarning). Every route keeps the chain of objects it
// came from in metadataStatic.sources, so problems land on the object the user wrote.
import type { RouteJson as GatewayRoute } from '../../gen/gateway/api/v1/virtual_service_pb';
import type { MatcherJson } from '../../gen/gloo/api/v1/core/matchers/matchers_pb';
import type { RouteActionJson, RouteJson as ProxyRoute, SourceMetadata_SourceRefJson as SourceRefJson, WeightedDestinationJson } from '../../gen/gloo/api/v1/proxy_pb';
import type { RouteOptionsJson } from '../../gen/gloo/api/v1/route_options_pb';
import type { ResourceRefJson } from '../../gen/solo-kit/api/v1/solo-kit_pb';
import { upstreamDepState, type GlooView } from '../gloo/gloo-objects';
import { describeKey, routePath } from '../names';
import { fieldPathOf } from '../reports';
import { missingState } from '../ref-suggestion';
import { actionIssues, matcherIssues, optionIssues, routeLabel } from '../route-validator';
import type { Issue, ServedObject } from '../served';
import type { Finding, RegexValidator, Severity } from '../types';
import { DEFAULT_MATCHER, delegateMatcher, mergeParentRoute, type ParentMatch } from './parent-route';
import { mergeOptions, sortByPath } from './route-merge';
import { isOptionObjectKey, optionObjectState, routeOptionsWithRefs, type OptionObjects } from './option-refs';
import { groupByWeight, selectRouteTables, TABLE_SET_DEP, type TableIndex } from './route-table-selector';

export { TABLE_SET_DEP };

/** Deepest delegation chain followed before giving up. */
export const MAX_DELEGATION_DEPTH = 16;

/** What expansion reads: the RouteTables served this round, the gloo view and the regex check. */
export interface ExpandEnv extends TableIndex {
  /** Hash of every served table's refKey and hash. */
  readonly tableSetHash: string;
  readonly view: GlooView;
  readonly regex: RegexValidator;
  /** RouteOption and VirtualHostOption objects that `optionsConfigRefs` name. */
  readonly optionObjects: OptionObjects;
}

/** What one expansion records: the keys of its dependencies and the tables it went through (each in any order, possibly more than once), findings, and the top-level VirtualService (refKey). */
export interface Recorder {
  readonly deps: string[];
  readonly findings: Finding[];
  readonly tables: string[];
  readonly top: string;
}

/** A flattened route: the Proxy route and its matchers, who owns it (refKey), and its index and name inside its owner. */
export interface FlatRoute {
  readonly route: ProxyRoute;
  readonly matchers: MatcherJson[];
  readonly owner: string;
  readonly index: number;
  readonly name?: string;
}

/** The object whose routes are being expanded. */
export interface Owner {
  readonly kind: 'VirtualService' | 'RouteTable';
  readonly namespace: string;
  readonly name: string;
  readonly key: string;
}

/** What a delegating route hands down: its matcher and inheritance, options, sources, how messages name it, and the tables visited on this branch. */
interface Parent extends ParentMatch {
  readonly options?: RouteOptionsJson;
  readonly sources: readonly SourceRefJson[];
  readonly label: string;
  /** The nearest route name on the branch above (Gloo's routeInfo.hasName: a named parent names its children). */
  readonly routeName?: string;
  /** RouteTables visited on this branch, outermost first (Gloo's visitedRouteTables). */
  readonly visited: readonly string[];
}

/** The dependency key of the Settings and policy objects option checks read (gloo/policy-view.ts). */
export const POLICY_DEP = '#policy';

/** What a dependency key names: the table set, a RouteTable, a Secret, an Upstream, an UpstreamGroup or the policy objects. */
export const DepKind = { TableSet: 0, RouteTable: 1, Secret: 2, Upstream: 3, UpstreamGroup: 4, Policy: 5, OptionObject: 6 } as const;

/** One of the DepKind values. */
export type DepKind = (typeof DepKind)[keyof typeof DepKind];

/** The kind of a dependency key (RouteOption and VirtualHostOption keys are option objects). */
export function depKindOf(key: string): DepKind {
  if (key === TABLE_SET_DEP) return DepKind.TableSet;
  if (key === POLICY_DEP) return DepKind.Policy;
  if (key.startsWith('RouteTable.')) return DepKind.RouteTable;
  if (key.startsWith('Secret.')) return DepKind.Secret;
  if (isOptionObjectKey(key)) return DepKind.OptionObject;
  return key.startsWith('Upstream.') ? DepKind.Upstream : DepKind.UpstreamGroup;
}

/** The dependency value of a key as the environment sees it now (used to validate cached expansions). */
export function depValue(env: ExpandEnv, key: string, kind: DepKind = depKindOf(key)): string {
  switch (kind) {
    case DepKind.TableSet:
      return env.tableSetHash;
    case DepKind.RouteTable:
      return env.tables.get(key)?.hash ?? (env.existing.has(key) ? 'rejected' : missingState(key, env.existing));
    case DepKind.Secret:
      return env.view.secrets.get(key)?.hash ?? (env.existing.has(key) ? 'rejected' : missingState(key, env.existing));
    case DepKind.Upstream:
      return upstreamDepState(env.view, key);
    case DepKind.Policy:
      return env.view.policy?.hash ?? '';
    case DepKind.OptionObject:
      return optionObjectState(env.optionObjects, key);
    default:
      return env.view.groups.has(key) ? 'ok' : env.existing.has(key) ? 'rejected' : missingState(key, env.existing);
  }
}

/** How messages name a route from outside its owner: ``route 1 (`/api`) of VirtualService ns/name``. */
export function fullRouteLabel(owner: string, index: number, route: GatewayRoute): string {
  return `${routeLabel(index, route.name, route.matchers ?? EMPTY)} of ${describeKey(owner)}`;
}


/** Flattens routes of an owner (a VirtualService at the top, RouteTables below) into Proxy routes. */
export function expandRoutes(routes: readonly GatewayRoute[], owner: Owner, parent: Parent | undefined, env: ExpandEnv, rec: Recorder): FlatRoute[] {
  const out: FlatRoute[] = [];
  const checks = {
    view: env.view,
    regex: env.regex,
    namespace: owner.namespace,
    onRef(key: string): void {
      rec.deps.push(key);
    },
  };
  const ownerRef = { name: owner.name, namespace: owner.namespace };
  const names = new Map<string, number>();
  for (let i = 0; i < routes.length; i++) {
    const route = routes[i];
    if (route.name) {
      const other = names.get(route.name);
      if (other !== undefined) report(rec, owner, i, route, [{ severity: 'warning', message: `name is also used by route ${other + 1}, so statuses and the route simulator cannot tell them apart` }]);
      else names.set(route.name, i);
    }
    // routeVisitor.visit merges the referenced RouteOptions first; a missing one is a warning.
    let ownOptions = route.options;
    if (route.optionsConfigRefs) {
      const merged = routeOptionsWithRefs(route.options, route.optionsConfigRefs, env.optionObjects, checks.onRef);
      report(rec, owner, i, route, merged.issues);
      ownOptions = merged.options;
    }
    // validateAndMergeParentRoute: a delegated route that does not fit its parent is a warning, and only that route is left out.
    const inherited = parent ? mergeParentRoute(route, parent) : undefined;
    if (inherited && !inherited.ok) {
      report(rec, owner, i, route, [{ severity: 'warning', message: `left out: ${inherited.problem} (delegated from ${parent!.label})` }]);
      continue;
    }
    // At the top, a route's matchers are as written (prefix `/` when none).
    const matchers = inherited ? inherited.matchers : route.matchers?.length ? route.matchers : [{ ...DEFAULT_MATCHER }];
    report(rec, owner, i, route, matcherIssues(route.matchers ?? EMPTY, env.regex));
    const source: SourceRefJson = { resourceRef: ownerRef, resourceKind: owner.kind, routeIndex: i };
    const sources = parent ? [...parent.sources, source] : [source];
    const options = parent ? mergeOptions(parent.options, ownOptions) : ownOptions;
    if (route.delegateAction) {
      report(rec, owner, i, route, optionIssues(ownOptions, 'delegate', env.regex, env.view.policy));
      // getDelegateRouteMatcher: a delegating route with more than one matcher, or a non-prefix one, is an error.
      const d = delegateMatcher(parent ? matchers : (route.matchers ?? EMPTY));
      if (!d.ok) {
        report(rec, owner, i, route, [{ severity: 'error', message: d.problem }]);
        continue;
      }
      const next: Parent = {
        matcher: d.matcher,
        inheritableMatchers: inherited ? inherited.inheritableMatchers : (route.inheritableMatchers ?? false),
        inheritablePathMatchers: inherited ? inherited.inheritablePathMatchers : (route.inheritablePathMatchers ?? false),
        ...(options ? { options } : {}),
        sources,
        label: fullRouteLabel(owner.key, i, route),
        ...(route.name || parent?.routeName ? { routeName: route.name || parent?.routeName } : {}),
        visited: parent?.visited ?? EMPTY,
      };
      for (const f of delegate(route, owner, i, next, env, rec)) out.push(f);
      continue;
    }
    if (report(rec, owner, i, route, actionIssues(ownOptions === route.options ? route : { ...route, options: ownOptions }, checks))) continue;
    const proxy = proxyRoute(route, matchers, options, owner, sources, route.name || parent?.routeName);
    out.push(route.name ? { route: proxy, matchers, owner: owner.key, index: i, name: route.name } : { route: proxy, matchers, owner: owner.key, index: i });
  }
  return out;
}

/** Records issues of route i of an owner as findings (on a RouteTable, also on the top-level VirtualService); true when one is an error. */
function report(rec: Recorder, owner: Owner, i: number, route: GatewayRoute, issues: readonly Issue[]): boolean {
  let failed = false;
  for (const issue of issues) {
    const inner = issue.path ?? fieldPathOf(issue.message);
    const path = `${routePath(owner.key, i)}${inner ? `.${inner}` : ''}`;
    reportOn(rec, owner.key, issue.severity, `${routeLabel(i, route.name, route.matchers ?? EMPTY)}: ${issue.message}`, path);
    failed ||= issue.severity === 'error';
  }
  return failed;
}

/** Gloo's reporterHelper.addError / addWarning: a RouteTable's problem is also reported on the top-level VirtualService, "on sub route table …". */
function reportOn(rec: Recorder, ref: string, severity: Severity, message: string, path = ''): void {
  rec.findings.push({ ref, severity, message, path });
  if (ref !== rec.top && ref.startsWith('RouteTable.')) rec.findings.push({ ref: rec.top, severity, path: '', message: `on sub route table ${describeKey(ref).slice('RouteTable '.length)}: ${message}` });
}

const EMPTY: never[] = [];

/** A Proxy route; it keeps a name only when it or a route above it is named (Gloo's routeName wipes the others). */
function proxyRoute(route: GatewayRoute, matchers: MatcherJson[], options: RouteOptionsJson | undefined, owner: Owner, sources: SourceRefJson[], name: string | undefined): ProxyRoute {
  const metadataStatic = { sources };
  if (route.routeAction && !route.redirectAction && !route.directResponseAction) {
    // The common case, each shape written as one literal: objects given all their fields at once stay compact.
    const routeAction = withNamespaces(route.routeAction, owner.namespace);
    if (options) return name ? { matchers, routeAction, options, name, metadataStatic } : { matchers, routeAction, options, metadataStatic };
    return name ? { matchers, routeAction, name, metadataStatic } : { matchers, routeAction, metadataStatic };
  }
  const out: ProxyRoute = { matchers };
  if (route.routeAction) out.routeAction = withNamespaces(route.routeAction, owner.namespace);
  if (route.redirectAction) out.redirectAction = route.redirectAction;
  if (route.directResponseAction) out.directResponseAction = route.directResponseAction;
  if (options) out.options = options;
  if (name) out.name = name;
  out.metadataStatic = metadataStatic;
  return out;
}

/** The action with every Upstream and UpstreamGroup reference's namespace filled in (it defaults to the owner's, as in Gloo's visit), as the Proxy lives elsewhere. */
function withNamespaces(a: RouteActionJson, namespace: string): RouteActionJson {
  if (a.single?.upstream && !a.single.upstream.namespace) return { ...a, single: { ...a.single, upstream: fill(a.single.upstream, namespace) } };
  if (a.multi) {
    const dests = a.multi.destinations ?? [];
    if (!dests.some(lacksNamespace)) return a;
    const destinations = dests.map((d) => (lacksNamespace(d) ? { ...d, destination: { ...d.destination, upstream: fill(d.destination!.upstream!, namespace) } } : d));
    return { ...a, multi: { ...a.multi, destinations } };
  }
  if (a.upstreamGroup && !a.upstreamGroup.namespace) return { ...a, upstreamGroup: fill(a.upstreamGroup, namespace) };
  return a;
}

/** Whether a weighted destination names an Upstream without its namespace. */
function lacksNamespace(d: WeightedDestinationJson): boolean {
  return !!d.destination?.upstream && !d.destination.upstream.namespace;
}

function fill(r: ResourceRefJson, namespace: string): ResourceRefJson {
  return { ...r, namespace };
}

/** The routes of the tables a delegating route selects, by ascending weight; equal-weight tables' routes sorted by path (SortRoutesByPath), with no warning. */
function delegate(route: GatewayRoute, owner: Owner, index: number, parent: Parent, env: ExpandEnv, rec: Recorder): FlatRoute[] {
  if (parent.visited.length >= MAX_DELEGATION_DEPTH) {
    report(rec, owner, index, route, [{ severity: 'error', message: `delegation is deeper than ${MAX_DELEGATION_DEPTH} levels` }]);
    return [];
  }
  // SelectRouteTables: a missing table, or a selector matching none, is a warning; only this route is left out.
  const selection = selectRouteTables(route.delegateAction!, owner.namespace, env, rec.deps);
  if (!selection.ok) {
    report(rec, owner, index, route, [{ severity: 'warning', message: selection.problem }]);
    return [];
  }
  const out: FlatRoute[] = [];
  for (const group of groupByWeight(selection.tables)) {
    const routes = group.flatMap((t) => expandTable(t, parent, env, rec));
    out.push(...(group.length > 1 ? sortByPath(routes, (r) => r.route.matchers ?? []) : routes));
  }
  return out;
}

function expandTable(t: ServedObject<'RouteTable'>, parent: Parent, env: ExpandEnv, rec: Recorder): FlatRoute[] {
  const m = t.resource.metadata;
  const key = `RouteTable.${m.namespace}.${m.name}`;
  rec.tables.push(key);
  // checkForCycles: the error goes on the table about to be visited again (and on the top-level VirtualService).
  const at = parent.visited.indexOf(key);
  if (at >= 0) {
    const cycle = [...parent.visited.slice(at), key];
    reportOn(rec, key, 'error', `delegation cycle: ${cycle.map(describeKey).join(' → ')}`);
    return [];
  }
  const owner: Owner = { kind: 'RouteTable', namespace: m.namespace, name: m.name, key };
  return expandRoutes(t.resource.spec.routes ?? [], owner, { ...parent, visited: [...parent.visited, key] }, env, rec);
}
