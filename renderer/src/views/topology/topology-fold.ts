// What of the topology is on screen: namespaces folded into one box each and routes folded into their
// VirtualService when the graph is large, "only problems" (Rejected, Warning, missing and their neighbours),
// edges merged between folded boxes, and the paths through a focused node.
import { isProblem, type Topology, type TopologyEdge, type TopologyNode } from './topology-model';

/** Above this many nodes, namespaces and VirtualServices start folded. */
export const FOLD_THRESHOLD = 50;

/** Which groups are open; a missing set means every group of that level is open. */
export interface Folding {
  readonly openNamespaces?: ReadonlySet<string>;
  readonly openOwners?: ReadonlySet<string>;
}

/** A box on screen: a node, or a folded namespace (`kind: 'Namespace'`) with what it holds. */
export interface ShownNode extends TopologyNode {
  /** Objects inside a folded namespace, or routes inside a folded VirtualService. */
  readonly folded?: number;
  /** Problems inside a folded box. */
  readonly foldedProblems?: number;
}

/** An arrow on screen; `count` edges of the full graph merged into it. */
export interface ShownEdge extends TopologyEdge {
  readonly count: number;
}

/** The graph as drawn. */
export interface ShownGraph {
  readonly nodes: readonly ShownNode[];
  readonly edges: readonly ShownEdge[];
}

/** The id of a folded namespace's box. */
export const namespaceBoxId = (namespace: string) => `namespace/${namespace}`;

/**
 * Everything open for small graphs; above FOLD_THRESHOLD nodes, namespaces and VirtualServices folded. A graph
 * of only problems keeps its namespaces open (so every problem has its own box) and folds only routes.
 */
export function defaultFolding(graph: Topology, problemsOnly = false): Folding {
  if (graph.nodes.length <= FOLD_THRESHOLD) return {};
  return problemsOnly ? { openOwners: new Set() } : { openNamespaces: new Set(), openOwners: new Set() };
}

/** Folding with the groups that hold `id` opened (so a found node is on screen). */
export function unfoldFor(folding: Folding, node: TopologyNode | undefined): Folding {
  if (!node) return folding;
  const ns = node.namespace;
  const owner = node.owner;
  return {
    ...(folding.openNamespaces ? { openNamespaces: ns ? new Set([...folding.openNamespaces, ns]) : folding.openNamespaces } : {}),
    ...(folding.openOwners ? { openOwners: owner ? new Set([...folding.openOwners, owner]) : folding.openOwners } : {}),
  };
}

/** Opens or closes one group box (a namespace box or a VirtualService's routes). */
export function toggleGroup(folding: Folding, graph: Topology, id: string): Folding {
  const flip = (set: ReadonlySet<string> | undefined, key: string, all: () => string[]) => {
    const open = new Set(set ?? all());
    if (open.has(key)) open.delete(key);
    else open.add(key);
    return open;
  };
  if (id.startsWith('namespace/')) {
    return { ...folding, openNamespaces: flip(folding.openNamespaces, id.slice('namespace/'.length), () => namespacesOf(graph)) };
  }
  return { ...folding, openOwners: flip(folding.openOwners, id, () => ownersOf(graph)) };
}

/** Only the problem nodes and their direct neighbours. */
export function onlyProblems(graph: Topology): Topology {
  const keep = new Set(graph.nodes.filter(isProblem).map((n) => n.id));
  const problems = new Set(keep);
  for (const e of graph.edges) {
    if (problems.has(e.source)) keep.add(e.target);
    if (problems.has(e.target)) keep.add(e.source);
  }
  return { nodes: graph.nodes.filter((n) => keep.has(n.id)), edges: graph.edges.filter((e) => keep.has(e.source) && keep.has(e.target)) };
}

/** The boxes and arrows to draw for a folding. */
export function foldTopology(graph: Topology, folding: Folding): ShownGraph {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const nsOpen = (ns: string | undefined) => ns === undefined || !folding.openNamespaces || folding.openNamespaces.has(ns);
  const ownerOpen = (owner: string | undefined) => owner === undefined || !folding.openOwners || folding.openOwners.has(owner);
  const boxOf = (n: TopologyNode): string => {
    if (!nsOpen(n.namespace)) return namespaceBoxId(n.namespace!);
    if (n.owner && !ownerOpen(n.owner)) return n.owner;
    return n.id;
  };
  // What each folded box holds: namespace boxes by id, and the routes hidden in each folded VirtualService.
  const inside = new Map<string, { count: number; problems: number; namespace: string }>();
  const nodes: ShownNode[] = [];
  for (const n of graph.nodes) {
    const box = boxOf(n);
    if (box === n.id) {
      nodes.push(n);
      continue;
    }
    const entry = inside.get(box) ?? { count: 0, problems: 0, namespace: n.namespace ?? '' };
    entry.count++;
    if (isProblem(n)) entry.problems++;
    inside.set(box, entry);
  }
  const shown: ShownNode[] = nodes.map((n) => {
    const hidden = inside.get(n.id);
    return hidden ? { ...n, folded: hidden.count, foldedProblems: hidden.problems } : n;
  });
  for (const [id, f] of inside) {
    if (!id.startsWith('namespace/')) continue;
    shown.push({ id, column: 1, kind: 'Namespace', label: f.namespace, detail: `${f.count} objects`, folded: f.count, foldedProblems: f.problems, namespace: f.namespace });
  }
  const edges = new Map<string, ShownEdge>();
  for (const e of graph.edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s || !t) continue;
    const source = boxOf(s);
    const target = boxOf(t);
    if (source === target) continue;
    const id = source === e.source && target === e.target ? e.id : `${source}->${target}`;
    const prev = edges.get(id);
    if (prev) edges.set(id, { ...prev, count: prev.count + 1, broken: prev.broken || e.broken, share: undefined });
    else edges.set(id, { ...e, id, source, target, count: 1 });
  }
  return { nodes: shown, edges: [...edges.values()] };
}

/** Ids of the nodes and edges on any path through `id`: everything upstream of it and everything downstream. */
export function pathsThrough(graph: ShownGraph, id: string): { nodes: Set<string>; edges: Set<string> } {
  const out = new Map<string, ShownEdge[]>();
  const into = new Map<string, ShownEdge[]>();
  for (const e of graph.edges) {
    (out.get(e.source) ?? out.set(e.source, []).get(e.source)!).push(e);
    (into.get(e.target) ?? into.set(e.target, []).get(e.target)!).push(e);
  }
  const nodes = new Set([id]);
  const edges = new Set<string>();
  const walk = (links: Map<string, ShownEdge[]>, forward: boolean) => {
    const queue = [id];
    const seen = new Set([id]);
    while (queue.length) {
      for (const e of links.get(queue.pop()!) ?? []) {
        edges.add(e.id);
        const next = forward ? e.target : e.source;
        nodes.add(next);
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
  };
  walk(out, true);
  walk(into, false);
  return { nodes, edges };
}

function namespacesOf(graph: Topology): string[] {
  return [...new Set(graph.nodes.flatMap((n) => (n.namespace ? [n.namespace] : [])))];
}

function ownersOf(graph: Topology): string[] {
  return [...new Set(graph.nodes.flatMap((n) => (n.owner ? [n.owner] : [])))];
}
