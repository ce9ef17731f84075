// Properties of the diffs: a value diffed with itself is equal, and the changes reported from a to b,
// applied to a in the order listed, give exactly b — so every difference is accounted for.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildXdsSnapshot } from '../xds/snapshot-builder';
import { XDS_TYPES, type XdsSnapshot, type XdsType } from '../xds/xds-snapshot';
import { diffJson, parsePath, type FieldChange } from './json-diff';
import { diffXds } from './xds-diff';

type Json = unknown;

const leafArb = fc.oneof(fc.constantFrom<Json>(0, 1, 'a', 'b', '/x', true, false, null), fc.integer({ min: 0, max: 3 }));
const { node: jsonArb, object: objectArb } = fc.letrec<{ node: Json; object: Record<string, Json>; named: Record<string, Json>; array: Json[] }>((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leafArb, tie('object'), tie('named'), tie('array')),
  object: fc.dictionary(fc.constantFrom('x', 'y', 'match', 'io.k', '@type', '0'), tie('node'), { maxKeys: 4 }),
  named: fc.tuple(fc.constantFrom('r1', 'r2', 'r3', 'r4'), tie('object')).map(([name, o]) => ({ ...o, name })),
  array: fc.array(tie('node'), { maxLength: 6 }),
}));

/** Applies changes in order, as FieldChange documents: splice for array add/remove, assignment otherwise. */
function apply(value: Json, changes: readonly FieldChange[]): Json {
  let root = structuredClone(value);
  for (const c of changes) {
    const path = parsePath(c.path);
    if (path.length === 0) {
      root = structuredClone(c.after);
      continue;
    }
    let parent = root as Record<string | number, Json>;
    for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string | number, Json>;
    const last = path[path.length - 1];
    if (Array.isArray(parent) && typeof last === 'number' && c.op !== 'replace') {
      if (c.op === 'add') parent.splice(last, 0, structuredClone(c.after));
      else parent.splice(last, 1);
    } else if (c.op === 'remove') delete parent[last];
    else parent[last] = structuredClone(c.after);
  }
  return root;
}

const NAMES = ['a', 'b', 'c'];
const snapshotArb = (node: string): fc.Arbitrary<XdsSnapshot> =>
  fc
    .record(Object.fromEntries(XDS_TYPES.map((t) => [t, fc.subarray(NAMES)])) as Record<XdsType, fc.Arbitrary<string[]>>)
    .chain((names) =>
      fc.tuple(...XDS_TYPES.map((t) => fc.array(objectArb, { minLength: names[t].length, maxLength: names[t].length }))).map((jsons) =>
        buildXdsSnapshot(
          node,
          Object.fromEntries(XDS_TYPES.map((t, i) => [t, names[t].map((name, k) => ({ name, json: jsons[i][k] }))])),
        ),
      ),
    );
const snapshotsArb = fc.subarray(['ns~one', 'ns~two']).chain((nodes) => fc.tuple(...nodes.map(snapshotArb)));

/** Every resource of a snapshot set as `node type name` → json. */
function contents(snaps: readonly XdsSnapshot[]): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const s of snaps) for (const t of XDS_TYPES) for (const r of s.resources[t].items.values()) out.set(`${s.node} ${t} ${r.name}`, r.json);
  return out;
}

describe('json diff properties', () => {
  it('diff(a, a) is empty', () => {
    fc.assert(fc.property(jsonArb, (a) => {
        expect(diffJson(a, structuredClone(a))).toEqual([]);
      }), { numRuns: 500 });
  });

  it('applying the changes of a → b to a gives b', () => {
    fc.assert(
      fc.property(jsonArb, jsonArb, (a, b) => {
        expect(apply(a, diffJson(a, b))).toEqual(b);
      }),
      { numRuns: 1500 },
    );
  });

  it('applying the changes between related values gives the target too', () => {
    const related = fc.tuple(fc.array(objectArb, { maxLength: 6 }), fc.array(fc.tuple(fc.nat(6), objectArb), { maxLength: 3 })).map(([base, edits]) => {
      const next = structuredClone(base);
      for (const [at, o] of edits) next.splice(Math.min(at, next.length), at % 2, o);
      return [{ routes: base }, { routes: next }] as const;
    });
    fc.assert(fc.property(related, ([a, b]) => {
        expect(apply(a, diffJson(a, b))).toEqual(b);
      }), { numRuns: 1000 });
  });
});

describe('xDS diff properties', () => {
  it('diff(a, a) is equal', () => {
    fc.assert(fc.property(snapshotsArb, (a) => {
        expect(diffXds(a, a)).toEqual({ equal: true, proxies: [] });
      }), { numRuns: 200 });
  });

  it('the reported additions, removals and field changes turn a into b, resource by resource', () => {
    fc.assert(
      fc.property(snapshotsArb, snapshotsArb, (a, b) => {
        const d = diffXds(a, b);
        const rebuilt = contents(a);
        const target = contents(b);
        for (const p of d.proxies) {
          for (const r of p.removed) rebuilt.delete(`${p.node} ${r.type} ${r.name}`);
          for (const r of p.added) rebuilt.set(`${p.node} ${r.type} ${r.name}`, target.get(`${p.node} ${r.type} ${r.name}`));
          for (const c of p.changed) {
            const key = `${p.node} ${c.type} ${c.name}`;
            rebuilt.set(key, apply(rebuilt.get(key), c.fields));
          }
        }
        expect(rebuilt).toEqual(target);
        expect(d.equal).toBe(d.proxies.length === 0);
      }),
      { numRuns: 300 },
    );
  });
});
