import { describe, expect, it } from 'vitest';
import { translateUpstreamAlone } from '../../testing/clusters';
import { obj } from '../../testing/objects';
import type { UpstreamSpec } from '../plugin';

function translate(loadBalancerConfig: UpstreamSpec['loadBalancerConfig']) {
  return translateUpstreamAlone(obj('Upstream', 'svc', { static: { hosts: [{ addr: '10.0.0.6', port: 8080 }] }, loadBalancerConfig }));
}

describe('load balancer plugin', () => {
  it('keeps round robin by default and adds slow start with the aggression under Gloo runtime key', () => {
    const { cluster } = translate({ roundRobin: { slowStartConfig: { slowStartWindow: '30s', aggression: 1.5, minWeightPercent: 10 } } });
    expect(cluster?.lbPolicy).toBe('ROUND_ROBIN');
    expect(cluster?.roundRobinLbConfig).toEqual({
      slowStartConfig: { slowStartWindow: '30s', aggression: { defaultValue: 1.5, runtimeKey: 'upstream.svc_default.slowStart.aggression' }, minWeightPercent: { value: 10 } },
    });
  });

  it('picks least request with its choice count, random, and maglev', () => {
    const least = translate({ leastRequest: { choiceCount: 3 } }).cluster;
    expect([least?.lbPolicy, least?.leastRequestLbConfig]).toEqual(['LEAST_REQUEST', { choiceCount: 3 }]);
    expect(translate({ random: {} }).cluster?.lbPolicy).toBe('RANDOM');
    expect(translate({ maglev: {} }).cluster?.lbPolicy).toBe('MAGLEV');
  });

  it('sets ring hash with its ring sizes', () => {
    const { cluster } = translate({ ringHash: { ringHashConfig: { minimumRingSize: '1024', maximumRingSize: '4096' } } });
    expect([cluster?.lbPolicy, cluster?.ringHashLbConfig]).toEqual(['RING_HASH', { minimumRingSize: '1024', maximumRingSize: '4096' }]);
  });

  it('sets the common settings: panic threshold, merge window, locality weighting, host set changes, hostname hashing', () => {
    const { cluster } = translate({ healthyPanicThreshold: 25, updateMergeWindow: '2s', localityWeightedLbConfig: {}, closeConnectionsOnHostSetChange: true, useHostnameForHashing: true, maglev: {} });
    expect(cluster?.commonLbConfig).toEqual({
      healthyPanicThreshold: { value: 25 },
      updateMergeWindow: '2s',
      localityWeightedLbConfig: {},
      closeConnectionsOnHostSetChange: true,
      consistentHashingLbConfig: { useHostnameForHashing: true },
    });
  });

  it('rejects values outside what Envoy accepts', () => {
    const { status } = translate({ healthyPanicThreshold: 120, leastRequest: { choiceCount: 1 } });
    expect(status.state).toBe('Rejected');
    expect(status.reason).toContain('loadBalancerConfig.healthyPanicThreshold 120 is not a percentage between 0 and 100');
    expect(status.reason).toContain('loadBalancerConfig.leastRequest.choiceCount 1 must be at least 2');
    const ring = translate({ ringHash: { ringHashConfig: { minimumRingSize: '9000', maximumRingSize: '100' } } }).status.reason;
    expect(ring).toContain('minimumRingSize 9000 is above maximumRingSize 100');
  });

  it("weights a static upstream's hosts by their loadBalancingWeight, and rejects a weight of 0", () => {
    const hosts = [{ addr: '10.0.0.1', port: 80, loadBalancingWeight: 3 }, { addr: '10.0.0.2', port: 80 }];
    const { status, endpoints } = translateUpstreamAlone(obj('Upstream', 'w', { static: { hosts } }));
    expect(status.state).toBe('Accepted');
    expect(endpoints?.endpoints?.[0].lbEndpoints?.map((e) => e.loadBalancingWeight)).toEqual([3, undefined]);
    const zero = translateUpstreamAlone(obj('Upstream', 'z', { static: { hosts: [{ addr: '10.0.0.1', port: 80, loadBalancingWeight: 0 }] } }));
    expect(zero.status.reason).toContain('static.hosts[0] (10.0.0.1): loadBalancingWeight must be at least 1');
  });
});
