// CSRF protection, after Gloo's csrf plugin (projects/gloo/pkg/plugins/csrf/plugin.go: HttpFilters,
// ProcessRoute, ProcessVirtualHost, translateCsrfConfig): Envoy's standard csrf filter in Gloo's
// route stage, configured by the HTTP listener options, or with the filter off (0%) when only routes
// and virtual hosts set policies; their policies go in typedPerFilterConfig. An unset filterEnabled
// is 0% (Gloo sends an empty fraction, so Envoy does not read it as 100%).
import type { CsrfPolicyJson } from '../../../gen/gloo/api/external/envoy/extensions/filters/http/csrf/v3/csrf_pb';
import type { RuntimeFractionalPercentJson } from '../../../gen/gloo/api/external/envoy/config/core/v3/base_pb';
import type { StringMatcherJson } from '../../../gen/gloo/api/external/envoy/type/matcher/v3/string_pb';
import type { CsrfPolicyJson as EnvoyCsrfPolicy } from '../../../gen/envoy/envoy/extensions/filters/http/csrf/v3/csrf_pb';
import type { RuntimeFractionalPercentJson as EnvoyRuntimeFraction } from '../../../gen/envoy/envoy/config/core/v3/base_pb';
import type { StringMatcherJson as EnvoyStringMatcher } from '../../../gen/envoy/envoy/type/matcher/v3/string_pb';
import { packAny, typeUrl } from '../../../xds/envoy-any';
import type { Issue } from '../../served';
import { setPerFilterConfig } from '../per-filter-config';
import { FilterStage, type CheckContext, type Plugin, type StagedHttpFilter } from '../plugin';

/** CSRF HTTP filter name. */
export const CSRF_FILTER = 'envoy.filters.http.csrf';
const CSRF_TYPE = typeUrl<EnvoyCsrfPolicy>('envoy.extensions.filters.http.csrf.v3.CsrfPolicy');
const DENOMINATORS = ['HUNDRED', 'TEN_THOUSAND', 'MILLION'] as const;

function fraction(f: RuntimeFractionalPercentJson): EnvoyRuntimeFraction {
  const d = f.defaultValue;
  const raw = d?.denominator as unknown;
  const denominator = typeof raw === 'number' ? DENOMINATORS[raw] : (raw as (typeof DENOMINATORS)[number] | undefined);
  const out: EnvoyRuntimeFraction = { defaultValue: { numerator: d?.numerator ?? 0, denominator: denominator ?? 'HUNDRED' } };
  if (f.runtimeKey) out.runtimeKey = f.runtimeKey;
  return out;
}

function origin(m: StringMatcherJson): EnvoyStringMatcher {
  const ignoreCase = m.ignoreCase ? { ignoreCase: true } : {};
  if (m.exact !== undefined) return { exact: m.exact, ...ignoreCase };
  if (m.prefix !== undefined) return { prefix: m.prefix, ...ignoreCase };
  if (m.suffix !== undefined) return { suffix: m.suffix, ...ignoreCase };
  return { safeRegex: { regex: m.safeRegex?.regex ?? '' } };
}

/** Envoy's CsrfPolicy of a Gloo one (undefined: the filter off, as Gloo's HttpFilters sends without listener options). */
export function csrfPolicy(c: CsrfPolicyJson | undefined): EnvoyCsrfPolicy {
  const out: EnvoyCsrfPolicy = { filterEnabled: c?.filterEnabled ? fraction(c.filterEnabled) : { defaultValue: { numerator: 0, denominator: 'HUNDRED' } } };
  if (c?.shadowEnabled) out.shadowEnabled = fraction(c.shadowEnabled);
  if (c?.additionalOrigins?.length) out.additionalOrigins = c.additionalOrigins.map(origin);
  return out;
}

function checkPolicy(c: CsrfPolicyJson | undefined, ctx: CheckContext): Issue[] {
  const issues: Issue[] = [];
  (c?.additionalOrigins ?? []).forEach((m, i) => {
    const at = `${ctx.field}.csrf.additionalOrigins[${i}]`;
    const set = [m.exact, m.prefix, m.suffix, m.safeRegex].filter((v) => v !== undefined).length;
    if (set !== 1) issues.push({ severity: 'error', message: `${at} must set exactly one of exact, prefix, suffix or safeRegex` });
    const bad = m.safeRegex ? ctx.regex(m.safeRegex.regex ?? '') : undefined;
    if (bad) issues.push({ severity: 'error', message: `${at}.safeRegex invalid regex "${m.safeRegex?.regex ?? ''}": ${bad}` });
  });
  for (const part of ['filterEnabled', 'shadowEnabled'] as const) {
    const d = c?.[part]?.defaultValue;
    const max = d?.denominator === 'MILLION' || (d?.denominator as unknown) === 2 ? 1_000_000 : d?.denominator === 'TEN_THOUSAND' || (d?.denominator as unknown) === 1 ? 10_000 : 100;
    if (d?.numerator !== undefined && d.numerator > max) issues.push({ severity: 'warning', message: `${ctx.field}.csrf.${part}.defaultValue.numerator ${d.numerator} is above its denominator ${max}; Envoy treats it as 100%` });
  }
  return issues;
}

function filter(c: CsrfPolicyJson | undefined): StagedHttpFilter {
  return { stage: FilterStage.Route, filter: { name: CSRF_FILTER, typedConfig: packAny(CSRF_TYPE, csrfPolicy(c)) } };
}

/** The CSRF plugin. */
export const csrfPlugin: Plugin = {
  name: 'csrf',
  routeOptions: ['csrf'],
  virtualHostOptions: ['csrf'],
  weightedDestinationOptions: ['csrf'],
  httpListenerOptions: ['csrf'],
  checkRoute: (o, _action, ctx) => checkPolicy(o.csrf, ctx),
  checkVirtualHost: (o, ctx) => checkPolicy(o.csrf, ctx),
  checkWeightedDestination: (o, ctx) => checkPolicy(o.csrf, ctx),
  checkHttpListener: (o, ctx) => checkPolicy(o.csrf, ctx),
  route(o, out, ctx) {
    if (!o.csrf) return;
    setPerFilterConfig(out, CSRF_FILTER, packAny(CSRF_TYPE, csrfPolicy(o.csrf)));
    ctx.useFilter();
  },
  virtualHost(o, out, ctx) {
    if (!o.csrf) return;
    setPerFilterConfig(out, CSRF_FILTER, packAny(CSRF_TYPE, csrfPolicy(o.csrf)));
    ctx.useFilter();
  },
  // ProcessWeightedDestination: the policy on the weighted cluster.
  weightedDestination(o, out, ctx) {
    if (!o.csrf) return;
    setPerFilterConfig(out, CSRF_FILTER, packAny(CSRF_TYPE, csrfPolicy(o.csrf)));
    ctx.useFilter();
  },
  // Listener options configure the filter themselves (listenerHttpFilters); routes alone add it off.
  httpFilters: (_parts, ctx) => (ctx.listenerOptions?.csrf ? [] : [filter(undefined)]),
  listenerHttpFilters: (o) => (o.csrf ? [filter(o.csrf)] : []),
};
