import { describe, expect, it } from 'vitest';
import { defaultFolding, FOLD_THRESHOLD, foldTopology, namespaceBoxId, onlyProblems, pathsThrough, toggleGroup, unfoldFor } from './topology-fold';
import type { Topology, TopologyNode } from './topology-model';

/** `count` VirtualServices in namespaces ns-0..ns-4, each with one route to a shared upstream; vs-7 is Rejected. */
function bigGraph(count: number): Topology {
  const nodes: TopologyNode[] = [{ id: 'L', column: 0, kind: 'Listener', label: ':8080' }];
  const edges: Topology['edges'][number][] = [];
  const edge = (source: string, target: string) => edges.push({ id: `${source}->${target}`, source, target, broken: false });
  nodes.push({ id: 'Upstream/shared/api', column: 4, kind: 'Upstream', label: 'api', namespace: 'shared', state: 'Accepted' });
  for (let i = 0; i < count; i++) {
    const ns = `ns-${i % 5}`;
    const vs = `VirtualService/${ns}/vs-${i}`;
    nodes.push({ id: vs, column: 1, kind: 'VirtualService', label: `vs-${i}`, namespace: ns, state: i === 7 ? 'Rejected' : 'Accepted' });
    nodes.push({ id: `route/${i}`, column: 2, kind: 'Route', label: '/', namespace: ns, owner: vs });
    edge('L', vs);
    edge(vs, `route/${i}`);
    edge(`route/${i}`, 'Upstream/shared/api');
  }
  return { nodes, edges };
}

describe('topology folding', () => {
  it('leaves small graphs open and folds large ones', () => {
    expect(defaultFolding(bigGraph(5))).toEqual({});
    expect(foldTopology(bigGraph(5), {}).nodes.length).toBe(12);
    const big = bigGraph(500);
    expect(big.nodes.length).toBeGreaterThan(FOLD_THRESHOLD);
    const shown = foldTopology(big, defaultFolding(big));
    expect(shown.nodes.map((n) => n.id).sort()).toEqual(['L', ...[0, 1, 2, 3, 4].map((i) => namespaceBoxId(`ns-${i}`)), namespaceBoxId('shared')].sort());
    const ns2 = shown.nodes.find((n) => n.id === namespaceBoxId('ns-2'))!;
    expect(ns2).toMatchObject({ kind: 'Namespace', folded: 200, foldedProblems: 1 });
    expect(shown.edges.find((e) => e.id === `L->${namespaceBoxId('ns-2')}`)?.count).toBe(100);
  });

  it('opens a namespace with its VirtualServices folded over their routes', () => {
    const big = bigGraph(500);
    const folding = toggleGroup(defaultFolding(big), big, namespaceBoxId('ns-2'));
    const shown = foldTopology(big, folding);
    const vs = shown.nodes.find((n) => n.id === 'VirtualService/ns-2/vs-7')!;
    expect(vs).toMatchObject({ state: 'Rejected', folded: 1 });
    expect(shown.nodes.some((n) => n.kind === 'Route')).toBe(false);
    expect(shown.edges.some((e) => e.source === 'VirtualService/ns-2/vs-7' && e.target === namespaceBoxId('shared'))).toBe(true);
  });

  it('unfolds the groups of a found node', () => {
    const big = bigGraph(500);
    const route = big.nodes.find((n) => n.id === 'route/7')!;
    const shown = foldTopology(big, unfoldFor(defaultFolding(big), route));
    expect(shown.nodes.some((n) => n.id === 'route/7')).toBe(true);
    expect(shown.nodes.some((n) => n.id === 'route/8')).toBe(false);
  });

  it('shows only problems and their neighbours, each problem in its own box however many there are', () => {
    const g = onlyProblems(bigGraph(500));
    expect(g.nodes.map((n) => n.id).sort()).toEqual(['L', 'VirtualService/ns-2/vs-7', 'route/7']);
    const many: Topology = { nodes: Array.from({ length: 80 }, (_, i) => ({ id: `VirtualService/ns-${i % 4}/bad-${i}`, column: 1, kind: 'VirtualService', label: `bad-${i}`, namespace: `ns-${i % 4}`, state: 'Rejected' as const })), edges: [] };
    const shown = foldTopology(many, defaultFolding(onlyProblems(many), true));
    expect(shown.nodes.filter((n) => n.state === 'Rejected').length).toBe(80);
  });

  it('finds every path through a node, upstream and downstream', () => {
    const shown = foldTopology(bigGraph(3), {});
    const p = pathsThrough(shown, 'route/1');
    expect([...p.nodes].sort()).toEqual(['L', 'Upstream/shared/api', 'VirtualService/ns-1/vs-1', 'route/1']);
    expect(p.edges.size).toBe(3);
  });
});
