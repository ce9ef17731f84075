// Reading the generated xDS (`getXds()`, the `translate -o json` shape): proxies, listeners, and every route
// with its match, its action and the object it came from.
import { sourceFromMetadata, sourceFromVirtualHostName, upstreamFromClusterName, type SourceRef } from '../../../../core/common/route/decision';
import type { MetadataJson } from '../../../../core/common/route/envoy-json';
import type { TranslatedProxy } from '../../../../core/common/xds/translate-output';

type Json = Record<string, unknown>;

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
  readonly source?: SourceRef;
}

/** One listener: its port and the route configurations its HTTP connection managers use. */
export interface XdsListenerRow {
  readonly name: string;
  readonly port?: number;
  readonly routeConfigs: readonly string[];
  readonly source?: SourceRef;
}

function obj(v: unknown): Json | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The proxies of a getXds() answer; empty when it has another shape. */
export function proxiesOf(xds: unknown): TranslatedProxy[] {
  const proxies = obj(xds)?.proxies;
  return Array.isArray(proxies) ? (proxies.filter((p) => typeof obj(p)?.node === 'string') as TranslatedProxy[]) : [];
}

/** Human form of an Envoy route match: `prefix /api`, `path = /x`, `regex ^/a`, plus header and query conditions. */
export function describeMatch(match: unknown): string {
  const m = obj(match) ?? {};
  const regex = obj(m.safeRegex)?.regex;
  const parts = [
    m.prefix !== undefined ? `prefix ${String(m.prefix)}` : m.path !== undefined ? `path = ${String(m.path)}` : regex !== undefined ? `regex ${String(regex)}`
      : m.pathSeparatedPrefix !== undefined ? `prefix ${String(m.pathSeparatedPrefix)}/` : 'any path',
  ];
  for (const h of arr(m.headers)) {
    const hm = obj(h) ?? {};
    const sm = obj(hm.stringMatch);
    const value = hm.exactMatch ?? sm?.exact ?? sm?.prefix ?? obj(sm?.safeRegex)?.regex ?? obj(hm.safeRegexMatch)?.regex ?? (hm.presentMatch ? '*' : '');
    parts.push(`${String(hm.name)}${hm.invertMatch ? ' !=' : ':'} ${String(value)}`);
  }
  for (const q of arr(m.queryParameters)) parts.push(`?${String(obj(q)?.name)}`);
  return parts.join(', ');
}

/** The clusters a route forwards to (one, or each weighted cluster). */
export function routeClusters(route: unknown): string[] {
  const action = obj(obj(route)?.route);
  if (!action) return [];
  if (typeof action.cluster === 'string') return [action.cluster];
  return arr(obj(action.weightedClusters)?.clusters).map((c) => String(obj(c)?.name ?? '')).filter(Boolean);
}

/** Human form of a route's action: `→ cluster`, `→ a 80%, b 20%`, `redirect …`, `direct 404`. */
export function describeAction(route: unknown): string {
  const r = obj(route) ?? {};
  const action = obj(r.route);
  if (action) {
    if (typeof action.cluster === 'string') return `→ ${action.cluster}`;
    const weighted = arr(obj(action.weightedClusters)?.clusters).map((c) => `${String(obj(c)?.name)} ${String(obj(c)?.weight ?? '')}`.trim());
    if (weighted.length) return `→ ${weighted.join(', ')}`;
    if (action.clusterHeader) return `→ cluster from header ${String(action.clusterHeader)}`;
    return '→ (no cluster)';
  }
  const redirect = obj(r.redirect);
  if (redirect) return `redirect ${String(redirect.hostRedirect ?? '')}${String(redirect.pathRedirect ?? redirect.prefixRewrite ?? '')}`.trim();
  const direct = obj(r.directResponse);
  if (direct) return `direct ${String(direct.status ?? '')}`;
  return 'no action';
}

/** Every route of a proxy, in route-configuration, virtual-host and route order. */
export function routeRows(proxy: TranslatedProxy): XdsRouteRow[] {
  const rows: XdsRouteRow[] = [];
  for (const rc of proxy.routeConfigurations) {
    const rcName = String(obj(rc)?.name ?? '');
    for (const vh of arr(obj(rc)?.virtualHosts)) {
      const v = obj(vh) ?? {};
      const vhName = String(v.name ?? '');
      const vhSource = sourceFromMetadata(v.metadata as MetadataJson | undefined) ?? sourceFromVirtualHostName(vhName);
      arr(v.routes).forEach((route, index) => {
        const r = obj(route) ?? {};
        const source = sourceFromMetadata(r.metadata as MetadataJson | undefined);
        rows.push({
          routeConfig: rcName, virtualHost: vhName, domains: arr(v.domains).map(String), index,
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
    const json = obj(l) ?? {};
    const port = obj(obj(json.address)?.socketAddress)?.portValue;
    const routeConfigs = new Set<string>();
    for (const chain of arr(json.filterChains)) {
      for (const f of arr(obj(chain)?.filters)) {
        const tc = obj(obj(f)?.typedConfig);
        const rds = obj(tc?.rds)?.routeConfigName;
        if (typeof rds === 'string') routeConfigs.add(rds);
        const inline = obj(tc?.routeConfig)?.name;
        if (typeof inline === 'string') routeConfigs.add(inline);
      }
    }
    const source = sourceFromMetadata(json.metadata as MetadataJson | undefined);
    return { name: String(json.name ?? ''), ...(typeof port === 'number' ? { port } : {}), routeConfigs: [...routeConfigs], ...(source ? { source } : {}) };
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
