// One round of the gateway stage: expand every served VirtualService, place each on the listeners
// of the Gateways that select it, and collect findings (per object, per proxy) and the listener plan.
import type { Resource } from '../../model/resource';
import { hashString } from '../../model/hash';
import { throwIfAborted } from '../abort';
import type { GlooView } from '../gloo/gloo-objects';
import { keyOf, proxyRefKey } from '../names';
import type { Finding, RegexValidator } from '../types';
import type { ExpandEnv } from './delegation';
import { gatewayListenerName, proxyNamesOf, selectVirtualServices } from './gateway-selection';
import type { ServeSet } from './serve-set';
import type { Expansion, ExpansionCache } from './virtual-service-expander';
import { listenerConflicts } from './virtual-service-validator';

/** A listener to build: the Gateway it comes from and the VirtualServices on it. */
export interface ListenerPlan {
  readonly gateway: Resource<'Gateway'>;
  readonly name: string;
  readonly members: readonly Expansion[];
}

/** Everything one round found and planned. */
export interface Evaluation {
  readonly findings: readonly Finding[];
  /** Flat pairs refKey, proxy refKey, …: each object and the proxies it was judged for. */
  readonly judged: readonly string[];
  readonly expansions: ReadonlyMap<string, Expansion>;
  /** Listeners by proxy name, in proxy name order. */
  readonly proxies: ReadonlyMap<string, readonly ListenerPlan[]>;
  readonly selected: ReadonlySet<string>;
  readonly usedTables: ReadonlySet<string>;
}

/** Fixed inputs of every round. */
export interface RoundInputs {
  readonly gateways: readonly Resource<'Gateway'>[];
  readonly view: GlooView;
  readonly regex: RegexValidator;
  readonly existing: ReadonlySet<string>;
  readonly cache: ExpansionCache;
  readonly writeNamespace: string;
  readonly signal?: AbortSignal;
}

/** Runs one round over the objects the serve set holds now. */
export function evaluate(set: ServeSet, inputs: RoundInputs): Evaluation {
  const env = makeEnv(set, inputs);
  const vsList = set.list('VirtualService');
  const vsByKey = set.map('VirtualService');
  const findings: Finding[] = [];
  const expansions = new Map<string, Expansion>();
  for (const [key, vs] of vsByKey) {
    throwIfAborted(inputs.signal);
    const e = inputs.cache.get(vs.resource, key, vs.hash, env);
    expansions.set(key, e);
    findings.push(...e.findings);
  }
  const judged: string[] = [];
  const proxies = new Map<string, ListenerPlan[]>();
  const selected = new Set<string>();
  const usedTables = new Set<string>();
  for (const e of expansions.values()) for (const t of e.tables) usedTables.add(t);
  for (const g of inputs.gateways) {
    const gKey = `Gateway.${g.metadata.namespace}.${g.metadata.name}`;
    const chosen = selectVirtualServices(g, vsList, vsByKey);
    const members = chosen.map((v) => expansions.get(keyOf(v.resource))!);
    const name = gatewayListenerName(g);
    for (const proxyName of proxyNamesOf(g)) {
      const proxy = proxyRefKey(inputs.writeNamespace, proxyName);
      judged.push(gKey, proxy);
      for (const m of members) {
        selected.add(m.key);
        judged.push(m.key, proxy);
        for (const t of m.tables) judged.push(t, proxy);
      }
      for (const f of listenerConflicts(members, name, proxy)) findings.push(f);
      const list = proxies.get(proxyName) ?? [];
      list.push({ gateway: g, name, members });
      proxies.set(proxyName, list);
    }
  }
  const sortedProxies = new Map([...proxies.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { findings, judged, expansions, proxies: sortedProxies, selected, usedTables };
}

function makeEnv(set: ServeSet, inputs: RoundInputs): ExpandEnv {
  const tableList = set.list('RouteTable');
  const tables = set.map('RouteTable');
  const tableSetHash = hashString(tableList.map((t) => `${t.resource.metadata.namespace}/${t.resource.metadata.name}=${t.hash}`).join(';'));
  return { tables, tableList, tableSetHash, existing: inputs.existing, view: inputs.view, regex: inputs.regex };
}
