import { describe, expect, it } from 'vitest';
import type { Resource } from '../../../model/resource';
import { simulateRequest } from '../../../route/simulator';
import { createPipeline } from '../../pipeline';
import { obj, snapshot } from '../../testing/objects';
import type { EnvoyRoute } from '../envoy';
import { functionRewrite, restFunctionOf, restFunctionsPlugin } from './rest-functions';

const petstore: Resource<'Upstream'> = {
  kind: 'Upstream', metadata: { name: 'petstore', namespace: 'gloo-system' },
  spec: { static: { hosts: [{ addr: '127.0.0.1', port: 3000 }], serviceSpec: { rest: { transformations: {
    listPets: { headers: { ':method': { text: 'GET' }, ':path': { text: '/api/pets?limit={{ default(limit, "") }}' } } },
    getPhoto: { headers: { ':method': { text: 'GET' }, ':path': { text: '/api/pets/{{ default(petId, "") }}/photos/{{ default(photoId, "") }}' } } },
    addPet: { headers: { ':method': { text: 'POST' }, ':path': { text: '/api/pets' } } },
  } } } } },
};
const to = (functionName: string) => ({ upstream: { name: 'petstore' }, destinationSpec: { rest: { functionName } } });
const ctx = { view: { upstreams: new Map(), groups: new Map(), secrets: new Map(), endpointsByUpstream: new Map(), existing: new Set<string>() }, useFilter: () => undefined };

describe('routes to REST functions', () => {
  it('a route to a function is rewritten to its path and takes only its method', () => {
    const out: EnvoyRoute = { match: { path: '/new' }, route: { cluster: 'petstore_gloo-system' } };
    restFunctionsPlugin.destination!(to('addPet'), petstore, out, ctx);
    expect(out.route?.regexRewrite).toEqual({ pattern: { regex: '^.*$' }, substitution: '/api/pets' });
    expect(out.match?.headers).toEqual([{ name: ':method', stringMatch: { exact: 'POST' } }]);
  });

  it('after a prefix, the request path\'s segments fill the path parameters in order', () => {
    const f = restFunctionOf(to('getPhoto'), petstore);
    if (!f || 'problem' in f) throw new Error('no function');
    expect(functionRewrite(f, { prefix: '/photo/' })).toEqual({ pattern: { regex: '^/photo/([^/]+)/([^/]+)$' }, substitution: '/api/pets/\\1/photos/\\2' });
    expect(functionRewrite(f, { prefix: '/v1.photos' }).pattern.regex).toBe('^/v1\\.photos/([^/]+)/([^/]+)$');
  });

  it('an unknown function is an error with the closest name; one far from every name lists them', () => {
    expect(restFunctionsPlugin.checkDestination!(to('lstPets'), petstore, { regex: () => undefined, field: '' })).toEqual([
      { severity: 'error', message: 'destinationSpec.rest.functionName: Upstream gloo-system/petstore has no function "lstPets"; did you mean "listPets"?' },
    ]);
    expect(restFunctionsPlugin.checkDestination!(to('zzz'), petstore, { regex: () => undefined, field: '' })[0].message).toContain('(it has 3: addPet, getPhoto, listPets)');
  });

  it('an Upstream without REST functions is an error that says discovery writes them; parameters warn that they are not translated', () => {
    const bare = { ...petstore, spec: { static: { hosts: [{ addr: '127.0.0.1', port: 3000 }] } } };
    expect(restFunctionsPlugin.checkDestination!(to('listPets'), bare, { regex: () => undefined, field: '' })[0].message).toMatch(/has no REST functions .*function discovery writes them/);
    const withParams = { upstream: { name: 'petstore' }, destinationSpec: { rest: { functionName: 'listPets', parameters: { headers: { 'x-id': '{id}' } } } } };
    expect(restFunctionsPlugin.checkDestination!(withParams, petstore, { regex: () => undefined, field: '' })).toEqual([
      { severity: 'warning', message: "destinationSpec.rest.parameters is not translated: it needs Gloo's transformation filter; the request path supplies path parameters instead" },
    ]);
  });
});

describe('the route simulator on routes to REST functions', () => {
  const vs = obj('VirtualService', 'pets', { virtualHost: { domains: ['pets.example.com'], routes: [
    { matchers: [{ prefix: '/photo/' }], routeAction: { single: { ...to('getPhoto'), upstream: { name: 'petstore', namespace: 'gloo-system' } } } },
    { matchers: [{ exact: '/pets' }], routeAction: { single: { ...to('listPets'), upstream: { name: 'petstore', namespace: 'gloo-system' } } } },
  ] } }, 'gloo-system');
  const xds = createPipeline().run(snapshot([petstore, vs])).xds.get('gloo-system~gateway-proxy')!;
  const ask = (method: string, path: string) => simulateRequest(xds, { host: 'pets.example.com', path, method, headers: {}, query: {} });

  it('sends the request to the operation\'s path, with the query kept, and path parameters from the request path', () => {
    const photo = ask('GET', '/photo/7/3');
    expect(photo.matched && photo.action.pathAfterRewrite).toBe('/api/pets/7/photos/3');
    const list = ask('GET', '/pets?limit=2');
    expect(list.matched && list.action.pathAfterRewrite).toBe('/api/pets?limit=2');
  });

  it('a request with another method does not match the function\'s route', () => {
    expect(ask('POST', '/pets').matched).toBe(false);
  });
});
