import { describe, expect, it } from 'vitest';
import { translateUpstreamAlone } from '../../testing/clusters';
import { obj } from '../../testing/objects';
import type { UpstreamSpec } from '../plugin';

function translate(preconnectPolicy: UpstreamSpec['preconnectPolicy']) {
  return translateUpstreamAlone(obj('Upstream', 'pre', { static: { hosts: [{ addr: '10.0.0.2', port: 8080 }] }, preconnectPolicy }));
}

describe('preconnect plugin', () => {
  it('copies the preconnect ratios to the cluster', () => {
    const { cluster, status } = translate({ perUpstreamPreconnectRatio: 1.5, predictivePreconnectRatio: 2 });
    expect(status.state).toBe('Accepted');
    expect(cluster?.preconnectPolicy).toEqual({ perUpstreamPreconnectRatio: 1.5, predictivePreconnectRatio: 2 });
  });

  it('rejects ratios outside 1 to 3, as Gloo does', () => {
    const { status } = translate({ perUpstreamPreconnectRatio: 0.5, predictivePreconnectRatio: 4 });
    expect(status.state).toBe('Rejected');
    expect(status.reason).toContain('preconnectPolicy.perUpstreamPreconnectRatio 0.5 is not between 1 and 3');
    expect(status.reason).toContain('preconnectPolicy.predictivePreconnectRatio 4 is not between 1 and 3');
  });
});
