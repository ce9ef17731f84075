import { describe, expect, it } from 'vitest';
import type { Resource } from '../model/resource';
import { createPipeline } from '../translate/pipeline';
import { obj, snapshot, upstream } from '../translate/testing/objects';
import type { XdsSnapshot } from '../xds/xds-snapshot';
import { checkExpectations } from './route-tests';
import { formatDecision, simulateRequest } from './simulator';

const dest = (name: string) => ({ single: { upstream: { name, namespace: 'default' } } });

function xdsOf(objects: Resource[]): XdsSnapshot {
  return createPipeline().run(snapshot(objects)).xds.get('gloo-system~gateway-proxy')!;
}

const tcpGateway = obj('Gateway', 'tcp', {
  bindPort: 9000,
  tcpGateway: {
    tcpHosts: [
      { name: 'db', sslConfig: { sniDomains: ['db.example.com'] }, destination: dest('db') },
      { name: 'cache', sslConfig: { sniDomains: ['cache.example.com'] }, destination: { multi: { destinations: [{ weight: 3, destination: { upstream: { name: 'db', namespace: 'default' } } }, { weight: 1, destination: { upstream: { name: 'cache', namespace: 'default' } } }] } } },
      { name: 'sni', sslConfig: { sniDomains: ['*.mesh.internal'] }, destination: { forwardSniClusterName: {} } },
    ],
  },
}, 'gloo-system');

describe('TCP proxy listeners in the route simulator', () => {
  it('a connection whose SNI picks a tcp_proxy chain reports the cluster and matches no HTTP route', () => {
    const d = simulateRequest(xdsOf([upstream('db'), upstream('cache'), tcpGateway]), { port: 9000, host: 'db.example.com', path: '/' });
    expect(d.matched).toBe(false);
    expect(d).toMatchObject({ listener: 'listener-::-9000', filterChain: 0, tcpProxy: { destinations: [{ cluster: 'db_default', weight: 1, upstream: { namespace: 'default', name: 'db' } }] } });
    expect(!d.matched && d.reason).toBe('TCP proxy to cluster db_default: filter chain 0 of listener listener-::-9000 proxies raw TCP, so no HTTP route is matched');
    expect(formatDecision(d).split('\n')[0]).toMatch(/^tcp proxy +TCP proxy to cluster db_default/);
  });

  it('weighted clusters and clusters named by the SNI are reported as such', () => {
    const xds = xdsOf([upstream('db'), upstream('cache'), tcpGateway]);
    const weighted = simulateRequest(xds, { port: 9000, host: 'cache.example.com', path: '/' });
    expect(!weighted.matched && weighted.reason).toContain('TCP proxy to clusters db_default (weight 3), cache_default (weight 1)');
    const sni = simulateRequest(xds, { port: 9000, host: 'outbound_.8080_._.app.mesh.internal', path: '/' });
    expect(!sni.matched && sni.reason).toContain('TCP proxy to cluster outbound_.8080_._.app.mesh.internal (named by the SNI)');
    expect(!sni.matched && sni.tcpProxy?.destinations[0].missing).toBe(true);
  });

  it('a route test on a TCP listener checks its cluster and upstream; HTTP expectations cannot hold', () => {
    const d = simulateRequest(xdsOf([upstream('db'), upstream('cache'), tcpGateway]), { port: 9000, host: 'db.example.com', path: '/' });
    expect(checkExpectations({ upstream: 'default/db', cluster: 'db_default' }, d)).toEqual([]);
    expect(checkExpectations({ matched: false }, d)).toEqual([]);
    expect(checkExpectations({ upstream: 'default/cache', route: 'x' }, d)).toEqual([
      'upstream: expected "default/cache", got "default/db" (TCP proxy to cluster db_default)',
      'route: expected "x", but the connection is proxied as raw TCP (TCP proxy to cluster db_default), so no HTTP route is matched',
    ]);
  });

  it('on a hybrid listener a plain HTTP request still reaches its route while a TLS one by SNI is proxied', () => {
    const hybrid = obj('Gateway', 'hybrid', {
      bindPort: 8080,
      hybridGateway: { matchedGateways: [{ matcher: {}, httpGateway: {} }, { matcher: { sslConfig: { sniDomains: ['db.example.com'] } }, tcpGateway: { tcpHosts: [{ name: 'db', destination: dest('db') }] } }] },
    }, 'gloo-system');
    const vs = obj('VirtualService', 'web', { virtualHost: { domains: ['*'], routes: [{ matchers: [{ prefix: '/' }], routeAction: dest('db') }] } });
    const xds = xdsOf([upstream('db'), hybrid, vs]);
    const http = simulateRequest(xds, { port: 8080, host: 'web.example.com', path: '/x', tls: false });
    expect(http.matched).toBe(true);
    const tcp = simulateRequest(xds, { port: 8080, host: 'db.example.com', path: '/' });
    expect(!tcp.matched && tcp.reason).toContain('TCP proxy to cluster db_default');
  });
});
