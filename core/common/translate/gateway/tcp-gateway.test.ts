import { describe, expect, it } from 'vitest';
import type { TcpHostJson } from '../../gen/gloo/api/v1/proxy_pb';
import type { Resource } from '../../model/resource';
import { createPipeline } from '../pipeline';
import { obj, snapshot, upstream } from '../testing/objects';

const PROXY = 'gloo-system~gateway-proxy';
const LISTENER = 'listener-::-9000';

function tcpGateway(tcpHosts: TcpHostJson[], extra: Record<string, unknown> = {}): Resource<'Gateway'> {
  return obj('Gateway', 'tcp', { bindAddress: '::', bindPort: 9000, tcpGateway: { tcpHosts, ...extra } }, 'gloo-system');
}

function run(objects: Resource[]) {
  const result = createPipeline().run(snapshot(objects));
  const listener = result.xds.get(PROXY)?.resources.listener.items.get(LISTENER)?.json as { filterChains?: { filterChainMatch?: unknown; filters: { name: string; typedConfig: Record<string, unknown> }[] }[]; listenerFilters?: unknown[] } | undefined;
  return { result, listener, status: result.statuses.get('Gateway.gloo-system.tcp') };
}

describe('TCP gateways', () => {
  it('a TCP host becomes a filter chain whose tcp_proxy sends connections to the upstream cluster', () => {
    const { result, listener, status } = run([upstream('db', '10.0.0.5', 5432, 'gloo-system'), tcpGateway([{ name: 'db', destination: { single: { upstream: { name: 'db' } } } }])]);
    expect(status?.state).toBe('Accepted');
    expect(result.proxies[0].spec.listeners?.[0].tcpListener?.tcpHosts?.[0].destination?.single?.upstream).toEqual({ name: 'db', namespace: 'gloo-system' });
    expect(listener?.filterChains).toEqual([
      { filters: [{ name: 'envoy.filters.network.tcp_proxy', typedConfig: { '@type': 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy', statPrefix: 'tcp', cluster: 'db_gloo-system' } }] },
    ]);
    expect(listener?.listenerFilters).toBeUndefined();
    expect(result.xds.get(PROXY)?.resources.route.items.size).toBe(0);
  });

  it('hosts with SNI domains get server-name matches and the TLS inspector; weights become weighted clusters', () => {
    const { listener, status } = run([
      upstream('a', '10.0.0.1', 443, 'gloo-system'),
      upstream('b', '10.0.0.2', 443, 'gloo-system'),
      tcpGateway([
        { name: 'a', sslConfig: { sniDomains: ['a.example.com'] }, destination: { single: { upstream: { name: 'a' } } } },
        { name: 'ab', sslConfig: { sniDomains: ['b.example.com'] }, destination: { multi: { destinations: [{ weight: 3, destination: { upstream: { name: 'a' } } }, { weight: 1, destination: { upstream: { name: 'b' } } }] } } },
      ]),
    ]);
    expect(status?.state).toBe('Accepted');
    expect(listener?.filterChains?.map((c) => c.filterChainMatch)).toEqual([{ serverNames: ['a.example.com'] }, { serverNames: ['b.example.com'] }]);
    expect(listener?.filterChains?.[1].filters[0].typedConfig.weightedClusters).toEqual({ clusters: [{ name: 'a_gloo-system', weight: 3 }, { name: 'b_gloo-system', weight: 1 }] });
    expect(listener?.listenerFilters).toEqual([{ name: 'envoy.filters.listener.tls_inspector', typedConfig: { '@type': 'type.googleapis.com/envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector' } }]);
  });

  it('a host whose upstream is missing gets a Warning and no filter chain; with no chain left the listener is left out', () => {
    const { listener, status, result } = run([tcpGateway([{ name: 'gone', destination: { single: { upstream: { name: 'nope' } } } }])]);
    expect(status?.state).toBe('Warning');
    expect(status?.reason).toContain('tcpGateway.tcpHosts[0] "gone": Upstream gloo-system/nope not found, so this host has no filter chain');
    expect(status?.reason).toContain('listener listener-::-9000 would have no filter chain, so it is left out');
    expect(listener).toBeUndefined();
    expect(result.proxies).toEqual([]);
  });

  it('a host without a destination, and two plain hosts (the same match), are errors', () => {
    const bad = run([tcpGateway([{ name: 'none' }])]);
    expect(bad.status?.state).toBe('Rejected');
    expect(bad.status?.reason).toContain('tcpGateway.tcpHosts[0] "none": names no destination');
    const twice = run([upstream('u', '10.0.0.1', 80, 'gloo-system'), tcpGateway([{ name: 'x', destination: { single: { upstream: { name: 'u' } } } }, { name: 'y', destination: { single: { upstream: { name: 'u' } } } }])]);
    expect(twice.status?.state).toBe('Rejected');
    expect(twice.status?.reason).toContain('tcpGateway TCP host "x" and tcpGateway TCP host "y" give filter chains that match the same connections (no server name)');
  });

  it('tcpProxySettings set tcp_proxy fields; connectionLimit puts its filter first, then localRatelimit its own', () => {
    const settings = { maxConnectAttempts: 3, idleTimeout: '30s', accessLogFlushInterval: '1s', tunnelingConfig: { hostname: 'proxy.example.com', headersToAdd: [{ header: { key: 'x-a', value: '1' }, append: false }] } };
    const { listener, status } = run([
      upstream('u', '10.0.0.1', 80, 'gloo-system'),
      tcpGateway([{ name: 'x', destination: { single: { upstream: { name: 'u' } } } }], { options: { tcpProxySettings: settings, connectionLimit: { maxActiveConnections: 5 }, localRatelimit: { maxTokens: 10 } } }),
    ]);
    expect(listener?.filterChains?.[0].filters.map((f) => f.name)).toEqual(['envoy.extensions.filters.network.connection_limit.v3.ConnectionLimit', 'envoy.filters.network.local_ratelimit', 'envoy.filters.network.tcp_proxy']);
    expect(listener?.filterChains?.[0].filters[0].typedConfig).toMatchObject({ statPrefix: 'connection_limit', maxConnections: '5' });
    expect(listener?.filterChains?.[0].filters[1].typedConfig).toMatchObject({ statPrefix: 'network_local_ratelimit', tokenBucket: { maxTokens: 10, fillInterval: '1s' } });
    expect(listener?.filterChains?.[0].filters[2].typedConfig).toMatchObject({
      maxConnectAttempts: 3,
      idleTimeout: '30s',
      accessLogOptions: { accessLogFlushInterval: '1s' },
      tunnelingConfig: { hostname: 'proxy.example.com', headersToAdd: [{ header: { key: 'x-a', value: '1' }, appendAction: 'OVERWRITE_IF_EXISTS_OR_ADD' }] },
    });
    expect(status?.state).toBe('Accepted');
    expect(status?.reason ?? '').not.toContain('connectionLimit');
  });

  it('a flush interval under 1ms, zero connect attempts and a connection limit of 0 are errors', () => {
    const { status } = run([upstream('u'), tcpGateway([{ name: 'x', destination: { single: { upstream: { name: 'u', namespace: 'default' } } } }], { options: { tcpProxySettings: { maxConnectAttempts: 0, accessLogFlushInterval: '0.0005s' } } })]);
    expect(status?.state).toBe('Rejected');
    expect(status?.reason).toContain('tcpGateway.options.tcpProxySettings.maxConnectAttempts must be at least 1');
    expect(status?.reason).toContain('tcpGateway.options.tcpProxySettings.accessLogFlushInterval must be at least 1ms');
    const limit = run([upstream('u'), tcpGateway([{ name: 'x', destination: { single: { upstream: { name: 'u', namespace: 'default' } } } }], { options: { connectionLimit: { maxActiveConnections: 0 } } })]);
    expect(limit.status?.reason).toContain('tcpGateway.options.connectionLimit.maxActiveConnections must be at least 1');
  });
});
