// Builds the Proxy objects of the gateway stage: one per proxy name, one listener per Gateway (HTTP,
// TCP or hybrid), one virtual host per VirtualService (sorted by name), SSL configurations
// deduplicated per listener or matched listener.
import type { HttpListenerOptionsJson } from '../../gen/gloo/api/v1/http_listener_options_pb';
import type { ListenerJson, MatchedListenerJson, VirtualHostJson as ProxyVirtualHost } from '../../gen/gloo/api/v1/proxy_pb';
import type { SslConfigJson } from '../../gen/gloo/api/v1/ssl/ssl_pb';
import { stableStringify } from '../../model/hash';
import type { Resource } from '../../model/resource';
import { GENERATED_LABEL } from '../names';
import type { ListenerPlan } from './evaluate';
import type { MatchedListenerPlan } from './non-http-plan';
import type { Expansion } from './virtual-service-expander';
import { bindAddressOf } from './gateway-selection';

/** Labels of every generated Proxy (Gloo marks its own with `created_by: gloo-gateway`). */
export const GENERATED_LABELS: Readonly<Record<string, string>> = { created_by: 'gloo-gateway', [GENERATED_LABEL]: 'true' };

/** The Proxies of a round's plan. */
export function buildProxies(plan: ReadonlyMap<string, readonly ListenerPlan[]>, namespace: string): Resource<'Proxy'>[] {
  const out: Resource<'Proxy'>[] = [];
  for (const [name, listeners] of plan) {
    const built = listeners.map((l) => buildListener(l)).filter((l): l is ListenerJson => !!l);
    out.push({ kind: 'Proxy', metadata: { name, namespace, labels: { ...GENERATED_LABELS } }, spec: { listeners: built } });
  }
  return out;
}

/** A Proxy listener of a Gateway, with the Gateway's options as Gloo's http_translator (TcpTranslator, HybridTranslator) passes them. */
export function buildListener(plan: ListenerPlan): ListenerJson | undefined {
  const g = plan.gateway;
  const ssl = !plan.tcp && !plan.matched && !!g.spec.ssl;
  // An HTTPS listener without virtual services has no certificate to serve, so Gloo leaves it out.
  if (ssl && plan.members.length === 0) return undefined;
  const members = sortedMembers(plan.members);
  const virtualHosts: ProxyVirtualHost[] = members.map((m) => m.virtualHost);
  const httpOptions = g.spec.httpGateway?.options;
  const listener: ListenerJson = {
    name: plan.name,
    bindAddress: bindAddressOf(g),
    bindPort: g.spec.bindPort ?? 0,
    ...listenerType(plan, virtualHosts, httpOptions),
    ...(g.spec.options ? { options: g.spec.options } : {}),
    // makeListener copies the deprecated useProxyProto; the gloo stage reads it as an empty proxyProtocol option.
    ...(typeof g.spec.useProxyProto === 'boolean' ? { useProxyProto: g.spec.useProxyProto } : {}),
    metadataStatic: { sources: [{ resourceRef: { name: g.metadata.name, namespace: g.metadata.namespace }, resourceKind: 'Gateway' }] },
  };
  if (ssl) listener.sslConfigurations = dedupe(members.map((m) => m.ssl).filter((s): s is SslConfigJson => !!s));
  return listener;
}

/** The listener's type: a TCP listener (ComputeTcpListener), a hybrid one (one matched listener each), or an HTTP one. */
function listenerType(plan: ListenerPlan, virtualHosts: ProxyVirtualHost[], httpOptions: HttpListenerOptionsJson | undefined): Pick<ListenerJson, 'httpListener' | 'tcpListener' | 'hybridListener'> {
  if (plan.tcp) return { tcpListener: plan.tcp };
  if (plan.matched) return { hybridListener: { matchedListeners: plan.matched.map(matchedListener) } };
  return { httpListener: httpOptions ? { virtualHosts, options: httpOptions } : { virtualHosts } };
}

/** A matched listener; an HTTP one whose matcher has sslConfig lists its VirtualServices' SslConfigs, as computeHybridListenerFromMatchedGateways does. */
function matchedListener(m: MatchedListenerPlan): MatchedListenerJson {
  if (m.tcp) return { matcher: m.matcher, tcpListener: m.tcp };
  const members = sortedMembers(m.members ?? []);
  const out: MatchedListenerJson = { matcher: m.matcher, httpListener: { virtualHosts: members.map((x) => x.virtualHost), ...(m.options ? { options: m.options } : {}) } };
  if (m.matcher.sslConfig) out.sslConfigurations = dedupe(members.map((x) => x.ssl).filter((s): s is SslConfigJson => !!s));
  return out;
}

function sortedMembers(members: readonly Expansion[]): Expansion[] {
  return [...members].sort((a, b) => compare(a.virtualHost.name ?? '', b.virtualHost.name ?? ''));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dedupe(configs: readonly SslConfigJson[]): SslConfigJson[] {
  const seen = new Set<string>();
  return configs.filter((c) => {
    const k = stableStringify(c);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
