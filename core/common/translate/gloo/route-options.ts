// Gloo route and virtual host options → Envoy: rewrites, timeouts, retries, header manipulation,
// CORS (per-filter CorsPolicy, wrapped as an optional FilterConfig so proxyless gRPC clients that
// lack the CORS filter may ignore it, gRFC A39) and fault injection (per-filter HTTPFault, which
// gRPC clients support, gRFC A33).
import type { CorsPolicyJson, HeaderManipulationJson, HeaderValueOptionJson, RetryPolicyJson, RouteFaultsJson, RouteOptionsJson } from '../../gen/gloo/api/v1/route_options_pb';
import { CORS_FILTER, CORS_POLICY_TYPE, FAULT_FILTER, FAULT_TYPE, FILTER_CONFIG_TYPE, type Json } from './envoy-types';

/** RouteAction fields of route options: prefixRewrite, timeout, retryPolicy, hostRewriteLiteral. */
export function routeActionOptions(o: RouteOptionsJson | undefined): Json {
  const out: Json = {};
  if (!o) return out;
  if (o.prefixRewrite !== undefined && o.prefixRewrite !== null) out.prefixRewrite = o.prefixRewrite;
  if (o.timeout) out.timeout = o.timeout;
  if (o.retries) Object.assign(out, retryPolicyField(o.retries));
  if (o.hostRewrite) out.hostRewriteLiteral = o.hostRewrite;
  return out;
}

/** `{retryPolicy}` of a Gloo retry policy; numRetries 0 is left out (Envoy's default is 1, and gRPC clients reject 0). */
export function retryPolicyField(r: RetryPolicyJson): Json {
  const policy: Json = {};
  if (r.retryOn) policy.retryOn = r.retryOn;
  if (r.numRetries) policy.numRetries = r.numRetries;
  if (r.perTryTimeout) policy.perTryTimeout = r.perTryTimeout;
  return { retryPolicy: policy };
}

/** Route or virtual host header fields of a header manipulation (append defaults to true, as in Gloo and Envoy). */
export function headerFields(h: HeaderManipulationJson | undefined): Json {
  const out: Json = {};
  if (!h) return out;
  if (h.requestHeadersToAdd?.length) out.requestHeadersToAdd = h.requestHeadersToAdd.map(headerValueOption);
  if (h.requestHeadersToRemove?.length) out.requestHeadersToRemove = [...h.requestHeadersToRemove];
  if (h.responseHeadersToAdd?.length) out.responseHeadersToAdd = h.responseHeadersToAdd.map(headerValueOption);
  if (h.responseHeadersToRemove?.length) out.responseHeadersToRemove = [...h.responseHeadersToRemove];
  return out;
}

function headerValueOption(o: HeaderValueOptionJson): Json {
  const out: Json = { header: { key: o.header?.key ?? '', value: o.header?.value ?? '' } };
  if (o.append === false) out.appendAction = 'OVERWRITE_IF_EXISTS_OR_ADD';
  return out;
}

/** Per-filter configs of CORS and faults, and which HTTP filters they need on the listener. */
export interface PerFilter {
  readonly config: Json;
  readonly cors: boolean;
  readonly fault: boolean;
}

/** typedPerFilterConfig entries for a CORS policy and faults (either may be absent). */
export function perFilterConfig(cors: CorsPolicyJson | undefined, faults: RouteFaultsJson | undefined): PerFilter {
  const config: Json = {};
  if (cors) config[CORS_FILTER] = { '@type': FILTER_CONFIG_TYPE, config: corsPolicy(cors), isOptional: true };
  const fault = faults && (faults.abort || faults.delay) ? httpFault(faults) : undefined;
  if (fault) config[FAULT_FILTER] = fault;
  return { config, cors: !!cors, fault: !!fault };
}

/** Envoy's CorsPolicy of a Gloo CORS policy: origins as exact or RE2 string matchers, lists joined with commas. */
export function corsPolicy(c: CorsPolicyJson): Json {
  const out: Json = { '@type': CORS_POLICY_TYPE };
  const origins = [...(c.allowOrigin ?? []).map((exact) => ({ exact })), ...(c.allowOriginRegex ?? []).map((regex) => ({ safeRegex: { regex } }))];
  if (origins.length) out.allowOriginStringMatch = origins;
  if (c.allowMethods?.length) out.allowMethods = c.allowMethods.join(',');
  if (c.allowHeaders?.length) out.allowHeaders = c.allowHeaders.join(',');
  if (c.exposeHeaders?.length) out.exposeHeaders = c.exposeHeaders.join(',');
  if (c.maxAge) out.maxAge = c.maxAge;
  if (c.allowCredentials) out.allowCredentials = true;
  return out;
}

/** HTTPFault of Gloo faults; a percentage p becomes p×10⁴ per MILLION, as Gloo converts it. */
export function httpFault(f: RouteFaultsJson): Json {
  const out: Json = { '@type': FAULT_TYPE };
  if (f.abort) out.abort = { httpStatus: f.abort.httpStatus ?? 0, percentage: fraction(f.abort.percentage) };
  if (f.delay) out.delay = { fixedDelay: f.delay.fixedDelay ?? '0s', percentage: fraction(f.delay.percentage) };
  return out;
}

function fraction(p: number | string | undefined): Json {
  const n = Number(p ?? 0);
  return { numerator: Math.round((Number.isFinite(n) ? n : 0) * 10_000), denominator: 'MILLION' };
}
