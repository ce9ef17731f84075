import { describe, expect, it } from 'vitest';
import type { HybridGatewayJson } from '../../gen/gateway/api/v1/gateway_pb';
import type { Resource } from '../../model/resource';
import { createPipeline } from '../pipeline';
import { forward, obj, snapshot, upstream, virtualService } from '../testing/objects';

const PROXY = 'gloo-system~gateway-proxy';
const LISTENER = 'listener-::-9443';

type Chain = { filterChainMatch?: Record<string, unknown>; filters: { name: string; typedConfig: Record<string, unknown> }[] };

function hybrid(spec: HybridGatewayJson): Resource<'Gateway'> {
  return obj('Gateway', 'hybrid', { bindAddress: '::', bindPort: 9443, hybridGateway: spec }, 'gloo-system');
}

function run(objects: Resource[]) {
  const result = createPipeline().run(snapshot(objects));
  const resources = result.xds.get(PROXY)?.resources;
  const listener = resources?.listener.items.get(LISTENER)?.json as { filterChains?: Chain[]; listenerFilters?: unknown[] } | undefined;
  return { result, listener, routes: [...(resources?.route.items.keys() ?? [])], status: result.statuses.get('Gateway.gloo-system.hybrid') };
}

const tcpTo = (name: string) => ({ tcpHosts: [{ name, destination: { single: { upstream: { name, namespace: 'default' } } } }] });
const internal = [{ addressPrefix: '10.0.0.0', prefixLen: 8 }];

describe('hybrid gateways', () => {
  it('matched HTTP and TCP gateways become filter chains matched by source range, the HTTP one with its own route configuration', () => {
    const { listener, routes, status, result } = run([
      upstream('u'),
      upstream('db'),
      virtualService('web', ['web.example.com'], [forward('/', 'u')]),
      hybrid({ matchedGateways: [{ matcher: { sourcePrefixRanges: internal }, httpGateway: {} }, { matcher: {}, tcpGateway: tcpTo('db') }] }),
    ]);
    expect(status?.state).toBe('Accepted');
    expect(result.statuses.get('VirtualService.default.web')?.state).toBe('Accepted');
    const chains = listener?.filterChains ?? [];
    expect(chains.map((c) => c.filterChainMatch)).toEqual([{ sourcePrefixRanges: [{ addressPrefix: '10.0.0.0', prefixLen: 8 }] }, undefined]);
    expect(chains.map((c) => c.filters.at(-1)?.name)).toEqual(['envoy.filters.network.http_connection_manager', 'envoy.filters.network.tcp_proxy']);
    const rds = (chains[0].filters.at(-1)?.typedConfig.rds as { routeConfigName: string }).routeConfigName;
    expect(rds).toMatch(/^listener-::-9443-routes-[0-9a-f]{16}$/);
    expect(routes).toEqual([rds]);
    expect(listener?.listenerFilters).toBeUndefined();
  });

  it('a TCP matcher with SNI domains names the chains of hosts that have none, and adds the TLS inspector', () => {
    const { listener, status } = run([upstream('db'), hybrid({ matchedGateways: [{ matcher: { sslConfig: { sniDomains: ['db.example.com'] } }, tcpGateway: tcpTo('db') }] })]);
    expect(status?.state).toBe('Accepted');
    expect(listener?.filterChains?.[0].filterChainMatch).toEqual({ serverNames: ['db.example.com'] });
    expect(listener?.listenerFilters).toHaveLength(1);
  });

  it('a certificate in a TCP matcher is a Warning: only its SNI domains match, TLS is not terminated', () => {
    const secret = obj('Secret', 'cert', { tls: { certChain: 'x', privateKey: 'y' } }, 'gloo-system');
    const { listener, status } = run([upstream('db'), secret, hybrid({ matchedGateways: [{ matcher: { sslConfig: { secretRef: { name: 'cert' }, sniDomains: ['db.example.com'] } }, tcpGateway: tcpTo('db') }] })]);
    expect(status?.state).toBe('Warning');
    expect(status?.reason).toContain('hybridGateway.matchedGateways[0].matcher.sslConfig names a certificate, which a TCP gateway\'s matcher does not use');
    expect(listener?.filterChains?.[0]).not.toHaveProperty('transportSocket');
  });

  it('invalid source ranges and matchers claiming the same connections are errors on the Gateway', () => {
    const { status } = run([
      upstream('db'),
      hybrid({ matchedGateways: [{ matcher: { sourcePrefixRanges: [{ addressPrefix: 'ten', prefixLen: 8 }, { addressPrefix: '10.0.0.0', prefixLen: 40 }] }, tcpGateway: tcpTo('db') }, { matcher: {}, tcpGateway: tcpTo('db') }, { matcher: {}, tcpGateway: tcpTo('db') }] }),
    ]);
    expect(status?.state).toBe('Rejected');
    expect(status?.reason).toContain('hybridGateway.matchedGateways[0].matcher.sourcePrefixRanges[0]: addressPrefix "ten" is not an IP address');
    expect(status?.reason).toContain('hybridGateway.matchedGateways[0].matcher.sourcePrefixRanges[1]: prefixLen 40 is longer than the 32 bits of 10.0.0.0');
    expect(status?.reason).toContain('hybridGateway.matchedGateways[1] TCP host "db" and hybridGateway.matchedGateways[2] TCP host "db" give filter chains that match the same connections');
  });

  it('TCP hosts with SNI domains outside the matcher\'s are an error; cipher suites are a Warning', () => {
    const host = { name: 'db', sslConfig: { sniDomains: ['other.example.com'] }, destination: { single: { upstream: { name: 'db', namespace: 'default' } } } };
    const { status } = run([upstream('db'), hybrid({ matchedGateways: [{ matcher: { sslConfig: { sniDomains: ['db.example.com'] }, passthroughCipherSuites: ['ECDHE-RSA-AES128-GCM-SHA256'] }, tcpGateway: { tcpHosts: [host] } }] })]);
    expect(status?.state).toBe('Rejected');
    expect(status?.reason).toContain("hybridGateway.matchedGateways[0]: TCP hosts name SNI domains the matcher's sslConfig.sniDomains do not: db:other.example.com");
    expect(status?.reason).toContain('hybridGateway.matchedGateways[0].matcher.passthroughCipherSuites is not translated');
  });

  it('delegated HTTP gateways are selected by label; the HCM settings the Gateway shares fill in theirs', () => {
    const mhg = obj('MatchableHttpGateway', 'web', { matcher: { sourcePrefixRanges: internal }, httpGateway: { options: { httpConnectionManagerSettings: { serverName: 'child' } } } }, 'gloo-system', { team: 'web' });
    const other = obj('MatchableHttpGateway', 'other', { httpGateway: {} }, 'gloo-system', { team: 'other' });
    const { status, result, listener } = run([
      upstream('u'),
      virtualService('web', ['web.example.com'], [forward('/', 'u')]),
      mhg,
      other,
      hybrid({ delegatedHttpGateways: { selector: { labels: { team: 'web' } }, httpConnectionManagerSettings: { serverName: 'parent', skipXffAppend: true } } }),
    ]);
    expect(status?.state).toBe('Accepted');
    const matched = result.proxies[0].spec.listeners?.[0].hybridListener?.matchedListeners ?? [];
    expect(matched).toHaveLength(1);
    expect(matched[0].matcher).toEqual({ sourcePrefixRanges: internal });
    expect(matched[0].httpListener?.options?.httpConnectionManagerSettings).toEqual({ serverName: 'child', skipXffAppend: true });
    expect(matched[0].httpListener?.virtualHosts?.map((v) => v.name)).toEqual(['default_web']);
    expect(listener?.filterChains).toHaveLength(1);
    expect(result.statuses.get('MatchableHttpGateway.gloo-system.web')?.state).toBe('Accepted');
  });

  it('preventChildOverrides makes the shared settings win', () => {
    const mhg = obj('MatchableHttpGateway', 'web', { httpGateway: { options: { httpConnectionManagerSettings: { serverName: 'child' } } } }, 'gloo-system');
    const { result } = run([mhg, hybrid({ delegatedHttpGateways: { ref: { name: 'web' }, preventChildOverrides: true, httpConnectionManagerSettings: { serverName: 'parent' } } })]);
    expect(result.proxies[0].spec.listeners?.[0].hybridListener?.matchedListeners?.[0].httpListener?.options?.httpConnectionManagerSettings).toEqual({ serverName: 'parent' });
  });

  it('delegated TCP gateways become TCP chains; delegations that select nothing are a Warning and give no listener', () => {
    const mtg = obj('MatchableTcpGateway', 'db', { matcher: { sourcePrefixRanges: internal }, tcpGateway: tcpTo('db') }, 'gloo-system');
    const ok = run([upstream('db'), mtg, hybrid({ delegatedTcpGateways: { ref: { name: 'db' } } })]);
    expect(ok.status?.state).toBe('Accepted');
    expect(ok.listener?.filterChains?.map((c) => c.filterChainMatch)).toEqual([{ sourcePrefixRanges: internal }]);
    const none = run([upstream('db'), mtg, hybrid({ delegatedTcpGateways: { ref: { name: 'missing' } } })]);
    expect(none.status?.state).toBe('Warning');
    expect(none.status?.reason).toContain('the hybrid gateway has no populated matched gateways');
    expect(none.listener).toBeUndefined();
  });

  it('a MatchableTcpGateway with an invalid matcher is rejected on its own and not selected', () => {
    const mtg = obj('MatchableTcpGateway', 'db', { matcher: { sourcePrefixRanges: [{ addressPrefix: 'x' }] }, tcpGateway: tcpTo('db') }, 'gloo-system');
    const { result, status } = run([upstream('db'), mtg, hybrid({ delegatedTcpGateways: { ref: { name: 'db' } } })]);
    expect(result.statuses.get('MatchableTcpGateway.gloo-system.db')).toMatchObject({ state: 'Rejected' });
    expect(result.statuses.get('MatchableTcpGateway.gloo-system.db')?.reason).toContain('matcher.sourcePrefixRanges[0]: addressPrefix "x" is not an IP address');
    expect(status?.state).toBe('Warning');
  });
});
