// What one proxy's snapshot looks like to xDS clients: the snapshot's resources plus, for
// LDS names that are not proxy listeners, API listeners for proxyless gRPC clients. A host
// gets an API listener only when a virtual host serves it; for any other name the view has
// nothing, and the protocol says so to the client (xDS spec, "Knowing When a Requested
// Resource Does Not Exist"): SotW LDS responses carry every subscribed listener that
// exists, so one left out does not exist; delta lists it in removed_resources.
import { contentHash } from '../../common/model/hash';
import { selectVirtualHost, type VirtualHostSelection } from '../../common/route/domain-matcher';
import { buildXdsSnapshot } from '../../common/xds/snapshot-builder';
import type { XdsResource, XdsSnapshot, XdsType } from '../../common/xds/xds-snapshot';
import { apiListenerResource, defaultGrpcRouteConfig, grpcHttpFilters, type RouteConfigChooser } from './api-listener';
import { encodeApiListener } from './api-listener-bytes';
import type { ResourceEncoder } from './resource-encoder';

/** Resource types whose SotW responses carry every subscribed resource and which know the "*" wildcard (xDS spec, "Grouping Resources into Responses"). */
export const FULL_STATE_TYPES: ReadonlySet<XdsType> = new Set<XdsType>(['listener', 'cluster']);

/** Separates a route configuration's name from the host in the per-host route configurations served to gRPC clients. */
export const HOST_ROUTE_SEPARATOR = '#';

/** The explicit wildcard resource name (xDS spec, "How the client specifies what resources to return"). */
export const WILDCARD = '*';

/** Synthesized resources kept per view and kind; the least recently used are made again when asked. */
const MAX_SYNTHESIZED = 4096;

/** The virtual hosts of a route configuration, as the domain matcher takes them. */
type VirtualHosts = Parameters<typeof selectVirtualHost>[0];

/** A snapshot as served: lookups by name, with API listeners made on demand for proxyless clients. */
export class ServedView {
  private readonly apiListeners = new Map<string, XdsResource>();
  private readonly hostRoutes = new Map<string, XdsResource>();
  private grpcRoute: { name: string | undefined } | undefined;

  /** Wraps a snapshot; chooser picks the route configuration API listeners point at; API listeners go into encoder's cache as they are made. */
  constructor(
    readonly snapshot: XdsSnapshot,
    private readonly chooser: RouteConfigChooser,
    private readonly encoder?: ResourceEncoder,
  ) {}

  /** The version of a type's resource set in this snapshot. */
  version(type: XdsType): string {
    return this.snapshot.resources[type].version;
  }

  /** Every resource of a type that the snapshot itself holds (what a wildcard subscription covers). */
  all(type: XdsType): ReadonlyMap<string, XdsResource> {
    return this.snapshot.resources[type].items;
  }

  /**
   * A resource by name. For listeners, a name the proxy lacks is a host: it resolves to an API listener when a
   * virtual host of the proxy's gRPC route configuration serves it. For routes, `ROUTES#HOST` resolves likewise.
   */
  lookup(type: XdsType, name: string): XdsResource | undefined {
    const own = this.snapshot.resources[type].items.get(name);
    if (own || name === WILDCARD) return own;
    if (type === 'route' && name.includes(HOST_ROUTE_SEPARATOR)) return cached(this.hostRoutes, name, () => this.makeHostRoute(name));
    if (type !== 'listener') return undefined;
    return cached(this.apiListeners, name, () => this.makeApiListener(name));
  }

  /** An API listener for HOST pointing at the per-host route configuration of the chosen one, when that serves HOST. */
  private makeApiListener(host: string): XdsResource | undefined {
    this.grpcRoute ??= { name: this.chooser(this.snapshot) };
    const route = this.grpcRoute.name;
    if (route === undefined || !this.selectFor(route, host)) return undefined;
    const routeConfigName = `${route}${HOST_ROUTE_SEPARATOR}${host}`;
    const filters = grpcHttpFilters(this.snapshot, route);
    const resource = apiListenerResource(host, routeConfigName, filters);
    // With filters the resource is encoded like any other; without, from the parts encoded once.
    if (!filters.length) this.encoder?.prime('listener', resource, () => encodeApiListener(host, routeConfigName));
    return resource;
  }

  /** The virtual host Envoy would pick for host in route configuration `route`; undefined when none serves it. */
  private selectFor(route: string, host: string): VirtualHostSelection | undefined {
    const base = this.snapshot.resources.route.items.get(route);
    const virtualHosts = (base?.json as { virtualHosts?: VirtualHosts } | undefined)?.virtualHosts;
    return virtualHosts && selectVirtualHost(virtualHosts, host);
  }

  /**
   * `ROUTES#HOST`: route configuration ROUTES with only the virtual host Envoy would pick for HOST (exact, then
   * suffix, then prefix wildcard, then `*`). A proxyless client routes exactly as with the whole configuration,
   * but parses one virtual host instead of every one of the listener. It exists only when a virtual host serves HOST.
   */
  private makeHostRoute(name: string): XdsResource | undefined {
    const at = name.lastIndexOf(HOST_ROUTE_SEPARATOR);
    const route = name.slice(0, at);
    const selected = this.selectFor(route, name.slice(at + 1));
    if (!selected) return undefined;
    const { virtualHosts: _all, ...rest } = this.snapshot.resources.route.items.get(route)!.json;
    const json = { ...rest, name, virtualHosts: [selected.virtualHost] };
    return Object.freeze({ name, version: contentHash(json), json });
  }
}

/** The cached value of key, else make()'s, kept when defined; the least recently used entry leaves past MAX_SYNTHESIZED. */
function cached(cache: Map<string, XdsResource>, key: string, make: () => XdsResource | undefined): XdsResource | undefined {
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const made = make();
  if (!made) return undefined;
  cache.set(key, made);
  if (cache.size > MAX_SYNTHESIZED) cache.delete(cache.keys().next().value as string);
  return made;
}

/** Shares one ServedView per snapshot among all streams, and an empty snapshot per proxy key with none published. */
export class ViewSource {
  private readonly views = new WeakMap<XdsSnapshot, ServedView>();
  private readonly empties = new Map<string, XdsSnapshot>();

  /** chooser defaults to defaultGrpcRouteConfig (port 8080, else the first plain HTTP listener); encoder, when given, gets API listeners' bytes as they are made. */
  constructor(
    readonly chooser: RouteConfigChooser = defaultGrpcRouteConfig,
    private readonly encoder?: ResourceEncoder,
  ) {}

  /** The view of a snapshot, or of an empty snapshot for proxyKey when snapshot is undefined. */
  viewOf(snapshot: XdsSnapshot | undefined, proxyKey: string): ServedView {
    const snap = snapshot ?? this.empty(proxyKey);
    let view = this.views.get(snap);
    if (!view) this.views.set(snap, (view = new ServedView(snap, this.chooser, this.encoder)));
    return view;
  }

  private empty(proxyKey: string): XdsSnapshot {
    let snap = this.empties.get(proxyKey);
    if (!snap) this.empties.set(proxyKey, (snap = buildXdsSnapshot(proxyKey, {})));
    return snap;
  }
}
