// Flattens the routes of a VirtualService and the RouteTables it delegates to (by reference or by
// label selector) into Proxy routes, the way Gloo's gateway translator does: tables taken in ascending
// weight, equal-weight tables' routes sorted by path, child matchers kept inside the parent's prefix,
// parent conditions and options inherited, cycles rejected. Every route keeps the chain of objects it
// came from in metadataStatic.sources, so errors land on the object the user wrote.
import type { RouteJson as GatewayRoute } from '../../gen/gateway/api/v1/virtual_service_pb';
import type { MatcherJson } from '../../gen/gloo/api/v1/core/matchers/matchers_pb';
import type { RouteJson as ProxyRoute, SourceMetadata_SourceRefJson as SourceRefJson } from '../../gen/gloo/api/v1/proxy_pb';
import type { RouteActionJson } from '../../gen/gloo/api/v1/proxy_pb';
import type { RouteOptionsJson } from '../../gen/gloo/api/v1/route_options_pb';
import type { ResourceRefJson } from '../../gen/solo-kit/api/v1/solo-kit_pb';
import type { Resource } from '../../model/resource';
import type { GlooView } from '../gloo/gloo-objects';
import { matchersOf, pathOf } from '../matchers';
import { describeKey, generatedRouteName, refKeyOf } from '../names';
import { actionIssues, matcherIssues, optionIssues, routeLabel } from '../route-validator';
import type { ServedObject } from '../served';
import type { Finding, RegexValidator } from '../types';
import { mergeOptions, mergeWithParent, outsideMessage, sortByPath } from './route-merge';

/** Deepest delegation chain followed before giving up. */
export const MAX_DELEGATION_DEPTH = 16;

/** Key of the dependency on the whole set of served RouteTables (selectors depend on every table's labels). */
export const TABLE_SET_DEP = '#route-tables';

/** What expansion reads: the RouteTables served this round, the gloo view and the regex check. */
export interface ExpandEnv {
  readonly tables: ReadonlyMap<string, ServedObject<'RouteTable'>>;
  /** Served tables sorted by namespace/name, for selectors. */
  readonly tableList: readonly ServedObject<'RouteTable'>[];
  /** Hash of every served table's refKey and hash. */
  readonly tableSetHash: string;
  readonly existing: ReadonlySet<string>;
  readonly view: GlooView;
  readonly regex: RegexValidator;
}

/** What one expansion records: dependencies (key → value seen), findings and the tables it went through. */
export interface Recorder {
  readonly deps: Map<string, string>;
  readonly findings: Finding[];
  readonly tables: Set<string>;
}

/** A flattened route: the Proxy route, who owns it (refKey), and its index and name inside its owner. */
export interface FlatRoute {
  readonly route: ProxyRoute;
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

interface Parent {
  readonly matchers: MatcherJson[];
  readonly options?: RouteOptionsJson;
  readonly sources: readonly SourceRefJson[];
  readonly label: string;
  readonly stack: readonly string[];
}

/** What a dependency key names: the table set, a RouteTable, a Secret, an Upstream or an UpstreamGroup. */
export const DepKind = { TableSet: 0, RouteTable: 1, Secret: 2, Upstream: 3, UpstreamGroup: 4 } as const;

/** One of the DepKind values. */
export type DepKind = (typeof DepKind)[keyof typeof DepKind];

/** The kind of a dependency key. */
export function depKindOf(key: string): DepKind {
  if (key === TABLE_SET_DEP) return DepKind.TableSet;
  if (key.startsWith('RouteTable.')) return DepKind.RouteTable;
  if (key.startsWith('Secret.')) return DepKind.Secret;
  return key.startsWith('Upstream.') ? DepKind.Upstream : DepKind.UpstreamGroup;
}

/** The dependency value of a key as the environment sees it now (used to validate cached expansions). */
export function depValue(env: ExpandEnv, key: string, kind: DepKind = depKindOf(key)): string {
  switch (kind) {
    case DepKind.TableSet:
      return env.tableSetHash;
    case DepKind.RouteTable:
      return env.tables.get(key)?.hash ?? (env.existing.has(key) ? 'rejected' : 'missing');
    case DepKind.Secret:
      return env.view.secrets.get(key)?.hash ?? (env.existing.has(key) ? 'rejected' : 'missing');
    case DepKind.Upstream:
      return env.view.upstreams.has(key) ? 'ok' : env.existing.has(key) ? 'rejected' : 'missing';
    default:
      return env.view.groups.has(key) ? 'ok' : env.existing.has(key) ? 'rejected' : 'missing';
  }
}

/** How messages name a route from outside its owner: `route 0 "name" of VirtualService ns.name`. */
export function fullRouteLabel(owner: string, index: number, name: string | undefined): string {
  return `${routeLabel(index, name)} of ${describeKey(owner)}`;
}

/** Flattens routes of an owner (a VirtualService at the top, RouteTables below) into Proxy routes. */
export function expandRoutes(routes: readonly GatewayRoute[], owner: Owner, parent: Parent | undefined, env: ExpandEnv, rec: Recorder): FlatRoute[] {
  const out: FlatRoute[] = [];
  const checks = { view: env.view, regex: env.regex, namespace: owner.namespace, onRef: (key: string) => rec.deps.set(key, '') };
  const ownerRef = { name: owner.name, namespace: owner.namespace };
  const names = new Map<string, number>();
  for (let i = 0; i < routes.length; i++) {
    const route = routes[i];
    if (route.name) {
      const other = names.get(route.name);
      if (other !== undefined) report(rec, owner, i, route, [{ severity: 'warning', message: `name is also used by route ${other}, so statuses and the route simulator cannot tell them apart` }]);
      else names.set(route.name, i);
    }
    const matchers = parent ? childMatchers(route, parent, owner, i, rec) : route.matchers?.length ? route.matchers : matchersOf(route);
    if (!matchers) continue;
    report(rec, owner, i, route, matcherIssues(route.matchers ?? EMPTY, env.regex));
    const source: SourceRefJson = { resourceRef: ownerRef, resourceKind: owner.kind, routeIndex: i };
    const sources = parent ? [...parent.sources, source] : [source];
    const options = parent ? mergeOptions(parent.options, route.options) : route.options;
    if (route.delegateAction) {
      report(rec, owner, i, route, optionIssues(route.options, 'delegate', env.regex));
      const next: Parent = { matchers, options, sources, label: fullRouteLabel(owner.key, i, route.name), stack: parent?.stack ?? [owner.key] };
      for (const f of delegate(route, owner, i, next, env, rec)) out.push(f);
      continue;
    }
    if (report(rec, owner, i, route, actionIssues(route, checks))) continue;
    const flat: FlatRoute = route.name
      ? { route: proxyRoute(route, matchers, options, owner, i, sources), owner: owner.key, index: i, name: route.name }
      : { route: proxyRoute(route, matchers, options, owner, i, sources), owner: owner.key, index: i };
    out.push(flat);
  }
  return out;
}

/** Records issues of route i of an owner as findings; true when one is an error. */
function report(rec: Recorder, owner: Owner, i: number, route: GatewayRoute, issues: readonly { severity: 'error' | 'warning'; message: string }[]): boolean {
  let failed = false;
  for (const issue of issues) {
    rec.findings.push({ ref: owner.key, severity: issue.severity, message: `${routeLabel(i, route.name)}: ${issue.message}` });
    failed ||= issue.severity === 'error';
  }
  return failed;
}

const EMPTY: never[] = [];

function childMatchers(route: GatewayRoute, parent: Parent, owner: Owner, i: number, rec: Recorder): MatcherJson[] | undefined {
  const merged = mergeWithParent(parent.matchers, route.matchers);
  if (!merged.outside.length && !merged.methodConflicts.length) return merged.matchers;
  const issues = [
    ...merged.outside.map((o) => `${outsideMessage(o.index, parent.matchers)} (${pathOf(o.matcher).kind} "${pathOf(o.matcher).value}"; delegated from ${parent.label})`),
    ...merged.methodConflicts.map((c) => `matcher ${c.index} allows none of the parent's methods ${parent.matchers.flatMap((m) => m.methods ?? []).join(',')} (delegated from ${parent.label})`),
  ];
  report(rec, owner, i, route, issues.map((message) => ({ severity: 'error' as const, message })));
  return undefined;
}

function proxyRoute(route: GatewayRoute, matchers: MatcherJson[], options: RouteOptionsJson | undefined, owner: Owner, index: number, sources: SourceRefJson[]): ProxyRoute {
  const out: ProxyRoute = { matchers };
  if (route.routeAction) out.routeAction = withNamespaces(route.routeAction, owner.namespace);
  if (route.redirectAction) out.redirectAction = route.redirectAction;
  if (route.directResponseAction) out.directResponseAction = route.directResponseAction;
  if (options) out.options = options;
  out.name = route.name || generatedRouteName(owner.namespace, owner.name, index);
  out.metadataStatic = { sources };
  return out;
}

/** The action with every reference's namespace filled in (it defaults to the owner's), as the Proxy lives elsewhere. */
function withNamespaces(a: RouteActionJson, namespace: string): RouteActionJson {
  if (a.single) return a.single.upstream?.namespace ? a : { single: { upstream: fill(a.single.upstream, namespace) } };
  if (a.multi) {
    const destinations = (a.multi.destinations ?? []).map((d) => (d.destination?.upstream && !d.destination.upstream.namespace ? { ...d, destination: { upstream: fill(d.destination.upstream, namespace) } } : d));
    return { multi: { destinations } };
  }
  if (a.upstreamGroup) return a.upstreamGroup.namespace ? a : { upstreamGroup: fill(a.upstreamGroup, namespace) };
  return a;
}

function fill(r: ResourceRefJson | undefined, namespace: string): ResourceRefJson | undefined {
  return r && !r.namespace ? { name: r.name, namespace } : r;
}

function delegate(route: GatewayRoute, owner: Owner, index: number, parent: Parent, env: ExpandEnv, rec: Recorder): FlatRoute[] {
  const err = (message: string, severity: 'error' | 'warning' = 'error') => report(rec, owner, index, route, [{ severity, message }]);
  const bad = (route.matchers ?? []).find((m) => pathOf(m).kind !== 'prefix');
  if (bad) {
    err(`a route with delegateAction must use prefix matchers (found ${pathOf(bad).kind} "${pathOf(bad).value}")`);
    return [];
  }
  if (parent.stack.length > MAX_DELEGATION_DEPTH) {
    err(`delegation is deeper than ${MAX_DELEGATION_DEPTH} levels`);
    return [];
  }
  const tables = resolveTables(route, owner, env, rec, err);
  const groups = groupByWeight(tables);
  const out: FlatRoute[] = [];
  for (const group of groups) {
    if (group.length > 1) {
      const names = group.map((t) => `${t.resource.metadata.namespace}.${t.resource.metadata.name}`).join(', ');
      err(`RouteTables ${names} have the same weight ${weightOf(group[0])}; their routes are sorted by path (exact, then regex, then prefix; longer paths first) as Gloo does`, 'warning');
    }
    const routes = group.flatMap((t) => expandTable(t, parent, env, rec));
    out.push(...(group.length > 1 ? sortByPath(routes, (r) => r.route.matchers ?? []) : routes));
  }
  return out;
}

function expandTable(t: ServedObject<'RouteTable'>, parent: Parent, env: ExpandEnv, rec: Recorder): FlatRoute[] {
  const m = t.resource.metadata;
  const key = `RouteTable.${m.namespace}.${m.name}`;
  rec.tables.add(key);
  const at = parent.stack.indexOf(key);
  if (at >= 0) {
    const cycle = [...parent.stack.slice(at), key];
    const message = `delegation cycle: ${cycle.map(describeKey).join(' → ')}`;
    for (const k of new Set(cycle)) if (k.startsWith('RouteTable.')) rec.findings.push({ ref: k, severity: 'error', message });
    return [];
  }
  const owner: Owner = { kind: 'RouteTable', namespace: m.namespace, name: m.name, key };
  return expandRoutes(t.resource.spec.routes ?? [], owner, { ...parent, stack: [...parent.stack, key] }, env, rec);
}

function resolveTables(route: GatewayRoute, owner: Owner, env: ExpandEnv, rec: Recorder, err: (m: string, s?: 'error' | 'warning') => void): ServedObject<'RouteTable'>[] {
  const d = route.delegateAction!;
  if (d.ref) {
    const key = refKeyOf('RouteTable', d.ref, owner.namespace);
    rec.deps.set(key, '');
    const t = env.tables.get(key);
    if (t) return [t];
    if (env.existing.has(key)) err(`delegateAction.ref: ${describeKey(key)} is rejected and not served; its routes are left out`, 'warning');
    else err(`delegateAction.ref: ${describeKey(key)} not found`);
    return [];
  }
  rec.deps.set(TABLE_SET_DEP, '');
  const sel = d.selector ?? {};
  const namespaces = sel.namespaces?.length ? sel.namespaces : [owner.namespace];
  const all = namespaces.includes('*');
  const found = env.tableList.filter((t) => (all || namespaces.includes(t.resource.metadata.namespace)) && matchesSelector(t.resource, sel.labels));
  if (found.length === 0) err(`delegateAction.selector matches no RouteTable in ${all ? 'any namespace' : namespaces.join(', ')}`, 'warning');
  return found;
}

function matchesSelector(t: Resource<'RouteTable'>, labels: Record<string, string> | undefined): boolean {
  for (const [k, v] of Object.entries(labels ?? {})) if (t.metadata.labels?.[k] !== v) return false;
  return true;
}

function weightOf(t: ServedObject<'RouteTable'>): number {
  return t.resource.spec.weight ?? 0;
}

/** Tables in ascending weight (Gloo: lower weight first), equal weights grouped, each group in namespace/name order. */
function groupByWeight(tables: readonly ServedObject<'RouteTable'>[]): ServedObject<'RouteTable'>[][] {
  const sorted = [...tables].sort((a, b) => weightOf(a) - weightOf(b));
  const groups: ServedObject<'RouteTable'>[][] = [];
  for (const t of sorted) {
    const last = groups[groups.length - 1];
    if (last && weightOf(last[0]) === weightOf(t)) last.push(t);
    else groups.push([t]);
  }
  return groups;
}
