import { describe, expect, it } from 'vitest';
import type { Resource } from '../model/resource';
import { createPipeline, GENERATED_LABEL } from './pipeline';
import { forward, obj, routeNames, snapshot, upstream, virtualService } from './testing/objects';

const NOW = new Date('2024-02-03T04:05:06.000Z');
const LATER = new Date('2024-02-03T05:00:00.000Z');
const ROUTES = 'listener-::-8080-routes';
const PROXY = 'gloo-system~gateway-proxy';

function clock(...times: Date[]): () => Date {
  let i = 0;
  return () => times[Math.min(i++, times.length - 1)];
}

function routesOf(result: ReturnType<ReturnType<typeof createPipeline>['run']>) {
  return routeNames(result.xds.get(PROXY)?.resources.route.items.get(ROUTES)?.json);
}

describe('pipeline', () => {
  it('gives every input object and every generated proxy a status', () => {
    const objects: Resource[] = [
      upstream('u'),
      virtualService('vs', ['a.example.com'], [forward('/', 'u')]),
      obj('Secret', 's', { generic: { data: { k: 'v' } } }),
      obj('Artifact', 'art', { data: { a: 'b' } }),
      obj('Endpoint', 'e', { upstreams: [{ name: 'u' }], address: '10.0.0.9', port: 80 }),
      obj('Settings', 'default', {}, 'gloo-system'),
    ];
    const result = createPipeline({ now: () => NOW }).run(snapshot(objects));
    expect([...result.statuses.keys()].sort()).toEqual(
      ['Artifact.default.art', 'Endpoint.default.e', 'Proxy.gloo-system.gateway-proxy', 'Secret.default.s', 'Settings.gloo-system.default', 'Upstream.default.u', 'VirtualService.default.vs'].sort(),
    );
    expect(result.statuses.get('VirtualService.default.vs')).toMatchObject({ state: 'Accepted', reportedBy: 'gateway', subresourceStatuses: { 'Proxy.gloo-system.gateway-proxy': { state: 'Accepted' } } });
    expect(result.statuses.get('Upstream.default.u')).toMatchObject({ state: 'Accepted', reportedBy: 'gloo' });
    expect(result.proxies.map((p) => p.metadata)).toEqual([{ name: 'gateway-proxy', namespace: 'gloo-system', labels: { created_by: 'gloo-gateway', [GENERATED_LABEL]: 'true' } }]);
    expect(result.published.get(PROXY)).toBe(true);
  });

  it('keeps serving the last accepted routes of a rejected VirtualService while another VirtualService changes', () => {
    const pipeline = createPipeline({ now: clock(NOW, LATER, LATER) });
    const good = virtualService('shop', ['shop.example.com'], [forward('/cart', 'u', 'cart')]);
    const other = virtualService('blog', ['blog.example.com'], [forward('/', 'u', 'posts')]);
    const first = pipeline.run(snapshot([upstream('u'), good, other]));
    expect(routesOf(first)).toEqual({ default_blog: ['posts'], default_shop: ['cart'] });

    const broken = virtualService('shop', ['shop.example.com'], [forward('/cart', 'u', 'cart'), { name: 'pay', matchers: [{ prefix: '/pay' }], directResponseAction: { status: 999 } }]);
    const changedOther = virtualService('blog', ['blog.example.com'], [forward('/feed', 'u', 'feed'), forward('/', 'u', 'posts')]);
    const second = pipeline.run(snapshot([upstream('u'), broken, changedOther]));
    expect(routesOf(second)).toEqual({ default_blog: ['feed', 'posts'], default_shop: ['cart'] });
    const status = second.statuses.get('VirtualService.default.shop')!;
    expect(status.state).toBe('Rejected');
    expect(status.reason).toContain('route 2 "pay": directResponseAction.status 999 is not an HTTP status between 200 and 599');
    expect(status.reason).toContain(`serving the last accepted version from ${NOW.toISOString()}`);
    expect(second.statuses.get('VirtualService.default.blog')?.state).toBe('Accepted');

    // Still broken a pass later: still the version accepted at NOW.
    const third = pipeline.run(snapshot([upstream('u'), broken, changedOther]));
    expect(routesOf(third)).toEqual({ default_blog: ['feed', 'posts'], default_shop: ['cart'] });
    expect(third.statuses.get('VirtualService.default.shop')?.reason).toContain(NOW.toISOString());
  });

  it('re-translates only the VirtualService that changed', () => {
    const pipeline = createPipeline({ now: () => NOW });
    const upstreams = Array.from({ length: 20 }, (_, i) => upstream(`u${i}`, `10.0.0.${i + 1}`));
    const vss = Array.from({ length: 50 }, (_, i) => virtualService(`vs${i}`, [`h${i}.example.com`], [forward('/', `u${i % 20}`)]));
    const first = pipeline.run(snapshot([...upstreams, ...vss]));
    expect(first.stats).toMatchObject({ virtualServicesTranslated: 50, virtualServiceCacheHits: 0, virtualHostsTranslated: 50, clustersTranslated: 20 });
    const changed = [...vss];
    changed[7] = virtualService('vs7', ['h7.example.com'], [forward('/', 'u3'), forward('/x', 'u4')]);
    const second = pipeline.run(snapshot([...upstreams, ...changed]));
    expect(second.stats).toMatchObject({ virtualServicesTranslated: 1, virtualServiceCacheHits: 49, virtualHostsTranslated: 1, virtualHostCacheHits: 49, clustersTranslated: 0, clusterCacheHits: 20 });
    const before = first.xds.get(PROXY)!;
    const after = second.xds.get(PROXY)!;
    expect(after.resources.cluster.version).toBe(before.resources.cluster.version);
    expect(after.resources.listener.version).toBe(before.resources.listener.version);
    expect(after.resources.route.version).not.toBe(before.resources.route.version);
    // Same input again: the very same snapshot object is served.
    expect(pipeline.run(snapshot([...upstreams, ...changed])).xds.get(PROXY)).toBe(after);
  });

  it('changes only the cluster and endpoints of an upstream whose host changed', () => {
    const pipeline = createPipeline({ now: () => NOW });
    const vs = virtualService('vs', ['a.example.com'], [forward('/', 'a')]);
    const first = pipeline.run(snapshot([upstream('a'), upstream('b', '10.0.0.2'), vs])).xds.get(PROXY)!;
    const second = pipeline.run(snapshot([upstream('a'), upstream('b', '10.0.0.3'), vs])).xds.get(PROXY)!;
    const v = (s: typeof first, t: 'cluster' | 'endpoint' | 'route', n: string) => s.resources[t].items.get(n)?.version;
    expect(v(second, 'endpoint', 'b_default')).not.toBe(v(first, 'endpoint', 'b_default'));
    expect(v(second, 'endpoint', 'a_default')).toBe(v(first, 'endpoint', 'a_default'));
    expect(v(second, 'route', ROUTES)).toBe(v(first, 'route', ROUTES));
  });

  it('rejects both VirtualServices claiming a domain, and keeps the one accepted before serving it', () => {
    const pipeline = createPipeline({ now: clock(NOW, LATER) });
    const owner = virtualService('owner', ['shop.example.com'], [forward('/', 'u', 'owner-route')]);
    pipeline.run(snapshot([upstream('u'), owner]));
    const intruder = virtualService('intruder', ['shop.example.com'], [forward('/', 'u', 'intruder-route')]);
    const result = pipeline.run(snapshot([upstream('u'), owner, intruder]));
    expect(routesOf(result)).toEqual({ default_owner: ['owner-route'] });
    expect(result.statuses.get('VirtualService.default.owner')).toMatchObject({ state: 'Rejected' });
    expect(result.statuses.get('VirtualService.default.owner')?.reason).toContain('also claimed by VirtualService default/intruder');
    expect(result.statuses.get('VirtualService.default.owner')?.reason).toContain('serving the last accepted version');
    expect(result.statuses.get('VirtualService.default.intruder')?.reason).toContain('not served (no version of it was accepted before)');
  });

  it('leaves out only the route of a RouteTable that leaves the parent prefix, warning on the table and the VirtualService', () => {
    const pipeline = createPipeline({ now: () => NOW });
    const vs = virtualService('vs', ['a.example.com'], [{ matchers: [{ prefix: '/api' }], delegateAction: { ref: { name: 'rt' } } }]);
    const rt = obj('RouteTable', 'rt', { routes: [forward('/api/users', 'u', 'users'), forward('/admin', 'u', 'admin')] });
    const result = pipeline.run(snapshot([upstream('u'), vs, rt]));
    expect(routesOf(result)).toEqual({ default_vs: ['users'] });
    const message = 'route 2 "admin": left out: matcher 1 (prefix "/admin") does not start with the parent\'s prefix "/api" (delegated from route 1 (`/api`) of VirtualService default/vs)';
    expect(result.statuses.get('RouteTable.default.rt')).toMatchObject({ state: 'Warning', reason: message });
    expect(result.statuses.get('VirtualService.default.vs')).toMatchObject({ state: 'Warning', reason: `on sub route table default/rt: ${message}` });
  });

  it('serves the last accepted versions of a RouteTable whose new version is broken and of the VirtualService above it', () => {
    const pipeline = createPipeline({ now: clock(NOW, LATER) });
    const vs = virtualService('vs', ['a.example.com'], [{ matchers: [{ prefix: '/api' }], delegateAction: { ref: { name: 'rt' } } }]);
    const rt = obj('RouteTable', 'rt', { routes: [forward('/api/users', 'u', 'users')] });
    expect(routesOf(pipeline.run(snapshot([upstream('u'), vs, rt])))).toEqual({ default_vs: ['users'] });
    const bad = obj('RouteTable', 'rt', { routes: [forward('/api/users', 'u', 'users'), { name: 'teapot', matchers: [{ prefix: '/api/tea' }], directResponseAction: { status: 999 } }] });
    const result = pipeline.run(snapshot([upstream('u'), vs, bad]));
    expect(routesOf(result)).toEqual({ default_vs: ['users'] });
    const status = result.statuses.get('RouteTable.default.rt')!;
    expect(status.state).toBe('Rejected');
    expect(status.reason).toContain('route 2 "teapot": directResponseAction.status 999 is not an HTTP status between 200 and 599');
    expect(status.reason).toContain(`serving the last accepted version from ${NOW.toISOString()}`);
    expect(status.subresourceStatuses?.['Proxy.gloo-system.gateway-proxy']?.state).toBe('Rejected');
    const top = result.statuses.get('VirtualService.default.vs')!;
    expect(top.state).toBe('Rejected');
    expect(top.reason).toContain('on sub route table default/rt: route 2 "teapot": directResponseAction.status 999');
    expect(top.reason).toContain(`serving the last accepted version from ${NOW.toISOString()}`);
  });

  it('forgets an object that was deleted: when it comes back broken there is nothing to fall back on', () => {
    const pipeline = createPipeline({ now: () => NOW });
    const vs = virtualService('vs', ['a.example.com'], [forward('/', 'u')]);
    pipeline.run(snapshot([upstream('u'), vs]));
    pipeline.run(snapshot([upstream('u')]));
    const broken = virtualService('vs', ['a.example.com'], [{ matchers: [{ prefix: '/' }], directResponseAction: { status: 999 } }]);
    const result = pipeline.run(snapshot([upstream('u'), broken]));
    expect(result.statuses.get('VirtualService.default.vs')?.reason).toContain('not served (no version of it was accepted before)');
    expect(routesOf(result)).toEqual({});
  });

  it('throws an AbortError when aborted and keeps nothing from the aborted pass', () => {
    const pipeline = createPipeline({ now: () => NOW });
    const controller = new AbortController();
    controller.abort();
    const objects = [upstream('u'), virtualService('vs', ['a.example.com'], [forward('/', 'u')])];
    expect(() => pipeline.run(snapshot(objects), controller.signal)).toThrow(expect.objectContaining({ name: 'AbortError' }));
    const broken = virtualService('vs', ['a.example.com'], [{ matchers: [{ prefix: '/' }], directResponseAction: { status: 999 } }]);
    expect(pipeline.run(snapshot([upstream('u'), broken])).statuses.get('VirtualService.default.vs')?.reason).toContain('no version of it was accepted before');
  });

  it('aborts between objects when the signal fires mid-pass', () => {
    const pipeline = createPipeline({ now: () => NOW });
    const controller = new AbortController();
    let calls = 0;
    const regexValidator = () => {
      if (++calls === 3) controller.abort();
      return undefined;
    };
    const objects = [upstream('u'), ...Array.from({ length: 10 }, (_, i) => virtualService(`vs${i}`, [`h${i}`], [{ matchers: [{ regex: `/r${i}` }], routeAction: { single: { upstream: { name: 'u' } } } }]))];
    expect(() => createPipeline({ regexValidator }).run(snapshot(objects), controller.signal)).toThrow(expect.objectContaining({ name: 'AbortError' }));
    expect(pipeline.run(snapshot(objects)).published.get(PROXY)).toBe(true);
  });

  it('never publishes a snapshot that fails the consistency check; the last good one stays', () => {
    let fail = false;
    const pipeline = createPipeline({ now: clock(NOW, LATER), checkConsistency: () => (fail ? ['listener x refers to route configuration y, which does not exist'] : []) });
    const first = pipeline.run(snapshot([upstream('u'), virtualService('vs', ['a.example.com'], [forward('/', 'u')])]));
    fail = true;
    const second = pipeline.run(snapshot([upstream('u'), virtualService('vs', ['a.example.com'], [forward('/', 'u'), forward('/b', 'u')])]));
    expect(second.published.get(PROXY)).toBe(false);
    expect(second.publishProblems.get(PROXY)).toEqual(['listener x refers to route configuration y, which does not exist']);
    expect(second.xds.get(PROXY)).toBe(first.xds.get(PROXY));
    expect(second.statuses.get('Proxy.gloo-system.gateway-proxy')).toMatchObject({ state: 'Rejected' });
    expect(second.statuses.get('Proxy.gloo-system.gateway-proxy')?.reason).toContain(`serving the last consistent snapshot from ${NOW.toISOString()}`);
  });

  it('translates Proxies the user wrote and ignores generated Proxies fed back as input', () => {
    const userProxy = obj(
      'Proxy',
      'edge',
      { listeners: [{ name: 'http', bindPort: 9000, httpListener: { virtualHosts: [{ name: 'all', domains: ['*'], routes: [{ matchers: [{ prefix: '/' }], routeAction: { single: { upstream: { name: 'u' } } } }] }] } }] },
      'gloo-system',
    );
    const stale = { ...obj('Proxy', 'gateway-proxy', { listeners: [] }, 'gloo-system'), metadata: { name: 'gateway-proxy', namespace: 'gloo-system', labels: { [GENERATED_LABEL]: 'true' } } };
    const result = createPipeline({ now: () => NOW }).run(snapshot([upstream('u', '10.0.0.1', 8080, 'gloo-system'), userProxy, stale as Resource<'Proxy'>, virtualService('vs', ['a'], [forward('/', 'u')], 'gloo-system')]));
    expect([...result.xds.keys()].sort()).toEqual(['gloo-system~edge', PROXY]);
    const edge = result.xds.get('gloo-system~edge')!;
    expect(routeNames(edge.resources.route.items.get('http-routes')?.json)).toEqual({ all: ['all-route-0-matcher-0'] });
    expect(result.routeOrigins.get('gloo-system~edge')?.[0]).toMatchObject({ listener: 'http', virtualHost: 'all', source: { kind: 'Proxy', name: 'edge', routeIndex: 0 } });
    expect(result.statuses.get('Proxy.gloo-system.edge')?.state).toBe('Accepted');
    expect(result.statuses.get('Proxy.gloo-system.gateway-proxy')?.state).toBe('Accepted');
  });

  it('records where every Envoy route came from, through delegation', () => {
    const vs = virtualService('vs', ['a.example.com'], [{ matchers: [{ prefix: '/api' }], delegateAction: { ref: { name: 'rt', namespace: 'team' } } }]);
    const rt = obj('RouteTable', 'rt', { routes: [{ matchers: [{ prefix: '/api/x' }, { exact: '/api/y' }], routeAction: { single: { upstream: { name: 'u', namespace: 'default' } } } }] }, 'team');
    const result = createPipeline({ now: () => NOW }).run(snapshot([upstream('u'), vs, rt]));
    const origins = result.routeOrigins.get(PROXY)!;
    expect(origins).toHaveLength(2);
    expect(origins[1]).toEqual({
      listener: 'listener-::-8080',
      routeConfiguration: ROUTES,
      virtualHost: 'default_vs',
      envoyRouteIndex: 1,
      routeName: 'default_vs-route-0-matcher-1',
      source: { kind: 'RouteTable', namespace: 'team', name: 'rt', routeIndex: 0 },
      chain: [
        { kind: 'VirtualService', namespace: 'default', name: 'vs', routeIndex: 0 },
        { kind: 'RouteTable', namespace: 'team', name: 'rt', routeIndex: 0 },
      ],
    });
  });

  it('does not use default gateways when a Gateway exists or Settings disable them', () => {
    const vs = virtualService('vs', ['a'], [forward('/', 'u')]);
    const disabled = obj('Settings', 'default', { gateway: { disableDefaultGateways: true } }, 'gloo-system');
    const none = createPipeline().run(snapshot([upstream('u'), vs, disabled]));
    expect(none.xds.size).toBe(0);
    expect(none.statuses.get('VirtualService.default.vs')).toMatchObject({ state: 'Warning', reason: 'not selected by any Gateway, so no proxy serves it' });
  });

  it('rejects a Gateway whose listener clashes with an earlier one of the same proxy', () => {
    const g1 = obj('Gateway', 'a', { bindPort: 8080, httpGateway: {} }, 'gloo-system');
    const g2 = obj('Gateway', 'b', { bindPort: 8080, httpGateway: {} }, 'gloo-system');
    const result = createPipeline().run(snapshot([g1, g2, upstream('u'), virtualService('vs', ['a'], [forward('/', 'u')])]));
    expect(result.statuses.get('Gateway.gloo-system.a')?.state).toBe('Accepted');
    expect(result.statuses.get('Gateway.gloo-system.b')).toMatchObject({ state: 'Rejected' });
    expect(result.statuses.get('Gateway.gloo-system.b')?.reason).toContain('listener listener-::-8080 of proxy gateway-proxy is already defined by Gateway gloo-system/a');
    expect(result.xds.get(PROXY)!.resources.listener.items.size).toBe(1);
  });
});

describe('pipeline: names', () => {
  it('warns when two routes of one object share a name', () => {
    const vs = virtualService('vs', ['a'], [forward('/a', 'u', 'same'), forward('/b', 'u', 'same')]);
    const result = createPipeline().run(snapshot([upstream('u'), vs]));
    expect(result.statuses.get('VirtualService.default.vs')).toMatchObject({ state: 'Warning', reason: 'route 2 "same": name is also used by route 1, so statuses and the route simulator cannot tell them apart' });
  });
});
