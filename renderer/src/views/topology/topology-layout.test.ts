import { describe, expect, it } from 'vitest';
import type { ShownGraph } from './topology-fold';
import { layoutTopology, type Layout, type Placed } from './topology-layout';

/** The demo config's shape: a canary route, a weighted route and a delegated route table. */
const demo: ShownGraph = {
  nodes: [
    { id: 'L', column: 0, kind: 'Listener', label: ':8080' },
    { id: 'VS', column: 1, kind: 'VirtualService', label: 'petstore' },
    ...['canary', 'pets', 'users', 'docs', 'health'].map((r) => ({ id: `R/${r}`, column: 2, kind: 'Route', label: r })),
    { id: 'RT', column: 3, kind: 'RouteTable', label: 'users-routes' },
    ...['v1', 'v2', 'users'].map((u) => ({ id: `U/${u}`, column: 4, kind: 'Upstream', label: u })),
  ],
  edges: [
    ['L', 'VS'], ['VS', 'R/canary'], ['VS', 'R/pets'], ['VS', 'R/users'], ['VS', 'R/docs'], ['VS', 'R/health'],
    ['R/canary', 'U/v2'], ['R/pets', 'U/v1'], ['R/pets', 'U/v2'], ['R/users', 'RT'], ['RT', 'U/users'],
  ].map(([source, target]) => ({ id: `${source}->${target}`, source, target, broken: false, count: 1 })),
};

function crosses(a: { x: number; y: number }, b: { x: number; y: number }, box: Placed): boolean {
  // Samples the segment; a point strictly inside the box (1 px inset) is a crossing.
  for (let i = 1; i < 50; i++) {
    const x = a.x + ((b.x - a.x) * i) / 50;
    const y = a.y + ((b.y - a.y) * i) / 50;
    if (x > box.x + 1 && x < box.x + box.width - 1 && y > box.y + 1 && y < box.y + box.height - 1) return true;
  }
  return false;
}

function edgesBehindBoxes(graph: ShownGraph, l: Layout): string[] {
  const bad: string[] = [];
  for (const e of graph.edges) {
    const points = l.edges.get(e.id) ?? [];
    for (const [id, box] of l.nodes) {
      if (id === e.source || id === e.target) continue;
      for (let i = 1; i < points.length; i++) if (crosses(points[i - 1], points[i], box)) bad.push(`${e.id} behind ${id}`);
    }
  }
  return bad;
}

describe('topology layout', () => {
  it('runs layers left to right in the order of the flow', () => {
    const l = layoutTopology(demo);
    const x = (id: string) => l.nodes.get(id)!.x;
    expect(x('L')).toBeLessThan(x('VS'));
    expect(x('VS')).toBeLessThan(x('R/pets'));
    expect(x('R/users')).toBeLessThan(x('RT'));
    expect(x('RT')).toBeLessThan(x('U/users'));
  });

  it('never draws an edge behind a box it does not connect', () => {
    const l = layoutTopology(demo);
    expect(edgesBehindBoxes(demo, l)).toEqual([]);
    expect([...l.edges.keys()].sort()).toEqual(demo.edges.map((e) => e.id).sort());
  });

  it('keeps boxes apart', () => {
    const l = layoutTopology(demo);
    const boxes = [...l.nodes.values()];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        expect(overlap).toBe(false);
      }
    }
  });
});
