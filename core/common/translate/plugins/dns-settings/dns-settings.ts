// How a DNS cluster refreshes its hosts, after Gloo's initializeCluster and getDnsRefreshRate
// (projects/gloo/pkg/translator/clusters.go): `respectDnsTtl`, and `dnsRefreshRate`, which Gloo
// ignores with a Warning below 1ms and refuses on a cluster that does not resolve names
// (validateCluster: only STRICT_DNS and LOGICAL_DNS clusters refresh). Here a cluster resolves names
// when it is a static upstream with a hostname (gloo/cluster-translator.ts).
import { durationProblem } from '../../durations';
import { isIP } from '../../ip';
import type { Issue } from '../../served';
import type { Plugin, UpstreamSpec } from '../plugin';

/** Whether the upstream's cluster resolves hostnames (a static upstream with a host that is not an IP). */
function resolvesNames(spec: UpstreamSpec): boolean {
  return (spec.static?.hosts ?? []).some((h) => !isIP(h.addr ?? ''));
}

/** Whether a valid refresh rate is under Gloo's 1ms minimum. */
function belowMinimum(rate: string): boolean {
  return Number(rate.slice(0, -1)) < 0.001;
}

function checkDns(spec: UpstreamSpec): Issue[] {
  const rate = spec.dnsRefreshRate;
  if (rate === undefined) return [];
  const bad = durationProblem('dnsRefreshRate', rate);
  if (bad) return [{ severity: 'error', message: bad }];
  if (!resolvesNames(spec)) return [{ severity: 'error', message: 'dnsRefreshRate is only valid for an upstream whose hosts are resolved by DNS (a static upstream with a hostname)' }];
  if (belowMinimum(rate)) return [{ severity: 'warning', message: `dnsRefreshRate ${rate} is below the 1ms minimum, so it is ignored, as Gloo ignores it` }];
  return [];
}

/** The DNS settings plugin. */
export const dnsSettingsPlugin: Plugin = {
  name: 'dns-settings',
  upstreamFields: ['respectDnsTtl', 'dnsRefreshRate'],
  checkUpstream: (spec) => checkDns(spec),
  cluster(spec, out) {
    if (spec.respectDnsTtl) out.respectDnsTtl = true;
    const rate = spec.dnsRefreshRate;
    if (rate !== undefined && !belowMinimum(rate)) out.dnsRefreshRate = rate;
  },
};
