// Checks of a VirtualService as a whole (domains, TLS, virtual host options) and of the
// VirtualServices sharing one listener (duplicate domains, conflicting certificates per SNI name).
import type { SslConfigJson } from '../../gen/gloo/api/v1/ssl/ssl_pb';
import type { Resource } from '../../model/resource';
import { stableStringify } from '../../model/hash';
import { secretIssues, type GlooView } from '../gloo/gloo-objects';
import { describeKey } from '../names';
import { virtualHostOptionIssues } from '../route-validator';
import type { Issue } from '../served';
import type { Finding, RegexValidator } from '../types';

/** Domains a VirtualService serves; none means every domain (`*`), as in Gloo. */
export function effectiveDomains(vs: Resource<'VirtualService'>): string[] {
  const d = vs.spec.virtualHost?.domains ?? [];
  return d.length ? d : ['*'];
}

/** Why a domain cannot be served (empty, or a wildcard Envoy and gRPC clients do not accept); undefined when fine. */
export function domainProblem(domain: string): string | undefined {
  if (domain === '') return 'is empty';
  const stars = domain.split('*').length - 1;
  if (stars > 1) return 'has more than one wildcard';
  if (stars === 1 && !domain.startsWith('*') && !domain.endsWith('*')) return 'has a wildcard in the middle (only a leading or trailing * is allowed)';
  if (/\s/.test(domain)) return 'contains whitespace';
  return undefined;
}

/** Problems of a VirtualService itself: virtual host, domains, TLS settings and virtual host options. */
export function virtualServiceIssues(vs: Resource<'VirtualService'>, view: GlooView, regex: RegexValidator): Issue[] {
  const issues: Issue[] = [];
  const vh = vs.spec.virtualHost;
  // validateVirtualServiceDomains (virtual_service_translator.go): NoVirtualHostErr is a warning; the VirtualService is served with an empty virtual host.
  if (!vh) return [{ severity: 'warning', message: 'virtualHost is not set, so this VirtualService serves an empty virtual host (no routes: every request to it gets 404)' }];
  const seen = new Set<string>();
  (vh.domains ?? []).forEach((d, i) => {
    const problem = domainProblem(d);
    if (problem) issues.push({ severity: 'error', message: `virtualHost.domains[${i}] "${d}" ${problem}` });
    if (seen.has(d.toLowerCase())) issues.push({ severity: 'error', message: `virtualHost.domains lists "${d}" twice` });
    seen.add(d.toLowerCase());
  });
  if (!vh.routes?.length) issues.push({ severity: 'warning', message: 'virtualHost has no routes, so every request to its domains gets 404' });
  issues.push(...virtualHostOptionIssues(vh.options, regex, 'virtualHost.options', view.policy));
  const ssl = vs.spec.sslConfig;
  if (ssl?.secretRef) issues.push(...secretIssues(view, ssl.secretRef, vs.metadata.namespace, 'sslConfig.secretRef'));
  else if (ssl?.sslFiles && (!ssl.sslFiles.tlsCert || !ssl.sslFiles.tlsKey)) issues.push({ severity: 'error', message: 'sslConfig.sslFiles needs tlsCert and tlsKey' });
  else if (ssl && !ssl.sslFiles) issues.push({ severity: 'error', message: 'sslConfig needs secretRef or sslFiles' });
  return issues;
}

/**
 * The SslConfig a VirtualService contributes to its HTTPS listener. When it names no sniDomains its own
 * domains are used (a `*` domain leaves the names empty: the default filter chain), so several
 * certificates can share one listener, each in its own filter chain (Envoy picks the chain by SNI).
 */
export function listenerSslConfig(vs: Resource<'VirtualService'>): SslConfigJson | undefined {
  const ssl = vs.spec.sslConfig;
  if (!ssl) return undefined;
  const out: SslConfigJson = { ...ssl, ...secretNamespaceFilled(ssl, vs.metadata.namespace) };
  if (ssl.sniDomains?.length) return out;
  const domains = effectiveDomains(vs);
  if (!domains.includes('*')) out.sniDomains = [...domains];
  return out;
}

function secretNamespaceFilled(ssl: SslConfigJson, namespace: string): Partial<SslConfigJson> {
  return ssl.secretRef && !ssl.secretRef.namespace ? { secretRef: { ...ssl.secretRef, namespace } } : {};
}

/** One VirtualService on a listener, as the conflict checks see it (`domainKeys`: its domains lower-cased, once each). */
export interface ListenerMember {
  readonly key: string;
  readonly domainKeys: readonly string[];
  readonly ssl?: SslConfigJson;
}

/** Domains claimed by more than one VirtualService on a listener, each with the VirtualServices (refKeys) claiming it. */
export function duplicateDomains(members: readonly ListenerMember[]): Map<string, string[]> | undefined {
  const first = new Map<string, string>();
  let shared: Map<string, string[]> | undefined;
  for (const m of members) {
    for (const d of m.domainKeys) {
      const owner = first.get(d);
      if (owner === undefined) first.set(d, m.key);
      else {
        shared ??= new Map();
        const list = shared.get(d) ?? [owner];
        list.push(m.key);
        shared.set(d, list);
      }
    }
  }
  return shared;
}

/** Duplicate domains `shared` (as duplicateDomains finds them; Gloo's validateVirtualServiceDomains rejects every VirtualService involved) and SNI names claimed with different TLS settings (the later one is rejected). */
export function listenerConflicts(members: readonly ListenerMember[], listener: string, proxy: string, shared: ReadonlyMap<string, readonly string[]> | undefined): Finding[] {
  const findings: Finding[] = [];
  for (const [domain, keys] of shared ?? []) {
    for (const key of keys) {
      const others = keys.filter((k) => k !== key).map(describeKey).join(', ');
      findings.push({ ref: key, severity: 'error', proxy, message: `domain "${domain}" is also claimed by ${others} on listener ${listener}` });
    }
  }
  if (members.some((m) => m.ssl)) findings.push(...sniConflicts(members, listener, proxy));
  return findings;
}

/** Lower-cased domains, each once (Envoy matches hosts case-insensitively). */
export function domainKeys(domains: readonly string[]): string[] {
  return [...new Set(domains.map((d) => d.toLowerCase()))];
}

function sniConflicts(members: readonly ListenerMember[], listener: string, proxy: string): Finding[] {
  const findings: Finding[] = [];
  const claimed = new Map<string, { key: string; config: string }>();
  for (const m of members) {
    if (!m.ssl) continue;
    const { sniDomains, ...rest } = m.ssl;
    const config = stableStringify(rest);
    for (const name of sniDomains?.length ? sniDomains : ['']) {
      const prior = claimed.get(name.toLowerCase());
      if (!prior) claimed.set(name.toLowerCase(), { key: m.key, config });
      else if (prior.config !== config && prior.key !== m.key) {
        const what = name ? `SNI name "${name}"` : 'the default (no SNI) filter chain';
        findings.push({ ref: m.key, severity: 'error', proxy, message: `sslConfig: ${what} on listener ${listener} is already served with different TLS settings by ${describeKey(prior.key)}` });
      }
    }
  }
  return findings;
}
