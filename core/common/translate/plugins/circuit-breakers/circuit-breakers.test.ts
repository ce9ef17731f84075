import { describe, expect, it } from 'vitest';
import { createPipeline } from '../../pipeline';
import { translateUpstreamAlone } from '../../testing/clusters';
import { forward, obj, snapshot, virtualService } from '../../testing/objects';
import type { UpstreamSpec } from '../plugin';

function translate(circuitBreakers: UpstreamSpec['circuitBreakers']) {
  return translateUpstreamAlone(obj('Upstream', 'svc', { static: { hosts: [{ addr: '10.0.0.8', port: 8080 }] }, circuitBreakers }));
}

describe('circuit breakers plugin', () => {
  it('sets one default-priority threshold with the limits given', () => {
    const { cluster, status } = translate({ maxConnections: 100, maxPendingRequests: 10, maxRequests: 200, maxRetries: 3 });
    expect(status.state).toBe('Accepted');
    expect(cluster?.circuitBreakers).toEqual({ thresholds: [{ maxConnections: 100, maxPendingRequests: 10, maxRequests: 200, maxRetries: 3 }] });
  });

  it('leaves unset limits to Envoy', () => {
    expect(translate({ maxRetries: 0 }).cluster?.circuitBreakers).toEqual({ thresholds: [{ maxRetries: 0 }] });
  });

  it('warns that trackRemaining is dropped, as Gloo drops it', () => {
    const { cluster, status } = translate({ maxConnections: 5, trackRemaining: true });
    expect(status).toMatchObject({ state: 'Warning', reason: expect.stringContaining('circuitBreakers.trackRemaining is not translated') });
    expect(cluster?.circuitBreakers).toEqual({ thresholds: [{ maxConnections: 5 }] });
  });

  it("apply Settings gloo.circuitBreakers to upstreams without their own, following Settings as they change", () => {
    const pipeline = createPipeline();
    const own = obj('Upstream', 'own', { static: { hosts: [{ addr: '10.0.0.8', port: 8080 }] }, circuitBreakers: { maxRetries: 1 } });
    const plain = obj('Upstream', 'plain', { static: { hosts: [{ addr: '10.0.0.9', port: 8080 }] } });
    const vs = virtualService('vs', ['*'], [forward('/own', 'own'), forward('/', 'plain')]);
    const breakersOf = (maxConnections: number | undefined) => {
      const settings = obj('Settings', 'default', maxConnections === undefined ? {} : { gloo: { circuitBreakers: { maxConnections } } }, 'gloo-system');
      const clusters = pipeline.run(snapshot([own, plain, vs, settings])).xds.get('gloo-system~gateway-proxy')!.resources.cluster.items;
      return ['own_default', 'plain_default'].map((n) => (clusters.get(n)?.json as { circuitBreakers?: unknown }).circuitBreakers);
    };
    expect(breakersOf(100)).toEqual([{ thresholds: [{ maxRetries: 1 }] }, { thresholds: [{ maxConnections: 100 }] }]);
    expect(breakersOf(200)).toEqual([{ thresholds: [{ maxRetries: 1 }] }, { thresholds: [{ maxConnections: 200 }] }]);
    expect(breakersOf(undefined)).toEqual([{ thresholds: [{ maxRetries: 1 }] }, undefined]);
  });
});
