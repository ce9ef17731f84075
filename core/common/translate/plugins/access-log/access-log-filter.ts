// Access log filters: Gloo's AccessLogFilter is Envoy's, field for field (Gloo's translateFilter copies
// it through the wire format, after validateFilterEnums). The sandbox converts it explicitly, writes
// the header filter's deprecated match fields as their string_match equivalents, and reports what
// Envoy's validation rules would refuse.
import type { AccessLogFilterJson as GlooFilter, ComparisonFilterJson as GlooComparison } from '../../../gen/gloo/api/v1/options/als/als_pb';
import type { HeaderMatcherJson as GlooHeaderMatcher } from '../../../gen/gloo/api/external/envoy/config/route/v3/route_components_pb';
import type { AccessLogFilterJson, ComparisonFilterJson } from '../../../gen/envoy/envoy/config/accesslog/v3/accesslog_pb';
import type { HeaderMatcherJson } from '../../../gen/envoy/envoy/config/route/v3/route_components_pb';
import type { RegexValidator } from '../../types';

/** Response flags Envoy's ResponseFlagFilter accepts (envoy/config/accesslog/v3/accesslog.proto). */
const RESPONSE_FLAGS = new Set('LH UH UT LR UR UF UC UO NR DI FI RL UAEX RLSE DC URX SI IH DPE UMSDR RFCF NFCF DT UPE NC OM DF DO DR'.split(' '));

function comparison(c: GlooComparison | undefined): ComparisonFilterJson {
  const out: ComparisonFilterJson = {};
  if (c?.op) out.op = c.op;
  if (c?.value) out.value = { ...(c.value.defaultValue !== undefined ? { defaultValue: c.value.defaultValue } : {}), runtimeKey: c.value.runtimeKey ?? '' };
  return out;
}

/** Envoy's HeaderMatcher of Gloo's, the deprecated exact/prefix/suffix/regex fields as string_match. */
export function headerMatcher(h: GlooHeaderMatcher): HeaderMatcherJson {
  const out: HeaderMatcherJson = { name: h.name ?? '' };
  if (h.exactMatch !== undefined) out.stringMatch = { exact: h.exactMatch };
  else if (h.prefixMatch !== undefined) out.stringMatch = { prefix: h.prefixMatch };
  else if (h.suffixMatch !== undefined) out.stringMatch = { suffix: h.suffixMatch };
  else if (h.safeRegexMatch) out.stringMatch = { safeRegex: { regex: h.safeRegexMatch.regex ?? '' } };
  else if (h.rangeMatch) out.rangeMatch = { ...h.rangeMatch };
  else if (h.presentMatch !== undefined) out.presentMatch = h.presentMatch;
  if (h.invertMatch) out.invertMatch = true;
  return out;
}

/** Envoy's AccessLogFilter of Gloo's. */
export function accessLogFilter(f: GlooFilter): AccessLogFilterJson {
  if (f.statusCodeFilter) return { statusCodeFilter: { comparison: comparison(f.statusCodeFilter.comparison) } };
  if (f.durationFilter) return { durationFilter: { comparison: comparison(f.durationFilter.comparison) } };
  if (f.notHealthCheckFilter) return { notHealthCheckFilter: {} };
  if (f.traceableFilter) return { traceableFilter: {} };
  if (f.runtimeFilter) return { runtimeFilter: { ...f.runtimeFilter } };
  if (f.andFilter) return { andFilter: { filters: (f.andFilter.filters ?? []).map(accessLogFilter) } };
  if (f.orFilter) return { orFilter: { filters: (f.orFilter.filters ?? []).map(accessLogFilter) } };
  if (f.headerFilter) return { headerFilter: { header: headerMatcher(f.headerFilter.header ?? {}) } };
  if (f.responseFlagFilter) return { responseFlagFilter: { flags: [...(f.responseFlagFilter.flags ?? [])] } };
  if (f.grpcStatusFilter) return { grpcStatusFilter: { ...f.grpcStatusFilter } };
  return {};
}

function comparisonProblems(c: GlooComparison | undefined, at: string): string[] {
  if (!c?.value) return [`${at}.comparison.value is required`];
  return c.value.runtimeKey ? [] : [`${at}.comparison.value.runtimeKey is required (Envoy reads the threshold from this runtime key, defaultValue when unset)`];
}

/** Why Envoy would refuse an access log filter; `at` names it in messages. */
export function accessLogFilterProblems(f: GlooFilter, at: string, regex: RegexValidator): string[] {
  if (f.statusCodeFilter) return comparisonProblems(f.statusCodeFilter.comparison, `${at}.statusCodeFilter`);
  if (f.durationFilter) return comparisonProblems(f.durationFilter.comparison, `${at}.durationFilter`);
  if (f.runtimeFilter) return f.runtimeFilter.runtimeKey ? [] : [`${at}.runtimeFilter.runtimeKey is required`];
  const list = f.andFilter ? { name: 'andFilter', filters: f.andFilter.filters ?? [] } : f.orFilter ? { name: 'orFilter', filters: f.orFilter.filters ?? [] } : undefined;
  if (list) {
    const own = list.filters.length < 2 ? [`${at}.${list.name}.filters needs at least 2 filters`] : [];
    return [...own, ...list.filters.flatMap((sub, i) => accessLogFilterProblems(sub, `${at}.${list.name}.filters[${i}]`, regex))];
  }
  if (f.headerFilter) {
    const h = f.headerFilter.header;
    if (!h?.name) return [`${at}.headerFilter.header.name is required`];
    const re = h.safeRegexMatch?.regex;
    const bad = re !== undefined ? regex(re) : undefined;
    return bad ? [`${at}.headerFilter.header.safeRegexMatch invalid regex "${re}": ${bad}`] : [];
  }
  if (f.responseFlagFilter) return (f.responseFlagFilter.flags ?? []).filter((x) => !RESPONSE_FLAGS.has(x)).map((x) => `${at}.responseFlagFilter.flags: "${x}" is not a response flag Envoy knows`);
  return [];
}
