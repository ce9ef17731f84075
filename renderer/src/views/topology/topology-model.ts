// The topology graph: Gateway/listener → VirtualService → route → RouteTable → Upstream, from the object list
// (states) and the generated xDS (which object each route came from and where it forwards).
import type { ObjectState, ResourceView } from '../../../../core/common/api/contract';
import type { TranslatedProxy } from '../../../../core/common/xds/translate-output';
import { listenerRows, routeRows, upstreamOfCluster } from '../xds/xds-model';
import type { DeclaredRef } from './declared-refs';

/** Graph columns, left to right. */
export const TOPOLOGY_COLUMNS = ['Gateways', 'VirtualServices', 'Routes', 'RouteTables', 'Upstreams'] as const;

/** One box of the graph. `state` is the object's state, or `missing` for a referenced object that does not exist. */
export interface TopologyNode {
  readonly id: string;
  readonly column: number;
  readonly row: number;
  readonly kind: string;
  readonly label: string;
  readonly detail?: string;
  readonly state?: ObjectState | 'missing';
  readonly ref?: { readonly kind: string; readonly namespace: string; readonly name: string };
}

/** One arrow; `broken` when it points at a missing or rejected object. */
export interface TopologyEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly broken: boolean;
}

/** The whole graph. */
export interface Topology {
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
}

const COLUMN_OF: Readonly<Record<string, number>> = { Gateway: 0, VirtualService: 1, RouteTable: 3, Upstream: 4 };

const objectId = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;

/**
 * Builds the graph; objects of the four kinds appear even when no xDS refers to them (rejected ones, typically).
 * `declared` gives, by object id (`Kind/ns/name`), what objects without xDS say they route to.
 */
export function buildTopology(resources: readonly ResourceView[], proxies: readonly TranslatedProxy[], declared: ReadonlyMap<string, readonly DeclaredRef[]> = new Map()): Topology {
  const nodes = new Map<string, Omit<TopologyNode, 'row'>>();
  const edges = new Map<string, TopologyEdge>();
  const stateOf = new Map(resources.map((r) => [objectId(r.kind, r.namespace, r.name), r.state] as const));

  const objectNode = (kind: string, namespace: string, name: string): string => {
    const id = objectId(kind, namespace, name);
    if (!nodes.has(id)) {
      nodes.set(id, { id, column: COLUMN_OF[kind] ?? 2, kind, label: name, detail: namespace, state: stateOf.get(id) ?? 'missing', ref: { kind, namespace, name } });
    }
    return id;
  };
  const edge = (source: string, target: string) => {
    const id = `${source}->${target}`;
    const s = nodes.get(target)?.state;
    if (!edges.has(id)) edges.set(id, { id, source, target, broken: s === 'missing' || s === 'Rejected' });
  };

  for (const r of resources) if (r.kind in COLUMN_OF) objectNode(r.kind, r.namespace, r.name);
  for (const proxy of proxies) {
    const routes = routeRows(proxy);
    for (const l of listenerRows(proxy)) {
      const listenerId = l.source ? objectNode(l.source.kind, l.source.namespace, l.source.name)
        : addListener(nodes, `listener/${proxy.node}/${l.name}`, l.port !== undefined ? `:${l.port}` : l.name, proxy.node);
      for (const r of routes) {
        if (!l.routeConfigs.includes(r.routeConfig) || !r.virtualHostSource) continue;
        edge(listenerId, objectNode(r.virtualHostSource.kind, r.virtualHostSource.namespace, r.virtualHostSource.name));
      }
    }
    for (const r of routes) {
      const routeId = `route/${proxy.node}/${r.routeConfig}/${r.virtualHost}/${r.index}`;
      nodes.set(routeId, { id: routeId, column: 2, kind: 'Route', label: r.match, detail: r.action });
      if (r.virtualHostSource) edge(objectNode(r.virtualHostSource.kind, r.virtualHostSource.namespace, r.virtualHostSource.name), routeId);
      let from = routeId;
      if (r.source?.kind === 'RouteTable') {
        from = objectNode('RouteTable', r.source.namespace, r.source.name);
        edge(routeId, from);
      }
      for (const c of r.clusters) {
        const u = upstreamOfCluster(c);
        if (u) edge(from, objectNode('Upstream', u.namespace, u.name));
      }
    }
  }
  for (const [id, refs] of declared) {
    if (!nodes.has(id)) continue;
    for (const r of refs) edge(id, objectNode(r.kind, r.namespace, r.name));
  }
  return { nodes: placeInRows([...nodes.values()]), edges: [...edges.values()] };
}

/** Ids (`Kind/ns/name`) of the VirtualServices and RouteTables not Accepted: their routes are not in the xDS. */
export function objectsWithoutXds(resources: readonly ResourceView[]): ResourceView[] {
  return resources.filter((r) => (r.kind === 'VirtualService' || r.kind === 'RouteTable') && (r.state === 'Rejected' || r.state === 'Pending'));
}

/** The id of an object node. */
export function topologyId(r: { kind: string; namespace: string; name: string }): string {
  return objectId(r.kind, r.namespace, r.name);
}

function addListener(nodes: Map<string, Omit<TopologyNode, 'row'>>, id: string, label: string, proxy: string): string {
  if (!nodes.has(id)) nodes.set(id, { id, column: 0, kind: 'Listener', label, detail: proxy });
  return id;
}

function placeInRows(nodes: Omit<TopologyNode, 'row'>[]): TopologyNode[] {
  const rows = new Map<number, number>();
  return nodes.map((n) => {
    const row = rows.get(n.column) ?? 0;
    rows.set(n.column, row + 1);
    return { ...n, row };
  });
}
