import { describe, expect, it } from 'vitest';
import { re2FallbackValidator } from '../../regex';
import { httpListenerOptionIssues, listenerHttpFilters } from '../run-listener-plugins';
import { DFP_FILTER, dnsCacheConfig, dnsCacheName } from './dynamic-forward-proxy';

describe('dynamic forward proxy', () => {
  it("maps Gloo's DNS cache settings to Envoy's, with V4_PREFERRED when no lookup family is given, as Gloo's default", () => {
    const cache = { hostTtl: '60s', maxHosts: 10, dnsFailureRefreshRate: { baseInterval: '1s' }, preresolveHostnames: [{ address: 'a.example', portValue: 443 }] };
    expect(dnsCacheConfig(cache)).toEqual({ name: dnsCacheName(cache), dnsLookupFamily: 'V4_PREFERRED', hostTtl: '60s', maxHosts: 10, dnsFailureRefreshRate: { baseInterval: '1s' }, preresolveHostnames: [{ address: 'a.example', portValue: 443 }] });
  });

  it('names the DNS cache after its settings, so the same settings share one cache and others do not', () => {
    expect(dnsCacheName({ hostTtl: '60s' })).toBe(dnsCacheName({ hostTtl: '60s' }));
    expect(dnsCacheName({ hostTtl: '60s' })).not.toBe(dnsCacheName({ hostTtl: '61s' }));
    expect(dnsCacheName({})).toMatch(/^solo_io_generated_dfp:/);
  });

  it('adds the filter in the out-auth stage with the cache and saveUpstreamAddress', () => {
    const [f] = listenerHttpFilters({ dynamicForwardProxy: { dnsCacheConfig: { dnsLookupFamily: 'V4_ONLY' }, saveUpstreamAddress: true } });
    expect(f.staged.stage).toBe(7);
    expect(f.staged.filter.name).toBe(DFP_FILTER);
    expect(f.staged.filter.typedConfig).toMatchObject({ dnsCacheConfig: { dnsLookupFamily: 'V4_ONLY' }, saveUpstreamAddress: true });
  });

  it('requires a DNS cache config, and warns that the generated cluster and its routes are not served yet', () => {
    const issues = httpListenerOptionIssues({ dynamicForwardProxy: {} }, re2FallbackValidator);
    expect(issues.map((i) => `${i.severity} ${i.message.slice(0, 70)}`)).toEqual([
      'error httpGateway.options.dynamicForwardProxy.dnsCacheConfig is required',
      'warning httpGateway.options.dynamicForwardProxy: the cluster Gloo generates fo',
    ]);
  });
});
