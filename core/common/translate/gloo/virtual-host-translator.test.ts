import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Resource } from '../../model/resource';
import { createPipeline, type PipelineResult } from '../pipeline';
import { obj, snapshot } from '../testing/objects';

/** The gRPC Upstream of the function-routing golden case, whose grpcJsonTranscoder every route to it gets. */
const greeter = parseAllDocuments(readFileSync(new URL('../../../../fixtures/golden/function-routing/input/config.yaml', import.meta.url), 'utf8'))
  .map((d) => d.toJS() as Resource)
  .find((r) => r.kind === 'Upstream' && r.metadata.name === 'greeter') as Resource<'Upstream'>;

/** An Upstream `pets` with one REST function, listPets, at `path`. */
function pets(path: string): Resource<'Upstream'> {
  return obj('Upstream', 'pets', { static: { hosts: [{ addr: '10.0.0.1', port: 8080 }], serviceSpec: { rest: { transformations: { listPets: { headers: { ':method': { text: 'GET' }, ':path': { text: path } } } } } } } });
}

/** `greeter` with or without its functions. */
function grpc(withFunctions: boolean): Resource<'Upstream'> {
  return obj('Upstream', 'greeter', { static: { hosts: [{ addr: '10.0.0.2', port: 50051 }], ...(withFunctions ? { serviceSpec: greeter.spec.static!.serviceSpec } : {}) } });
}

/** A Proxy written by hand (its virtual hosts carry no generation): /pets to listPets of `pets`, the rest to `greeter`. */
const proxy = obj('Proxy', 'edge', {
  listeners: [{ name: 'http', bindAddress: '::', bindPort: 8080, httpListener: { virtualHosts: [{ name: 'vh', domains: ['*'], routes: [
    { matchers: [{ exact: '/pets' }], routeAction: { single: { upstream: { name: 'pets', namespace: 'default' }, destinationSpec: { rest: { functionName: 'listPets' } } } } },
    { matchers: [{ prefix: '/' }], routeAction: { single: { upstream: { name: 'greeter', namespace: 'default' } } } },
  ] }] } }],
});

function routesOf(result: PipelineResult): unknown {
  return [...result.xds.values()].map((s) => [...s.resources.route.items.values()].map((r) => r.json));
}

describe('virtual host translation of routes to functions', () => {
  it('translates a virtual host again when the functions of an Upstream it routes to change, or an Upstream it routes to gains or loses them', () => {
    const kept = createPipeline();
    const steps: [string, boolean][] = [['/api/pets', false], ['/api/pets', true], ['/v2/pets', true], ['/v2/pets', false]];
    const seen = new Set<string>();
    for (const [path, withFunctions] of steps) {
      const s = snapshot([pets(path), grpc(withFunctions), proxy]);
      const routes = routesOf(kept.run(s));
      expect(routes).toEqual(routesOf(createPipeline().run(s)));
      seen.add(JSON.stringify(routes));
    }
    expect(seen.size).toBe(4);
  });
});
