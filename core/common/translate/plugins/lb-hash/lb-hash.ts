// Route hash policies, after Gloo's loadbalancer plugin (projects/gloo/pkg/plugins/loadbalancer/
// plugin.go: ProcessRoute, getHashPoliciesFromSpec): each policy hashes a header, a cookie or the
// source IP; a ring-hash or maglev cluster then keeps requests with the same key on one endpoint.
// The hash does not change which route matches, only which endpoint of the cluster serves.
import type { HashPolicyJson, RouteActionHashConfigJson } from '../../../gen/gloo/api/v1/options/lbhash/lbhash_pb';
import type { RouteAction_HashPolicyJson as EnvoyHashPolicy } from '../../../gen/envoy/envoy/config/route/v3/route_components_pb';
import { durationProblem } from '../../durations';
import type { Issue } from '../../served';
import { forwardingOnly } from '../forwarding-only';
import type { CheckContext, Plugin } from '../plugin';

/** Envoy's hash policy of a Gloo one. */
export function hashPolicy(h: HashPolicyJson): EnvoyHashPolicy {
  const out: EnvoyHashPolicy = h.header
    ? { header: { headerName: h.header } }
    : h.cookie
      ? { cookie: { name: h.cookie.name ?? '', ...(h.cookie.ttl ? { ttl: h.cookie.ttl } : {}), ...(h.cookie.path ? { path: h.cookie.path } : {}) } }
      : { connectionProperties: { sourceIp: h.sourceIp === true } };
  if (h.terminal) out.terminal = true;
  return out;
}

function checkHashConfig(c: RouteActionHashConfigJson, ctx: CheckContext): Issue[] {
  const issues: Issue[] = [];
  (c.hashPolicies ?? []).forEach((h, i) => {
    const at = `${ctx.field}.lbHash.hashPolicies[${i}]`;
    const kinds = [h.header !== undefined, h.cookie !== undefined, h.sourceIp !== undefined].filter(Boolean).length;
    if (kinds !== 1) issues.push({ severity: 'error', message: `${at} must set exactly one of header, cookie or sourceIp` });
    else if (h.header === '') issues.push({ severity: 'error', message: `${at}.header is empty: name the header to hash` });
    else if (h.cookie && !h.cookie.name) issues.push({ severity: 'error', message: `${at}.cookie.name is required` });
    const bad = durationProblem(`${at}.cookie.ttl`, h.cookie?.ttl);
    if (bad) issues.push({ severity: 'error', message: bad });
  });
  return issues;
}

/** The route hash policy plugin. */
export const lbHashPlugin: Plugin = {
  name: 'lb-hash',
  routeOptions: ['lbHash'],
  checkRoute: (o, action, ctx) => [...forwardingOnly('lbHash', action, ctx), ...(o.lbHash ? checkHashConfig(o.lbHash, ctx) : [])],
  routeAction(o, out) {
    const policies = o.lbHash?.hashPolicies ?? [];
    if (policies.length) out.hashPolicy = policies.map(hashPolicy);
  },
};
