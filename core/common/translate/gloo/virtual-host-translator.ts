// Proxy virtual hosts → Envoy virtual hosts (name `<vs namespace>_<vs name>`), one Envoy route per
// Gloo matcher, each route named and tagged with the object it came from under
// metadata.filterMetadata['io.xds-sandbox.source']. Cached by the virtual host's fingerprint and
// the upstream groups it expanded, the Kubernetes Services it resolved and the Upstreams with functions.
import type { RouteJson as ProxyRoute, SourceMetadata_SourceRefJson as SourceRefJson, VirtualHostJson as ProxyVirtualHost } from '../../gen/gloo/api/v1/proxy_pb';
import { hashString } from '../../model/hash';
import { envoyRouteName } from '../names';
import { sourceFilterMetadata } from '../../xds/resource-sources';
import { TRANSLATOR_REVISION } from '../revision';
import type { RouteSource } from '../types';
import type { RouteJson as EnvoyRoute, VirtualHostJson as EnvoyVirtualHost } from '../../gen/envoy/envoy/config/route/v3/route_components_pb';
import { upstreamDepState, type GlooView } from './gloo-objects';
import { WorldStamp } from '../dep-world';
import { PluginContexts } from '../plugins/run-plugins';
import { hookedWeightedTargets } from '../plugins/weighted-destinations';
import type { FilterPart } from '../plugins/plugin';
import { routeMatch, setRouteAction, type RouteActionFields } from './route-translator';
import { destinationUpstreamRef } from '../route-validator';
import type { JsonObject } from '@bufbuild/protobuf';
import { refKey, resolveRef, type Resource } from '../../model/resource';
import { hasFunctions } from '../../discovery/service-spec';

/** Where a proxy's routes come from when they carry no sources: the Proxy itself. */
export interface ProxyIdentity {
  readonly namespace: string;
  readonly name: string;
}

/** The origin of one Envoy route of a virtual host. */
export interface VhostRouteOrigin {
  readonly routeName: string;
  readonly source: RouteSource;
  readonly chain: readonly RouteSource[];
}

/** An Envoy virtual host, its version, which filters it needs, where each route came from, and the upstream groups and Kubernetes Services it read. */
export interface VirtualHostOutput {
  readonly name: string;
  readonly json: EnvoyVirtualHost;
  readonly version: string;
  /** Names of the plugins whose HTTP filter the virtual host's routes need. */
  readonly filters: ReadonlySet<string>;
  /** What the routes and virtual host gave each plugin's filter builder, by plugin name. */
  readonly filterParts: ReadonlyMap<string, readonly FilterPart[]>;
  /** Origins of the Envoy routes, in order (computed on first use). */
  origins(): readonly VhostRouteOrigin[];
  /** The upstream groups and Kubernetes Services read, with what was read of each (see depState). */
  readonly groupDeps: readonly (readonly [string, string])[];
}

/** Translates a proxy virtual host. */
export function translateVirtualHost(vh: ProxyVirtualHost, view: GlooView, proxy: ProxyIdentity, fingerprint: string): VirtualHostOutput {
  const plugins = new PluginContexts(view, vh, proxy.namespace);
  const functions = functionUpstreams(view) !== '';
  const groups = new Set<string>();
  const onGroup = groups.add.bind(groups);
  const routes: EnvoyRoute[] = [];
  const proxyRoutes = vh.routes ?? [];
  for (let i = 0; i < proxyRoutes.length; i++) {
    const r = proxyRoutes[i];
    const sources = r.metadataStatic?.sources;
    const last = sources?.length ? sources[sources.length - 1] : undefined;
    const namespace = last?.resourceRef?.namespace || proxy.namespace;
    const metadata = { filterMetadata: sourceFilterMetadata(sourceMetadata(last, r.name, proxy, i)) };
    const hooks = plugins.routePlugins(r);
    const action: RouteActionFields = {};
    setRouteAction(action, r, view, namespace, onGroup);
    if (action.route) plugins.routeAction(r, action.route, hooks);
    // Destination hooks read the functions of a single destination's Upstream: the virtual host depends on which Upstreams have functions, and on the content of the one it routes to.
    const single = action.route ? r.routeAction?.single : undefined;
    let upstream: Resource<'Upstream'> | undefined;
    if (single && functions) {
      const key = refKey(resolveRef('Upstream', destinationUpstreamRef(single, namespace, view), namespace));
      upstream = view.upstreams.get(key)?.resource;
      onGroup(FUNCTIONS_DEP);
      if (upstream && hasFunctions(upstream.spec)) onGroup(key);
    }
    const weighted = action.route?.weightedClusters ? hookedWeightedTargets(r.routeAction, view, namespace, onGroup, destinationUpstreamRef) : undefined;
    const matchers = r.matchers?.length ? r.matchers : DEFAULT_MATCHERS;
    for (let j = 0; j < matchers.length; j++) {
      // One Envoy route per matcher, all sharing the action (as Object.assign of it would).
      const route = envoyRoute(envoyRouteName(vh.name ?? '', i, r.name, j), routeMatch(matchers[j]), action, metadata);
      plugins.route(r, route, hooks);
      if (single) plugins.destination(single, upstream, route);
      else if (weighted) plugins.weightedDestinations(weighted, route);
      routes.push(route);
    }
  }
  const json: EnvoyVirtualHost = { name: vh.name ?? '', domains: [...(vh.domains ?? [])] };
  if (routes.length) json.routes = routes;
  plugins.virtualHost(vh.options, json);
  const groupDeps = groups.size ? [...groups].sort().map((g) => [g, depState(view, g)] as const) : NO_DEPS;
  let depText = '';
  for (const [k, v] of groupDeps) depText += depText ? `;${k}=${v}` : `${k}=${v}`;
  const version = hashString(`vhost|${TRANSLATOR_REVISION}|${fingerprint}|${depText}`);
  let origins: VhostRouteOrigin[] | undefined;
  return {
    name: vh.name ?? '',
    json,
    version,
    // Most virtual hosts need no plugin filter: they share empty collections rather than keep their own.
    filters: plugins.used,
    filterParts: plugins.parts,
    origins() {
      return (origins ??= originsOf(vh, proxy));
    },
    groupDeps,
  };
}

const DEFAULT_MATCHERS = [{ prefix: '/' }];

// The two builders below write each object as one literal: objects given all their fields at once stay compact.

/** An Envoy route with its action and metadata, fields in the order Envoy's JSON gives them. */
function envoyRoute(name: string, match: EnvoyRoute['match'], action: RouteActionFields, metadata: EnvoyRoute['metadata']): EnvoyRoute {
  if (action.route) return { name, match, route: action.route, metadata };
  if (action.redirect) return { name, match, redirect: action.redirect, metadata };
  if (action.directResponse) return { name, match, directResponse: action.directResponse, metadata };
  return { name, match, metadata };
}

/** The source metadata of an Envoy route: the object its Gloo route came from (the last of its sources, else the Proxy), the route's index there and its name. */
function sourceMetadata(last: SourceRefJson | undefined, routeName: string | undefined, proxy: ProxyIdentity, index: number): JsonObject {
  const kind = last ? kindOf(last) : 'Proxy';
  const namespace = last ? (last.resourceRef?.namespace ?? '') : proxy.namespace;
  const name = last ? (last.resourceRef?.name ?? '') : proxy.name;
  const routeIndex = last ? (last.routeIndex ?? 0) : index;
  return routeName ? { kind, namespace, name, routeIndex, routeName } : { kind, namespace, name, routeIndex };
}

/** What a translation read of a dependency: an upstream group's hash, which Upstream stands in for a Kubernetes Service or what an Upstream is (upstreamDepState), or which Upstreams have functions. */
function depState(view: GlooView, key: string): string {
  if (key === FUNCTIONS_DEP) return functionUpstreams(view);
  return key.startsWith('UpstreamGroup.') ? (view.groups.get(key)?.hash ?? '-') : upstreamDepState(view, key);
}

/** The dependency on which served Upstreams have functions (hasFunctions), which destination hooks read. */
const FUNCTIONS_DEP = '#functions';
const functionsByView = new WeakMap<GlooView, string>();

/** The keys of the served Upstreams with functions, as one string ('' when there are none); once per view. */
function functionUpstreams(view: GlooView): string {
  let text = functionsByView.get(view);
  if (text === undefined) {
    text = '';
    for (const [key, u] of view.upstreams) if (hasFunctions(u.resource.spec)) text += `${key};`;
    functionsByView.set(view, text);
  }
  return text;
}
const NO_DEPS: readonly (readonly [string, string])[] = [];

function kindOf(s: SourceRefJson): RouteSource['kind'] {
  return s.resourceKind === 'RouteTable' || s.resourceKind === 'Proxy' ? s.resourceKind : 'VirtualService';
}

function originsOf(vh: ProxyVirtualHost, proxy: ProxyIdentity): VhostRouteOrigin[] {
  const out: VhostRouteOrigin[] = [];
  (vh.routes ?? []).forEach((r, i) => {
    const chain = chainOf(r, proxy, i);
    const source = chain[chain.length - 1];
    for (let j = 0; j < Math.max(1, r.matchers?.length ?? 0); j++) out.push({ routeName: envoyRouteName(vh.name ?? '', i, r.name, j), source, chain });
  });
  return out;
}

function chainOf(r: ProxyRoute, proxy: ProxyIdentity, index: number): RouteSource[] {
  const sources = r.metadataStatic?.sources ?? [];
  if (!sources.length) return [{ kind: 'Proxy', namespace: proxy.namespace, name: proxy.name, routeIndex: index }];
  return sources.map((s) => ({ kind: kindOf(s), namespace: s.resourceRef?.namespace ?? '', name: s.resourceRef?.name ?? '', routeIndex: s.routeIndex ?? 0 }));
}

/** Translated virtual hosts by fingerprint, valid while the upstream groups and Kubernetes Services they read are unchanged. */
export class VirtualHostCache {
  private readonly entries = new Map<string, { out: VirtualHostOutput; pass: number; world: number }>();
  private pass = 0;
  private readonly world = new WorldStamp();
  private worldView: GlooView | undefined;
  private worldNow = 0;
  /** Counters since beginPass(). */
  counters = { translated: 0, hits: 0 };

  /** Starts a pass. */
  beginPass(): void {
    this.pass++;
    this.counters = { translated: 0, hits: 0 };
  }

  /** The translation of a virtual host, from the cache when its fingerprint and groups are unchanged. */
  get(vh: ProxyVirtualHost, view: GlooView, proxy: ProxyIdentity, fingerprint: string): VirtualHostOutput {
    const world = this.worldOf(view);
    const hit = this.entries.get(fingerprint);
    // An entry checked in this world needs no check: everything depState reads is as it was then.
    if (hit && (hit.world === world || hit.out.groupDeps.every(([k, v]) => depState(view, k) === v))) {
      hit.pass = this.pass;
      hit.world = world;
      this.counters.hits++;
      return hit.out;
    }
    const out = translateVirtualHost(vh, view, proxy, fingerprint);
    this.entries.set(fingerprint, { out, pass: this.pass, world });
    this.counters.translated++;
    return out;
  }

  /** Drops entries this pass did not use. */
  endPass(): void {
    for (const [k, e] of this.entries) if (e.pass !== this.pass) this.entries.delete(k);
  }

  /** The stamp of what depState reads of a view: upstream groups, Upstreams, their Kubernetes stand-ins and which objects exist. */
  private worldOf(view: GlooView): number {
    if (view !== this.worldView) {
      this.worldView = view;
      this.worldNow = this.world.of([view.groups, view.upstreams, view.kubeServices, view.existing]);
    }
    return this.worldNow;
  }
}
