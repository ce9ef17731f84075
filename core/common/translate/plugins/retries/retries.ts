// Retries, after Gloo's basicroute plugin (projects/gloo/pkg/plugins/basicroute/plugin.go:
// applyRetries, applyRetriesVhost, convertPolicy, convertRateLimitedBackoff): a retry policy on the
// route's action or on the virtual host, with back-off, retriable status codes, rate-limited back-off
// and the previous-priorities retry priority. numRetries 0 is left out (Envoy's default is 1, as
// Gloo's; gRPC clients reject 0).
import type { RetryPolicyJson } from '../../../gen/gloo/api/v1/options/retries/retries_pb';
import { durationProblem } from '../../durations';
import type { Issue } from '../../served';
import type { RetryPolicyJson as EnvoyRetryPolicy, RetryPolicy_RateLimitedRetryBackOffJson as EnvoyRateLimitedBackOff } from '../../../gen/envoy/envoy/config/route/v3/route_components_pb';
import type { PreviousPrioritiesConfigJson } from '../../../gen/envoy/envoy/extensions/retry/priority/previous_priorities/v3/previous_priorities_config_pb';
import { packAny, typeUrl } from '../../../xds/envoy-any';
import { forwardingOnly } from '../forwarding-only';
import type { CheckContext, Plugin } from '../plugin';

/** Name of the previous-priorities retry priority (Gloo's PreviousPrioritiesExtensionName). */
export const PREVIOUS_PRIORITIES = 'envoy.retry_priorities.previous_priorities';
const PREVIOUS_PRIORITIES_TYPE = typeUrl<PreviousPrioritiesConfigJson>('envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig');

/** Envoy's RetryPolicy of a Gloo retry policy (checked first: convertPolicy's rules are in retryPolicyIssues). */
export function retryPolicy(r: RetryPolicyJson): EnvoyRetryPolicy {
  const policy: EnvoyRetryPolicy = {};
  if (r.retryOn) policy.retryOn = r.retryOn;
  if (r.numRetries) policy.numRetries = r.numRetries;
  if (r.perTryTimeout) policy.perTryTimeout = r.perTryTimeout;
  if (r.previousPriorities) {
    // Envoy refuses an update frequency of 0, so Gloo sends 1 when none is set.
    const updateFrequency = r.previousPriorities.updateFrequency || 1;
    policy.retryPriority = { name: PREVIOUS_PRIORITIES, typedConfig: packAny(PREVIOUS_PRIORITIES_TYPE, { updateFrequency }) };
  }
  const b = r.retryBackOff;
  if (b && (b.baseInterval || b.maxInterval)) policy.retryBackOff = { baseInterval: b.baseInterval ?? '0s', ...(b.maxInterval ? { maxInterval: b.maxInterval } : {}) };
  if (r.retriableStatusCodes?.length) policy.retriableStatusCodes = [...r.retriableStatusCodes];
  if (r.rateLimitedRetryBackOff) policy.rateLimitedRetryBackOff = rateLimitedBackOff(r.rateLimitedRetryBackOff);
  return policy;
}

function rateLimitedBackOff(b: NonNullable<RetryPolicyJson['rateLimitedRetryBackOff']>): EnvoyRateLimitedBackOff {
  const out: EnvoyRateLimitedBackOff = { resetHeaders: (b.resetHeaders ?? []).map((h) => ({ name: h.name ?? '', format: h.format === 'UNIX_TIMESTAMP' || (h.format as unknown) === 1 ? 'UNIX_TIMESTAMP' : 'SECONDS' })) };
  if (b.maxInterval) out.maxInterval = b.maxInterval;
  return out;
}

/** Milliseconds of a valid proto3 JSON duration, truncated as Go's Duration.Milliseconds() does. */
function millis(d: string): number {
  return Math.trunc(Number(d.slice(0, -1)) * 1000);
}

/** Problems of a retry policy, with Gloo's convertPolicy rules for back-off: both intervals above 0 ms, the base at most the max, no max without a base. */
export function retryPolicyIssues(r: RetryPolicyJson, field: string): Issue[] {
  const at = `${field}.retries`;
  const errors: string[] = [];
  const durations: [string, string | undefined][] = [
    ['perTryTimeout', r.perTryTimeout],
    ['retryBackOff.baseInterval', r.retryBackOff?.baseInterval],
    ['retryBackOff.maxInterval', r.retryBackOff?.maxInterval],
    ['rateLimitedRetryBackOff.maxInterval', r.rateLimitedRetryBackOff?.maxInterval],
  ];
  for (const [name, value] of durations) {
    const bad = durationProblem(`${at}.${name}`, value);
    if (bad) errors.push(bad);
  }
  if (errors.length) return errors.map((message) => ({ severity: 'error', message }));
  const base = r.retryBackOff?.baseInterval;
  const max = r.retryBackOff?.maxInterval;
  if (max !== undefined && base === undefined) errors.push(`${at}.retryBackOff.maxInterval is set but baseInterval is not; set baseInterval too`);
  if (base !== undefined && millis(base) <= 0) errors.push(`${at}.retryBackOff.baseInterval must be above 0 ms (got ${millis(base)} ms)`);
  if (max !== undefined && millis(max) <= 0) errors.push(`${at}.retryBackOff.maxInterval must be above 0 ms (got ${millis(max)} ms)`);
  if (base !== undefined && max !== undefined && millis(base) > millis(max)) errors.push(`${at}.retryBackOff.baseInterval ${millis(base)} ms is above maxInterval ${millis(max)} ms`);
  (r.retriableStatusCodes ?? []).forEach((c, i) => {
    if (!(Number.isInteger(c) && c >= 100 && c <= 599)) errors.push(`${at}.retriableStatusCodes[${i}] ${c} is not an HTTP status`);
  });
  if (r.rateLimitedRetryBackOff && !r.rateLimitedRetryBackOff.resetHeaders?.length) errors.push(`${at}.rateLimitedRetryBackOff.resetHeaders needs at least one header (Envoy refuses an empty list)`);
  (r.rateLimitedRetryBackOff?.resetHeaders ?? []).forEach((h, i) => {
    if (!h.name) errors.push(`${at}.rateLimitedRetryBackOff.resetHeaders[${i}].name is required`);
  });
  return errors.map((message) => ({ severity: 'error', message }));
}

function checkPolicy(r: RetryPolicyJson | undefined, ctx: CheckContext): Issue[] {
  return r ? retryPolicyIssues(r, ctx.field) : [];
}

/** The retries plugin. */
export const retriesPlugin: Plugin = {
  name: 'retries',
  routeOptions: ['retries'],
  virtualHostOptions: ['retries'],
  checkRoute: (o, action, ctx) => [...forwardingOnly('retries', action, ctx), ...checkPolicy(o.retries, ctx)],
  checkVirtualHost: (o, ctx) => checkPolicy(o.retries, ctx),
  routeAction(o, out) {
    if (o.retries) out.retryPolicy = retryPolicy(o.retries);
  },
  virtualHost(o, out) {
    if (o.retries) out.retryPolicy = retryPolicy(o.retries);
  },
};
