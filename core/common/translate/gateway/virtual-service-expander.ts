// Turns one VirtualService (with the RouteTables it delegates to) into a Proxy virtual host plus
// findings, and caches the result by the VirtualService's content hash and the values of everything
// it read (tables, upstream and secret availability), so an unchanged VirtualService costs a lookup.
import type { VirtualHostJson as ProxyVirtualHost } from '../../gen/gloo/api/v1/proxy_pb';
import type { SslConfigJson } from '../../gen/gloo/api/v1/ssl/ssl_pb';
import { hashString } from '../../model/hash';
import type { Resource } from '../../model/resource';
import { contentGeneration, virtualHostName } from '../names';
import { unreachableRoutes } from '../reachability';
import type { Finding } from '../types';
import { depKindOf, depValue, expandRoutes, POLICY_DEP, type DepKind, type ExpandEnv, type Recorder } from './delegation';
import { domainKeys, effectiveDomains, listenerSslConfig, virtualServiceIssues } from './virtual-service-validator';
import { refKey, resolveRef } from '../../model/resource';
import { virtualHostOptionsWithRefs } from './option-refs';
import { WorldStamp } from '../dep-world';
import { SharedDomains } from './shared-domains';

/** A VirtualService expanded: its Proxy virtual host, domains, TLS settings, findings and what it depended on. */
export interface Expansion {
  readonly key: string;
  readonly hash: string;
  readonly virtualHost: ProxyVirtualHost;
  readonly domains: readonly string[];
  /** The domains lower-cased, once each, for conflict checks. */
  readonly domainKeys: readonly string[];
  readonly ssl?: SslConfigJson;
  readonly findings: readonly Finding[];
  /** RouteTables the expansion went through. */
  readonly tables: readonly string[];
  /** Hash of the content hash and every dependency value: equal fingerprints mean equal output. */
  readonly fingerprint: string;
  /** What the expansion read: keys, their kinds and the values seen. */
  readonly deps: Deps;
}

/** Dependencies as parallel arrays (cheap to re-check on every pass). */
export interface Deps {
  readonly keys: readonly string[];
  readonly kinds: readonly DepKind[];
  readonly values: readonly string[];
}

/** Whether every dependency still has the value it had. */
export function depsUnchanged(deps: Deps, env: ExpandEnv): boolean {
  for (let i = 0; i < deps.keys.length; i++) if (depValue(env, deps.keys[i], deps.kinds[i]) !== deps.values[i]) return false;
  return true;
}

/** Expands a VirtualService against an environment. */
export function expandVirtualService(written: Resource<'VirtualService'>, key: string, hash: string, env: ExpandEnv): Expansion {
  const m = written.metadata;
  // Option checks may read Settings and policy objects (an auth or rate-limit server, RateLimitConfigs).
  const rec: Recorder = { deps: [POLICY_DEP], findings: [], tables: [], top: key };
  const vs = withVirtualHostOptionRefs(written, env, rec);
  for (const i of virtualServiceIssues(vs, env.view, env.regex)) rec.findings.push({ ref: key, severity: i.severity, message: i.message, ...(i.path !== undefined ? { path: i.path } : {}) });
  if (vs.spec.sslConfig?.secretRef) rec.deps.push(refKey(resolveRef('Secret', vs.spec.sslConfig.secretRef, m.namespace)));
  const owner = { kind: 'VirtualService' as const, namespace: m.namespace, name: m.name, key };
  const routes = expandRoutes(vs.spec.virtualHost?.routes ?? [], owner, undefined, env, rec);
  for (const f of unreachableRoutes(routes)) rec.findings.push(f);
  const keys = uniqueSorted(rec.deps);
  const kinds = keys.map(depKindOf);
  const deps: Deps = { keys, kinds, values: keys.map((k, i) => depValue(env, k, kinds[i])) };
  const domains = effectiveDomains(vs);
  // Which dependencies exist follows from the content (the VirtualService's hash, and the tables' hashes among the values), so the values complete the fingerprint.
  const fingerprint = hashString(`${key}|${hash}|${deps.values.join(';')}`);
  const virtualHost: ProxyVirtualHost = {
    name: virtualHostName(m.namespace, m.name),
    domains,
    routes: routes.map((r) => r.route),
    ...(vs.spec.virtualHost?.options ? { options: vs.spec.virtualHost.options } : {}),
    metadataStatic: { sources: [{ resourceRef: { name: m.name, namespace: m.namespace }, resourceKind: 'VirtualService', observedGeneration: contentGeneration(fingerprint) }] },
  };
  const ssl = listenerSslConfig(vs);
  return {
    key,
    hash,
    virtualHost,
    domains,
    domainKeys: domainKeys(domains),
    ...(ssl ? { ssl } : {}),
    findings: rec.findings,
    tables: uniqueSorted(rec.tables),
    fingerprint,
    deps,
  };
}

/** The keys sorted, each once; sorts `keys` in place (by insertion: an expansion reads a few keys, and Array.sort would copy them). */
export function uniqueSorted(keys: string[]): string[] {
  let n = 0;
  for (const key of keys) {
    let j = n;
    while (j > 0 && keys[j - 1] > key) j--;
    if (j > 0 && keys[j - 1] === key) continue;
    for (let k = n; k > j; k--) keys[k] = keys[k - 1];
    keys[j] = key;
    n++;
  }
  keys.length = n;
  return keys;
}

/** The VirtualService with the VirtualHostOption objects its virtual host references merged into its options (mergeDelegatedVirtualHostOptions); a missing one is a warning. */
function withVirtualHostOptionRefs(vs: Resource<'VirtualService'>, env: ExpandEnv, rec: Recorder): Resource<'VirtualService'> {
  const vh = vs.spec.virtualHost;
  if (!vh?.optionsConfigRefs) return vs;
  const merged = virtualHostOptionsWithRefs(vh.options, vh.optionsConfigRefs, env.optionObjects, (k) => void rec.deps.push(k));
  for (const i of merged.issues) rec.findings.push({ ref: rec.top, severity: i.severity, message: `virtualHost.${i.message}` });
  const { optionsConfigRefs: _refs, ...rest } = vh;
  return { ...vs, spec: { ...vs.spec, virtualHost: merged.options ? { ...rest, options: merged.options } : rest } };
}

/** Counters of an expansion cache for one pass. */
export interface CacheCounters {
  translated: number;
  hits: number;
}

/** Expansions by VirtualService refKey and content hash, valid while every dependency still has the value it had. */
export class ExpansionCache {
  private readonly entries = new Map<string, { expansion: Expansion; pass: number; world: number }[]>();
  private pass = 0;
  private readonly world = new WorldStamp();
  private worldEnv: ExpandEnv | undefined;
  private worldNow = 0;
  /** Domain conflicts per listener, kept with the expansions they were found among. */
  readonly domains = new SharedDomains();
  /** Counters since the last beginPass(). */
  counters: CacheCounters = { translated: 0, hits: 0 };

  /** Starts a pass: resets the counters. */
  beginPass(): void {
    this.pass++;
    this.counters = { translated: 0, hits: 0 };
  }

  /** The expansion of a VirtualService version, from the cache when nothing it read has changed. */
  get(vs: Resource<'VirtualService'>, key: string, hash: string, env: ExpandEnv): Expansion {
    const world = this.worldOf(env);
    const versions = this.entries.get(key);
    const hit = versions?.find((e) => e.expansion.hash === hash);
    // An entry checked in this world needs no check: everything depValue reads is as it was then.
    if (hit && (hit.world === world || depsUnchanged(hit.expansion.deps, env))) {
      hit.pass = this.pass;
      hit.world = world;
      this.counters.hits++;
      return hit.expansion;
    }
    const expansion = expandVirtualService(vs, key, hash, env);
    const entry = { expansion, pass: this.pass, world };
    if (!versions) this.entries.set(key, [entry]);
    else if (hit) versions[versions.indexOf(hit)] = entry;
    else versions.push(entry);
    this.counters.translated++;
    return expansion;
  }

  /** Drops entries the current pass did not use. */
  endPass(): void {
    this.domains.endPass();
    for (const [key, versions] of this.entries) {
      if (versions.length === 1 && versions[0].pass === this.pass) continue;
      const kept = versions.filter((e) => e.pass === this.pass);
      if (kept.length) this.entries.set(key, kept);
      else this.entries.delete(key);
    }
  }

  /** The stamp of everything depValue reads of an environment (one per round of the gateway stage). */
  private worldOf(env: ExpandEnv): number {
    if (env !== this.worldEnv) {
      this.worldEnv = env;
      const v = env.view;
      const o = env.optionObjects;
      // env.existing holds the same keys as v.existing (both are the snapshot's objects).
      this.worldNow = this.world.of([env.tableSetHash, env.tables, v.existing, v.secrets, v.upstreams, v.kubeServices, v.groups, v.policy?.hash ?? '', o.routeOptions, o.virtualHostOptions]);
    }
    return this.worldNow;
  }
}
