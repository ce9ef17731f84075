// Runs the registered plugins: validation of route and virtual host options (with a Warning for every
// option no plugin translates), the route, route action and virtual host hooks, and the HTTP filters
// a listener needs.
import type { DestinationJson, RouteJson as ProxyRoute, VirtualHostJson as ProxyVirtualHost } from '../../gen/gloo/api/v1/proxy_pb';
import type { Resource } from '../../model/resource';
import type { RouteOptionsJson } from '../../gen/gloo/api/v1/route_options_pb';
import type { VirtualHostOptionsJson } from '../../gen/gloo/api/v1/virtual_host_options_pb';
import type { GlooView } from '../gloo/gloo-objects';
import type { Issue } from '../served';
import type { RegexValidator } from '../types';
import type { EnvoyHttpFilter, EnvoyRoute, EnvoyRouteAction, EnvoyVirtualHost } from './envoy';
import { claimTable, notTranslated, pluginsFor } from './claims';
import { listenerHttpFilters } from './run-listener-plugins';
import type { HttpListenerOptionsJson } from '../../gen/gloo/api/v1/http_listener_options_pb';
import type { CheckContext, FilterContext, FilterPart, HookContext, Plugin, RouteActionKind, WeightedTarget } from './plugin';
import { runWeightedDestinationHooks } from './weighted-destinations';
import type { PolicyView } from '../gloo/policy-view';
import { PLUGINS } from './registry';
import type { RouterJson } from '../../gen/envoy/envoy/extensions/filters/http/router/v3/router_pb';
import { packAny, typeUrl } from '../../xds/envoy-any';
import { hasFunctions } from '../../discovery/service-spec';

const ROUTER_TYPE = typeUrl<RouterJson>('envoy.extensions.filters.http.router.v3.Router');

const ROUTE_CLAIMS = claimTable((p) => p.routeOptions);
const VHOST_CLAIMS = claimTable((p) => p.virtualHostOptions);

/** Problems of route options (`field` prefixes messages, e.g. `options`). */
export function routeOptionIssues(o: RouteOptionsJson | undefined, action: RouteActionKind, regex: RegexValidator, field = 'options', policy?: PolicyView): Issue[] {
  if (!o) return [];
  const unclaimed: string[] = [];
  const plugins = pluginsFor(o, ROUTE_CLAIMS, unclaimed);
  const issues: Issue[] = [];
  if (plugins.size) {
    const ctx: CheckContext = policy ? { regex, field, policy } : { regex, field };
    for (const p of plugins) if (p.checkRoute) for (const issue of p.checkRoute(o, action, ctx)) issues.push(issue);
  }
  if (unclaimed.length) for (const issue of notTranslated(field, unclaimed)) issues.push(issue);
  return issues;
}

/** Problems of virtual host options. */
export function virtualHostOptionIssues(o: VirtualHostOptionsJson | undefined, regex: RegexValidator, field = 'virtualHost.options', policy?: PolicyView): Issue[] {
  if (!o) return [];
  const unclaimed: string[] = [];
  const issues: Issue[] = [];
  for (const p of pluginsFor(o, VHOST_CLAIMS, unclaimed)) if (p.checkVirtualHost) issues.push(...p.checkVirtualHost(o, { regex, field, ...(policy ? { policy } : {}) }));
  issues.push(...notTranslated(field, unclaimed));
  return issues;
}

const DESTINATION_PLUGINS = PLUGINS.filter((p) => p.destination || p.checkDestination);
const DESTINATION_HOOKS = PLUGINS.filter((p) => p.destination);
const NO_PLUGINS: ReadonlySet<Plugin> = new Set();
const NO_NAMES: ReadonlySet<string> = new Set();
const NO_PARTS: ReadonlyMap<string, readonly FilterPart[]> = new Map();

/** Problems of a single destination that sets a destinationSpec, as the plugins with a destination check judge them (some read the Settings in `policy`). */
export function destinationPluginIssues(dest: DestinationJson, upstream: Resource<'Upstream'> | undefined, regex: RegexValidator, field: string, policy?: PolicyView): Issue[] {
  return DESTINATION_PLUGINS.flatMap((p) => p.checkDestination?.(dest, upstream, { regex, field, ...(policy ? { policy } : {}) }) ?? []).map((i) => ({ ...i, message: `${field}: ${i.message}` }));
}

/** Hook contexts of one translation: each plugin's useFilter() records its name in `used`, and its part, if any, in `parts`. */
export class PluginContexts {
  // Made on first use: most virtual hosts touch no plugin, or few of the registered ones.
  private usedNames: Set<string> | undefined;
  private partsByPlugin: Map<string, FilterPart[]> | undefined;
  private contexts: Map<Plugin, HookContext> | undefined;

  constructor(
    private readonly view: GlooView,
    private readonly proxyVirtualHost?: ProxyVirtualHost,
    private readonly proxyNamespace?: string,
  ) {}

  /** Names of the plugins whose HTTP filter is needed (shared and empty while none is: never change it). */
  get used(): ReadonlySet<string> {
    return this.usedNames ?? NO_NAMES;
  }

  /** Parts given to useFilter(), by plugin name (shared and empty while none is given: never change it). */
  get parts(): ReadonlyMap<string, readonly FilterPart[]> {
    return this.partsByPlugin ?? NO_PARTS;
  }

  /** Records that a plugin's filter is needed, with the part its builder gets, if any. */
  useFilter(plugin: string, part: FilterPart | undefined): void {
    (this.usedNames ??= new Set()).add(plugin);
    if (part === undefined) return;
    const parts = (this.partsByPlugin ??= new Map());
    const list = parts.get(plugin);
    if (list) list.push(part);
    else parts.set(plugin, [part]);
  }

  private context(p: Plugin): HookContext {
    let ctx = this.contexts?.get(p);
    if (!ctx) {
      ctx = new PluginHookContext(this, p.name, this.view, this.proxyVirtualHost, this.proxyNamespace);
      (this.contexts ??= new Map()).set(p, ctx);
    }
    return ctx;
  }

  /** The plugins claiming a Gloo route's set options: what route() and routeAction() run, found once per route. */
  routePlugins(in_: ProxyRoute): ReadonlySet<Plugin> {
    return in_.options ? pluginsFor(in_.options, ROUTE_CLAIMS) : NO_PLUGINS;
  }

  /** Runs the route hooks on one Envoy route of a Gloo route (a Gloo route becomes one Envoy route per matcher). */
  route(in_: ProxyRoute, out: EnvoyRoute, plugins: ReadonlySet<Plugin> = this.routePlugins(in_)): void {
    const o = in_.options;
    if (!o) return;
    for (const p of plugins) p.route?.(o, out, this.context(p), in_);
  }

  /** Runs the route action hooks on the RouteAction of a forwarding Gloo route. */
  routeAction(in_: ProxyRoute, out: EnvoyRouteAction, plugins: ReadonlySet<Plugin> = this.routePlugins(in_)): void {
    const o = in_.options;
    if (!o) return;
    for (const p of plugins) p.routeAction?.(o, out, this.context(p), in_);
  }

  /** Runs the destination hooks on one Envoy route of a forwarding route to a single destination (`upstream`: the served Upstream it names); they translate the Upstream's functions, so only an Upstream with functions (hasFunctions) gets them. */
  destination(dest: DestinationJson, upstream: Resource<'Upstream'> | undefined, out: EnvoyRoute): void {
    if (!upstream || !hasFunctions(upstream.spec)) return;
    for (const p of DESTINATION_HOOKS) p.destination!(dest, upstream, out, this.context(p));
  }

  /** Runs the weighted destination hooks on one Envoy route to weighted destinations (see weighted-destinations.ts). */
  weightedDestinations(targets: readonly WeightedTarget[], out: EnvoyRoute): void {
    runWeightedDestinationHooks(targets, out, (p) => this.context(p));
  }

  /** Runs the virtual host hooks. */
  virtualHost(o: VirtualHostOptionsJson | undefined, out: EnvoyVirtualHost): void {
    if (!o) return;
    for (const p of pluginsFor(o, VHOST_CLAIMS)) p.virtualHost?.(o, out, this.context(p));
  }
}

/** The hook context of one plugin in one translation: its useFilter() records on the translation's PluginContexts. */
class PluginHookContext implements HookContext {
  constructor(
    private readonly contexts: PluginContexts,
    private readonly plugin: string,
    readonly view: GlooView,
    readonly virtualHost: ProxyVirtualHost | undefined,
    readonly proxyNamespace: string | undefined,
  ) {}

  useFilter(part?: FilterPart): void {
    this.contexts.useFilter(this.plugin, part);
  }
}

// The router is always the last HTTP filter (Envoy refuses a connection manager whose last filter is not terminal).
const ROUTER: EnvoyHttpFilter = { name: 'envoy.filters.http.router', typedConfig: packAny(ROUTER_TYPE, {}) };
const STAGED = PLUGINS.flatMap((p, order) => (p.httpFilter && !p.httpFilters ? [{ plugin: p.name, order, staged: p.httpFilter }] : []));
const BUILT = PLUGINS.flatMap((p, order) => (p.httpFilters ? [{ plugin: p, order }] : []));

/** The filters plugins build from the parts their routes and virtual hosts gave (httpFilters), each with its registry index. */
function builtFilters(used: ReadonlySet<string>, parts: ReadonlyMap<string, readonly FilterPart[]>, ctx: FilterContext) {
  return BUILT.filter((b) => used.has(b.plugin.name)).flatMap((b) => b.plugin.httpFilters!(parts.get(b.plugin.name) ?? [], ctx).map((staged) => ({ order: b.order, staged })));
}

/**
 * The HTTP filters of a connection manager: those of the plugins its routes used and those its HTTP
 * listener options configure, in Gloo's stage order (stage, then weight, then registry order), the router last.
 */
export function httpFiltersFor(used: ReadonlySet<string>, listenerOptions?: HttpListenerOptionsJson, built?: { parts: ReadonlyMap<string, readonly FilterPart[]>; view: GlooView }): EnvoyHttpFilter[] {
  const fromParts = built ? builtFilters(used, built.parts, { view: built.view, ...(listenerOptions ? { listenerOptions } : {}) }) : [];
  const chosen = [...STAGED.filter((s) => used.has(s.plugin)), ...fromParts, ...listenerHttpFilters(listenerOptions)];
  chosen.sort((a, b) => a.staged.stage - b.staged.stage || (a.staged.weight ?? 0) - (b.staged.weight ?? 0) || a.order - b.order);
  return [...chosen.map((c) => c.staged.filter), ROUTER];
}
