// The topology graph: Gateway/listener → VirtualService → route → RouteTable → Upstream, from the object list
// (states) and the generated xDS (which object each route came from, where it forwards and with what weight).
import type { ObjectState, ResourceView } from '../../../../core/common/api/contract';
import type { TranslatedProxy } from '../../../../core/common/xds/translate-output';
import { listenerRows, routeRows, upstreamOfCluster } from '../xds/xds-model';
import type { DeclaredRef } from './declared-refs';

/** Graph layers, left to right. */
export const TOPOLOGY_COLUMNS = ['Gateways', 'VirtualServices', 'Routes', 'RouteTables', 'Upstreams'] as const;

/** A node's state: the object's state, `missing` for a referenced object that does not exist, `FileError` for one whose file fails to load now. */
export type TopologyState = ObjectState | 'missing' | 'FileError';

/** One box of the graph. */
export interface TopologyNode {
  readonly id: string;
  /** Layer (index into TOPOLOGY_COLUMNS). */
  readonly column: number;
  readonly kind: string;
  readonly label: string;
  readonly detail?: string;
  readonly state?: TopologyState;
  readonly ref?: { readonly kind: string; readonly namespace: string; readonly name: string };
  /** The namespace it is grouped under (none for listeners). */
  readonly namespace?: string;
  /** For a route, the id of the VirtualService or RouteTable node whose routes it is grouped with. */
  readonly owner?: string;
}

/** One arrow; `broken` when it points at a missing or rejected object; `share` is the weighted route's percentage. */
export interface TopologyEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly broken: boolean;
  readonly share?: number;
}

/** The whole graph. */
export interface Topology {
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
}

const COLUMN_OF: Readonly<Record<string, number>> = { Gateway: 0, VirtualService: 1, RouteTable: 3, Upstream: 4 };

const objectId = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;

/** The id of a route node. */
export function routeNodeId(proxy: string, routeConfig: string, virtualHost: string, index: number): string {
  return `route/${proxy}/${routeConfig}/${virtualHost}/${index}`;
}

/**
 * Builds the graph; objects of the four kinds appear even when no xDS refers to them (rejected ones, typically).
 * `declared` gives, by object id (`Kind/ns/name`), what objects without xDS say they route to; objects read from
 * `brokenFiles` (files that fail to load now) are shown as FileError whatever their last state.
 */
export function buildTopology(resources: readonly ResourceView[], proxies: readonly TranslatedProxy[], declared: ReadonlyMap<string, readonly DeclaredRef[]> = new Map(),
  brokenFiles: ReadonlySet<string> = new Set()): Topology {
  const nodes = new Map<string, TopologyNode>();
  const edges = new Map<string, TopologyEdge>();
  const stateOf = new Map(resources.map((r) => [objectId(r.kind, r.namespace, r.name), r.source?.file && !r.generated && brokenFiles.has(r.source.file) ? 'FileError' as const : r.state] as const));

  const objectNode = (kind: string, namespace: string, name: string): string => {
    const id = objectId(kind, namespace, name);
    if (!nodes.has(id)) {
      nodes.set(id, { id, column: COLUMN_OF[kind] ?? 2, kind, label: name, detail: namespace, state: stateOf.get(id) ?? 'missing', ref: { kind, namespace, name }, namespace });
    }
    return id;
  };
  const edge = (source: string, target: string, share?: number) => {
    const id = `${source}->${target}`;
    const s = nodes.get(target)?.state;
    if (!edges.has(id)) edges.set(id, { id, source, target, broken: s === 'missing' || s === 'Rejected', ...(share !== undefined ? { share } : {}) });
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
      const routeId = routeNodeId(proxy.node, r.routeConfig, r.virtualHost, r.index);
      const vs = r.virtualHostSource ? objectNode(r.virtualHostSource.kind, r.virtualHostSource.namespace, r.virtualHostSource.name) : undefined;
      nodes.set(routeId, { id: routeId, column: 2, kind: 'Route', label: r.name ?? r.match, detail: `${r.match} ${r.action}`, ...(vs ? { owner: vs, namespace: nodes.get(vs)?.namespace } : {}) });
      if (vs) edge(vs, routeId);
      let from = routeId;
      if (r.source?.kind === 'RouteTable') {
        from = objectNode('RouteTable', r.source.namespace, r.source.name);
        edge(routeId, from);
      }
      r.clusters.forEach((c, i) => {
        const u = upstreamOfCluster(c);
        if (u) edge(from, objectNode('Upstream', u.namespace, u.name), r.shares?.[i]);
      });
    }
  }
  for (const [id, refs] of declared) {
    if (!nodes.has(id)) continue;
    for (const r of refs) edge(id, objectNode(r.kind, r.namespace, r.name));
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/** Ids (`Kind/ns/name`) of the VirtualServices and RouteTables not Accepted: their routes are not in the xDS. */
export function objectsWithoutXds(resources: readonly ResourceView[]): ResourceView[] {
  return resources.filter((r) => (r.kind === 'VirtualService' || r.kind === 'RouteTable') && (r.state === 'Rejected' || r.state === 'Pending'));
}

/** The id of an object node. */
export function topologyId(r: { kind: string; namespace: string; name: string }): string {
  return objectId(r.kind, r.namespace, r.name);
}

/** Whether a node needs attention: Rejected, Warning or missing. */
export function isProblem(n: Pick<TopologyNode, 'state'>): boolean {
  return n.state === 'Rejected' || n.state === 'Warning' || n.state === 'missing' || n.state === 'FileError';
}

function addListener(nodes: Map<string, TopologyNode>, id: string, label: string, proxy: string): string {
  if (!nodes.has(id)) nodes.set(id, { id, column: 0, kind: 'Listener', label, detail: proxy });
  return id;
}
