// Names Gloo gives generated objects and Envoy resources, and how objects are written in messages.
import type { ResourceRefJson } from '../gen/solo-kit/api/v1/solo-kit_pb';
import type { KindName } from '../model/kinds';
import type { Resource } from '../model/resource';
import { PairStrings } from '../model/pair-strings';

/** Gloo's default write namespace, where generated Proxies live. */
export const DEFAULT_WRITE_NAMESPACE = 'gloo-system';

/** Name of the proxy a Gateway belongs to when it names none (Gloo's `gateway-proxy`). */
export const DEFAULT_PROXY_NAME = 'gateway-proxy';

export { GENERATED_LABEL } from '../model/generated';
export { SOURCE_METADATA_KEY } from '../xds/resource-sources';

/** How messages name an object of a refKey (`Kind.namespace.name`): `VirtualService gloo-system/default` (names may hold dots, namespaces cannot). */
export function describeKey(key: string): string {
  const dot = key.indexOf('.');
  const second = key.indexOf('.', dot + 1);
  return second < 0 ? `${key.slice(0, dot)} ${key.slice(dot + 1)}` : `${key.slice(0, dot)} ${key.slice(dot + 1, second)}/${key.slice(second + 1)}`;
}

/** The field path of a route in the spec of the object a refKey names: `virtualHost.routes[i]` in a VirtualService, `routes[i]` in a RouteTable. */
export function routePath(ownerKey: string, index: number): string {
  return ownerKey.startsWith('VirtualService.') ? `virtualHost.routes[${index}]` : `routes[${index}]`;
}

/** Envoy cluster name of an upstream: `<name>_<namespace>` (Gloo's UpstreamToClusterName). */
export function clusterName(namespace: string, name: string): string {
  // Every route names a cluster: one string per Upstream rather than one per route.
  return CLUSTER_NAMES.get(namespace, name);
}

const CLUSTER_NAMES = new PairStrings((namespace, name) => `${name}_${namespace}`);

/** Cluster name of an upstream reference, its namespace defaulting to `defaultNamespace`. */
export function clusterNameOfRef(ref: ResourceRefJson | undefined, defaultNamespace: string): string {
  return clusterName(ref?.namespace || defaultNamespace, ref?.name ?? '');
}

/** SDS secret name of a Secret: `<name>_<namespace>`; the CA part of a TLS secret adds `-ca`. */
export function sdsSecretName(namespace: string, name: string, part: 'cert' | 'ca' = 'cert'): string {
  return `${name}_${namespace}${part === 'ca' ? '-ca' : ''}`;
}

/** Gloo's listener name for a Gateway: `listener-<bindAddress>-<bindPort>`. */
export function listenerName(bindAddress: string, bindPort: number): string {
  return `listener-${bindAddress}-${bindPort}`;
}

/** RDS name of a listener's route configuration: `<listener name>-routes` (Gloo). */
export function routeConfigName(listener: string): string {
  return `${listener}-routes`;
}

/** Proxy virtual host (and Envoy virtual host) name of a VirtualService: `<namespace>_<name>` (Gloo). */
export function virtualHostName(namespace: string, name: string): string {
  return `${namespace}_${name}`;
}

/** Envoy route name of matcher j of route i of a virtual host, as Gloo's initRoutes names it: `<vhost>-route-<i>[-<route name>]-matcher-<j>`. */
export function envoyRouteName(virtualHost: string, index: number, routeName: string | undefined, matcher: number): string {
  // One flat string rather than a chain of concatenations: every Envoy route keeps its name.
  return routeName ? [virtualHost, '-route-', index, '-', routeName, '-matcher-', matcher].join('') : [virtualHost, '-route-', index, '-matcher-', matcher].join('');
}

/**
 * The `observedGeneration` a generated Proxy virtual host's source carries: the content key of the
 * VirtualService expansion it came from (the served version's hash and every dependency's value) as a
 * decimal int64, the way Gloo records which generation of an object it translated. The gloo stage keys
 * its cache by it instead of hashing every route.
 */
export function contentGeneration(fingerprint: string): string {
  return BigInt(`0x${fingerprint.slice(0, 15)}`).toString();
}

/** Proxy key used by xDS: `namespace~name`. */
export function proxyKey(namespace: string, name: string): string {
  return `${namespace}~${name}`;
}

