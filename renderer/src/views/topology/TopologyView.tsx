// Topology (`#/topology`): how traffic flows from listeners through VirtualServices, routes and RouteTables
// to Upstreams; rejected objects and missing references are marked.
import { Background, Controls, ReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo, type ReactNode } from 'react';
import { Banner, Empty } from '../../components/Banner';
import { KIND_NAMES, type KindName } from '../../../../core/common/model/kinds';
import { editorHash } from '../../router/routes';
import { navigate } from '../../router/use-route';
import { useLiveState, useQuery } from '../../state/store-context';
import { proxiesOf } from '../xds/xds-model';
import { declaredRefs, type DeclaredRef } from './declared-refs';
import { buildTopology, objectsWithoutXds, TOPOLOGY_COLUMNS, topologyId, type TopologyNode } from './topology-model';

const MAX_DECLARED_LOOKUPS = 50;

const COLUMN_WIDTH = 270;
const ROW_HEIGHT = 64;

function NodeLabel(props: { node: TopologyNode }): ReactNode {
  const n = props.node;
  return (
    <div className="topo-label" title={n.detail}>
      <span className="topo-kind">{n.kind}</span>
      <span className="topo-name">{n.label}</span>
      {n.state && n.state !== 'Accepted' && <span className={`topo-state state-${n.state.toLowerCase()}`}>{n.state}</span>}
    </div>
  );
}

function toFlowNode(n: TopologyNode): Node {
  return {
    id: n.id,
    position: { x: n.column * COLUMN_WIDTH, y: n.row * ROW_HEIGHT },
    data: { label: <NodeLabel node={n} /> },
    className: `topo-node topo-${n.kind.toLowerCase()} ${n.state ? `state-${n.state.toLowerCase()}` : ''}`,
    connectable: false,
    ...(n.column === 0 ? { type: 'input' } : n.column === 4 ? { type: 'output' } : {}),
    sourcePosition: 'right' as Node['sourcePosition'],
    targetPosition: 'left' as Node['targetPosition'],
  };
}

/** The topology view. */
export function TopologyView(): ReactNode {
  const resources = useLiveState((s) => s.resources);
  const lastPassId = useLiveState((s) => s.lastPassId);
  const xds = useQuery((c) => c.getXds(), [lastPassId]);
  const declared = useQuery(async (c) => {
    const out = new Map<string, readonly DeclaredRef[]>();
    for (const r of objectsWithoutXds(resources).slice(0, MAX_DECLARED_LOOKUPS)) {
      const detail = await c.getResource(r).catch(() => undefined);
      if (detail) out.set(topologyId(r), declaredRefs(detail.yaml));
    }
    return out;
  }, [resources]);
  const graph = useMemo(() => buildTopology(resources, proxiesOf(xds.data), declared.data), [resources, xds.data, declared.data]);
  const nodes = useMemo(() => graph.nodes.map(toFlowNode), [graph]);
  const edges = useMemo<Edge[]>(() => graph.edges.map((e) => ({
    id: e.id, source: e.source, target: e.target, type: 'smoothstep', className: e.broken ? 'edge-broken' : '',
  })), [graph]);
  // A new shape of graph remounts the canvas so fitView frames every node.
  const graphKey = useMemo(() => graph.nodes.map((n) => n.id).join('|'), [graph]);
  const byId = useMemo(() => new Map(graph.nodes.map((n) => [n.id, n])), [graph]);

  const open = (id: string) => {
    const ref = byId.get(id)?.ref;
    if (ref && (KIND_NAMES as readonly string[]).includes(ref.kind) && byId.get(id)?.state !== 'missing') {
      navigate(editorHash({ kind: ref.kind as KindName, namespace: ref.namespace, name: ref.name }));
    }
  };

  return (
    <div className="view view-topology">
      <div className="toolbar">
        <span className="muted">{TOPOLOGY_COLUMNS.join(' → ')}</span>
        <span className="spacer" />
        <span className="legend"><i className="sw sw-rejected" /> rejected <i className="sw sw-warning" /> warning <i className="sw sw-missing" /> missing</span>
      </div>
      {xds.error && <Banner tone="error">{xds.error}</Banner>}
      {graph.nodes.length === 0 || xds.data === undefined ? <Empty>{xds.loading ? 'Loading…' : 'Nothing to draw yet.'}</Empty> : (
        <div className="flow" data-testid="topology">
          <ReactFlow key={graphKey} nodes={nodes} edges={edges} fitView minZoom={0.1} nodesConnectable={false} onlyRenderVisibleElements onNodeClick={(_e, n) => open(n.id)}>
            <Background gap={24} size={1} />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
      )}
    </div>
  );
}
