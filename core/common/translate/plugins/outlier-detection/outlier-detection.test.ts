import { describe, expect, it } from 'vitest';
import { translateUpstreamAlone } from '../../testing/clusters';
import { obj } from '../../testing/objects';
import type { UpstreamSpec } from '../plugin';

function translate(outlierDetection: UpstreamSpec['outlierDetection']) {
  return translateUpstreamAlone(obj('Upstream', 'svc', { static: { hosts: [{ addr: '10.0.0.9', port: 8080 }] }, outlierDetection }));
}

describe('outlier detection plugin', () => {
  it("copies Gloo's outlier detection to the cluster", () => {
    const od = { consecutive5xx: 5, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50, consecutiveGatewayFailure: 3, splitExternalLocalOriginErrors: true };
    const { cluster, status } = translate(od);
    expect(status.state).toBe('Accepted');
    expect(cluster?.outlierDetection).toEqual(od);
  });

  it('requires an interval, as Gloo does, and keeps percentages within 100', () => {
    const { status } = translate({ consecutive5xx: 5, maxEjectionPercent: 150, baseEjectionTime: '0s' });
    expect(status.state).toBe('Rejected');
    expect(status.reason).toContain('outlierDetection.interval is required');
    expect(status.reason).toContain('outlierDetection.maxEjectionPercent 150 is a percentage and cannot be above 100');
    expect(status.reason).toContain('outlierDetection.baseEjectionTime must be above 0s');
  });
});
