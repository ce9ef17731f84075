import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contentHash } from '../../common/model/hash';
import { TYPE_URLS, type XdsResource, type XdsType } from '../../common/xds/xds-snapshot';
import {
  decodeDeltaDiscoveryRequest,
  decodeDiscoveryRequest,
  decodeDiscoveryResponse,
  encodeDeltaDiscoveryRequest,
  encodeDiscoveryRequest,
  encodeDiscoveryResponse,
} from './discovery';
import { EnvoyEncodeError, ResourceEncoder, decodeEnvoyJson, encodeEnvoyJson, encodingKey } from './resource-encoder';
import { typeNameOf } from './envoy-registry';

const T = 'type.googleapis.com/envoy.extensions.';
const ADS = { ads: {}, resourceApiVersion: 'V3' };

/** One resource per type, using every typed_config Any the translator emits. */
const SAMPLES: Record<XdsType, Record<string, unknown>> = {
  listener: {
    name: 'listener-8443',
    address: { socketAddress: { address: '0.0.0.0', portValue: 8443 } },
    listenerFilters: [{ name: 'envoy.filters.listener.tls_inspector', typedConfig: { '@type': T + 'filters.listener.tls_inspector.v3.TlsInspector' } }],
    filterChains: [
      {
        filterChainMatch: { serverNames: ['echo.local'] },
        filters: [
          {
            name: 'envoy.filters.network.http_connection_manager',
            typedConfig: {
              '@type': T + 'filters.network.http_connection_manager.v3.HttpConnectionManager',
              statPrefix: 'https',
              rds: { routeConfigName: 'https', configSource: ADS },
              httpFilters: [
                { name: 'envoy.filters.http.fault', typedConfig: { '@type': T + 'filters.http.fault.v3.HTTPFault' } },
                { name: 'envoy.filters.http.cors', typedConfig: { '@type': T + 'filters.http.cors.v3.Cors' } },
                { name: 'envoy.filters.http.router', typedConfig: { '@type': T + 'filters.http.router.v3.Router' } },
              ],
            },
          },
        ],
        transportSocket: {
          name: 'envoy.transport_sockets.tls',
          typedConfig: {
            '@type': T + 'transport_sockets.tls.v3.DownstreamTlsContext',
            commonTlsContext: { tlsCertificateSdsSecretConfigs: [{ name: 'cert', sdsConfig: ADS }] },
          },
        },
      },
    ],
  },
  route: {
    name: 'https',
    virtualHosts: [
      {
        name: 'echo',
        domains: ['echo.local'],
        typedPerFilterConfig: {
          'envoy.filters.http.cors': { '@type': T + 'filters.http.cors.v3.CorsPolicy', allowOriginStringMatch: [{ exact: 'https://a.test' }] },
          'envoy.filters.http.fault': {
            '@type': T + 'filters.http.fault.v3.HTTPFault',
            abort: { httpStatus: 503, percentage: { numerator: 10 } },
          },
        },
        routes: [
          { match: { prefix: '/admin', headers: [{ name: 'x-variant', stringMatch: { exact: 'canary' } }] }, route: { cluster: 'b', timeout: '2.500s' } },
          { match: { prefix: '/' }, route: { weightedClusters: { clusters: [{ name: 'a', weight: 75 }, { name: 'b', weight: 25 }] } } },
        ],
      },
    ],
  },
  cluster: {
    name: 'b',
    type: 'EDS',
    connectTimeout: '5s',
    lbPolicy: 'LEAST_REQUEST',
    edsClusterConfig: { edsConfig: ADS },
    typedExtensionProtocolOptions: {
      'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
        '@type': T + 'upstreams.http.v3.HttpProtocolOptions',
        explicitHttpConfig: { http2ProtocolOptions: {} },
      },
    },
    transportSocket: {
      name: 'envoy.transport_sockets.tls',
      typedConfig: { '@type': T + 'transport_sockets.tls.v3.UpstreamTlsContext', sni: 'b.internal' },
    },
  },
  endpoint: {
    clusterName: 'b',
    endpoints: [
      {
        locality: { region: 'local' },
        loadBalancingWeight: 1,
        lbEndpoints: [{ endpoint: { address: { socketAddress: { address: '127.0.0.1', portValue: 9001 } } } }],
      },
    ],
  },
  secret: {
    name: 'cert',
    tlsCertificate: { certificateChain: { inlineString: 'chain' }, privateKey: { inlineString: 'key' } },
  },
};

const resource = (json: Record<string, unknown>, name = 'x'): XdsResource => ({ name, version: contentHash(json), json });

describe('Envoy message encoding', () => {
  it('every resource type and typed_config the translator uses encodes and decodes back to the same message', () => {
    for (const [type, json] of Object.entries(SAMPLES) as [XdsType, Record<string, unknown>][]) {
      const url = TYPE_URLS[type];
      const bytes = encodeEnvoyJson(typeNameOf(url), json);
      const decoded = decodeEnvoyJson(url, bytes);
      expect(decoded, type).toEqual(json);
      expect(encodeEnvoyJson(typeNameOf(url), decoded)).toEqual(bytes);
    }
  });

  it('a route configuration assembled from per-virtual-host bytes decodes to the same message', () => {
    const vh = (i: number) => ({ name: `ns_vs${i}`, domains: [`h${i}.example.com`], routes: [{ name: `r${i}`, match: { prefix: `/p${i}` }, route: { cluster: `c${i}_ns` } }] });
    const json = { name: 'listener-8080-routes', virtualHosts: [vh(0), vh(1), vh(2)], validateClusters: false };
    const assembled = new ResourceEncoder().encode('route', resource(json, 'listener-8080-routes'));
    expect(decodeEnvoyJson(TYPE_URLS.route, assembled)).toEqual(decodeEnvoyJson(TYPE_URLS.route, encodeEnvoyJson(typeNameOf(TYPE_URLS.route), json)));
  });

  it('an unchanged virtual host is not encoded again when its route configuration changes', () => {
    const encoder = new ResourceEncoder();
    const big = { name: 'ns_big', domains: ['big'], routes: Array.from({ length: 200 }, (_, i) => ({ match: { prefix: `/r${i}` }, route: { cluster: 'c_ns' } })) };
    const first = { name: 'rc', virtualHosts: [big, { name: 'ns_a', domains: ['a'], routes: [] }] };
    const second = { name: 'rc', virtualHosts: [big, { name: 'ns_a', domains: ['a', 'b'], routes: [] }] };
    const a = encoder.encode('route', resource(first, 'rc'));
    const b = encoder.encode('route', resource(second, 'rc'));
    const bigBytes = encodeEnvoyJson('envoy.config.route.v3.VirtualHost', big);
    const indexOf = (hay: Uint8Array) => Buffer.from(hay).indexOf(Buffer.from(bigBytes));
    expect(indexOf(a)).toBeGreaterThan(0);
    expect(indexOf(b)).toBe(indexOf(a));
    expect(decodeEnvoyJson(TYPE_URLS.route, b)).toMatchObject({ virtualHosts: [{ name: 'ns_big' }, { domains: ['a', 'b'] }] });
  });

  it('a resource is encoded once per content version however many times it is served', () => {
    const encoder = new ResourceEncoder();
    const r = resource(SAMPLES.listener, 'listener-8443');
    const first = encoder.encode('listener', r);
    for (let i = 0; i < 100; i++) expect(encoder.encode('listener', { ...r })).toBe(first);
    expect(encoder.stats()).toEqual({ encoded: 1, cacheHits: 100, cached: 1 });
  });

  it('the encoding cache stays within its bound, dropping the least recently used', () => {
    const encoder = new ResourceEncoder(2);
    const r = (n: number) => resource({ name: `c${n}`, connectTimeout: '1s' }, `c${n}`);
    encoder.encode('cluster', r(1));
    encoder.encode('cluster', r(2));
    encoder.encode('cluster', r(1));
    encoder.encode('cluster', r(3));
    expect(encoder.stats().cached).toBe(2);
    encoder.encode('cluster', r(1));
    expect(encoder.stats().encoded).toBe(3);
  });

  it('encodings outside the live set are dropped oldest first once they hold over the stale bound; live ones stay', () => {
    const encoder = new ResourceEncoder();
    const r = (n: number) => resource({ name: `c${n}`, connectTimeout: '1s' }, `c${n}`);
    const sizes = [1, 2, 3, 4].map((n) => encoder.encode('cluster', r(n)).length);
    const live = new Set([encodingKey('cluster', r(1))]);
    encoder.dropStale(live, sizes[3] + sizes[2]);
    expect(encoder.stats().cached).toBe(3); // c2, the oldest stale one, went
    encoder.dropStale(live, 0);
    expect(encoder.stats().cached).toBe(1);
    expect(encoder.cachedBytes).toBe(sizes[0]);
    encoder.encode('cluster', r(1));
    expect(encoder.stats().encoded).toBe(4);
  });

  it('JSON that is not a valid Envoy message is refused, naming the resource and the reason', () => {
    const encoder = new ResourceEncoder();
    const bad = resource({ name: 'c', conectTimeout: '1s' }, 'c');
    expect(() => encoder.encode('cluster', bad)).toThrow(EnvoyEncodeError);
    expect(() => encoder.encode('cluster', bad)).toThrow(/cluster c: .*conectTimeout/);
    const unknownAny = resource({ name: 'l', listenerFilters: [{ name: 'x', typedConfig: { '@type': 'type.googleapis.com/no.Such' } }] });
    expect(() => encoder.encode('listener', unknownAny)).toThrow(/no\.Such/);
  });

  it('discovery requests and responses round-trip with node metadata, error_detail and resource bytes', () => {
    const node = { id: 'n1', cluster: 'c', metadata: { role: 'gloo-system~gateway-proxy', n: 1 } };
    const req = decodeDiscoveryRequest(
      encodeDiscoveryRequest({ node, typeUrl: TYPE_URLS.route, resourceNames: ['a', 'b'], responseNonce: '7', errorDetail: { code: 3, message: 'no' } }),
    );
    expect(req).toMatchObject({ node: { id: 'n1', metadata: { role: 'gloo-system~gateway-proxy', n: 1 } }, resourceNames: ['a', 'b'], responseNonce: '7' });
    expect(req.errorDetail).toMatchObject({ code: 3, message: 'no' });
    expect(decodeDiscoveryRequest(encodeDiscoveryRequest({ typeUrl: TYPE_URLS.route })).errorDetail).toBeUndefined();
    const value = encodeEnvoyJson(typeNameOf(TYPE_URLS.secret), SAMPLES.secret);
    const res = decodeDiscoveryResponse(encodeDiscoveryResponse({ versionInfo: 'v', typeUrl: TYPE_URLS.secret, nonce: '1', resources: [{ typeUrl: TYPE_URLS.secret, value }] }));
    expect(res.resources[0].value).toEqual(value);
    const delta = decodeDeltaDiscoveryRequest(encodeDeltaDiscoveryRequest({ initialResourceVersions: { a: '1' }, resourceNamesSubscribe: ['a'] }));
    expect(delta).toMatchObject({ initialResourceVersions: { a: '1' }, resourceNamesSubscribe: ['a'], resourceNamesUnsubscribe: [] });
  });

  it('the committed descriptor set is exactly what scripts/generate-envoy.mjs builds from the npm package protos', () => {
    const script = fileURLToPath(new URL('../../../scripts/generate-envoy.mjs', import.meta.url));
    const run = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(run.stdout + run.stderr).toMatch(/is up to date/);
    expect(run.status).toBe(0);
  }, 180_000); // it regenerates every Envoy type (~25 s of CPU alone), so beside the other test files it takes minutes
});
