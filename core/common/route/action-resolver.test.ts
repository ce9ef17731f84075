import { describe, expect, it } from 'vitest';
import { redirectLocation, redirectStatus, resolveAction, rewritePath, type ActionContext } from './action-resolver';
import type { RedirectActionInput, RouteInput } from './envoy-input';
import { defaultRegexMatcher } from './regex';
import { requestView, type SimulatedRequest } from './request';

const ctx = (clusters: string[] = []): ActionContext => ({ regex: defaultRegexMatcher, warnings: [], clusterExists: (n) => clusters.includes(n) });
const view = (req: Partial<SimulatedRequest> = {}, tls = false) => requestView({ host: 'a.com', path: '/', ...req }, tls);
const location = (r: RedirectActionInput, req: Partial<SimulatedRequest> = {}, matched = '/', tls = false) => redirectLocation(r, matched, view(req, tls), ctx());

describe('forward actions', () => {
  it('forward to one cluster with weight 1 and the upstream parsed from <name>_<namespace>', () => {
    const a = resolveAction({ route: { cluster: 'pet_store_default' } }, '/', view({ path: '/p' }), ctx(['pet_store_default']));
    expect(a).toEqual({
      type: 'forward',
      destinations: [{ upstream: { namespace: 'default', name: 'pet_store' }, cluster: 'pet_store_default', weight: 1 }],
      pathAfterRewrite: '/p',
    });
  });

  it('list every weighted cluster with its weight, bare or wrapped', () => {
    const r: RouteInput = { route: { weightedClusters: { clusters: [{ name: 'a_ns', weight: 90 }, { name: 'b_ns', weight: { value: 10 } }] } } };
    const a = resolveAction(r, '/', view(), ctx(['a_ns', 'b_ns']));
    expect(a.destinations?.map((d) => [d.cluster, d.weight, d.upstream?.name])).toEqual([
      ['a_ns', 90, 'a'],
      ['b_ns', 10, 'b'],
    ]);
  });

  it('flag clusters the snapshot lacks, and omit the upstream when the name has no underscore', () => {
    const a = resolveAction({ route: { cluster: 'plain' } }, '/', view(), ctx());
    expect(a.destinations).toEqual([{ cluster: 'plain', weight: 1, missing: true }]);
  });

  it('read the cluster from the request for cluster_header', () => {
    const r: RouteInput = { route: { clusterHeader: 'x-cluster' } };
    expect(resolveAction(r, '/', view({ headers: { 'x-cluster': 'c_ns' } }), ctx(['c_ns'])).destinations?.[0].cluster).toBe('c_ns');
    expect(resolveAction(r, '/', view(), ctx()).destinations).toEqual([]);
  });

  it('report host rewrites', () => {
    expect(resolveAction({ route: { cluster: 'c_n', hostRewriteLiteral: 'b.com' } }, '/', view(), ctx()).hostAfterRewrite).toBe('b.com');
  });

  it('report an automatic host rewrite as the DNS cluster host, and none for other clusters', () => {
    const auto = { route: { cluster: 'c_n', autoHostRewrite: true } };
    const dns = { ...ctx(['c_n']), dnsHostOf: (c: string) => (c === 'c_n' ? 'api.internal' : undefined) };
    expect(resolveAction(auto, '/', view(), dns).hostAfterRewrite).toBe('api.internal');
    expect(resolveAction(auto, '/', view(), ctx(['c_n'])).hostAfterRewrite).toBeUndefined();
  });
});

describe('path rewrites', () => {
  it('replace the matched prefix and keep the rest and the query', () => {
    expect(rewritePath('/api/pets?x=1', '/api', '/v1', undefined, ctx())).toBe('/v1/pets?x=1');
    expect(rewritePath('/api/pets', '/api/', '/', undefined, ctx())).toBe('/pets');
  });

  it('keep Envoy\'s double slash when a prefix without trailing slash is rewritten to /', () => {
    expect(rewritePath('/api/pets', '/api', '/', undefined, ctx())).toBe('//pets');
  });

  it('replace the configured prefix length when matching was case-insensitive', () => {
    expect(rewritePath('/API/x', '/api', '/v2', undefined, ctx())).toBe('/v2/x');
  });

  it('replace the whole path of exact and regex routes', () => {
    expect(rewritePath('/old?q', '/old', '/new', undefined, ctx())).toBe('/new?q');
  });

  it('apply regex_rewrite to every match of the path, with \\N groups, keeping the query', () => {
    const rr = { pattern: { regex: '^/service/([^/]+)(/.*)$' }, substitution: '\\2/instance/\\1' };
    expect(rewritePath('/service/foo/v1/api?x=1', '/', undefined, rr, ctx())).toBe('/v1/api/instance/foo?x=1');
    expect(rewritePath('/aaa/a', '/', undefined, { pattern: { regex: 'a' }, substitution: 'b' }, ctx())).toBe('/bbb/b');
  });

  it('leave the path alone without a rewrite, or when a regex rewrite yields nothing', () => {
    expect(rewritePath('/x', '/', undefined, undefined, ctx())).toBeUndefined();
    expect(rewritePath('/x', '/', undefined, { pattern: { regex: '.*' }, substitution: '' }, ctx())).toBeUndefined();
  });

  it('put the rewritten path in pathAfterRewrite', () => {
    const a = resolveAction({ route: { cluster: 'c_n', prefixRewrite: '/v1' } }, '/api', view({ path: '/api/x' }), ctx());
    expect(a.pathAfterRewrite).toBe('/v1/x');
  });
});

describe('redirect location', () => {
  it('keep scheme, host, port and path of the request by default', () => {
    expect(location({}, { host: 'a.com:8080', path: '/x?q=1' })).toBe('http://a.com:8080/x?q=1');
  });

  it('switch to https and drop the default http port with https_redirect', () => {
    expect(location({ httpsRedirect: true }, { host: 'a.com:80', path: '/x' })).toBe('https://a.com/x');
    expect(location({ httpsRedirect: true }, { host: 'a.com:8080', path: '/x' })).toBe('https://a.com:8080/x');
    expect(location({ schemeRedirect: 'http' }, { host: 'a.com:443', path: '/x' }, '/', true)).toBe('http://a.com/x');
  });

  it('replace host and port, dropping the request port when port_redirect is set', () => {
    expect(location({ hostRedirect: 'b.com' }, { host: 'a.com:8080', path: '/x' })).toBe('http://b.com/x');
    expect(location({ portRedirect: 9443 }, { host: 'a.com:8080', path: '/x' })).toBe('http://a.com:9443/x');
    expect(location({ hostRedirect: 'b.com', portRedirect: 81 }, { path: '/x' })).toBe('http://b.com:81/x');
    expect(location({ portRedirect: 81 }, { host: '[::1]:8080', path: '/x' })).toBe('http://[::1]:81/x');
  });

  it('replace the path with path_redirect, keeping the request query unless the redirect has its own', () => {
    expect(location({ pathRedirect: '/new' }, { path: '/old?q=1' })).toBe('http://a.com/new?q=1');
    expect(location({ pathRedirect: '/new?z=2' }, { path: '/old?q=1' })).toBe('http://a.com/new?z=2');
    expect(location({ pathRedirect: '/new?z=2', stripQuery: true }, { path: '/old?q=1' })).toBe('http://a.com/new?z=2');
  });

  it('rewrite the matched prefix with prefix_rewrite and drop the query with strip_query', () => {
    expect(location({ prefixRewrite: '/v2' }, { path: '/v1/x?q=1' }, '/v1')).toBe('http://a.com/v2/x?q=1');
    expect(location({ prefixRewrite: '/v2', stripQuery: true }, { path: '/v1/x?q=1' }, '/v1')).toBe('http://a.com/v2/x');
    expect(location({ stripQuery: true }, { path: '/x?q=1' })).toBe('http://a.com/x');
  });

  it('apply regex_rewrite to redirects too', () => {
    expect(location({ regexRewrite: { pattern: { regex: '/old/(.*)' }, substitution: '/new/\\1' } }, { path: '/old/a' })).toBe('http://a.com/new/a');
  });

  it('map every response code, by name or number, defaulting to 301', () => {
    expect([undefined, 'MOVED_PERMANENTLY', 'FOUND', 'SEE_OTHER', 'TEMPORARY_REDIRECT', 'PERMANENT_REDIRECT'].map((c) => redirectStatus(c))).toEqual([301, 301, 302, 303, 307, 308]);
    expect([0, 1, 2, 3, 4].map(redirectStatus)).toEqual([301, 302, 303, 307, 308]);
  });

  it('become a redirect action with location and status', () => {
    const a = resolveAction({ redirect: { hostRedirect: 'b.com', responseCode: 'FOUND' } }, '/', view({ path: '/p' }), ctx());
    expect(a).toEqual({ type: 'redirect', redirect: { location: 'http://b.com/p', status: 302 } });
  });
});

describe('direct responses', () => {
  it('answer with the status and inline body', () => {
    expect(resolveAction({ directResponse: { status: 418, body: { inlineString: 'teapot' } } }, '/', view(), ctx())).toEqual({
      type: 'directResponse',
      directResponse: { status: 418, body: 'teapot' },
    });
  });

  it('decode inline bytes, name body files and allow no body', () => {
    const r = (body: object | undefined) => resolveAction({ directResponse: { status: 200, ...(body ? { body } : {}) } }, '/', view(), ctx()).directResponse;
    expect(r({ inlineBytes: Buffer.from('héllo').toString('base64') })).toEqual({ status: 200, body: 'héllo' });
    expect(r({ filename: '/etc/body' })).toEqual({ status: 200, bodyFile: '/etc/body' });
    expect(r(undefined)).toEqual({ status: 200 });
  });

  it('mark a route without a known action as unsupported', () => {
    expect(resolveAction({}, '/', view(), ctx()).type).toBe('unsupported');
  });
});
