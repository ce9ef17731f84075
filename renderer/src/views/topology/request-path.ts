// The path a tested request takes through the topology: the listener, the VirtualService, the matched route,
// the RouteTable it came from and the Upstreams it forwards to.
import type { RouteDecision } from '../../../../core/common/route/decision';
import { routeNodeId, topologyId, type Topology } from './topology-model';

/** Ids of the nodes the request passes through (empty when it matched no route). */
export function requestPath(graph: Topology, decision: RouteDecision | undefined): Set<string> {
  const ids = new Set<string>();
  if (!decision?.matched) return ids;
  const vs = decision.virtualHost.source ? topologyId(decision.virtualHost.source) : undefined;
  if (vs) {
    ids.add(vs);
    const listeners = new Set(graph.nodes.filter((n) => n.column === 0).map((n) => n.id));
    for (const e of graph.edges) if (e.target === vs && listeners.has(e.source)) ids.add(e.source);
  }
  if (decision.routeConfig !== undefined) ids.add(routeNodeId(decision.proxy, decision.routeConfig, decision.virtualHost.name, decision.route.index));
  if (decision.route.source?.kind === 'RouteTable') ids.add(topologyId(decision.route.source));
  for (const d of decision.action.destinations ?? []) if (d.upstream) ids.add(topologyId({ kind: 'Upstream', ...d.upstream }));
  const known = new Set(graph.nodes.map((n) => n.id));
  return new Set([...ids].filter((id) => known.has(id)));
}
