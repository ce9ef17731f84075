// Virtual host selection by the Host (:authority) header, in Envoy's order
// (https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/route/v3/route_components.proto#config-route-v3-virtualhost):
//   1. exact domain names (www.foo.com)
//   2. suffix wildcards (*.foo.com, *-bar.foo.com), longest first
//   3. prefix wildcards (foo.*, foo-*), longest first
//   4. the special wildcard * matching any domain.
// A wildcard never matches the empty string, and both hosts and domains compare lower-cased.
// Envoy compares the host with its port; when the host carries a port the sandbox also tries it
// without, at each step, so `foo.com:8080` reaches a `foo.com` domain (what a client means).
import { listOf, type VirtualHostInput } from './envoy-input';

/** The chosen virtual host, its index, the domain that matched and the host form (with or without port) that matched it. */
export interface VirtualHostSelection {
  readonly virtualHost: VirtualHostInput;
  readonly index: number;
  readonly domain: string;
  readonly host: string;
}

/** How a domain pattern matches: an exact name, `*.suffix`, `prefix.*` or the catch-all `*`. */
export type DomainKind = 'exact' | 'suffix' | 'prefix' | 'any';

/** The kind of a domain pattern, classified as Envoy does (a leading `*` wins over a trailing one). */
export function domainKind(domain: string): DomainKind {
  if (domain === '*') return 'any';
  if (domain.length > 1 && domain.startsWith('*')) return 'suffix';
  if (domain.length > 1 && domain.endsWith('*')) return 'prefix';
  return 'exact';
}

/** Where the port of a host begins (index of ':'), or -1; IPv6 literals count only after `]` (RFC 3986 §3.2.2). */
export function portStart(host: string): number {
  const colon = host.lastIndexOf(':');
  if (colon < 0) return -1;
  const v6End = host.lastIndexOf(']');
  return v6End < 0 || v6End < colon ? colon : -1;
}

/** The host without its `:port` suffix. */
export function stripPort(host: string): string {
  const at = portStart(host);
  return at < 0 ? host : host.slice(0, at);
}

/** Picks the virtual host for a host header; undefined when no domain matches and there is no `*`. */
export function selectVirtualHost(
  virtualHosts: readonly VirtualHostInput[],
  host: string,
  opts: { readonly ignorePort?: boolean } = {},
): VirtualHostSelection | undefined {
  const lower = host.toLowerCase();
  const noPort = stripPort(lower);
  // Envoy matches the whole Host, port included, unless the route configuration sets
  // ignore_port_in_host_matching; Gloo's proxies do not set it, so `a.com:8080` does not match `a.com`.
  const hosts = opts.ignorePort ? [noPort] : [lower];
  const entries = domainEntries(virtualHosts);
  for (const kind of ['exact', 'suffix', 'prefix'] as const) {
    for (const h of hosts) {
      const hit = bestOfKind(entries, kind, h);
      if (hit) return { ...hit, host: h };
    }
  }
  const any = entries.find((e) => e.kind === 'any');
  return any ? { virtualHost: any.virtualHost, index: any.index, domain: any.domain, host: lower } : undefined;
}

interface DomainEntry {
  readonly virtualHost: VirtualHostInput;
  readonly index: number;
  readonly domain: string;
  readonly lower: string;
  readonly kind: DomainKind;
}

function domainEntries(virtualHosts: readonly VirtualHostInput[]): DomainEntry[] {
  const out: DomainEntry[] = [];
  virtualHosts.forEach((virtualHost, index) => {
    for (const domain of listOf(virtualHost.domains)) {
      if (typeof domain !== 'string') continue;
      out.push({ virtualHost, index, domain, lower: domain.toLowerCase(), kind: domainKind(domain) });
    }
  });
  return out;
}

function bestOfKind(entries: readonly DomainEntry[], kind: Exclude<DomainKind, 'any'>, host: string): Omit<VirtualHostSelection, 'host'> | undefined {
  let best: DomainEntry | undefined;
  for (const e of entries) {
    if (e.kind !== kind || !matchesOne(e, host)) continue;
    // Domains are unique within a route configuration, so equal lengths only come from invalid config: first wins.
    if (!best || e.lower.length > best.lower.length) best = e;
  }
  return best && { virtualHost: best.virtualHost, index: best.index, domain: best.domain };
}

function matchesOne(e: DomainEntry, host: string): boolean {
  switch (e.kind) {
    case 'exact':
      return e.lower === host;
    case 'suffix':
      return host.length > e.lower.length - 1 && host.endsWith(e.lower.slice(1));
    case 'prefix':
      return host.length > e.lower.length - 1 && host.startsWith(e.lower.slice(0, -1));
    default:
      return true;
  }
}
