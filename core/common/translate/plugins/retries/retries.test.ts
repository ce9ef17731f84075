import { describe, expect, it } from 'vitest';
import { PREVIOUS_PRIORITIES, retryPolicy, retryPolicyIssues } from './retries';

const messages = (r: Parameters<typeof retryPolicyIssues>[0]) => retryPolicyIssues(r, 'options').map((i) => i.message);

describe('retry policy', () => {
  it('carries back-off, retriable status codes and rate-limited back-off into Envoy', () => {
    const policy = retryPolicy({
      retryOn: 'retriable-status-codes',
      numRetries: 3,
      perTryTimeout: '1s',
      retryBackOff: { baseInterval: '0.025s', maxInterval: '0.250s' },
      retriableStatusCodes: [503, 504],
      rateLimitedRetryBackOff: { resetHeaders: [{ name: 'Retry-After' }, { name: 'X-RateLimit-Reset', format: 'UNIX_TIMESTAMP' }], maxInterval: '300s' },
    });
    expect(policy).toEqual({
      retryOn: 'retriable-status-codes',
      numRetries: 3,
      perTryTimeout: '1s',
      retryBackOff: { baseInterval: '0.025s', maxInterval: '0.250s' },
      retriableStatusCodes: [503, 504],
      rateLimitedRetryBackOff: { resetHeaders: [{ name: 'Retry-After', format: 'SECONDS' }, { name: 'X-RateLimit-Reset', format: 'UNIX_TIMESTAMP' }], maxInterval: '300s' },
    });
  });

  it('sends an update frequency of 1 for previous priorities without one, as Gloo does', () => {
    expect(retryPolicy({ previousPriorities: {} }).retryPriority).toEqual({
      name: PREVIOUS_PRIORITIES,
      typedConfig: { '@type': 'type.googleapis.com/envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig', updateFrequency: 1 },
    });
  });

  it('accepts a base interval at most the max interval, both above 0', () => {
    expect(messages({ retryBackOff: { baseInterval: '0.1s', maxInterval: '0.1s' } })).toEqual([]);
    expect(messages({ retryBackOff: { baseInterval: '0.1s' } })).toEqual([]);
  });

  it('rejects back-off Gloo refuses: base above max, max without base, intervals of 0 ms', () => {
    expect(messages({ retryBackOff: { baseInterval: '2s', maxInterval: '1s' } })).toEqual(['options.retries.retryBackOff.baseInterval 2000 ms is above maxInterval 1000 ms']);
    expect(messages({ retryBackOff: { maxInterval: '1s' } })).toEqual(['options.retries.retryBackOff.maxInterval is set but baseInterval is not; set baseInterval too']);
    expect(messages({ retryBackOff: { baseInterval: '0.0001s', maxInterval: '0s' } })).toEqual([
      'options.retries.retryBackOff.baseInterval must be above 0 ms (got 0 ms)',
      'options.retries.retryBackOff.maxInterval must be above 0 ms (got 0 ms)',
    ]);
  });

  it('rejects malformed durations, status codes that are not HTTP statuses, and rate-limited back-off without headers', () => {
    expect(messages({ perTryTimeout: '1m' })).toEqual(['options.retries.perTryTimeout "1m" is not a duration like "5s" or "0.5s"']);
    expect(messages({ retriableStatusCodes: [503, 42] })).toEqual(['options.retries.retriableStatusCodes[1] 42 is not an HTTP status']);
    expect(messages({ rateLimitedRetryBackOff: { maxInterval: '1s' } })).toEqual(['options.retries.rateLimitedRetryBackOff.resetHeaders needs at least one header (Envoy refuses an empty list)']);
  });
});
