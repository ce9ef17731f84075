// One round of the gateway stage: judge every served Gateway, expand every served VirtualService,
// place each on the listeners of the Gateways that select it, and collect findings (per object, per
// proxy) and the listener plan.
import type { Resource } from '../../model/resource';
import { hashString } from '../../model/hash';
import { throwIfAborted } from '../abort';
import type { GlooView } from '../gloo/gloo-objects';
import { describeKey } from '../names';
import type { Finding, RegexValidator } from '../types';
import type { TcpListenerJson } from '../../gen/gloo/api/v1/proxy_pb';
import type { ExpandEnv } from './delegation';
import { NO_OPTION_OBJECTS, type OptionObjects } from './option-refs';
import { isHttpGateway, gatewayListenerName, judgeGateway, missingRefs, proxyNamesOf, selectVirtualServices } from './gateway-selection';
import { planNonHttpListener, type MatchedListenerPlan } from './non-http-plan';
import type { ServeSet } from './serve-set';
import type { Expansion, ExpansionCache } from './virtual-service-expander';
import { listenerConflicts } from './virtual-service-validator';
import type { SharedDomains } from './shared-domains';
import { refKey } from '../../model/resource';

/** A listener to build: the Gateway it comes from and the VirtualServices on it (HTTP), its TCP listener, or its matched listeners (hybrid). */
export interface ListenerPlan {
  readonly gateway: Resource<'Gateway'>;
  readonly name: string;
  readonly members: readonly Expansion[];
  readonly tcp?: TcpListenerJson;
  readonly matched?: readonly MatchedListenerPlan[];
}

/** Everything one round found and planned. */
export interface Evaluation {
  readonly findings: readonly Finding[];
  /** Flat pairs refKey, proxy refKey, …: each object and the proxies it was judged for. */
  readonly judged: readonly string[];
  readonly expansions: ReadonlyMap<string, Expansion>;
  /** Listeners by proxy name, in proxy name order. */
  readonly proxies: ReadonlyMap<string, readonly ListenerPlan[]>;
  /** The Gateways (refKeys) that select each VirtualService (refKey). */
  readonly selectedBy: ReadonlyMap<string, readonly string[]>;
  readonly usedTables: ReadonlySet<string>;
}

/** Fixed inputs of every round; `defaults` are synthesized Gateways, used instead of the served ones and never judged. */
export interface RoundInputs {
  readonly defaults?: readonly Resource<'Gateway'>[];
  readonly view: GlooView;
  readonly regex: RegexValidator;
  readonly existing: ReadonlySet<string>;
  readonly cache: ExpansionCache;
  readonly writeNamespace: string;
  /** Served MatchableHttpGateways and MatchableTcpGateways, in namespace/name order, for hybrid Gateways' delegations. */
  readonly matchable?: { readonly http: readonly Resource<'MatchableHttpGateway'>[]; readonly tcp: readonly Resource<'MatchableTcpGateway'>[] };
  /** RouteOption and VirtualHostOption objects that `optionsConfigRefs` name (none when absent). */
  readonly optionObjects?: OptionObjects;
  readonly signal?: AbortSignal;
}

/** Runs one round over the objects the serve set holds now. */
export function evaluate(set: ServeSet, inputs: RoundInputs): Evaluation {
  const env = makeEnv(set, inputs);
  const vsList = set.list('VirtualService');
  const vsByKey = set.map('VirtualService');
  const findings: Finding[] = [];
  const expansions = new Map<string, Expansion>();
  const usedTables = new Set<string>();
  for (const [key, vs] of vsByKey) {
    throwIfAborted(inputs.signal);
    const e = inputs.cache.get(vs.resource, key, vs.hash, env);
    expansions.set(key, e);
    for (const f of e.findings) findings.push(f);
    for (const t of e.tables) usedTables.add(t);
  }
  const judged: string[] = [];
  const proxies = new Map<string, ListenerPlan[]>();
  const selectedBy = new Map<string, string[]>();
  const gateways = inputs.defaults ?? set.list('Gateway').map((s) => s.resource);
  for (const g of gateways) {
    const gKey = refKey(g);
    if (!inputs.defaults) for (const i of [...judgeGateway(g, gateways, inputs.regex, inputs.view), ...missingRefs(g, inputs.existing)]) findings.push({ ref: gKey, ...i });
    const name = gatewayListenerName(g);
    let plan: ListenerPlan;
    let parts: readonly (readonly Expansion[])[];
    if (g.spec.tcpGateway || g.spec.hybridGateway) {
      const env = { vsList, vsByKey, httpGateways: inputs.matchable?.http ?? [], tcpGateways: inputs.matchable?.tcp ?? [], view: inputs.view, regex: inputs.regex };
      const planned = planNonHttpListener(g, name, env, expansions);
      for (const i of planned.issues) findings.push({ ref: gKey, ...i });
      if (!planned.plan) continue;
      plan = planned.plan;
      parts = planned.httpParts;
    } else if (isHttpGateway(g)) {
      const members = selectVirtualServices(g, vsList, vsByKey).map((v) => expansions.get(refKey(v.resource))!);
      plan = { gateway: g, name, members };
      parts = [members];
    } else continue;
    for (const proxyName of proxyNamesOf(g)) {
      const proxy = refKey({ kind: 'Proxy', namespace: inputs.writeNamespace, name: proxyName });
      judged.push(gKey, proxy);
      parts.forEach((members, part) => placeMembers(members, { gKey, name, proxy, defaults: !!inputs.defaults, domains: inputs.cache.domains, part }, { findings, judged, selectedBy }));
      const list = proxies.get(proxyName) ?? [];
      list.push(plan);
      proxies.set(proxyName, list);
    }
  }
  const sortedProxies = new Map([...proxies.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { findings, judged, expansions, proxies: sortedProxies, selectedBy, usedTables };
}

/** Records the VirtualServices of one HTTP connection manager of a Gateway's listener: who selects them, the proxy they are judged for, and their domain and SNI conflicts. */
function placeMembers(members: readonly Expansion[], at: { gKey: string; name: string; proxy: string; defaults: boolean; domains: SharedDomains; part: number }, out: { findings: Finding[]; judged: string[]; selectedBy: Map<string, string[]> }): void {
  const { gKey, name, proxy } = at;
  const { findings, judged, selectedBy } = out;
  for (const m of members) {
    const by = selectedBy.get(m.key);
    if (!by) selectedBy.set(m.key, [gKey]);
    else if (!by.includes(gKey)) by.push(gKey);
    judged.push(m.key, proxy);
    for (const t of m.tables) judged.push(t, proxy);
  }
  const shared = at.domains.of(`${gKey}\u0000${name}\u0000${at.part}`, members);
  for (const f of listenerConflicts(members, name, proxy, shared)) findings.push(f);
  // validateVirtualServiceDomains: conflicting domains are an error on the Gateway too (GatewayHasConflictingVirtualServicesErr).
  if (shared && !at.defaults) findings.push({ ref: gKey, severity: 'error', proxy, message: domainConflictMessage(shared) });
}

function makeEnv(set: ServeSet, inputs: RoundInputs): ExpandEnv {
  const tableList = set.list('RouteTable');
  const tables = set.map('RouteTable');
  const tableSetHash = hashString(tableList.map((t) => `${t.resource.metadata.namespace}/${t.resource.metadata.name}=${t.hash}`).join(';'));
  return { tables, tableList, tableSetHash, existing: inputs.existing, view: inputs.view, regex: inputs.regex, optionObjects: inputs.optionObjects ?? NO_OPTION_OBJECTS };
}

function domainConflictMessage(shared: ReadonlyMap<string, readonly string[]>): string {
  const parts = [...shared].map(([domain, keys]) => `"${domain}" (${keys.map(describeKey).join(', ')})`);
  return `domain conflict: ${parts.join('; ')} ${shared.size === 1 ? 'is' : 'are'} claimed by more than one of this Gateway's VirtualServices`;
}
