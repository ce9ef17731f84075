import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Resource } from '../model/resource';
import { ApiSnapshotBuilder, buildApiSnapshot, type KindLists } from './api-snapshot';

const upstream = (name: string, port: number, rv?: string): Resource<'Upstream'> => ({
  kind: 'Upstream',
  metadata: { name, namespace: name.startsWith('a') ? 'ns-a' : 'ns-b', ...(rv ? { resourceVersion: rv } : {}) },
  spec: { static: { hosts: [{ addr: '127.0.0.1', port }] } },
});
const secret = (name: string): Resource<'Secret'> => ({ kind: 'Secret', metadata: { name, namespace: 'default' }, spec: {} });

const objArb = fc.record({ name: fc.constantFrom('a1', 'a2', 'b1', 'b2', 'b3'), port: fc.integer({ min: 1, max: 3 }), withVersion: fc.boolean() });
const listsArb = fc.record({
  upstreams: fc.uniqueArray(objArb, { selector: (o) => o.name, maxLength: 5 }),
  secrets: fc.uniqueArray(fc.constantFrom('s1', 's2'), { maxLength: 2 }),
  sameArray: fc.boolean(),
});

describe('API snapshot builder', () => {
  it('after any sequence of lists, builds the snapshot buildApiSnapshot builds from the last ones', () => {
    fc.assert(
      fc.property(fc.array(listsArb, { minLength: 1, maxLength: 8 }), (steps) => {
        const builder = new ApiSnapshotBuilder();
        let lists: KindLists = {};
        for (const step of steps) {
          // The same content under a new resourceVersion, the same array again, or new objects: all must agree.
          const next: KindLists = {
            Upstream: step.upstreams.map((o) => upstream(o.name, o.port, o.withVersion ? `v${o.port}` : undefined)), // a store's version changes with the content
            Secret: step.sameArray && lists.Secret ? lists.Secret : step.secrets.map(secret),
          };
          lists = next;
          const built = builder.build(lists);
          const fresh = buildApiSnapshot(lists);
          expect(built.hash).toBe(fresh.hash);
          expect(built.objects).toEqual(fresh.objects);
          expect([...built.objectHashes].sort()).toEqual([...fresh.objectHashes].sort());
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a key given twice in a list, while another key leaves, gives the fresh snapshot: the one that left is gone and the later duplicate counts', () => {
    const steps: (readonly Resource[])[] = [
      [upstream('a1', 1), upstream('b1', 1)],
      [upstream('a1', 1), upstream('a1', 2)],
      [upstream('a1', 1), upstream('c1', 1), upstream('c1', 2)],
      [upstream('a1', 3)],
    ];
    const builder = new ApiSnapshotBuilder();
    for (const list of steps) {
      const built = builder.build({ Upstream: list });
      const fresh = buildApiSnapshot({ Upstream: list });
      expect(built.hash).toBe(fresh.hash);
      expect([...built.objectHashes].sort()).toEqual([...fresh.objectHashes].sort());
    }
    expect(builder.build({ Upstream: steps[1] }).objectHashes.has('Upstream.ns-b.b1')).toBe(false);
  });

  it('with duplicate keys in any sequence of lists, builds the snapshot buildApiSnapshot builds', () => {
    const dupArb = fc.array(fc.record({ name: fc.constantFrom('a1', 'a2', 'b1'), port: fc.integer({ min: 1, max: 3 }) }), { maxLength: 5 });
    fc.assert(
      fc.property(fc.array(dupArb, { minLength: 1, maxLength: 6 }), (steps) => {
        const builder = new ApiSnapshotBuilder();
        for (const step of steps) {
          const lists: KindLists = { Upstream: step.map((o) => upstream(o.name, o.port)) };
          const built = builder.build(lists);
          const fresh = buildApiSnapshot(lists);
          expect(built.hash).toBe(fresh.hash);
          expect([...built.objectHashes].sort()).toEqual([...fresh.objectHashes].sort());
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a list given again as the same array keeps the snapshot, and problems change the hash', () => {
    const builder = new ApiSnapshotBuilder();
    const lists: KindLists = { Upstream: [upstream('b1', 1), upstream('a1', 2)] };
    const first = builder.build(lists);
    expect(builder.build(lists)).toBe(first);
    expect(first.objects.Upstream.map((u) => u.metadata.name)).toEqual(['a1', 'b1']);
    const withProblem = builder.build(lists, [{ file: 'x.yaml', line: 1, column: 1, message: 'bad' }]);
    expect(withProblem.hash).not.toBe(first.hash);
  });
});
