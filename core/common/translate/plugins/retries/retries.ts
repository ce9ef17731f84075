// Retries, after Gloo's basicroute plugin (projects/gloo/pkg/plugins/basicroute/plugin.go:
// applyRetries, applyRetriesVhost, convertPolicy): a retry policy on the route's action or on the
// virtual host. numRetries 0 is left out (Envoy's default is 1, and gRPC clients reject 0).
import type { RetryPolicyJson } from '../../../gen/gloo/api/v1/options/retries/retries_pb';
import { durationProblem } from '../../durations';
import type { Issue } from '../../served';
import type { RetryPolicyJson as EnvoyRetryPolicy } from '../../../gen/envoy/envoy/config/route/v3/route_components_pb';
import { forwardingOnly } from '../forwarding-only';
import type { CheckContext, Plugin } from '../plugin';

/** Envoy's RetryPolicy of a Gloo retry policy. */
export function retryPolicy(r: RetryPolicyJson): EnvoyRetryPolicy {
  const policy: EnvoyRetryPolicy = {};
  if (r.retryOn) policy.retryOn = r.retryOn;
  if (r.numRetries) policy.numRetries = r.numRetries;
  if (r.perTryTimeout) policy.perTryTimeout = r.perTryTimeout;
  return policy;
}

function checkPolicy(r: RetryPolicyJson | undefined, ctx: CheckContext): Issue[] {
  const bad = durationProblem(`${ctx.field}.retries.perTryTimeout`, r?.perTryTimeout);
  return bad ? [{ severity: 'error', message: bad }] : [];
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
