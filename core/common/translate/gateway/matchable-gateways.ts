// MatchableHttpGateways and MatchableTcpGateways: their own checks, which of them a hybrid Gateway's
// delegatedHttpGateways / delegatedTcpGateways select (Gloo's gateway_selector.go), and the settings
// a delegating Gateway shares with the HTTP ones (reconcileGatewayLevelHCMConfig and
// reconcileGatewayLevelSslConfig in aggregate_translator.go, with mergeHCMSettings / mergeSslConfig).
import type { CidrRangeJson } from '../../gen/gloo/api/external/envoy/config/core/v3/address_pb';
import type { DelegatedHttpGatewayJson, DelegatedTcpGatewayJson } from '../../gen/gateway/api/v1/gateway_pb';
import type { HttpListenerOptionsJson } from '../../gen/gloo/api/v1/http_listener_options_pb';
import type { SelectorJson } from '../../gen/gloo/api/v1/core/selectors/selectors_pb';
import type { SslConfigJson } from '../../gen/gloo/api/v1/ssl/ssl_pb';
import type { ResourceRefJson } from '../../gen/solo-kit/api/v1/solo-kit_pb';
import type { Resource } from '../../model/resource';
import { isIPv4, isIPv6 } from '../ip';
import { secretIssues, type GlooView } from '../gloo/gloo-objects';
import { describeKey } from '../names';
import { notFoundText } from '../ref-suggestion';
import { httpListenerOptionIssues } from '../plugins/run-listener-plugins';
import { serveEach, type Issue, type ServeContext } from '../served';
import type { RegexValidator } from '../types';
import { expressionProblem, matchesExpressions } from './label-selector';
import { tcpGatewayIssues } from './tcp-gateway';
import { matchesLabels, refKey, resolveRef } from '../../model/resource';

/** Why a source or destination range cannot be matched on (Envoy's CidrRange: an IP literal, prefix_len at most the address's bits); undefined when fine. */
export function cidrProblem(r: CidrRangeJson): string | undefined {
  const a = r.addressPrefix ?? '';
  const bits = isIPv4(a) ? 32 : isIPv6(a) ? 128 : 0;
  if (!bits) return `addressPrefix "${a}" is not an IP address`;
  if ((r.prefixLen ?? 0) > bits) return `prefixLen ${r.prefixLen} is longer than the ${bits} bits of ${a}`;
  return undefined;
}

/** Errors of a matcher's source prefix ranges (`field` names the matcher). */
export function rangeIssues(ranges: readonly CidrRangeJson[] | undefined, field: string): Issue[] {
  return (ranges ?? []).flatMap((r, i) => {
    const bad = cidrProblem(r);
    return bad ? [{ severity: 'error' as const, message: `${field}.sourcePrefixRanges[${i}]: ${bad}` }] : [];
  });
}

/** The Warning for passthroughCipherSuites: Gloo's deprecated_cipher_passthrough plugin refuses them outside Gloo Enterprise, whose Envoy build matches on them. */
export function cipherSuiteIssues(suites: readonly string[] | undefined, field: string): Issue[] {
  if (!suites?.length) return [];
  return [{ severity: 'warning', message: `${field}.passthroughCipherSuites is not translated: matching filter chains on cipher suites needs Gloo Enterprise's Envoy build; this filter chain matches whatever cipher suites a client offers` }];
}

/** The Warning for a certificate in a TCP matcher's sslConfig: Gloo's tcpFilterChainTranslator reads only its sniDomains, so TLS is not terminated with it. */
export function tcpMatcherSslIssues(ssl: SslConfigJson | undefined, field: string): Issue[] {
  if (!ssl || !(ssl.secretRef || ssl.sslFiles || ssl.sds)) return [];
  return [{ severity: 'warning', message: `${field}.sslConfig names a certificate, which a TCP gateway's matcher does not use: only its sniDomains match connections; set sslConfig on the TCP hosts to terminate TLS` }];
}

/** Problems of a MatchableHttpGateway: matcher, TLS defaults, HTTP listener options, VirtualService selection. */
export function matchableHttpIssues(g: Resource<'MatchableHttpGateway'>, view: GlooView, regex: RegexValidator, existing: ReadonlySet<string>): Issue[] {
  const m = g.spec.matcher;
  const http = g.spec.httpGateway;
  const issues: Issue[] = [...rangeIssues(m?.sourcePrefixRanges, 'matcher'), ...httpListenerOptionIssues(http?.options, regex)];
  if (m?.sslConfig?.secretRef) issues.push(...secretIssues(view, m.sslConfig.secretRef, g.metadata.namespace, 'matcher.sslConfig.secretRef'));
  (http?.virtualServiceExpressions?.expressions ?? []).forEach((e, i) => {
    const bad = expressionProblem(e);
    if (bad) issues.push({ severity: 'error', message: `httpGateway.virtualServiceExpressions.expressions[${i}]: ${bad}` });
  });
  for (const ref of http?.virtualServices ?? []) {
    const key = refKey(resolveRef('VirtualService', ref, g.metadata.namespace));
    if (!existing.has(key)) issues.push({ severity: 'error', message: `httpGateway.virtualServices: ${notFoundText(key, existing)}` });
  }
  return issues;
}

/** Problems of a MatchableTcpGateway: matcher and TCP hosts. */
export function matchableTcpIssues(g: Resource<'MatchableTcpGateway'>, view: GlooView, regex: RegexValidator): Issue[] {
  const m = g.spec.matcher;
  return [...rangeIssues(m?.sourcePrefixRanges, 'matcher'), ...cipherSuiteIssues(m?.passthroughCipherSuites, 'matcher'), ...tcpMatcherSslIssues(m?.sslConfig, 'matcher'), ...tcpGatewayIssues(g.spec.tcpGateway ?? {}, { view, regex, namespace: g.metadata.namespace }, 'tcpGateway')];
}

/** The MatchableHttpGateways a delegation selects, in namespace/name order (SelectMatchableHttpGateways): TLS on both sides or on neither. */
export function selectHttpGateways(d: DelegatedHttpGatewayJson, all: readonly Resource<'MatchableHttpGateway'>[], namespace: string): Resource<'MatchableHttpGateway'>[] {
  return all.filter((g) => !!d.sslConfig === !!g.spec.matcher?.sslConfig && selected(g, d.ref, d.selector, namespace));
}

/** The MatchableTcpGateways a delegation selects, in namespace/name order (SelectMatchableTcpGateways). */
export function selectTcpGateways(d: DelegatedTcpGatewayJson, all: readonly Resource<'MatchableTcpGateway'>[], namespace: string): Resource<'MatchableTcpGateway'>[] {
  return all.filter((g) => selected(g, d.ref, d.selector, namespace));
}

/** Errors of a delegation's selector expressions (matchExpressions: "the selector expression is invalid"). */
export function selectorIssues(selector: SelectorJson | undefined, field: string): Issue[] {
  return (selector?.expressions ?? []).flatMap((e, i) => {
    const bad = expressionProblem(e);
    return bad ? [{ severity: 'error' as const, message: `${field}.selector.expressions[${i}]: ${bad}` }] : [];
  });
}

/** matchMetadata: a reference names one object; otherwise namespaces (none or `*`: all), labels and expressions must all match. */
function selected(g: Resource, ref: ResourceRefJson | undefined, selector: SelectorJson | undefined, namespace: string): boolean {
  const m = g.metadata;
  if (ref) return (ref.namespace || namespace) === m.namespace && ref.name === m.name;
  const namespaces = selector?.namespaces ?? [];
  if (namespaces.length && !namespaces.includes('*') && !namespaces.includes(m.namespace)) return false;
  if (!matchesLabels(m.labels, selector?.labels)) return false;
  const expressions = selector?.expressions ?? [];
  return expressions.every((e) => !expressionProblem(e)) && matchesExpressions(m.labels, expressions);
}

/** A MatchableHttpGateway's HTTP options with the HCM settings it shares with the delegating Gateway (reconcileGatewayLevelHCMConfig). */
export function reconciledHttpOptions(d: DelegatedHttpGatewayJson, child: HttpListenerOptionsJson | undefined): HttpListenerOptionsJson | undefined {
  const hcm = mergeShared(d.httpConnectionManagerSettings, child?.httpConnectionManagerSettings, !!d.preventChildOverrides);
  if (!hcm) return child;
  return { ...child, httpConnectionManagerSettings: hcm };
}

/** A MatchableHttpGateway's TLS settings with those it shares with the delegating Gateway (reconcileGatewayLevelSslConfig). */
export function reconciledSsl(d: DelegatedHttpGatewayJson, child: SslConfigJson | undefined): SslConfigJson | undefined {
  return mergeShared(d.sslConfig, child, !!d.preventChildOverrides);
}

/**
 * Settings shared by a parent and a child (mergeSslConfig / mergeHCMSettings): the child's, with the
 * fields it leaves unset taken from the parent; with preventChildOverrides the parent's set fields win.
 */
export function mergeShared<T extends object>(parent: T | undefined, child: T | undefined, preventChildOverrides: boolean): T | undefined {
  if (!parent) return child;
  if (!child) return parent;
  return (preventChildOverrides ? overlay(child, parent) : overlay(parent, child)) as T;
}

/** `base` with every set field of `top` laid over it, nested objects merged field by field. */
function overlay(base: object, top: object): object {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(top)) {
    if (v === undefined) continue;
    const b = out[k];
    out[k] = isPlainObject(v) && isPlainObject(b) ? overlay(b, v) : v;
  }
  return out;
}

function isPlainObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Judges every MatchableHttpGateway and MatchableTcpGateway on its own and returns the served versions, in namespace/name order. */
export function serveMatchableGateways(
  objects: { readonly MatchableHttpGateway: readonly Resource<'MatchableHttpGateway'>[]; readonly MatchableTcpGateway: readonly Resource<'MatchableTcpGateway'>[] },
  env: { readonly view: GlooView; readonly regex: RegexValidator; readonly existing: ReadonlySet<string>; readonly serve: ServeContext },
): { http: Resource<'MatchableHttpGateway'>[]; tcp: Resource<'MatchableTcpGateway'>[] } {
  const http = serveEach(objects.MatchableHttpGateway, (g) => matchableHttpIssues(g, env.view, env.regex, env.existing), env.serve);
  const tcp = serveEach(objects.MatchableTcpGateway, (g) => matchableTcpIssues(g, env.view, env.regex), env.serve);
  return { http: [...http.values()].map((s) => s.resource), tcp: [...tcp.values()].map((s) => s.resource) };
}
