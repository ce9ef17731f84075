// Topology (`#/topology`): how traffic flows from listeners through VirtualServices, routes and RouteTables to
// Upstreams, laid out in layers so no edge hides behind a box. Large graphs start folded by namespace and
// VirtualService; search focuses a node and lights its paths; "only problems" and the tested request's path
// narrow the picture.
import { Background, Controls, ReactFlow, ReactFlowProvider, useReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Banner, Empty } from '../../components/Banner';
import { KIND_NAMES, type KindName } from '../../../../core/common/model/kinds';
import { editorHash } from '../../router/routes';
import { navigate } from '../../router/use-route';
import { useFileErrors, useLiveState, useQuery } from '../../state/store-context';
import { useUi } from '../../state/ui-state';
import { proxiesOf } from '../xds/xds-model';
import { declaredRefs, type DeclaredRef } from './declared-refs';
import { requestPath } from './request-path';
import { defaultFolding, foldTopology, onlyProblems, pathsThrough, toggleGroup, unfoldFor, type Folding, type ShownGraph } from './topology-fold';
import { layoutTopology } from './topology-layout';
import { buildTopology, isProblem, objectsWithoutXds, TOPOLOGY_COLUMNS, topologyId, type Topology, type TopologyNode } from './topology-model';
import { boxLabel, STATE_SYMBOL, TopologyArrow, TopologyBox, type ArrowData, type BoxData } from './TopologyNodes';

const MAX_DECLARED_LOOKUPS = 50;
/** Above this many nodes, opening every group at once is not offered: the layout would take too long to be usable. */
export const MAX_OPEN_ALL = 3000;
const NODE_TYPES = { box: TopologyBox };
const EDGE_TYPES = { arrow: TopologyArrow };

/** The topology view. */
export function TopologyView(): ReactNode {
  return <ReactFlowProvider><TopologyCanvas /></ReactFlowProvider>;
}

function useTopology(): { graph: Topology; loading: boolean; error?: string; ready: boolean } {
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
  const fileErrors = useFileErrors();
  const graph = useMemo(() => buildTopology(resources, proxiesOf(xds.data), declared.data, new Set(fileErrors.keys())), [resources, xds.data, declared.data, fileErrors]);
  return { graph, loading: xds.loading, error: xds.error, ready: xds.data !== undefined };
}

function TopologyCanvas(): ReactNode {
  const { graph, loading, error, ready } = useTopology();
  const flow = useReactFlow();
  const lastRoute = useUi((s) => s.lastRoute);
  const [problemsOnly, setProblemsOnly] = useState(false);
  const [showRequest, setShowRequest] = useState(true);
  const [query, setQuery] = useState('');
  const [focus, setFocus] = useState<{ id: string; index: number } | undefined>();
  const [folding, setFolding] = useState<Folding | undefined>();
  const filtered = useMemo(() => (problemsOnly ? onlyProblems(graph) : graph), [graph, problemsOnly]);
  const baseFolding = folding ?? defaultFolding(filtered, problemsOnly);
  const requestIds = useMemo(() => (showRequest ? requestPath(graph, lastRoute?.decision) : new Set<string>()), [graph, lastRoute, showRequest]);
  const effectiveFolding = useMemo(() => unfoldAll(baseFolding, filtered, requestIds), [baseFolding, filtered, requestIds]);
  const shown = useMemo(() => foldTopology(filtered, effectiveFolding), [filtered, effectiveFolding]);
  const layout = useMemo(() => layoutTopology(shown), [shown]);
  const marks = useMemo(() => markPaths(shown, focus?.id, requestIds), [shown, focus, requestIds]);
  const matches = useMemo(() => findNodes(filtered, query), [filtered, query]);
  const problems = useMemo(() => graph.nodes.filter(isProblem).length, [graph]);

  const nodes = useMemo<Node<BoxData>[]>(() => shown.nodes.map((n) => {
    const p = layout.nodes.get(n.id);
    const mark = marks.nodes.get(n.id);
    return {
      id: n.id, type: 'box', position: { x: p?.x ?? 0, y: p?.y ?? 0 }, width: p?.width, height: p?.height,
      data: { node: n, ...(mark ? { mark } : {}) }, connectable: false, draggable: false, ariaLabel: boxLabel(n),
    };
  }), [shown, layout, marks]);
  const edges = useMemo<Edge<ArrowData>[]>(() => shown.edges.map((e) => {
    const mark = marks.edges.get(e.id);
    const label = e.share !== undefined ? `${e.share}%` : e.count > 1 ? `×${e.count}` : undefined;
    return { id: e.id, source: e.source, target: e.target, type: 'arrow', data: { points: layout.edges.get(e.id) ?? [], broken: e.broken, ...(label ? { label } : {}), ...(mark ? { mark } : {}) } };
  }), [shown, layout, marks]);

  // Frame the focused node once it is laid out; otherwise frame everything when the shape changes.
  const shapeKey = useMemo(() => shown.nodes.map((n) => n.id).join('|'), [shown]);
  useEffect(() => {
    const t = setTimeout(() => {
      if (focus && layout.nodes.has(focus.id)) void flow.fitView({ nodes: [{ id: focus.id }], maxZoom: 1.1, duration: 200 });
      else void flow.fitView({ maxZoom: 1.2 });
    }, 30);
    return () => clearTimeout(t);
  }, [shapeKey, focus, flow, layout]);

  const search = (e: FormEvent) => {
    e.preventDefault();
    if (matches.length === 0) return;
    const index = focus && matches[focus.index]?.id === focus.id ? (focus.index + 1) % matches.length : 0;
    const node = matches[index];
    setFolding(unfoldFor(baseFolding, node));
    setFocus({ id: node.id, index });
  };

  const click = (id: string) => {
    const n = shown.nodes.find((x) => x.id === id);
    if (!n) return;
    if (n.kind === 'Namespace' || n.folded !== undefined || isOpenOwner(effectiveFolding, n, graph)) setFolding(toggleGroup(effectiveFolding, filtered, id));
    else setFocus(focus?.id === id ? undefined : { id, index: -1 });
  };
  const open = (id: string) => {
    const ref = graph.nodes.find((n) => n.id === id)?.ref;
    const node = graph.nodes.find((n) => n.id === id);
    if (ref && (KIND_NAMES as readonly string[]).includes(ref.kind) && node?.state !== 'missing') {
      navigate(editorHash({ kind: ref.kind as KindName, namespace: ref.namespace, name: ref.name }));
    }
  };

  return (
    <div className="view view-topology">
      <div className="toolbar" role="toolbar" aria-label="Topology">
        <form className="topo-search" role="search" onSubmit={search}>
          <input type="search" className="search" placeholder="Find a node by name…" aria-label="Find a node by name" value={query}
            onChange={(e) => { setQuery(e.target.value); setFocus(undefined); }} data-testid="topology-search" />
          <button type="submit" disabled={matches.length === 0}>{focus && focus.index >= 0 && matches.length > 1 ? 'Next' : 'Find'}</button>
          {query && <span className="muted" aria-live="polite" data-testid="topology-matches">{matches.length} match{matches.length === 1 ? '' : 'es'}</span>}
        </form>
        <label className="toggle"><input type="checkbox" checked={problemsOnly} onChange={(e) => { setProblemsOnly(e.target.checked); setFolding(undefined); }} data-testid="problems-only" /> Only problems ({problems})</label>
        <button type="button" onClick={() => setFolding(folding && Object.keys(folding).length === 0 ? { openNamespaces: new Set(), openOwners: new Set() } : {})} data-testid="fold-all"
          disabled={Object.keys(baseFolding).length > 0 && filtered.nodes.length > MAX_OPEN_ALL}
          title={filtered.nodes.length > MAX_OPEN_ALL ? `${filtered.nodes.length} boxes are too many to draw at once: open a namespace, search, or show only problems` : undefined}>
          {Object.keys(baseFolding).length === 0 ? 'Fold groups' : 'Open every group'}
        </button>
        {lastRoute && (
          <label className="toggle" title="From the route tester"><input type="checkbox" checked={showRequest} onChange={(e) => setShowRequest(e.target.checked)} data-testid="show-request" /> Path of {lastRoute.label}</label>
        )}
        <span className="spacer" />
        <span className="muted">{TOPOLOGY_COLUMNS.join(' → ')} · {shown.nodes.length} of {graph.nodes.length} shown</span>
        <Legend />
      </div>
      {error && <Banner tone="error">{error}</Banner>}
      {ready && !graph.nodes.some((n) => n.kind === 'VirtualService') && <Empty>{NOTHING_ROUTED}</Empty>}
      {graph.nodes.length === 0 || !ready ? (loading ? <Empty>Loading…</Empty> : null) : (
        <div className="flow" data-testid="topology" data-shown={shown.nodes.length}>
          <ReactFlow nodes={nodes} edges={edges} nodeTypes={NODE_TYPES} edgeTypes={EDGE_TYPES} minZoom={0.05} maxZoom={2} nodesConnectable={false} nodesDraggable={false}
            onlyRenderVisibleElements onNodeClick={(_e, n) => click(n.id)} onNodeDoubleClick={(_e, n) => open(n.id)} proOptions={{ hideAttribution: true }}>
            <Background gap={24} size={1} />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
      )}
      <p className="topo-help muted">Click a folded box to open it, click a node to light its paths, double-click to edit it.</p>
    </div>
  );
}

const NOTHING_ROUTED = <>No VirtualService yet: the graph shows Gateways, VirtualServices, their routes, RouteTables and Upstreams. Start with <a href="#/new/VirtualService">+ VirtualService</a> (it brings an Upstream along).</>;

function Legend(): ReactNode {
  return (
    <span className="legend" aria-label="Legend">
      {(['Rejected', 'Warning', 'missing', 'FileError'] as const).map((s) => (
        <span key={s} className={`legend-item state-${s.toLowerCase()}`}><span className="legend-symbol" aria-hidden="true">{STATE_SYMBOL[s].symbol}</span>{STATE_SYMBOL[s].word}</span>
      ))}
      <span className="legend-item"><span className="legend-line legend-broken" aria-hidden="true" />broken reference</span>
    </span>
  );
}

/** Nodes whose name or id holds the text, problems first. */
function findNodes(graph: Topology, text: string): TopologyNode[] {
  const q = text.trim().toLowerCase();
  if (!q) return [];
  const found = graph.nodes.filter((n) => n.label.toLowerCase().includes(q) || n.id.toLowerCase().includes(q));
  return found.sort((a, b) => Number(isProblem(b)) - Number(isProblem(a)) || a.column - b.column || (a.label < b.label ? -1 : 1));
}

/** Opens the groups that hold the request's path. */
function unfoldAll(folding: Folding, graph: Topology, ids: ReadonlySet<string>): Folding {
  let f = folding;
  for (const id of ids) f = unfoldFor(f, graph.nodes.find((n) => n.id === id));
  return f;
}

function isOpenOwner(folding: Folding, n: TopologyNode, graph: Topology): boolean {
  return n.kind === 'VirtualService' && (!folding.openOwners || folding.openOwners.has(n.id)) && graph.nodes.some((x) => x.owner === n.id);
}

/** Marks: the focused node and its paths, or the request's path; everything else dimmed when one is shown. */
function markPaths(shown: ShownGraph, focus: string | undefined, request: ReadonlySet<string>): { nodes: Map<string, 'hit' | 'path' | 'dim'>; edges: Map<string, 'path' | 'dim'> } {
  const nodes = new Map<string, 'hit' | 'path' | 'dim'>();
  const edges = new Map<string, 'path' | 'dim'>();
  const lit = focus && shown.nodes.some((n) => n.id === focus) ? pathsThrough(shown, focus) : undefined;
  const onPath = new Set([...(lit?.nodes ?? []), ...request]);
  if (onPath.size === 0) return { nodes, edges };
  for (const n of shown.nodes) nodes.set(n.id, n.id === focus ? 'hit' : onPath.has(n.id) ? 'path' : 'dim');
  for (const e of shown.edges) {
    const inRequest = request.has(e.source) && request.has(e.target);
    edges.set(e.id, lit?.edges.has(e.id) || inRequest ? 'path' : 'dim');
  }
  return { nodes, edges };
}

