// Every feature plugin, one line each. Order matters only among plugins that write the same Envoy
// field; HTTP filters are ordered by their stage, then by this list; cluster hooks run in this order.
import type { Plugin } from './plugin';
import { grpcTranscoderPlugin } from './grpc-transcoder/grpc-transcoder';
import { restFunctionsPlugin } from './rest-functions/rest-functions';
import { accessLogPlugin } from './access-log/access-log';
import { bufferPlugin } from './buffer/buffer';
import { connectionLimitPlugin } from './connection-limit/connection-limit';
import { localRateLimitPlugin } from './local-ratelimit/local-ratelimit';
import { gzipPlugin } from './gzip/gzip';
import { hcmSettingsPlugin } from './hcm-settings/hcm-settings';
import { healthCheckPlugin } from './health-check/health-check';
import { listenerSettingsPlugin } from './listener-settings/listener-settings';
import { proxyProtocolPlugin } from './proxy-protocol/proxy-protocol';
import { circuitBreakersPlugin } from './circuit-breakers/circuit-breakers';
import { connectionConfigPlugin } from './connection-config/connection-config';
import { corsPlugin } from './cors/cors';
import { dnsSettingsPlugin } from './dns-settings/dns-settings';
import { faultsPlugin } from './faults/faults';
import { headersPlugin } from './headers/headers';
import { healthChecksPlugin } from './health-checks/health-checks';
import { hostRewritePlugin } from './host-rewrite/host-rewrite';
import { httpProtocolPlugin } from './http-protocol/http-protocol';
import { loadBalancerPlugin } from './load-balancer/load-balancer';
import { outlierDetectionPlugin } from './outlier-detection/outlier-detection';
import { preconnectPlugin } from './preconnect/preconnect';
import { prefixRewritePlugin } from './prefix-rewrite/prefix-rewrite';
import { regexRewritePlugin } from './regex-rewrite/regex-rewrite';
import { upgradesPlugin } from './upgrades/upgrades';
import { routeTracingPlugin } from './route-tracing/route-tracing';
import { istioAutoMtlsPlugin } from './istio-auto-mtls/istio-auto-mtls';
import { azurePlugin } from './azure/azure';
import { awsLambdaPlugin } from './aws-lambda/aws-lambda';
import { dynamicForwardProxyPlugin } from './dynamic-forward-proxy/dynamic-forward-proxy';
import { tunnelingPlugin } from './tunneling/tunneling';
import { retriesPlugin } from './retries/retries';
import { timeoutPlugin } from './timeout/timeout';
import { upstreamTlsPlugin } from './upstream-tls/upstream-tls';
import { shadowingPlugin } from './shadowing/shadowing';
import { lbHashPlugin } from './lb-hash/lb-hash';
import { csrfPlugin } from './csrf/csrf';
import { rateLimitPlugin } from './ratelimit/ratelimit';
import { jwtPlugin } from './jwt/jwt';
import { extauthPlugin } from './extauth/extauth';
import { rbacPlugin } from './rbac/rbac';

/** The registered plugins. */
export const PLUGINS: readonly Plugin[] = [
  restFunctionsPlugin,
  grpcTranscoderPlugin,
  faultsPlugin,
  corsPlugin,
  headersPlugin,
  prefixRewritePlugin,
  regexRewritePlugin,
  hostRewritePlugin,
  timeoutPlugin,
  upgradesPlugin,
  routeTracingPlugin,
  retriesPlugin,
  httpProtocolPlugin,
  connectionConfigPlugin,
  upstreamTlsPlugin,
  istioAutoMtlsPlugin,
  azurePlugin,
  awsLambdaPlugin,
  tunnelingPlugin,
  loadBalancerPlugin,
  healthChecksPlugin,
  outlierDetectionPlugin,
  circuitBreakersPlugin,
  dnsSettingsPlugin,
  preconnectPlugin,
  hcmSettingsPlugin,
  accessLogPlugin,
  proxyProtocolPlugin,
  listenerSettingsPlugin,
  connectionLimitPlugin,
  localRateLimitPlugin,
  gzipPlugin,
  healthCheckPlugin,
  bufferPlugin,
  dynamicForwardProxyPlugin,
  shadowingPlugin,
  lbHashPlugin,
  csrfPlugin,
  // Among filters sharing a stage: rate limits before auth, then JWT, then ext_authz, then RBAC.
  rateLimitPlugin,
  jwtPlugin,
  extauthPlugin,
  rbacPlugin,
];
