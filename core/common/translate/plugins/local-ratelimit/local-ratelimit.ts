// Local rate limits, after Gloo's local_ratelimit plugin (projects/gloo/pkg/plugins/local_ratelimit/
// plugin.go and utils.go: NetworkFiltersHTTP, NetworkFiltersTCP, HttpFilters, toEnvoyTokenBucket,
// generateNetworkFilter, GenerateHTTPFilter): a token bucket per Envoy instance, no rate-limit server.
// `networkLocalRatelimit` (and a TCP gateway's `localRatelimit`) becomes Envoy's network local_ratelimit
// filter, staged in the rate-limit stage, which closes connections over the limit;
// `httpLocalRatelimit` becomes the HTTP local_ratelimit filter before auth, which answers 429 once the
// default limit's tokens are spent (without a default limit it limits nothing).
import type { SettingsJson as GlooHttpSettings, TokenBucketJson as GlooTokenBucket } from '../../../gen/gloo/api/v1/options/local_ratelimit/local_ratelimit_pb';
import type { LocalRateLimitJson as HttpLocalRateLimit } from '../../../gen/envoy/envoy/extensions/filters/http/local_ratelimit/v3/local_rate_limit_pb';
import type { LocalRateLimitJson as NetworkLocalRateLimit } from '../../../gen/envoy/envoy/extensions/filters/network/local_ratelimit/v3/local_rate_limit_pb';
import type { TokenBucketJson } from '../../../gen/envoy/envoy/type/v3/token_bucket_pb';
import { packAny, typeUrl } from '../../../xds/envoy-any';
import { durationProblem } from '../../durations';
import type { Issue } from '../../served';
import { FilterStage, type Plugin } from '../plugin';

/** Gloo's names of the two filters and their stat prefixes. */
export const NETWORK_FILTER = 'envoy.filters.network.local_ratelimit';
export const HTTP_FILTER = 'envoy.filters.http.local_ratelimit';
const NETWORK_TYPE = typeUrl<NetworkLocalRateLimit>('envoy.extensions.filters.network.local_ratelimit.v3.LocalRateLimit');
const HTTP_TYPE = typeUrl<HttpLocalRateLimit>('envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit');
/** Gloo's CustomStageBeforeAuth: the stage number of the listener's own limit. */
const STAGE_BEFORE_AUTH = 3;
const ALL = { defaultValue: { numerator: 100, denominator: 'HUNDRED' as const } };

/** Why Gloo refuses a token bucket (toEnvoyTokenBucket), prefixed with `at`; none when it is fine. */
export function tokenBucketIssues(b: GlooTokenBucket, at: string): Issue[] {
  const issues: Issue[] = [];
  if (!b.maxTokens || b.maxTokens < 1) issues.push({ severity: 'error', message: `${at}.maxTokens must be at least 1 (it is ${b.maxTokens ?? 0})` });
  if (typeof b.tokensPerFill === 'number' && b.tokensPerFill < 1) issues.push({ severity: 'error', message: `${at}.tokensPerFill must be at least 1 (it is ${b.tokensPerFill})` });
  const bad = durationProblem(`${at}.fillInterval`, b.fillInterval);
  if (bad) issues.push({ severity: 'error', message: bad });
  // A valid proto3 JSON duration is seconds with a decimal fraction.
  else if (b.fillInterval && parseFloat(b.fillInterval) < 0.05) issues.push({ severity: 'error', message: `${at}.fillInterval must be at least 50ms (it is ${b.fillInterval})` });
  return issues;
}

/** Envoy's token bucket of Gloo's: the fill interval 1s when unset. */
export function tokenBucket(b: GlooTokenBucket): TokenBucketJson {
  return { maxTokens: b.maxTokens ?? 0, ...(typeof b.tokensPerFill === 'number' ? { tokensPerFill: b.tokensPerFill } : {}), fillInterval: b.fillInterval ?? '1s' };
}

/** The network filter config of a token bucket (generateNetworkFilter). */
export function networkLocalRateLimit(b: GlooTokenBucket): NetworkLocalRateLimit {
  return { statPrefix: 'network_local_ratelimit', tokenBucket: tokenBucket(b) };
}

/** The HTTP filter config of the listener's settings (GenerateHTTPFilter): enabled and enforced only with a default limit. */
export function httpLocalRateLimit(s: GlooHttpSettings): HttpLocalRateLimit {
  const out: HttpLocalRateLimit = { statPrefix: 'http_local_ratelimit', stage: STAGE_BEFORE_AUTH };
  if (s.defaultLimit) Object.assign(out, { tokenBucket: tokenBucket(s.defaultLimit), filterEnabled: ALL, filterEnforced: ALL });
  if (s.localRateLimitPerDownstreamConnection) out.localRateLimitPerDownstreamConnection = true;
  if (s.enableXRatelimitHeaders) out.enableXRatelimitHeaders = 'DRAFT_VERSION_03';
  return out;
}

/** The local rate limit plugin. */
export const localRateLimitPlugin: Plugin = {
  name: 'local-ratelimit',
  httpListenerOptions: ['networkLocalRatelimit', 'httpLocalRatelimit'],
  checkHttpListener: (o, ctx) => [
    ...(o.networkLocalRatelimit ? tokenBucketIssues(o.networkLocalRatelimit, `${ctx.field}.networkLocalRatelimit`) : []),
    ...(o.httpLocalRatelimit?.defaultLimit ? tokenBucketIssues(o.httpLocalRatelimit.defaultLimit, `${ctx.field}.httpLocalRatelimit.defaultLimit`) : []),
  ],
  listenerNetworkFilters: (o) => (o.networkLocalRatelimit ? [{ stage: FilterStage.RateLimit, filter: { name: NETWORK_FILTER, typedConfig: packAny(NETWORK_TYPE, networkLocalRateLimit(o.networkLocalRatelimit)) } }] : []),
  listenerHttpFilters: (o) => (o.httpLocalRatelimit ? [{ stage: FilterStage.AuthN, weight: -1, filter: { name: HTTP_FILTER, typedConfig: packAny(HTTP_TYPE, httpLocalRateLimit(o.httpLocalRatelimit)) } }] : []),
};
