import { describe, expect, it } from 'vitest';
import type { ClusterJson } from '../../../gen/envoy/envoy/config/cluster/v3/cluster_pb';
import { re2FallbackValidator } from '../../regex';
import { upstreamPluginIssues } from '../run-upstream-plugins';
import { ORIGINAL_CLUSTER_SUFFIX, tunnelingPlugin } from './tunneling';

const ctx = { view: { upstreams: new Map(), groups: new Map(), secrets: new Map(), endpointsByUpstream: new Map(), existing: new Set<string>() }, namespace: 'default', useFilter: () => undefined, addSecret: () => undefined };

describe('HTTP CONNECT tunneling', () => {
  it('renames the cluster to its original, which reaches the proxy, and sends the named cluster through a pipe listener that CONNECTs', () => {
    const out: ClusterJson = { name: 'u_default', type: 'EDS', edsClusterConfig: {} };
    const made = tunnelingPlugin.upstreamGeneratedResources!({ httpProxyHostname: 'target:443', static: { hosts: [] } }, out, ctx)!;
    expect(out.name).toBe(`u_default${ORIGINAL_CLUSTER_SUFFIX}`);
    expect(out.edsClusterConfig?.serviceName).toBe('u_default');
    expect(made.clusters.map((c) => c.name)).toEqual(['u_default']);
    expect(made.listeners[0].address).toEqual({ pipe: { path: '@/u_default' } });
  });

  it('makes nothing without httpProxyHostname, and warns that the CONNECT options then do nothing', () => {
    const out: ClusterJson = { name: 'u_default' };
    expect(tunnelingPlugin.upstreamGeneratedResources!({ httpConnectHeaders: [{ key: 'a', value: 'b' }] }, out, ctx)).toBeUndefined();
    expect(upstreamPluginIssues({ httpConnectHeaders: [{ key: 'a', value: 'b' }], static: { hosts: [{ addr: '10.0.0.1', port: 1 }] } }, re2FallbackValidator).map((i) => i.severity)).toEqual(['warning']);
  });
});
