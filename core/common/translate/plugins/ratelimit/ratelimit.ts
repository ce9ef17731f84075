// Global rate limiting, after Gloo's ratelimit plugin (projects/gloo/pkg/plugins/ratelimit/plugin.go:
// ProcessVirtualHost, ProcessRoute, HttpFilters, GenerateEnvoyConfigForFilterWith): route and virtual
// host rate limits whose actions build the descriptors Envoy sends, and Envoy's standard ratelimit
// filter talking gRPC to the server Settings names (`ratelimitServer.ratelimitServerRef`). Each kind
// of option has its rate-limit domain and stage, one filter per kind used: `ratelimit` (raw actions)
// domain `custom` stage 1 (3 before auth), as Gloo; `ratelimitBasic` domain `ingress` stage 0 and
// `rateLimitConfigs` (RateLimitConfig objects) domain `solo.io` stage 2, as Gloo Enterprise's
// rate-limit server expects. The limits themselves live in that server, not in Envoy.
import type { IngressRateLimitJson, RateLimitConfigRefsJson, SettingsJson as RateLimitSettings } from '../../../gen/gloo/api/v1/enterprise/options/ratelimit/ratelimit_pb';
import type { RateLimitJson as EnvoyRateLimit } from '../../../gen/envoy/envoy/config/route/v3/route_components_pb';
import type { RateLimitJson as RateLimitFilter } from '../../../gen/envoy/envoy/extensions/filters/http/ratelimit/v3/rate_limit_pb';
import type { RouteOptionsJson } from '../../../gen/gloo/api/v1/route_options_pb';
import type { VirtualHostOptionsJson } from '../../../gen/gloo/api/v1/virtual_host_options_pb';
import { packAny, typeUrl } from '../../../xds/envoy-any';
import type { PolicyView } from '../../gloo/policy-view';
import { describeKey } from '../../names';
import { notFoundText } from '../../ref-suggestion';
import type { Issue } from '../../served';
import { forwardingOnly } from '../forwarding-only';
import { sourceNamespace } from '../option-namespace';
import { FilterStage, type CheckContext, type HookContext, type Plugin, type StagedHttpFilter } from '../plugin';
import { settingsServer } from '../policy-server';
import { envoyRateLimits, rateLimitActionProblems } from './actions';
import { refKey, resolveRef } from '../../../model/resource';

const RATE_LIMIT_TYPE = typeUrl<RateLimitFilter>('envoy.extensions.filters.http.ratelimit.v3.RateLimit');
/** Gloo's DefaultTimeout for rate-limit requests. */
const DEFAULT_TIMEOUT = '0.100s';
/** The header Gloo's auth server puts the user id in (extauth DefaultAuthHeader). */
const DEFAULT_USER_ID_HEADER = 'x-user-id';

/** The three kinds of rate-limit option, each with its filter name, domain and Envoy rate-limit stage. */
export const RATE_LIMIT_KINDS = {
  custom: { filter: 'envoy.filters.http.ratelimit', domain: 'custom', stage: 1, beforeAuthStage: 3 },
  ingress: { filter: 'envoy.filters.http.ratelimit.ingress', domain: 'ingress', stage: 0, beforeAuthStage: 0 },
  crd: { filter: 'envoy.filters.http.ratelimit.crd', domain: 'solo.io', stage: 2, beforeAuthStage: 2 },
} as const;

/** One of the rate-limit kinds. */
export type RateLimitKind = keyof typeof RATE_LIMIT_KINDS;

type Options = RouteOptionsJson | VirtualHostOptionsJson;

function serverOf(policy: PolicyView | undefined) {
  return settingsServer(policy, policy?.settings?.ratelimitServer?.ratelimitServerRef, 'ratelimitServer.ratelimitServerRef');
}

function stageOf(kind: RateLimitKind, policy: PolicyView | undefined): number {
  const k = RATE_LIMIT_KINDS[kind];
  return policy?.settings?.ratelimitServer?.rateLimitBeforeAuth ? k.beforeAuthStage : k.stage;
}

/** Rate limits of `ratelimitBasic` for the route or virtual host `name`: per user id when authorized, per client address when anonymous. */
export function basicRateLimits(b: IngressRateLimitJson, name: string, userIdHeader: string, stage: number): EnvoyRateLimit[] {
  const out: EnvoyRateLimit[] = [];
  const present = [{ name: userIdHeader, presentMatch: true }];
  if (b.authorizedLimits) {
    out.push({ stage, actions: [{ genericKey: { descriptorValue: name } }, { headerValueMatch: { descriptorValue: 'is-authenticated', headers: present } }, { requestHeaders: { headerName: userIdHeader, descriptorKey: 'userid' } }] });
  }
  if (b.anonymousLimits) {
    out.push({ stage, actions: [{ genericKey: { descriptorValue: name } }, { headerValueMatch: { descriptorValue: 'not-authenticated', expectMatch: false, headers: present } }, { remoteAddress: {} }] });
  }
  return out;
}

/** The RateLimitConfigs a reference list names that exist, with the refKeys of those that do not. */
function configsOf(refs: RateLimitConfigRefsJson | undefined, namespace: string, policy: PolicyView | undefined) {
  const found = [];
  const missing: string[] = [];
  for (const ref of refs?.refs ?? []) {
    const key = refKey(resolveRef('RateLimitConfig', ref, namespace));
    const c = policy?.rateLimitConfigs.get(key);
    if (c) found.push(c);
    else missing.push(key);
  }
  return { found, missing };
}

/** The rate limits of route or virtual host options, and the kinds they use. */
export function rateLimitsOf(o: Options, name: string, namespace: string, policy: PolicyView | undefined): { limits: EnvoyRateLimit[]; kinds: RateLimitKind[] } {
  const limits: EnvoyRateLimit[] = [];
  const kinds: RateLimitKind[] = [];
  const add = (kind: RateLimitKind, list: EnvoyRateLimit[]) => {
    if (!list.length) return;
    limits.push(...list);
    kinds.push(kind);
  };
  if (o.ratelimitBasic) add('ingress', basicRateLimits(o.ratelimitBasic, name, policy?.settings?.extauth?.userIdHeader || DEFAULT_USER_ID_HEADER, stageOf('ingress', policy)));
  if (o.ratelimit) add('custom', envoyRateLimits(o.ratelimit.rateLimits, stageOf('custom', policy)));
  if (o.rateLimitConfigs) add('crd', configsOf(o.rateLimitConfigs, namespace, policy).found.flatMap((c) => envoyRateLimits(c.spec.raw?.rateLimits, stageOf('crd', policy))));
  return { limits, kinds };
}

/** The ratelimit filter of one kind, talking to `cluster` (GenerateEnvoyConfigForFilterWith). */
export function rateLimitFilter(kind: RateLimitKind, s: RateLimitSettings, cluster: string, policy: PolicyView | undefined): StagedHttpFilter {
  const k = RATE_LIMIT_KINDS[kind];
  const config: RateLimitFilter = {
    domain: k.domain,
    stage: stageOf(kind, policy),
    requestType: 'both',
    timeout: s.requestTimeout ?? DEFAULT_TIMEOUT,
    rateLimitService: { transportApiVersion: 'V3', grpcService: { envoyGrpc: { clusterName: cluster, ...(s.grpcService?.authority ? { authority: s.grpcService.authority } : {}) } } },
  };
  if (s.denyOnFail) config.failureModeDeny = true;
  if (s.enableXRatelimitHeaders) config.enableXRatelimitHeaders = 'DRAFT_VERSION_03';
  // Gloo's BeforeStage(AuthNStage) when limiting before auth, else DuringStage(RateLimitStage).
  const placement = s.rateLimitBeforeAuth ? { stage: FilterStage.AuthN, weight: -1 as const } : { stage: FilterStage.RateLimit };
  return { ...placement, filter: { name: k.filter, typedConfig: packAny(RATE_LIMIT_TYPE, config) } };
}

const FIELDS = ['ratelimit', 'ratelimitBasic', 'rateLimitConfigs'] as const;

function check(o: Options, ctx: CheckContext): Issue[] {
  const set = FIELDS.filter((f) => o[f]);
  const server = serverOf(ctx.policy);
  if ('problem' in server) return set.map((f) => ({ severity: 'warning', message: `${ctx.field}.${f} is not translated: ${server.problem}; requests are not rate limited` }));
  const issues: Issue[] = [];
  if (server.missing) issues.push({ severity: 'warning', message: `${ctx.field}.${set[0]}: ${server.missing}; Envoy cannot reach the rate-limit server and lets requests through${ctx.policy?.settings?.ratelimitServer?.denyOnFail ? ' (denyOnFail: it answers 500)' : ''}` });
  for (const message of rateLimitActionProblems(o.ratelimit?.rateLimits, `${ctx.field}.ratelimit.rateLimits`, ctx.regex)) issues.push({ severity: 'error', message });
  for (const ref of o.rateLimitConfigs?.refs ?? []) {
    if (!ref.namespace) continue; // the route's own namespace, which checks do not see
    const key = refKey(resolveRef('RateLimitConfig', ref, ''));
    const c = ctx.policy?.rateLimitConfigs.get(key);
    if (!c) issues.push({ severity: 'warning', message: `${ctx.field}.rateLimitConfigs: ${notFoundText(key, new Set(ctx.policy?.rateLimitConfigs.keys()))}, so its limits are not applied` });
    else for (const message of rateLimitActionProblems(c.spec.raw?.rateLimits, `${describeKey(key)} raw.rateLimits`, ctx.regex)) issues.push({ severity: 'error', message: `${ctx.field}.rateLimitConfigs: ${message}` });
  }
  return issues;
}

function useFilters(kinds: readonly RateLimitKind[], ctx: HookContext): void {
  for (const k of kinds) ctx.useFilter(k);
}

/** The rate-limit plugin. */
export const rateLimitPlugin: Plugin = {
  name: 'ratelimit',
  routeOptions: [...FIELDS],
  virtualHostOptions: [...FIELDS],
  checkRoute: (o, action, ctx) => [...forwardingOnly(FIELDS.find((f) => o[f]) ?? 'ratelimit', action, ctx), ...check(o, ctx)],
  checkVirtualHost: (o, ctx) => check(o, ctx),
  route(o, out, ctx, route) {
    if (!out.route || 'problem' in serverOf(ctx.view.policy)) return;
    // Gloo keys ratelimitBasic by the route's name and refuses a nameless route; here a nameless one is keyed by
    // its Envoy route name without the matcher suffix (the matchers of one route share its action).
    const { limits, kinds } = rateLimitsOf(o, route.name || (out.name ?? '').replace(/-matcher-\d+$/, ''), sourceNamespace(route, ctx), ctx.view.policy);
    if (!limits.length) return;
    out.route.rateLimits = limits;
    if (o.ratelimit?.includeVhRateLimits) out.route.includeVhRateLimits = true;
    useFilters(kinds, ctx);
  },
  virtualHost(o, out, ctx) {
    if ('problem' in serverOf(ctx.view.policy)) return;
    const { limits, kinds } = rateLimitsOf(o, out.name ?? '', sourceNamespace(ctx.virtualHost, ctx), ctx.view.policy);
    if (!limits.length) return;
    out.rateLimits = limits;
    useFilters(kinds, ctx);
  },
  httpFilters(parts, ctx) {
    const s = ctx.view.policy?.settings?.ratelimitServer;
    const server = serverOf(ctx.view.policy);
    if (!s || 'problem' in server) return [];
    const used = new Set(parts);
    return (Object.keys(RATE_LIMIT_KINDS) as RateLimitKind[]).filter((k) => used.has(k)).map((k) => rateLimitFilter(k, s, server.cluster, ctx.view.policy));
  },
};
