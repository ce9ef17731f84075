// What one proxy's snapshot looks like to xDS clients: the snapshot's resources plus, for
// LDS names that are not proxy listeners, API listeners for proxyless gRPC clients.
import { contentHash } from '../../common/model/hash';
import { selectVirtualHost } from '../../common/route/domain-matcher';
import { resourceJson } from '../../common/xds/envoy-resources';
import { buildXdsSnapshot } from '../../common/xds/snapshot-builder';
import type { XdsResource, XdsSnapshot, XdsType } from '../../common/xds/xds-snapshot';
import { apiListenerResource, defaultGrpcRouteConfig, type RouteConfigChooser } from './api-listener';

/** Resource types whose SotW responses carry every subscribed resource and which know the "*" wildcard (xDS spec, "Grouping Resources into Responses"). */
export const FULL_STATE_TYPES: ReadonlySet<XdsType> = new Set<XdsType>(['listener', 'cluster']);

/** Separates a route configuration's name from the host in the per-host route configurations served to gRPC clients. */
export const HOST_ROUTE_SEPARATOR = '#';

/** The explicit wildcard resource name (xDS spec, "How the client specifies what resources to return"). */
export const WILDCARD = '*';

/** A snapshot as served: lookups by name, with API listeners made on demand for proxyless clients. */
export class ServedView {
  private readonly apiListeners = new Map<string, XdsResource | undefined>();
  private readonly hostRoutes = new Map<string, XdsResource | undefined>();
  private grpcRoute: { name: string | undefined } | undefined;

  /** Wraps a snapshot; chooser picks the route configuration API listeners point at. */
  constructor(
    readonly snapshot: XdsSnapshot,
    private readonly chooser: RouteConfigChooser,
  ) {}

  /** The version of a type's resource set in this snapshot. */
  version(type: XdsType): string {
    return this.snapshot.resources[type].version;
  }

  /** Every resource of a type that the snapshot itself holds (what a wildcard subscription covers). */
  all(type: XdsType): ReadonlyMap<string, XdsResource> {
    return this.snapshot.resources[type].items;
  }

  /** A resource by name; for listeners, a name the proxy lacks resolves to an API listener when the proxy has an HTTP route configuration. */
  lookup(type: XdsType, name: string): XdsResource | undefined {
    const own = this.snapshot.resources[type].items.get(name);
    if (own || name === WILDCARD) return own;
    if (type === 'route' && name.includes(HOST_ROUTE_SEPARATOR)) {
      if (!this.hostRoutes.has(name)) this.hostRoutes.set(name, this.makeHostRoute(name));
      return this.hostRoutes.get(name);
    }
    if (type !== 'listener') return undefined;
    if (!this.apiListeners.has(name)) this.apiListeners.set(name, this.makeApiListener(name));
    return this.apiListeners.get(name);
  }

  /** An API listener for HOST pointing at the per-host route configuration of the chosen one. */
  private makeApiListener(host: string): XdsResource | undefined {
    this.grpcRoute ??= { name: this.chooser(this.snapshot) };
    const route = this.grpcRoute.name;
    return route === undefined ? undefined : apiListenerResource(host, `${route}${HOST_ROUTE_SEPARATOR}${host}`);
  }

  /**
   * `ROUTES#HOST`: route configuration ROUTES with only the virtual host Envoy would pick for HOST (exact, then
   * suffix, then prefix wildcard, then `*`). A proxyless client routes exactly as with the whole configuration,
   * but parses one virtual host instead of every one of the listener.
   */
  private makeHostRoute(name: string): XdsResource | undefined {
    const at = name.lastIndexOf(HOST_ROUTE_SEPARATOR);
    const base = this.snapshot.resources.route.items.get(name.slice(0, at));
    if (!base) return undefined;
    const { virtualHosts, ...rest } = resourceJson('route', base);
    const selected = selectVirtualHost(virtualHosts ?? [], name.slice(at + 1));
    const json = { ...rest, name, virtualHosts: selected ? [selected.virtualHost] : [] };
    return Object.freeze({ name, version: contentHash(json), json });
  }
}

/** Shares one ServedView per snapshot among all streams, and an empty snapshot per proxy key with none published. */
export class ViewSource {
  private readonly views = new WeakMap<XdsSnapshot, ServedView>();
  private readonly empties = new Map<string, XdsSnapshot>();

  /** chooser defaults to defaultGrpcRouteConfig (port 8080, else the first plain HTTP listener). */
  constructor(readonly chooser: RouteConfigChooser = defaultGrpcRouteConfig) {}

  /** The view of a snapshot, or of an empty snapshot for proxyKey when snapshot is undefined. */
  viewOf(snapshot: XdsSnapshot | undefined, proxyKey: string): ServedView {
    const snap = snapshot ?? this.empty(proxyKey);
    let view = this.views.get(snap);
    if (!view) this.views.set(snap, (view = new ServedView(snap, this.chooser)));
    return view;
  }

  private empty(proxyKey: string): XdsSnapshot {
    let snap = this.empties.get(proxyKey);
    if (!snap) this.empties.set(proxyKey, (snap = buildXdsSnapshot(proxyKey, {})));
    return snap;
  }
}
