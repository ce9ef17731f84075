// The Envoy JSON the route simulator reads: Envoy's own v3 proto3 JSON types, generated from its protos
// (core/common/gen/envoy), widened only where the simulator also reads older forms — v2 fields v3 dropped,
// wrappers in the message form `{value}`, int64 and enum values as numbers. Every generated type is
// assignable to its input type here, so the translator's typed output needs no conversion. snake_case field
// names, which proto3 JSON parsers accept too (https://protobuf.dev/programming-guides/json/), are turned
// into the lowerCamelCase the types use by listenerInput and routeConfigurationInput.
import type { JsonObject } from '@bufbuild/protobuf';
import type { StructJson } from '@bufbuild/protobuf/wkt';
import type { FilterChainJson, FilterChainMatchJson, FilterJson } from '../gen/envoy/envoy/config/listener/v3/listener_components_pb';
import type { ListenerJson } from '../gen/envoy/envoy/config/listener/v3/listener_pb';
import type {
  HeaderMatcherJson,
  QueryParameterMatcherJson,
  RedirectAction_RedirectResponseCodeJson,
  RedirectActionJson,
  RouteActionJson,
  RouteJson,
  RouteMatchJson,
  VirtualHostJson,
  WeightedCluster_ClusterWeightJson,
  WeightedClusterJson,
} from '../gen/envoy/envoy/config/route/v3/route_components_pb';
import type { RouteConfigurationJson } from '../gen/envoy/envoy/config/route/v3/route_pb';
import type { HttpConnectionManagerJson } from '../gen/envoy/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager_pb';
import type { StringMatcherJson } from '../gen/envoy/envoy/type/matcher/v3/string_pb';

/** A protobuf wrapper value (BoolValue, UInt32Value): bare as proto3 JSON writes it, or in the message form `{value}`. */
export type Wrapped<T> = T | { readonly value?: T };

/** envoy.type.matcher.v3.StringMatcher, plus the v2 `regex` string. */
export type StringMatcherInput = StringMatcherJson & { readonly regex?: string };

/** envoy.config.route.v3.HeaderMatcher, plus the v2 `regex_match` string and range bounds given as numbers. */
export type HeaderMatcherInput = Omit<HeaderMatcherJson, 'rangeMatch' | 'stringMatch'> & {
  readonly regexMatch?: string;
  readonly rangeMatch?: { readonly start?: string | number; readonly end?: string | number };
  readonly stringMatch?: StringMatcherInput;
};

/** envoy.config.route.v3.QueryParameterMatcher, plus the v2 `value` + `regex` pair. */
export type QueryParameterMatcherInput = Omit<QueryParameterMatcherJson, 'stringMatch'> & {
  readonly stringMatch?: StringMatcherInput;
  readonly value?: string;
  readonly regex?: Wrapped<boolean>;
};

/** envoy.config.route.v3.RouteMatch, plus the v2 `regex` path specifier. */
export type RouteMatchInput = Omit<RouteMatchJson, 'caseSensitive' | 'headers' | 'queryParameters'> & {
  readonly regex?: string;
  readonly caseSensitive?: Wrapped<boolean>;
  readonly headers?: readonly HeaderMatcherInput[];
  readonly queryParameters?: readonly QueryParameterMatcherInput[];
};

/** envoy.config.route.v3.WeightedCluster.ClusterWeight. */
export type ClusterWeightInput = Omit<WeightedCluster_ClusterWeightJson, 'weight'> & { readonly weight?: Wrapped<number> };

/** envoy.config.route.v3.WeightedCluster. */
export type WeightedClusterInput = Omit<WeightedClusterJson, 'clusters'> & { readonly clusters?: readonly ClusterWeightInput[] };

/** envoy.config.route.v3.RouteAction. */
export type RouteActionInput = Omit<RouteActionJson, 'weightedClusters'> & { readonly weightedClusters?: WeightedClusterInput };

/** envoy.config.route.v3.RedirectAction, with the response code by name or number. */
export type RedirectActionInput = Omit<RedirectActionJson, 'responseCode'> & {
  readonly responseCode?: RedirectAction_RedirectResponseCodeJson | number;
};

/** envoy.config.route.v3.Route. */
export type RouteInput = Omit<RouteJson, 'match' | 'route' | 'redirect'> & {
  readonly match?: RouteMatchInput;
  readonly route?: RouteActionInput;
  readonly redirect?: RedirectActionInput;
};

/** envoy.config.route.v3.VirtualHost. */
export type VirtualHostInput = Omit<VirtualHostJson, 'routes'> & { readonly routes?: readonly RouteInput[] };

/** envoy.config.route.v3.RouteConfiguration. */
export type RouteConfigurationInput = Omit<RouteConfigurationJson, 'virtualHosts'> & { readonly virtualHosts?: readonly VirtualHostInput[] };

/** envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager. */
export type HttpConnectionManagerInput = Omit<HttpConnectionManagerJson, 'routeConfig'> & { readonly routeConfig?: RouteConfigurationInput };

/** envoy.config.listener.v3.Filter, plus the v2 `config` Struct. */
export type NetworkFilterInput = FilterJson & { readonly config?: StructJson };

/** envoy.config.listener.v3.FilterChainMatch. */
export type FilterChainMatchInput = Omit<FilterChainMatchJson, 'destinationPort'> & { readonly destinationPort?: Wrapped<number> };

/** envoy.config.listener.v3.FilterChain, plus the v2 `tls_context`. */
export type FilterChainInput = Omit<FilterChainJson, 'filterChainMatch' | 'filters'> & {
  readonly filterChainMatch?: FilterChainMatchInput;
  readonly filters?: readonly NetworkFilterInput[];
  readonly tlsContext?: JsonObject;
};

/** envoy.config.listener.v3.Listener. */
export type ListenerInput = Omit<ListenerJson, 'filterChains' | 'defaultFilterChain'> & {
  readonly filterChains?: readonly FilterChainInput[];
  readonly defaultFilterChain?: FilterChainInput;
};

/** A Listener resource's JSON (camelCase or snake_case names) as the simulator reads it. */
export function listenerInput(json: Readonly<Record<string, unknown>>): ListenerInput {
  return camelize(json) as ListenerInput;
}

/** A RouteConfiguration resource's JSON (camelCase or snake_case names) as the simulator reads it. */
export function routeConfigurationInput(json: Readonly<Record<string, unknown>>): RouteConfigurationInput {
  return camelize(json) as RouteConfigurationInput;
}

/** The value of a protobuf wrapper given bare or as `{value}`. */
export function unwrap<T>(v: Wrapped<T> | undefined): T | undefined {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return (v as { value?: T }).value;
  return v as T | undefined;
}

/** The items of a JSON array field, or an empty list when it is absent or not an array. */
export function listOf<T>(v: readonly T[] | undefined): readonly T[] {
  return Array.isArray(v) ? v : [];
}

const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;
const camelCache = new WeakMap<object, unknown>();

/** The same JSON with snake_case field names turned to lowerCamelCase; the input itself when it has none (cached per object). */
function camelize(value: object): unknown {
  const cached = camelCache.get(value);
  if (cached !== undefined) return cached;
  const out = hasSnakeKeys(value) ? convert(value) : value;
  camelCache.set(value, out);
  return out;
}

function hasSnakeKeys(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasSnakeKeys);
  if (value === null || typeof value !== 'object') return false;
  for (const [k, v] of Object.entries(value)) if (SNAKE.test(k) || hasSnakeKeys(v)) return true;
  return false;
}

function convert(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(convert);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[SNAKE.test(k) ? k.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()) : k] = convert(v);
  }
  return out;
}
