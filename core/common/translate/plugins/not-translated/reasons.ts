// Why an option the API accepts is not turned into Envoy config. The object still loads and is
// served without it; its status carries a Warning naming the field and this reason.

const GLOO_FILTER = "it needs Gloo's own Envoy filter";
const RATE_LIMIT = 'staged (early and regular) rate limits are not translated; ratelimit and rateLimitConfigs are';
const NO_CLOUD = 'the sandbox runs offline and cannot reach the cloud service; its cluster has no endpoints, so routes to it answer 503';

/** Reasons by option field name (the same for route, virtual host and listener options). */
const REASONS: Readonly<Record<string, string>> = {
  // On a Gateway (route and virtual host options are translated by the extauth and ratelimit plugins).
  extauth: 'auth server settings on a Gateway are not translated; name the server in Settings extauth.extauthzServerRef',
  ratelimitServer: 'rate-limit server settings on a Gateway are not translated; name the server in Settings ratelimitServer',
  waf: 'the web application firewall is a Gloo Enterprise feature',
  dlp: 'data loss prevention is a Gloo Enterprise feature',
  ratelimitEarly: RATE_LIMIT,
  ratelimitRegular: RATE_LIMIT,
  rateLimitEarlyConfigs: RATE_LIMIT,
  rateLimitRegularConfigs: RATE_LIMIT,
  transformations: GLOO_FILTER,
  stagedTransformations: GLOO_FILTER,
  extProc: "it needs an external processing service",
  caching: "it needs Gloo's caching service",
  wasm: 'Wasm filters are not loaded by the sandbox',
  awsEc2: NO_CLOUD,
  gcp: NO_CLOUD,
  consul: 'the sandbox has no Consul to ask for endpoints; its cluster has no endpoints, so routes to it answer 503',
  pipe: 'Unix-socket upstreams are not translated; its cluster has no endpoints, so routes to it answer 503',
  ai: 'AI upstreams are a Gloo Enterprise feature; its cluster has no endpoints, so routes to it answer 503',
  failover: 'failover to other clusters is a Gloo Enterprise feature; the upstream is served without it',
  proxyProtocolVersion: "sending the PROXY protocol to upstreams needs Envoy's upstream_proxy_protocol transport socket, which the sandbox does not serve; connections go without it",
};

/** Why an option field is not translated. */
export function notTranslatedReason(field: string): string {
  return REASONS[field] ?? 'the sandbox does not translate it yet; the rest of the object is served without it';
}
