// Reading the generated xDS (`getXds()`, the `translate -o json` shape): proxies, listeners, and every route
// with its match, its action and the object it came from. Resources are typed with Envoy's generated JSON types.
import { sourceFromMetadata, sourceFromVirtualHostName, upstreamFromClusterName, type SourceRef } from '../../../../core/common/route/decision';
import type { RouteJson, RouteMatchJson } from '../../../../core/common/gen/envoy/envoy/config/route/v3/route_components_pb';
import type { HttpConnectionManagerJson } from '../../../../core/common/gen/envoy/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager_pb';
import type { TranslatedProxy } from '../../../../core/common/xds/translate-output';

/** One route of a proxy as the route table lists it. */
export interface XdsRouteRow {
  readonly routeConfig: string;
  readonly virtualHost: string;
  readonly domains: readonly string[];
  readonly virtualHostSource?: SourceRef;
  readonly index: number;
  readonly name?: string;
  readonly match: string;
  readonly action: string;
  /** Clusters the route forwards to. */
  readonly clusters: readonly string[];
  /** Each cluster's share of the traffic in percent, for weighted routes (same order as clusters). */
  readonly shares?: readonly number[];
  readonly source?: SourceRef;
}

/** One listener: its port and the route configurations its HTTP connection managers use. */
export interface XdsListenerRow {
  readonly name: string;
  readonly port?: number;
  readonly routeConfigs: readonly string[];
  readonly source?: SourceRef;
}

/** The proxies of a getXds() answer; empty when it has another shape. */
export function proxiesOf(xds: unknown): TranslatedProxy[] {
  const proxies = isObject(xds) ? xds.proxies : undefined;
  return Array.isArray(proxies) ? proxies.filter((p): p is TranslatedProxy => isObject(p) && typeof p.node === 'string') : [];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Human form of an Envoy route match: `prefix /api`, `path = /x`, `regex ^/a`, plus header and query conditions. */
export function describeMatch(match: RouteMatchJson | undefined): string {
  const m = match ?? {};
  const parts = [
    m.prefix !== undefined ? `prefix ${m.prefix}` : m.path !== undefined ? `path = ${m.path}` : m.safeRegex?.regex !== undefined ? `regex ${m.safeRegex.regex}`
      : m.pathSeparatedPrefix !== undefined ? `prefix ${m.pathSeparatedPrefix}/` : 'any path',
  ];
  for (const h of m.headers ?? []) {
    const sm = h.stringMatch;
    const value = h.exactMatch ?? sm?.exact ?? sm?.prefix ?? sm?.safeRegex?.regex ?? h.safeRegexMatch?.regex ?? (h.presentMatch ? '*' : '');
    parts.push(`${String(h.name)}${h.invertMatch ? ' !=' : ':'} ${value}`);
  }
  for (const q of m.queryParameters ?? []) parts.push(`?${String(q.name)}`);
  return parts.join(', ');
}

/** The clusters a route forwards to (one, or each weighted cluster). */
export function routeClusters(route: RouteJson): string[] {
  const action = route.route;
  if (!action) return [];
  if (typeof action.cluster === 'string') return [action.cluster];
  return (action.weightedClusters?.clusters ?? []).map((c) => c.name ?? '').filter(Boolean);
}

/** Each weighted cluster's share of traffic in percent (rounded), or undefined for a route to one cluster. */
export function routeShares(route: RouteJson): number[] | undefined {
  const clusters = (route.route?.weightedClusters?.clusters ?? []).filter((c) => c.name);
  if (clusters.length < 2) return undefined;
  const total = clusters.reduce((sum, c) => sum + (c.weight ?? 0), 0);
  return total > 0 ? clusters.map((c) => Math.round(((c.weight ?? 0) * 100) / total)) : undefined;
}

/** Human form of a route's action: `→ cluster`, `→ a 80%, b 20%`, `redirect …`, `direct 404`. */
export function describeAction(route: RouteJson): string {
  const action = route.route;
  if (action) {
    if (typeof action.cluster === 'string') return `→ ${action.cluster}`;
    const weighted = (action.weightedClusters?.clusters ?? []).map((c) => `${String(c.name)} ${c.weight ?? ''}`.trim());
    if (weighted.length) return `→ ${weighted.join(', ')}`;
    if (action.clusterHeader) return `→ cluster from header ${action.clusterHeader}`;
    return '→ (no cluster)';
  }
  const redirect = route.redirect;
  if (redirect) return `redirect ${redirect.hostRedirect ?? ''}${redirect.pathRedirect ?? redirect.prefixRewrite ?? ''}`.trim();
  if (route.directResponse) return `direct ${route.directResponse.status ?? ''}`;
  return 'no action';
}

/** Every route of a proxy, in route-configuration, virtual-host and route order. */
export function routeRows(proxy: TranslatedProxy): XdsRouteRow[] {
  const rows: XdsRouteRow[] = [];
  for (const rc of proxy.routeConfigurations) {
    const rcName = rc.name ?? '';
    for (const v of rc.virtualHosts ?? []) {
      const vhName = v.name ?? '';
      const vhSource = sourceFromMetadata(v.metadata) ?? sourceFromVirtualHostName(vhName);
      (v.routes ?? []).forEach((r, index) => {
        const source = sourceFromMetadata(r.metadata);
        const shares = routeShares(r);
        rows.push({
          ...(shares ? { shares } : {}),
          routeConfig: rcName, virtualHost: vhName, domains: v.domains ?? [], index,
          match: describeMatch(r.match), action: describeAction(r), clusters: routeClusters(r),
          ...(vhSource ? { virtualHostSource: vhSource } : {}), ...(typeof r.name === 'string' ? { name: r.name } : {}), ...(source ? { source } : {}),
        });
      });
    }
  }
  return rows;
}

/** Every listener of a proxy with its port and the route configurations it uses over RDS. */
export function listenerRows(proxy: TranslatedProxy): XdsListenerRow[] {
  return proxy.listeners.map((l) => {
    const port = l.address?.socketAddress?.portValue;
    const routeConfigs = new Set<string>();
    for (const chain of l.filterChains ?? []) {
      for (const f of chain.filters ?? []) {
        // Only an HTTP connection manager has rds or route_config; other filters have neither field.
        const hcm = f.typedConfig as HttpConnectionManagerJson | undefined;
        const rds = hcm?.rds?.routeConfigName;
        if (typeof rds === 'string') routeConfigs.add(rds);
        const inline = hcm?.routeConfig?.name;
        if (typeof inline === 'string') routeConfigs.add(inline);
      }
    }
    const source = sourceFromMetadata(l.metadata);
    return { name: l.name ?? '', ...(typeof port === 'number' ? { port } : {}), routeConfigs: [...routeConfigs], ...(source ? { source } : {}) };
  });
}

/** The Upstream a cluster name stands for (`<name>_<namespace>`), as an object reference. */
export function upstreamOfCluster(cluster: string): SourceRef | undefined {
  const u = upstreamFromClusterName(cluster);
  return u ? { kind: 'Upstream', namespace: u.namespace, name: u.name } : undefined;
}

/** Names of the resources of each type a proxy holds, for the tree's section headings. */
export function resourceCounts(proxy: TranslatedProxy): Record<string, number> {
  return {
    listeners: proxy.listeners.length, routeConfigurations: proxy.routeConfigurations.length,
    clusters: proxy.clusters.length, endpoints: proxy.endpoints.length, secrets: proxy.secrets.length,
  };
}

/** Whether a route row matches every word of a filter text: virtual host, domains, match, action, clusters and source object. */
export function routeMatchesFilter(r: XdsRouteRow, text: string): boolean {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const src = r.source ?? r.virtualHostSource;
  const hay = `${r.virtualHost} ${r.domains.join(' ')} ${r.match} ${r.action} ${r.clusters.join(' ')} ${src ? `${src.kind} ${src.namespace}/${src.name}` : ''}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}
