// The slices of Envoy v3 proto3 JSON the route simulator reads, typed loosely (every field optional),
// plus a normaliser that accepts snake_case field names too, since proto3 JSON parsers accept both.

/** Any JSON object. */
export type Json = Record<string, unknown>;

/** envoy.type.matcher.v3.RegexMatcher (the `googleRe2` engine field is ignored). */
export interface RegexMatcherJson {
  readonly regex?: string;
}

/** envoy.type.matcher.v3.StringMatcher, with the deprecated v2 `regex` string. */
export interface StringMatcherJson {
  readonly exact?: string;
  readonly prefix?: string;
  readonly suffix?: string;
  readonly contains?: string;
  readonly safeRegex?: RegexMatcherJson;
  readonly regex?: string;
  readonly ignoreCase?: boolean;
}

/** envoy.config.route.v3.HeaderMatcher, with the deprecated direct specifiers and v2 `regexMatch`. */
export interface HeaderMatcherJson {
  readonly name?: string;
  readonly exactMatch?: string;
  readonly safeRegexMatch?: RegexMatcherJson;
  readonly regexMatch?: string;
  readonly rangeMatch?: { readonly start?: string | number; readonly end?: string | number };
  readonly presentMatch?: boolean;
  readonly prefixMatch?: string;
  readonly suffixMatch?: string;
  readonly containsMatch?: string;
  readonly stringMatch?: StringMatcherJson;
  readonly invertMatch?: boolean;
  readonly treatMissingHeaderAsEmpty?: boolean;
}

/** envoy.config.route.v3.QueryParameterMatcher, with the v2 `value` + `regex` pair. */
export interface QueryParameterMatcherJson {
  readonly name?: string;
  readonly stringMatch?: StringMatcherJson;
  readonly presentMatch?: boolean;
  readonly value?: string;
  readonly regex?: boolean | { readonly value?: boolean };
}

/** envoy.config.route.v3.RouteMatch. */
export interface RouteMatchJson {
  readonly prefix?: string;
  readonly path?: string;
  readonly safeRegex?: RegexMatcherJson;
  readonly regex?: string;
  readonly pathSeparatedPrefix?: string;
  readonly connectMatch?: Json;
  readonly pathMatchPolicy?: Json;
  readonly caseSensitive?: boolean | { readonly value?: boolean };
  readonly headers?: readonly HeaderMatcherJson[];
  readonly queryParameters?: readonly QueryParameterMatcherJson[];
  readonly grpc?: Json;
}

/** envoy.config.route.v3.WeightedCluster.ClusterWeight. */
export interface ClusterWeightJson {
  readonly name?: string;
  readonly weight?: number | { readonly value?: number };
}

/** envoy.config.route.v3.RouteAction (the parts that decide where and how a request goes). */
export interface RouteActionJson {
  readonly cluster?: string;
  readonly weightedClusters?: { readonly clusters?: readonly ClusterWeightJson[] };
  readonly clusterHeader?: string;
  readonly prefixRewrite?: string;
  readonly regexRewrite?: { readonly pattern?: RegexMatcherJson; readonly substitution?: string };
  readonly hostRewriteLiteral?: string;
  readonly hostRewriteHeader?: string;
  readonly timeout?: string;
}

/** envoy.config.route.v3.RedirectAction. */
export interface RedirectActionJson {
  readonly schemeRedirect?: string;
  readonly httpsRedirect?: boolean;
  readonly hostRedirect?: string;
  readonly portRedirect?: number;
  readonly pathRedirect?: string;
  readonly prefixRewrite?: string;
  readonly regexRewrite?: { readonly pattern?: RegexMatcherJson; readonly substitution?: string };
  readonly responseCode?: string | number;
  readonly stripQuery?: boolean;
}

/** envoy.config.route.v3.DirectResponseAction. */
export interface DirectResponseJson {
  readonly status?: number;
  readonly body?: { readonly inlineString?: string; readonly inlineBytes?: string; readonly filename?: string };
}

/** envoy.config.core.v3.Metadata. */
export interface MetadataJson {
  readonly filterMetadata?: Readonly<Record<string, Json>>;
}

/** envoy.config.route.v3.Route. */
export interface RouteJson {
  readonly name?: string;
  readonly match?: RouteMatchJson;
  readonly route?: RouteActionJson;
  readonly redirect?: RedirectActionJson;
  readonly directResponse?: DirectResponseJson;
  readonly metadata?: MetadataJson;
}

/** envoy.config.route.v3.VirtualHost. */
export interface VirtualHostJson {
  readonly name?: string;
  readonly domains?: readonly string[];
  readonly routes?: readonly RouteJson[];
  readonly metadata?: MetadataJson;
}

/** envoy.config.route.v3.RouteConfiguration. */
export interface RouteConfigurationJson {
  readonly name?: string;
  readonly virtualHosts?: readonly VirtualHostJson[];
  readonly ignorePortInHostMatching?: boolean;
}

/** envoy.config.listener.v3.FilterChainMatch (the criteria the simulator can decide). */
export interface FilterChainMatchJson {
  readonly serverNames?: readonly string[];
  readonly transportProtocol?: string;
  readonly destinationPort?: number | { readonly value?: number };
}

/** One network filter of a filter chain. */
export interface NetworkFilterJson {
  readonly name?: string;
  readonly typedConfig?: Json;
  readonly config?: Json;
}

/** envoy.config.listener.v3.FilterChain. */
export interface FilterChainJson {
  readonly name?: string;
  readonly filterChainMatch?: FilterChainMatchJson;
  readonly filters?: readonly NetworkFilterJson[];
  readonly transportSocket?: Json;
  readonly tlsContext?: Json;
}

/** envoy.config.listener.v3.Listener. */
export interface ListenerJson {
  readonly name?: string;
  readonly address?: { readonly socketAddress?: { readonly address?: string; readonly portValue?: number } };
  readonly filterChains?: readonly FilterChainJson[];
  readonly defaultFilterChain?: FilterChainJson;
}

/** envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager (routing parts). */
export interface HttpConnectionManagerJson {
  readonly rds?: { readonly routeConfigName?: string };
  readonly routeConfig?: RouteConfigurationJson;
  readonly stripAnyHostPort?: boolean;
  readonly stripMatchingHostPort?: boolean;
  readonly stripTrailingHostDot?: boolean;
}

/** The value of a protobuf wrapper (`BoolValue`, `UInt32Value`) given bare or as `{value}`. */
export function unwrap<T>(v: T | { readonly value?: T } | undefined): T | undefined {
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
export function camelize<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  const cached = camelCache.get(value as object);
  if (cached !== undefined) return cached as T;
  const out = hasSnakeKeys(value) ? convert(value) : value;
  camelCache.set(value as object, out);
  return out as T;
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
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    out[SNAKE.test(k) ? k.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()) : k] = convert(v);
  }
  return out;
}
