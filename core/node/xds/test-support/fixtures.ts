// Envoy JSON builders for tests, in the forms the translator produces (EDS clusters over
// ADS with ROUND_ROBIN, RDS listeners, ADS config sources).
import { buildXdsSnapshot, type XdsResourceInput } from '../../../common/xds/snapshot-builder';
import type { XdsSnapshot } from '../../../common/xds/xds-snapshot';
import { HCM_TYPE_URL, ROUTER_TYPE_URL } from '../api-listener';

/** Proxy key used by the tests (Gloo's default gateway proxy). */
export const PROXY = 'gloo-system~gateway-proxy';

type Json = Record<string, unknown>;

const ADS_SOURCE = { ads: {}, resourceApiVersion: 'V3' };

/** An EDS cluster fed over ADS, round robin (the form gRPC clients accept). */
export function edsCluster(name: string): Json {
  return { name, type: 'EDS', connectTimeout: '1s', lbPolicy: 'ROUND_ROBIN', edsClusterConfig: { edsConfig: ADS_SOURCE } };
}

/** A ClusterLoadAssignment with one weighted locality of 127.0.0.1 endpoints. */
export function endpoints(clusterName: string, ports: readonly number[]): Json {
  const lbEndpoints = ports.map((port) => ({ endpoint: { address: { socketAddress: { address: '127.0.0.1', portValue: port } } } }));
  return { clusterName, endpoints: [{ locality: { region: 'local' }, loadBalancingWeight: 1, lbEndpoints }] };
}

/** A listener with one HCM filter chain using RDS over ADS; tlsSecret adds a TLS transport socket using SDS. */
export function httpListener(name: string, port: number, routeConfigName: string, tlsSecret?: string): Json {
  const hcm = {
    '@type': HCM_TYPE_URL,
    statPrefix: name,
    rds: { routeConfigName, configSource: ADS_SOURCE },
    httpFilters: [{ name: 'envoy.filters.http.router', typedConfig: { '@type': ROUTER_TYPE_URL } }],
  };
  const chain: Json = { filters: [{ name: 'envoy.filters.network.http_connection_manager', typedConfig: hcm }] };
  if (tlsSecret) chain.transportSocket = tlsSocket(tlsSecret);
  return { name, address: { socketAddress: { address: '0.0.0.0', portValue: port } }, filterChains: [chain] };
}

function tlsSocket(secret: string): Json {
  return {
    name: 'envoy.transport_sockets.tls',
    typedConfig: {
      '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext',
      commonTlsContext: { tlsCertificateSdsSecretConfigs: [{ name: secret, sdsConfig: ADS_SOURCE }] },
    },
  };
}

/** A route sending a path prefix to a cluster. */
export function prefixRoute(prefix: string, cluster: string): Json {
  return { match: { prefix }, route: { cluster } };
}

/** A route sending a path prefix with an exact header value to a cluster. */
export function headerRoute(prefix: string, header: string, value: string, cluster: string): Json {
  return { match: { prefix, headers: [{ name: header, stringMatch: { exact: value } }] }, route: { cluster } };
}

/** A route splitting a path prefix across clusters by weight. */
export function weightedRoute(prefix: string, weights: Record<string, number>): Json {
  const clusters = Object.entries(weights).map(([name, weight]) => ({ name, weight }));
  return { match: { prefix }, route: { weightedClusters: { clusters } } };
}

/** A RouteConfiguration with one virtual host. */
export function routeConfig(name: string, domains: string[], routes: Json[]): Json {
  return { name, virtualHosts: [{ name: `${name}-vh`, domains, routes }] };
}

/** A TLS certificate secret (inline placeholders; encoding does not parse PEM). */
export function tlsSecret(name: string): Json {
  return {
    name,
    tlsCertificate: {
      certificateChain: { inlineString: `-----BEGIN CERTIFICATE-----\n${name}\n-----END CERTIFICATE-----\n` },
      privateKey: { inlineString: `-----BEGIN PRIVATE KEY-----\n${name}\n-----END PRIVATE KEY-----\n` },
    },
  };
}

/** Input naming resources by their JSON name (clusterName for assignments). */
export function input(parts: Partial<Record<keyof XdsResourceInput, Json[]>>): XdsResourceInput {
  const out: XdsResourceInput = {};
  for (const [type, items] of Object.entries(parts) as [keyof XdsResourceInput, Json[]][]) {
    out[type] = items.map((json) => ({ name: String(json.name ?? json.clusterName), json }));
  }
  return out;
}

/** Options of the standard test proxy. */
export interface ProxyFixture {
  ports?: Record<string, number>;
  routes?: Json[];
  /** Domains of the "http" virtual host (default: '*' and 'echo.local'). */
  domains?: string[];
  withTls?: boolean;
}

/** A proxy with clusters a, b, c, an HTTP listener on 8080 → route config "http", optionally a TLS listener on 8443 with secret "cert". */
export function proxyInput(fixture: ProxyFixture = {}): XdsResourceInput {
  const ports = fixture.ports ?? { a: 10001, b: 10002, c: 10003 };
  const routes = fixture.routes ?? [prefixRoute('/', 'a')];
  const listeners = [httpListener('listener-8080', 8080, 'http')];
  if (fixture.withTls) listeners.push(httpListener('listener-8443', 8443, 'https', 'cert'));
  const routeConfigs = [routeConfig('http', fixture.domains ?? ['*', 'echo.local'], routes)];
  if (fixture.withTls) routeConfigs.push(routeConfig('https', ['*'], routes));
  return input({
    cluster: Object.keys(ports).map(edsCluster),
    endpoint: Object.entries(ports).map(([name, port]) => endpoints(name, [port])),
    listener: listeners,
    route: routeConfigs,
    secret: fixture.withTls ? [tlsSecret('cert')] : [],
  });
}

/** The standard test proxy as a snapshot. */
export function proxySnapshot(fixture: ProxyFixture = {}, key = PROXY): XdsSnapshot {
  return buildXdsSnapshot(key, proxyInput(fixture));
}
