// How a cluster picks a host, after Gloo's loadbalancer plugin (projects/gloo/pkg/plugins/
// loadbalancer/plugin.go, ProcessUpstream): round robin and least request (with slow start), random,
// ring hash (with ring sizes) and maglev; the common settings (healthy panic threshold, update merge
// window, locality-weighted balancing, closing connections when the host set changes, hashing on
// hostnames). The sandbox's clusters have one weighted locality, so locality weighting keeps every host.
import type { LoadBalancerConfigJson, LoadBalancerConfig_SlowStartConfigJson } from '../../../gen/gloo/api/v1/load_balancer_pb';
import type { Cluster_CommonLbConfigJson, Cluster_SlowStartConfigJson } from '../../../gen/envoy/envoy/config/cluster/v3/cluster_pb';
import type { DoubleValueJson } from '@bufbuild/protobuf/wkt';
import { durationProblem } from '../../durations';
import type { Issue } from '../../served';
import type { EnvoyCluster } from '../envoy';
import type { Plugin } from '../plugin';

/** Envoy's largest ring (RingHashLbConfig's bound). */
const MAX_RING = 8388608;

/** Slow start, with the aggression under Gloo's runtime key `upstream.<cluster>.slowStart.aggression` (toSlowStartConfig). */
function slowStart(c: LoadBalancerConfig_SlowStartConfigJson, cluster: string): Cluster_SlowStartConfigJson {
  const out: Cluster_SlowStartConfigJson = {};
  if (c.slowStartWindow !== undefined) out.slowStartWindow = c.slowStartWindow;
  if (c.aggression !== undefined) out.aggression = { defaultValue: c.aggression, runtimeKey: `upstream.${cluster}.slowStart.aggression` };
  if (c.minWeightPercent !== undefined) out.minWeightPercent = { value: c.minWeightPercent };
  return out;
}

function commonLbConfig(c: LoadBalancerConfigJson): Cluster_CommonLbConfigJson | undefined {
  const out: Cluster_CommonLbConfigJson = {};
  if (c.healthyPanicThreshold !== undefined) out.healthyPanicThreshold = { value: c.healthyPanicThreshold };
  if (c.updateMergeWindow !== undefined) out.updateMergeWindow = c.updateMergeWindow;
  if (c.localityWeightedLbConfig) out.localityWeightedLbConfig = {};
  if (c.closeConnectionsOnHostSetChange) out.closeConnectionsOnHostSetChange = true;
  if (c.useHostnameForHashing) out.consistentHashingLbConfig = { useHostnameForHashing: true };
  return Object.keys(out).length ? out : undefined;
}

/** Sets the load balancing policy and its config on a cluster. */
export function setLoadBalancing(c: LoadBalancerConfigJson, out: EnvoyCluster): void {
  const common = commonLbConfig(c);
  if (common) out.commonLbConfig = common;
  const name = out.name ?? '';
  if (c.roundRobin) {
    out.lbPolicy = 'ROUND_ROBIN';
    if (c.roundRobin.slowStartConfig) out.roundRobinLbConfig = { slowStartConfig: slowStart(c.roundRobin.slowStartConfig, name) };
  } else if (c.leastRequest) {
    out.lbPolicy = 'LEAST_REQUEST';
    const { choiceCount, slowStartConfig } = c.leastRequest;
    if (choiceCount || slowStartConfig) out.leastRequestLbConfig = { ...(choiceCount ? { choiceCount } : {}), ...(slowStartConfig ? { slowStartConfig: slowStart(slowStartConfig, name) } : {}) };
  } else if (c.random) out.lbPolicy = 'RANDOM';
  else if (c.ringHash) {
    out.lbPolicy = 'RING_HASH';
    const sizes = c.ringHash.ringHashConfig;
    out.ringHashLbConfig = {
      ...(Number(sizes?.minimumRingSize ?? 0) ? { minimumRingSize: String(sizes!.minimumRingSize) } : {}),
      ...(Number(sizes?.maximumRingSize ?? 0) ? { maximumRingSize: String(sizes!.maximumRingSize) } : {}),
    };
  } else if (c.maglev) out.lbPolicy = 'MAGLEV';
}

function checkLoadBalancer(c: LoadBalancerConfigJson): Issue[] {
  const errors: string[] = [];
  const percent = (field: string, v: DoubleValueJson | undefined) => v !== undefined && !(Number(v) >= 0 && Number(v) <= 100) && errors.push(`loadBalancerConfig.${field} ${v} is not a percentage between 0 and 100`);
  percent('healthyPanicThreshold', c.healthyPanicThreshold);
  const bad = durationProblem('loadBalancerConfig.updateMergeWindow', c.updateMergeWindow);
  if (bad) errors.push(bad);
  const choices = c.leastRequest?.choiceCount;
  if (choices !== undefined && choices !== 0 && choices < 2) errors.push(`loadBalancerConfig.leastRequest.choiceCount ${choices} must be at least 2`);
  for (const [at, s] of [['roundRobin', c.roundRobin?.slowStartConfig], ['leastRequest', c.leastRequest?.slowStartConfig]] as const) {
    if (!s) continue;
    const window = durationProblem(`loadBalancerConfig.${at}.slowStartConfig.slowStartWindow`, s.slowStartWindow);
    if (window) errors.push(window);
    percent(`${at}.slowStartConfig.minWeightPercent`, s.minWeightPercent);
  }
  const min = Number(c.ringHash?.ringHashConfig?.minimumRingSize ?? 0);
  const max = Number(c.ringHash?.ringHashConfig?.maximumRingSize ?? 0);
  if (min > MAX_RING || max > MAX_RING) errors.push(`loadBalancerConfig.ringHash.ringHashConfig: ring sizes cannot be above ${MAX_RING}`);
  if (min && max && min > max) errors.push(`loadBalancerConfig.ringHash.ringHashConfig.minimumRingSize ${min} is above maximumRingSize ${max}`);
  return errors.map((message) => ({ severity: 'error', message }));
}

/** The load balancer plugin. */
export const loadBalancerPlugin: Plugin = {
  name: 'load-balancer',
  upstreamFields: ['loadBalancerConfig'],
  checkUpstream: (spec) => (spec.loadBalancerConfig ? checkLoadBalancer(spec.loadBalancerConfig) : []),
  cluster(spec, out) {
    if (spec.loadBalancerConfig) setLoadBalancing(spec.loadBalancerConfig, out);
  },
};
