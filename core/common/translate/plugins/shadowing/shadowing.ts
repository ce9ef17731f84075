// Shadowing, after Gloo's shadowing plugin (projects/gloo/pkg/plugins/shadowing/plugin.go:
// ProcessRoute, applyShadowSpec): a request mirror policy sending a copy of a share of the requests
// to the shadow upstream's cluster, the share as a runtime fraction per million
// (internal/common/conversions.go, ToEnvoyPercentage). Gloo passes `hostRewriteLiteral` on to
// RequestMirrorPolicy.host_rewrite_literal, a field Envoy added in 1.36; the Envoy protos the sandbox
// serves (those of @grpc/grpc-js-xds) predate it, so it stays a Warning.
import type { RouteShadowingJson } from '../../../gen/gloo/api/v1/options/shadowing/shadowing_pb';
import type { RouteAction_RequestMirrorPolicyJson as EnvoyMirrorPolicy } from '../../../gen/envoy/envoy/config/route/v3/route_components_pb';
import { clusterNameOfRef } from '../../names';
import type { Issue } from '../../served';
import { forwardingOnly } from '../forwarding-only';
import { sourceNamespace } from '../option-namespace';
import type { CheckContext, Plugin } from '../plugin';

/** The mirror policy of a shadowing option; `namespace` is where an upstream reference without one points. */
export function mirrorPolicy(s: RouteShadowingJson, namespace: string): EnvoyMirrorPolicy {
  const out: EnvoyMirrorPolicy = {
    cluster: clusterNameOfRef(s.upstream, namespace),
    runtimeFraction: { defaultValue: { numerator: Math.round(percentOf(s) * 10_000), denominator: 'MILLION' } },
  };
  if (s.disableShadowHostSuffixAppend) out.disableShadowHostSuffixAppend = true;
  return out;
}

function percentOf(s: RouteShadowingJson): number {
  const n = Number(s.percentage ?? 0);
  return Number.isFinite(n) ? n : 0;
}

function checkShadowing(s: RouteShadowingJson, ctx: CheckContext): Issue[] {
  const at = `${ctx.field}.shadowing`;
  const issues: Issue[] = [];
  if (!s.upstream?.name) issues.push({ severity: 'error', message: `${at}.upstream is required: name the Upstream that receives the copies` });
  const n = Number(s.percentage ?? 0);
  if (!(n >= 0 && n <= 100)) issues.push({ severity: 'error', message: `${at}.percentage ${s.percentage} is not between 0 and 100` });
  if (s.hostRewriteLiteral) issues.push({ severity: 'warning', message: `${at}.hostRewriteLiteral is not translated: Gloo sets it as the mirror policy's host_rewrite_literal, a field Envoy added in 1.36 that the older Envoy API the sandbox serves lacks; copies carry the request's Host${s.disableShadowHostSuffixAppend ? '' : ' with "-shadow" appended (set disableShadowHostSuffixAppend to keep it as it is)'}` });
  return issues;
}

/** The shadowing plugin. */
export const shadowingPlugin: Plugin = {
  name: 'shadowing',
  routeOptions: ['shadowing'],
  checkRoute: (o, action, ctx) => [...forwardingOnly('shadowing', action, ctx), ...(o.shadowing ? checkShadowing(o.shadowing, ctx) : [])],
  routeAction(o, out, ctx, route) {
    if (o.shadowing?.upstream?.name) out.requestMirrorPolicies = [mirrorPolicy(o.shadowing, sourceNamespace(route, ctx))];
  },
};
