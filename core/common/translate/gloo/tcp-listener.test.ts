import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ListenerJson } from '../../gen/gloo/api/v1/proxy_pb';
import type { Resource } from '../../model/resource';
import { createPipeline } from '../pipeline';
import { obj, snapshot, upstream } from '../testing/objects';

type Chain = { filterChainMatch?: Record<string, unknown>; filters: { name: string; typedConfig: Record<string, unknown> }[]; transportSocket?: { typedConfig: Record<string, unknown> }; transportSocketConnectTimeout?: string };

/** Runs a user-written Proxy (with no Gateway, so the default gateways run beside it) through the pipeline. */
function run(listener: ListenerJson, extra: Resource[] = []) {
  const proxy = obj('Proxy', 'custom', { listeners: [{ name: 'l', bindAddress: '::', bindPort: 7000, ...listener }] }, 'gloo-system');
  const result = createPipeline().run(snapshot([upstream('u'), ...extra, proxy]));
  const resources = result.xds.get('gloo-system~custom')?.resources;
  const json = resources?.listener.items.get('l')?.json as { filterChains: Chain[]; listenerFilters?: unknown[] } | undefined;
  return { json, chains: json?.filterChains ?? [], routes: [...(resources?.route.items.keys() ?? [])], status: result.statuses.get('Proxy.gloo-system.custom') };
}

const toU = { single: { upstream: { name: 'u', namespace: 'default' } } };

describe('TCP listeners of a Proxy', () => {
  it('forwardSniClusterName puts sni_cluster before a tcp_proxy with an empty cluster, and adds the TLS inspector', () => {
    const { chains, json, status } = run({ tcpListener: { tcpHosts: [{ name: 'mesh', destination: { forwardSniClusterName: {} } }] } });
    expect(status?.state).toBe('Accepted');
    expect(chains[0].filters.map((f) => f.name)).toEqual(['envoy.filters.network.sni_cluster', 'envoy.filters.network.tcp_proxy']);
    expect(chains[0].filters[1].typedConfig.cluster).toBe('');
    expect(json?.listenerFilters).toHaveLength(1);
  });

  it('a host with a certificate terminates TLS with it, within its connect timeout; statPrefix names the stats', () => {
    const ssl = { sslFiles: { tlsCert: '/certs/tls.crt', tlsKey: '/certs/tls.key' }, sniDomains: ['a.example.com'], transportSocketConnectTimeout: '5s' };
    const { chains } = run({ tcpListener: { statPrefix: 'edge', tcpHosts: [{ name: 'a', sslConfig: ssl, destination: toU }] } });
    expect(chains[0].filterChainMatch).toEqual({ serverNames: ['a.example.com'] });
    expect(chains[0].transportSocketConnectTimeout).toBe('5s');
    expect(chains[0].transportSocket?.typedConfig.commonTlsContext).toMatchObject({ tlsCertificates: [{ certificateChain: { filename: '/certs/tls.crt' }, privateKey: { filename: '/certs/tls.key' } }] });
    expect(chains[0].filters[0].typedConfig.statPrefix).toBe('edge');
  });

  it('a listener left with no filter chain is left out with a Warning on the Proxy', () => {
    const { json, status } = run({ tcpListener: { tcpHosts: [{ name: 'gone', destination: { single: { upstream: { name: 'nope', namespace: 'default' } } } }] } });
    expect(json).toBeUndefined();
    expect(status?.state).toBe('Warning');
    expect(status?.reason).toContain('listener l: tcpListener.tcpHosts[0] "gone": Upstream default/nope not found');
    expect(status?.reason).toContain('listener l has no filter chain');
  });
});

describe('aggregate listeners of a Proxy', () => {
  it('are not translated: a Warning says the listener serves no virtual hosts', () => {
    const { status } = run({ aggregateListener: { httpFilterChains: [{ httpOptionsRef: 'a', virtualHostRefs: [] }] } });
    expect(status?.state).toBe('Warning');
    expect(status?.reason).toContain('listener l: aggregateListener is not translated yet');
  });
});

describe('hybrid listeners of a Proxy', () => {
  it("an HTTP matched listener's SslConfigs take what they leave unset from the matcher's, and the matcher's ranges and port go in every chain's match", () => {
    const secret = obj('Secret', 'cert', { tls: { certChain: CERT, privateKey: KEY } }, 'gloo-system');
    const matcher = { sslConfig: { secretRef: { name: 'cert', namespace: 'gloo-system' } }, prefixRanges: [{ addressPrefix: '192.0.2.0', prefixLen: 24 }], destinationPort: 7000 };
    const { chains, routes, status } = run({ hybridListener: { matchedListeners: [{ matcher, httpListener: {}, sslConfigurations: [{ sniDomains: ['web.example.com'] }] }] } }, [secret]);
    expect(status?.state).toBe('Accepted');
    expect(chains).toHaveLength(1);
    expect(chains[0].filterChainMatch).toEqual({ serverNames: ['web.example.com'], prefixRanges: [{ addressPrefix: '192.0.2.0', prefixLen: 24 }], destinationPort: 7000 });
    expect(chains[0].transportSocket?.typedConfig.commonTlsContext).toMatchObject({ tlsCertificateSdsSecretConfigs: [{ name: 'cert_gloo-system' }] });
    expect(routes).toEqual([expect.stringMatching(/^l-routes-[0-9a-f]{16}$/)]);
  });

  it('two matched listeners claiming the same connections are an error on the Proxy', () => {
    const { status } = run({ hybridListener: { matchedListeners: [{ matcher: {}, httpListener: {} }, { matcher: {}, tcpListener: { tcpHosts: [{ name: 't', destination: toU }] } }] } });
    expect(status?.state).toBe('Rejected');
    expect(status?.reason).toContain('matched listener 0 HTTP and matched listener 1 TCP host "t" give filter chains that match the same connections (no server name)');
  });
});

// The self-signed test certificate of the golden TLS cases.
const secretsYaml = readFileSync(new URL('../../../../fixtures/golden/tls/input/secrets.yaml', import.meta.url), 'utf8');
const pem = (key: string) => Buffer.from(new RegExp(`${key.replace('.', '\\.')}: (\\S+)`).exec(secretsYaml)![1], 'base64').toString('utf8');
const CERT = pem('tls.crt');
const KEY = pem('tls.key');
