// The listener plan of a TCP or hybrid Gateway, and the problems only its Envoy filter chains show:
// chains that claim the same connections (Gloo's CheckForFilterChainConsistency), and a listener
// left without any chain (every TCP host's destination missing), which is left out of the Proxy.
import type { HttpListenerOptionsJson } from '../../gen/gloo/api/v1/http_listener_options_pb';
import type { MatcherJson, TcpListenerJson } from '../../gen/gloo/api/v1/proxy_pb';
import type { Resource } from '../../model/resource';
import type { GlooView } from '../gloo/gloo-objects';
import { nonHttpChains } from '../gloo/listener-kinds';
import type { Issue } from '../served';
import type { ListenerPlan } from './evaluate';
import { chainConflicts } from './filter-chain-conflicts';
import { planHybrid, type HybridEnv, type MatchedPlan } from './hybrid-gateway';
import { buildListener } from './proxy-builder';
import { tcpGatewayIssues, tcpListenerOf } from './tcp-gateway';
import type { Expansion } from './virtual-service-expander';
import { refKey } from '../../model/resource';

/** A matched listener of a hybrid Gateway's plan: its matcher and its HTTP part (VirtualServices expanded, options) or its TCP listener. */
export interface MatchedListenerPlan {
  readonly matcher: MatcherJson;
  readonly members?: readonly Expansion[];
  readonly options?: HttpListenerOptionsJson;
  readonly tcp?: TcpListenerJson;
}

/** The plan fields of a TCP or hybrid listener, its HTTP parts (for the VirtualService bookkeeping), and the Gateway's problems. */
export interface NonHttpPlan {
  /** Undefined when the Gateway gets no listener. */
  readonly plan?: ListenerPlan;
  readonly httpParts: readonly (readonly Expansion[])[];
  readonly issues: readonly Issue[];
}

/** Plans the listener of a TCP or hybrid Gateway named `name`. */
export function planNonHttpListener(g: Resource<'Gateway'>, name: string, env: HybridEnv, expansions: ReadonlyMap<string, Expansion>): NonHttpPlan {
  const ns = g.metadata.namespace;
  if (g.spec.tcpGateway) {
    const issues = tcpGatewayIssues(g.spec.tcpGateway, { view: env.view, regex: env.regex, namespace: ns }, 'tcpGateway');
    return finish({ gateway: g, name, members: [], tcp: tcpListenerOf(g.spec.tcpGateway, ns) }, [], issues, env.view, (_) => 'tcpGateway');
  }
  const hybrid = planHybrid(g, env);
  const matched: MatchedListenerPlan[] = hybrid.matched.map((m) => toListenerPlan(m, expansions));
  if (matched.length === 0) return { httpParts: [], issues: hybrid.issues };
  const httpParts = matched.flatMap((m) => (m.members ? [m.members] : []));
  return finish({ gateway: g, name, members: [], matched }, httpParts, hybrid.issues, env.view, (i) => hybrid.matched[i]?.label ?? `matched listener ${i}`);
}

function toListenerPlan(m: MatchedPlan, expansions: ReadonlyMap<string, Expansion>): MatchedListenerPlan {
  if (!m.http) return { matcher: m.matcher, ...(m.tcp ? { tcp: m.tcp } : {}) };
  const members = m.http.virtualServices.map((v) => expansions.get(refKey(v.resource))!);
  return { matcher: m.matcher, members, ...(m.http.options ? { options: m.http.options } : {}) };
}

/** Checks the Envoy filter chains the plan gives: none at all leaves the listener out, two matching the same connections is an error. */
function finish(plan: ListenerPlan, httpParts: readonly (readonly Expansion[])[], issues: readonly Issue[], view: GlooView, labelOf: (matched: number) => string): NonHttpPlan {
  const listener = buildListener(plan);
  const chains = listener ? nonHttpChains(listener, [], view, plan.gateway.metadata.namespace).chains : [];
  const out: Issue[] = [...issues];
  if (chains.length === 0) {
    out.push({ severity: 'warning', message: `listener ${plan.name} would have no filter chain, so it is left out` });
    return { httpParts, issues: out };
  }
  const named = chains.map((c) => ({ match: c.chain.filterChainMatch, label: chainLabel(labelOf(c.matched ?? 0), c.tcpHost, c.sni) }));
  for (const message of chainConflicts(named)) out.push({ severity: 'error', message });
  return { plan, httpParts, issues: out };
}

function chainLabel(owner: string, tcpHost: string | undefined, sni: readonly string[] | undefined): string {
  if (tcpHost !== undefined) return `${owner} TCP host${tcpHost ? ` "${tcpHost}"` : ''}`;
  return sni?.length ? `${owner} (SNI ${sni.join(', ')})` : owner;
}
