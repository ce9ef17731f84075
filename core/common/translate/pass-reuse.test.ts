// A warm pipeline reuses what earlier passes judged for objects that did not change (the same
// objects, given again): after any sequence of edits it gives the statuses and xDS a fresh pipeline
// gives, whenever nothing is served from a fallback.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RouteJson } from '../gen/gateway/api/v1/virtual_service_pb';
import type { Resource } from '../model/resource';
import { XDS_TYPES } from '../xds/xds-snapshot';
import { createPipeline, type PipelineResult } from './pipeline';
import { forward, obj, snapshot, upstream, virtualService } from './testing/objects';
import { refKey } from '../model/resource';

const route: fc.Arbitrary<RouteJson> = fc.oneof(
  fc.record({ prefix: fc.constantFrom('/', '/a', '/b'), to: fc.constantFrom('u0', 'u1', 'u2') }).map(({ prefix, to }) => forward(prefix, to)),
  fc.constantFrom('rt0', 'rt1').map((name): RouteJson => ({ matchers: [{ prefix: '/t' }], delegateAction: { ref: { name } } })),
  fc.constantFrom('blue', 'green').map((team): RouteJson => ({ matchers: [{ prefix: '/s' }], delegateAction: { selector: { labels: { team } } } })),
);

const anObject: fc.Arbitrary<Resource> = fc.oneof(
  fc.record({ name: fc.constantFrom('u0', 'u1', 'u2'), host: fc.constantFrom('10.0.0.1', '10.0.0.2', 'not-an-ip') }).map(({ name, host }) => upstream(name, host)),
  fc.record({ name: fc.constantFrom('vs0', 'vs1', 'vs2'), domain: fc.constantFrom('a.com', 'b.com'), routes: fc.array(route, { maxLength: 3 }) }).map(({ name, domain, routes }) => virtualService(name, [domain], routes)),
  fc.record({ name: fc.constantFrom('rt0', 'rt1'), team: fc.constantFrom('blue', 'green'), to: fc.constantFrom('u0', 'u1', 'u3') }).map(({ name, team, to }) => obj('RouteTable', name, { routes: [forward('/t/x', to)] }, 'default', { team })),
);

type Edit = { op: 'put'; object: Resource } | { op: 'delete'; index: number } | { op: 'rename'; index: number; name: string };
const edit: fc.Arbitrary<Edit> = fc.oneof(
  anObject.map((object) => ({ op: 'put' as const, object })),
  anObject.map((object) => ({ op: 'put' as const, object })),
  fc.nat().map((index) => ({ op: 'delete' as const, index })),
  fc.record({ index: fc.nat(), name: fc.constantFrom('u1', 'vs2', 'rt1', 'other') }).map(({ index, name }) => ({ op: 'rename' as const, index, name })),
);

/** The objects after an edit; every object the edit does not touch stays the same object. */
function applied(objects: readonly Resource[], e: Edit): Resource[] {
  if (e.op === 'put') {
    const at = objects.findIndex((o) => refKey(o) === refKey(e.object));
    return at < 0 ? [...objects, e.object] : objects.map((o, i) => (i === at ? e.object : o));
  }
  if (!objects.length) return [...objects];
  const at = e.index % objects.length;
  if (e.op === 'delete') return objects.filter((_, i) => i !== at);
  const renamed = { ...objects[at], metadata: { ...objects[at].metadata, name: e.name } } as Resource;
  if (objects.some((o) => refKey(o) === refKey(renamed))) return [...objects];
  return objects.map((o, i) => (i === at ? renamed : o));
}

function outputOf(result: PipelineResult): unknown {
  const xds = [...result.xds].map(([key, s]) => [key, XDS_TYPES.map((t) => [...s.resources[t].items.values()].map((r) => [r.name, r.version, r.json]))]);
  return { statuses: [...result.statuses], problems: [...(result.problems ?? [])], xds };
}

const usesFallback = (result: PipelineResult) => [...result.statuses.values()].some((s) => s.reason?.includes('last accepted version'));

describe('reuse across passes', () => {
  it('after any sequence of edits, a warm pipeline gives what a fresh one gives whenever nothing is served from a fallback', () => {
    fc.assert(
      fc.property(fc.array(anObject, { maxLength: 6 }), fc.array(edit, { minLength: 1, maxLength: 8 }), (start, edits) => {
        const pipeline = createPipeline({ now: () => new Date(0) });
        let objects = [...start];
        pipeline.run(snapshot(objects));
        for (const e of edits) {
          objects = applied(objects, e);
          const snap = snapshot(objects);
          const warm = pipeline.run(snap);
          if (usesFallback(warm)) continue;
          expect(outputOf(warm)).toEqual(outputOf(createPipeline({ now: () => new Date(0) }).run(snap)));
        }
      }),
      { numRuns: 300 },
    );
  });

  const base = (): Resource[] => [
    upstream('u0'),
    upstream('u1'),
    virtualService('vs0', ['a.com'], [forward('/', 'u1')]),
    virtualService('vs1', ['b.com'], [{ matchers: [{ prefix: '/s' }], delegateAction: { selector: { labels: { team: 'blue' } } } }]),
    obj('RouteTable', 'rt0', { routes: [forward('/s/x', 'u0')] }, 'default', { team: 'blue' }),
  ];
  const stateOf = (result: PipelineResult, key: string) => result.statuses.get(key)?.state;

  it('a VirtualService whose Upstream is deleted is told so in the next pass, while the other objects stay the same objects', () => {
    const pipeline = createPipeline();
    const objects = base();
    expect(stateOf(pipeline.run(snapshot(objects)), 'VirtualService.default.vs0')).toBe('Accepted');
    const next = pipeline.run(snapshot(objects.filter((o) => o.metadata.name !== 'u1')));
    expect(stateOf(next, 'VirtualService.default.vs0')).not.toBe('Accepted');
    expect(next.statuses.get('VirtualService.default.vs0')?.reason).toMatch(/default\/u1/);
    expect(next.statuses.has('Upstream.default.u1')).toBe(false);
  });

  it('an Upstream renamed under the name a route reads makes that route resolve in the next pass', () => {
    const pipeline = createPipeline();
    const objects = base().map((o) => (o.metadata.name === 'vs0' ? virtualService('vs0', ['a.com'], [forward('/', 'u2')]) : o));
    expect(stateOf(pipeline.run(snapshot(objects)), 'VirtualService.default.vs0')).not.toBe('Accepted');
    const renamed = objects.map((o) => (o.metadata.name === 'u1' ? upstream('u2') : o));
    const next = pipeline.run(snapshot(renamed));
    expect(stateOf(next, 'VirtualService.default.vs0')).toBe('Accepted');
    expect(stateOf(next, 'Upstream.default.u2')).toBe('Accepted');
  });

  it('a VirtualService edited to claim another one\'s domain puts the conflict on both in the next pass', () => {
    const pipeline = createPipeline();
    const objects = base();
    pipeline.run(snapshot(objects));
    const conflicting = objects.map((o) => (o.metadata.name === 'vs1' ? virtualService('vs1', ['a.com'], [forward('/b', 'u0')]) : o));
    const next = pipeline.run(snapshot(conflicting));
    expect(next.statuses.get('VirtualService.default.vs0')?.reason).toMatch(/a\.com/);
    expect(next.statuses.get('VirtualService.default.vs1')?.reason).toMatch(/a\.com/);
    expect(next.statuses.get('VirtualService.default.vs0')?.reason).toMatch(/serving the last accepted version/);
  });

  it('a RouteTable selected by labels that changes its labels is no longer used in the next pass', () => {
    const pipeline = createPipeline();
    const objects = base();
    const first = pipeline.run(snapshot(objects));
    expect(first.statuses.get('RouteTable.default.rt0')?.reason ?? '').not.toMatch(/not used/);
    const relabelled = objects.map((o) => (o.metadata.name === 'rt0' ? obj('RouteTable', 'rt0', { routes: [forward('/s/x', 'u0')] }, 'default', { team: 'green' }) : o));
    const next = pipeline.run(snapshot(relabelled));
    expect(next.statuses.get('RouteTable.default.rt0')?.reason).toMatch(/not used/);
    expect(outputOf(next)).toEqual(outputOf(createPipeline().run(snapshot(relabelled))));
  });

  it('an Upstream edited to be invalid gets its status recomputed while every other gloo-side object is unchanged', () => {
    const pipeline = createPipeline();
    const objects = base();
    pipeline.run(snapshot(objects));
    pipeline.run(snapshot(objects));
    const broken = objects.map((o) => (o.metadata.name === 'u0' ? upstream('u0', 'not-an-ip', 0) : o));
    const next = pipeline.run(snapshot(broken));
    expect(stateOf(next, 'Upstream.default.u0')).toBe('Rejected');
    expect(stateOf(pipeline.run(snapshot(broken)), 'Upstream.default.u0')).toBe('Rejected');
  });
});
