// Circuit breakers of a cluster, after Gloo's getCircuitBreakers (projects/gloo/pkg/translator/
// clusters.go): one threshold set at the default priority with the connection, pending request,
// request and retry limits. Gloo does not pass `trackRemaining` on, so neither does the sandbox.
// Settings gloo.circuitBreakers apply to every upstream without its own (gloo/cluster-translator.ts).
import type { CircuitBreakerConfigJson } from '../../../gen/gloo/api/v1/circuit_breaker/circuit_breaker_pb';
import type { CircuitBreakersJson } from '../../../gen/envoy/envoy/config/cluster/v3/circuit_breaker_pb';
import type { Plugin } from '../plugin';

/** Envoy circuit breakers of Gloo's config. */
export function circuitBreakers(c: CircuitBreakerConfigJson): CircuitBreakersJson {
  const { maxConnections, maxPendingRequests, maxRequests, maxRetries } = c;
  const limits = { maxConnections, maxPendingRequests, maxRequests, maxRetries };
  return { thresholds: [Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined))] };
}

/** The circuit breakers plugin. */
export const circuitBreakersPlugin: Plugin = {
  name: 'circuit-breakers',
  upstreamFields: ['circuitBreakers'],
  checkUpstream: (spec) =>
    spec.circuitBreakers?.trackRemaining ? [{ severity: 'warning', message: 'circuitBreakers.trackRemaining is not translated: Gloo does not pass it to Envoy either, so no remaining-capacity stats are kept' }] : [],
  cluster(spec, out) {
    if (spec.circuitBreakers) out.circuitBreakers = circuitBreakers(spec.circuitBreakers);
  },
};
