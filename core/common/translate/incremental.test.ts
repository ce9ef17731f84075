// Property: a pipeline that has seen earlier snapshots produces the same xDS (JSON and versions) as a
// fresh pipeline, whenever no object is being served from its last accepted version; and every
// result is consistent, with a status for every object.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RouteJson } from '../gen/gateway/api/v1/virtual_service_pb';
import type { Resource } from '../model/resource';
import { checkConsistency } from '../xds/snapshot-builder';
import { XDS_TYPES, type XdsSnapshot } from '../xds/xds-snapshot';
import { createPipeline, type PipelineResult } from './pipeline';
import { obj, snapshot, upstream, virtualService } from './testing/objects';

const upstreamName = fc.constantFrom('u0', 'u1', 'u2', 'u3', 'missing');
const prefix = fc.constantFrom('/', '/a', '/a/b', '/b', '/api', '/api/v1');

const leafRoute: fc.Arbitrary<RouteJson> = fc.record({
  prefix,
  upstream: upstreamName,
  kind: fc.constantFrom('single', 'multi', 'direct'),
  name: fc.option(fc.constantFrom('r1', 'r2'), { nil: undefined }),
}).map(({ prefix: p, upstream: u, kind, name }) => ({
  ...(name ? { name } : {}),
  matchers: [{ prefix: p }],
  ...(kind === 'single'
    ? { routeAction: { single: { upstream: { name: u } } } }
    : kind === 'multi'
      ? { routeAction: { multi: { destinations: [{ weight: 1, destination: { upstream: { name: u } } }, { weight: 3, destination: { upstream: { name: 'u0' } } }] } } }
      : { directResponseAction: { status: 200, body: p } }),
}));

const delegateRoute: fc.Arbitrary<RouteJson> = fc.record({ prefix, table: fc.constantFrom('rt0', 'rt1') }).map(({ prefix: p, table }) => ({ matchers: [{ prefix: p }], delegateAction: { ref: { name: table } } }));

const config: fc.Arbitrary<Resource[]> = fc
  .record({
    upstreams: fc.subarray(['u0', 'u1', 'u2', 'u3']),
    hostTwo: fc.constantFrom('10.0.0.2', '10.0.0.22'),
    vss: fc.array(fc.record({ domain: fc.constantFrom('a.com', 'b.com', 'c.com', 'd.com', '*'), routes: fc.array(fc.oneof(leafRoute, leafRoute, delegateRoute), { maxLength: 4 }) }), { maxLength: 4 }),
    tables: fc.array(fc.array(fc.oneof(leafRoute, delegateRoute), { maxLength: 3 }), { maxLength: 2 }),
  })
  .map(({ upstreams, hostTwo, vss, tables }) => [
    ...upstreams.map((u) => upstream(u, u === 'u2' ? hostTwo : `10.0.0.${u.slice(1)}`)),
    ...vss.map((v, i) => virtualService(`vs${i}`, [v.domain], v.routes)),
    ...tables.map((routes, i) => obj('RouteTable', `rt${i}`, { routes })),
  ]);

function xdsOf(result: PipelineResult): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, snap] of result.xds) out[key] = asJson(snap);
  return out;
}

function asJson(s: XdsSnapshot): Record<string, unknown> {
  const out: Record<string, unknown> = { version: s.version };
  for (const t of XDS_TYPES) out[t] = [...s.resources[t].items.values()].map((r) => ({ name: r.name, version: r.version, json: r.json }));
  return out;
}

describe('incremental translation', () => {
  it('matches a fresh pipeline whenever nothing is served from a fallback', () => {
    fc.assert(
      fc.property(fc.array(config, { minLength: 2, maxLength: 5 }), (steps) => {
        const pipeline = createPipeline({ now: () => new Date(0) });
        for (const objects of steps) {
          const snap = snapshot(objects);
          const result = pipeline.run(snap);
          for (const s of result.xds.values()) expect(checkConsistency(s)).toEqual([]);
          for (const r of objects) expect(result.statuses.has(`${r.kind}.${r.metadata.namespace}.${r.metadata.name}`)).toBe(true);
          const usesFallback = [...result.statuses.values()].some((s) => s.reason?.includes('last accepted version'));
          if (usesFallback) continue;
          const fresh = createPipeline({ now: () => new Date(0) }).run(snap);
          expect(xdsOf(result)).toEqual(xdsOf(fresh));
          expect([...result.statuses]).toEqual([...fresh.statuses]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives equal versions to equal resources and different versions to different ones', () => {
    fc.assert(
      fc.property(config, config, (a, b) => {
        const pa = createPipeline().run(snapshot(a)).xds;
        const pb = createPipeline().run(snapshot(b)).xds;
        for (const [key, sa] of pa) {
          const sb = pb.get(key);
          if (!sb) continue;
          for (const t of XDS_TYPES) {
            for (const [name, ra] of sa.resources[t].items) {
              const rb = sb.resources[t].items.get(name);
              if (!rb) continue;
              const same = JSON.stringify(ra.json) === JSON.stringify(rb.json);
              if (same) continue;
              expect(ra.version, `${t} ${name} changed but kept its version`).not.toBe(rb.version);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
