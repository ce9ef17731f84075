import { describe, expect, it } from 'vitest';
import type { RouteJson } from '../../gen/gateway/api/v1/virtual_service_pb';
import type { Resource } from '../../model/resource';
import { createPipeline } from '../pipeline';
import { obj, snapshot, virtualService } from '../testing/objects';

const PROXY = 'gloo-system~gateway-proxy';
const toService: RouteJson = { matchers: [{ prefix: '/' }], routeAction: { single: { kube: { ref: { name: 'reviews', namespace: 'shop' }, port: 9080 } } } };
const vs = virtualService('shop', ['shop.example.com'], [toService], 'shop');

function kubeUpstream(name: string, extra: object = {}): Resource<'Upstream'> {
  return obj('Upstream', name, { kube: { serviceName: 'reviews', serviceNamespace: 'shop', servicePort: 9080 }, ...extra }, 'gloo-system');
}

function clusterOfRoute(result: ReturnType<ReturnType<typeof createPipeline>['run']>): string | undefined {
  const rc = result.xds.get(PROXY)?.resources.route.items.get('listener-::-8080-routes')?.json as { virtualHosts: { routes: { route?: { cluster?: string } }[] }[] };
  return rc.virtualHosts[0].routes[0].route?.cluster;
}

describe('Kubernetes Service destinations', () => {
  it("route to the cluster of the kube Upstream for the Service port, with no warning", () => {
    const result = createPipeline().run(snapshot([vs, kubeUpstream('shop-reviews-9080')]));
    expect(clusterOfRoute(result)).toBe('shop-reviews-9080_gloo-system');
    expect(result.statuses.get('VirtualService.shop.shop')?.state).toBe('Accepted');
  });

  it("name Gloo's in-memory Upstream and warn when no kube Upstream covers the Service port", () => {
    const result = createPipeline().run(snapshot([vs, obj('Upstream', 'other-port', { kube: { serviceName: 'reviews', serviceNamespace: 'shop', servicePort: 80 } }, 'gloo-system')]));
    expect(clusterOfRoute(result)).toBe('kube-svc:shop-reviews-9080_shop');
    expect(result.statuses.get('VirtualService.shop.shop')?.reason).toContain('Kubernetes Service shop/reviews port 9080 has no Upstream (Gloo makes kube-svc:shop-reviews-9080 by discovering the Service');
  });

  it('prefer a served kube Upstream to a rejected one, then the first by namespace and name', () => {
    const rejected = kubeUpstream('a-rejected', { outlierDetection: { consecutive5xx: 1 } });
    expect(clusterOfRoute(createPipeline().run(snapshot([vs, rejected, kubeUpstream('z-served')])))).toBe('z-served_gloo-system');
    expect(clusterOfRoute(createPipeline().run(snapshot([vs, kubeUpstream('m'), kubeUpstream('b')])))).toBe('b_gloo-system');
  });

  it('follow the kube Upstream as it appears, changes and goes, pass after pass', () => {
    const pipeline = createPipeline();
    for (let round = 0; round < 3; round++) {
      const none = pipeline.run(snapshot([vs]));
      expect(clusterOfRoute(none)).toBe('kube-svc:shop-reviews-9080_shop');
      expect(none.statuses.get('VirtualService.shop.shop')?.state).toBe('Warning');
      const one = pipeline.run(snapshot([vs, kubeUpstream('y')]));
      expect(clusterOfRoute(one)).toBe('y_gloo-system');
      expect(one.statuses.get('VirtualService.shop.shop')?.state).toBe('Accepted');
      const earlier = pipeline.run(snapshot([vs, kubeUpstream('y'), kubeUpstream('x')]));
      expect(clusterOfRoute(earlier)).toBe('x_gloo-system');
    }
  });

  it('follow the kube Upstream in a Proxy written by hand, pass after pass', () => {
    const proxy = obj('Proxy', 'edge', { listeners: [{ name: 'http', bindAddress: '::', bindPort: 9000, httpListener: { virtualHosts: [{ name: 'shop', domains: ['*'], routes: [toService] }] } }] }, 'shop');
    const clusterOf = (result: ReturnType<ReturnType<typeof createPipeline>['run']>) => {
      const rc = result.xds.get('shop~edge')?.resources.route.items.get('http-routes')?.json as { virtualHosts: { routes: { route?: { cluster?: string } }[] }[] };
      return rc.virtualHosts[0].routes[0].route?.cluster;
    };
    const pipeline = createPipeline();
    for (let round = 0; round < 3; round++) {
      expect(clusterOf(pipeline.run(snapshot([proxy])))).toBe('kube-svc:shop-reviews-9080_shop');
      const one = pipeline.run(snapshot([proxy, kubeUpstream('y')]));
      expect(clusterOf(one)).toBe('y_gloo-system');
      expect(one.statuses.get('Proxy.shop.edge')?.state).toBe('Accepted');
      expect(clusterOf(pipeline.run(snapshot([proxy, kubeUpstream('y'), kubeUpstream('x')])))).toBe('x_gloo-system');
    }
  });

  it('resolve no Service when Settings disable Kubernetes destinations, as Gloo then makes no Upstreams for Services', () => {
    const settings = obj('Settings', 'default', { gloo: { disableKubernetesDestinations: true } }, 'gloo-system');
    const result = createPipeline().run(snapshot([vs, kubeUpstream('y'), settings]));
    expect(clusterOfRoute(result)).toBe('kube-svc:shop-reviews-9080_shop');
    expect(result.statuses.get('VirtualService.shop.shop')?.reason).toContain('Kubernetes Service shop/reviews port 9080: Kubernetes destinations are disabled by Settings gloo.disableKubernetesDestinations');
  });
});
