import { describe, expect, it } from 'vitest';
import { httpLocalRateLimit, networkLocalRateLimit, tokenBucketIssues } from './local-ratelimit';

describe('local rate limits', () => {
  it('fills a token bucket every second unless told otherwise', () => {
    expect(networkLocalRateLimit({ maxTokens: 5 })).toEqual({ statPrefix: 'network_local_ratelimit', tokenBucket: { maxTokens: 5, fillInterval: '1s' } });
  });

  it('enables and enforces the HTTP filter only with a default limit, so without one it limits nothing', () => {
    expect(httpLocalRateLimit({})).toEqual({ statPrefix: 'http_local_ratelimit', stage: 3 });
    const limited = httpLocalRateLimit({ defaultLimit: { maxTokens: 1 }, localRateLimitPerDownstreamConnection: true });
    expect(limited.filterEnforced).toEqual({ defaultValue: { numerator: 100, denominator: 'HUNDRED' } });
    expect(limited.localRateLimitPerDownstreamConnection).toBe(true);
  });

  it('refuses buckets Gloo refuses: no tokens, a fill of 0, a refill under 50ms', () => {
    const messages = tokenBucketIssues({ maxTokens: 0, tokensPerFill: 0, fillInterval: '0.049s' }, 'x').map((i) => i.message);
    expect(messages).toEqual(['x.maxTokens must be at least 1 (it is 0)', 'x.tokensPerFill must be at least 1 (it is 0)', 'x.fillInterval must be at least 50ms (it is 0.049s)']);
    expect(tokenBucketIssues({ maxTokens: 1, fillInterval: '0.05s' }, 'x')).toEqual([]);
  });
});
