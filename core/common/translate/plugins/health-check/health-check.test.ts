import { describe, expect, it } from 'vitest';
import { re2FallbackValidator } from '../../regex';
import { gateway, translateGatewayAlone } from '../../testing/listeners';
import { httpFiltersFor } from '../run-plugins';
import { httpListenerOptionIssues } from '../run-listener-plugins';
import { HEALTH_CHECK_FILTER } from './health-check';

describe('health check plugin', () => {
  it('answers health checks on the exact path in Envoy, without passing them through', () => {
    const { hcm, status } = translateGatewayAlone(gateway({ httpGateway: { options: { healthCheck: { path: '/healthz' } } } }));
    expect(status.state).toBe('Accepted');
    expect(hcm?.httpFilters?.[0]).toEqual({
      name: HEALTH_CHECK_FILTER,
      typedConfig: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.health_check.v3.HealthCheck', passThroughMode: false, headers: [{ name: ':path', stringMatch: { exact: '/healthz' } }] },
    });
  });

  it('sits after the filters of the earlier stages and before the buffer filter of the route stage', () => {
    const names = httpFiltersFor(new Set(['faults', 'cors']), { healthCheck: { path: '/h' }, buffer: { maxRequestBytes: 1 } }).map((f) => f.name);
    expect(names).toEqual(['envoy.filters.http.fault', 'envoy.filters.http.cors', HEALTH_CHECK_FILTER, 'envoy.filters.http.buffer', 'envoy.filters.http.router']);
  });

  it('rejects a health check without a path, as Gloo does', () => {
    const issues = httpListenerOptionIssues({ healthCheck: {} }, re2FallbackValidator);
    expect(issues).toEqual([{ severity: 'error', message: 'httpGateway.options.healthCheck.path is required: it is the path Envoy answers health checks on' }]);
  });
});
