// Places the shown topology in layers, left to right, with dagre: long edges get bend points through the
// gaps between boxes, so no edge runs behind a box it does not connect.
import { graphlib, layout } from '@dagrejs/dagre';
import type { ShownGraph } from './topology-fold';

/** Size of a box. */
export const NODE_SIZE = { width: 210, height: 58 } as const;
/** Size of a folded namespace box. */
export const GROUP_SIZE = { width: 230, height: 72 } as const;

/** Where one box goes (top-left corner). */
export interface Placed {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A laid-out graph: box positions by id and each edge's polyline by edge id. */
export interface Layout {
  readonly nodes: ReadonlyMap<string, Placed>;
  readonly edges: ReadonlyMap<string, readonly { x: number; y: number }[]>;
  readonly width: number;
  readonly height: number;
}

/** Lays the graph out; boxes of the same layer stack vertically, layers run left to right. */
export function layoutTopology(graph: ShownGraph): Layout {
  const g = new graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 90, edgesep: 12, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of graph.nodes) g.setNode(n.id, { ...(n.kind === 'Namespace' ? GROUP_SIZE : NODE_SIZE) });
  for (const e of graph.edges) if (e.source !== e.target) g.setEdge(e.source, e.target, { minlen: 1 });
  layout(g);
  const nodes = new Map<string, Placed>();
  for (const id of g.nodes()) {
    const n = g.node(id);
    nodes.set(id, { x: (n.x ?? 0) - n.width / 2, y: (n.y ?? 0) - n.height / 2, width: n.width, height: n.height });
  }
  const edges = new Map<string, { x: number; y: number }[]>();
  for (const e of graph.edges) {
    const label = g.edge(e.source, e.target);
    if (label?.points) edges.set(e.id, label.points.map((p: { x: number; y: number }) => ({ x: p.x, y: p.y })));
  }
  const size = g.graph();
  return { nodes, edges, width: size.width ?? 0, height: size.height ?? 0 };
}
