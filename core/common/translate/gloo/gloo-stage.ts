// The gloo stage: Proxies + served Upstreams, UpstreamGroups, Endpoints and Secrets → one
// XdsSnapshot per proxy (key `namespace~name`). Like Gloo, every proxy gets a cluster for every
// upstream. A snapshot that fails the consistency check is never published: the proxy keeps its
// last good one and its status says why.
import { contentHash, hashString } from '../../model/hash';
import type { Resource } from '../../model/resource';
import type { XdsSnapshot } from '../../xds/xds-snapshot';
import { throwIfAborted } from '../abort';
import { proxyKey } from '../names';
import { isGeneratedObject } from '../../model/generated';
import type { VirtualHostJson as ProxyVirtualHost } from '../../gen/gloo/api/v1/proxy_pb';
import type { Reports } from '../reports';
import { LazyMap } from '../lazy-map';
import { WorldStamp } from '../dep-world';
import type { PassScoped } from '../pass-scope';
import type { RouteOrigin } from '../types';
import { translateUpstream, upstreamFingerprint, type UpstreamOutput } from './cluster-translator';
import type { XdsItem } from './envoy-types';
import type { GlooView } from './gloo-objects';
import { httpPartsOf, translateAnyListener } from './listener-kinds';
import { assembleSnapshot, SetCache } from './snapshot-assembly';
import { VirtualHostCache, type VirtualHostOutput } from './virtual-host-translator';
import { refKey } from '../../model/resource';

/** A snapshot that passed the consistency check, and when it was built. */
export interface GoodSnapshot {
  readonly snapshot: XdsSnapshot;
  readonly since: string;
}

/** State the gloo stage keeps across passes: translated upstreams and virtual hosts. */
export class GlooCaches implements PassScoped {
  /** Clusters by Upstream refKey, with the fingerprint, Upstream hash and world they were last checked against and the pass that used them. */
  readonly upstreams = new Map<string, { fingerprint: string; hash: string; world: number; pass: number; output: UpstreamOutput }>();
  readonly upstreamWorld = new WorldStamp();
  upstreamPass = 0;
  readonly vhosts = new VirtualHostCache();
  readonly origins = new WeakMap<VirtualHostOutput, Map<string, RouteOrigin[]>>();
  readonly sets = new SetCache();
  counters = { clustersTranslated: 0, clusterHits: 0 };
  private readonly vhostHashes = new WeakMap<object, string>();
  private readonly vhostFingerprints = new WeakMap<object, { proxyRef: string; policyHash: string; fingerprint: string }>();

  /**
   * The content key of a Proxy virtual host: the one a generated Proxy's source carries (see
   * contentGeneration), else the hash of its JSON, once per object.
   */
  vhostHash(vh: ProxyVirtualHost, generated: boolean): string {
    const carried = generated ? vh.metadataStatic?.sources?.[0]?.observedGeneration : undefined;
    if (typeof carried === 'string') return carried;
    let h = this.vhostHashes.get(vh);
    if (h === undefined) this.vhostHashes.set(vh, (h = contentHash(vh)));
    return h;
  }

  /** The cache key of a Proxy virtual host translated for a proxy under a policy: its content key, the proxy (unnamed routes are named after it) and the policy objects' hash; once per object while those are the same. */
  vhostFingerprint(vh: ProxyVirtualHost, generated: boolean, proxyRef: string, policyHash: string): string {
    const known = this.vhostFingerprints.get(vh);
    if (known && known.proxyRef === proxyRef && known.policyHash === policyHash) return known.fingerprint;
    const fingerprint = hashString(`${proxyRef}|${policyHash}|${this.vhostHash(vh, generated)}`);
    this.vhostFingerprints.set(vh, { proxyRef, policyHash, fingerprint });
    return fingerprint;
  }

  /** Starts a pass: resets the counters. */
  beginPass(): void {
    this.vhosts.beginPass();
    this.counters = { clustersTranslated: 0, clusterHits: 0 };
  }

  /** Drops virtual hosts the pass did not use. */
  endPass(): void {
    this.vhosts.endPass();
  }
}

/** Inputs of the gloo stage. */
export interface GlooStageInput {
  readonly proxies: readonly Resource<'Proxy'>[];
  readonly hashes: ReadonlyMap<string, string>;
  readonly view: GlooView;
  readonly caches: GlooCaches;
  readonly reports: Reports;
  readonly check: (snapshot: XdsSnapshot) => string[];
  readonly lastGood: ReadonlyMap<string, GoodSnapshot>;
  readonly nowIso: string;
  readonly signal?: AbortSignal;
}

/** Outputs of the gloo stage, keyed by proxy key; `good` holds the snapshots to remember as last good. */
export interface GlooStageOutput {
  readonly xds: Map<string, XdsSnapshot>;
  readonly published: Map<string, boolean>;
  readonly publishProblems: Map<string, readonly string[]>;
  readonly routeOrigins: LazyMap<string, readonly RouteOrigin[]>;
  readonly good: Map<string, GoodSnapshot>;
}

/** Runs the gloo stage for every proxy. */
export function runGlooStage(input: GlooStageInput): GlooStageOutput {
  const clusters = translateUpstreams(input);
  const out: GlooStageOutput = { xds: new Map(), published: new Map(), publishProblems: new Map(), routeOrigins: new LazyMap(), good: new Map() };
  for (const p of input.proxies) {
    throwIfAborted(input.signal);
    translateProxy(p, clusters, input, out);
  }
  input.caches.sets.retain(new Set(input.proxies.map((p) => proxyKey(p.metadata.namespace, p.metadata.name))));
  return out;
}

interface ClusterSet {
  readonly clusters: XdsItem[];
  readonly endpoints: XdsItem[];
  readonly secrets: XdsItem[];
  /** Listeners plugins make beside Upstreams' clusters (HTTP CONNECT tunnels); every proxy serves them. */
  readonly listeners: XdsItem[];
}

function translateUpstreams(input: GlooStageInput): ClusterSet {
  const { caches, view } = input;
  const set: ClusterSet = { clusters: [], endpoints: [], secrets: [], listeners: [] };
  const pass = ++caches.upstreamPass;
  // What a fingerprint reads besides the Upstream: while it is unchanged, an Upstream of the same hash keeps its cluster unchecked.
  const world = caches.upstreamWorld.of([view.secrets, view.endpointsByUpstream, view.policy?.hash ?? '']);
  for (const [key, u] of view.upstreams) {
    throwIfAborted(input.signal);
    let entry = caches.upstreams.get(key);
    if (entry && entry.world === world && entry.hash === u.hash) caches.counters.clusterHits++;
    else {
      const fingerprint = upstreamFingerprint(u, view, input.hashes);
      if (entry?.fingerprint === fingerprint) caches.counters.clusterHits++;
      else {
        entry = { fingerprint, hash: u.hash, world, pass, output: translateUpstream(u, view, fingerprint) };
        caches.upstreams.set(key, entry);
        caches.counters.clustersTranslated++;
      }
      entry.hash = u.hash;
      entry.world = world;
    }
    entry.pass = pass;
    set.clusters.push(entry.output.cluster);
    if (entry.output.endpoint) set.endpoints.push(entry.output.endpoint);
    for (const secret of entry.output.secrets) set.secrets.push(secret);
    if (entry.output.generated) {
      set.clusters.push(...entry.output.generated.clusters);
      set.listeners.push(...entry.output.generated.listeners);
    }
  }
  for (const [key, entry] of caches.upstreams) if (entry.pass !== pass) caches.upstreams.delete(key);
  return set;
}

function translateProxy(p: Resource<'Proxy'>, cs: ClusterSet, input: GlooStageInput, out: GlooStageOutput): void {
  const generated = isGeneratedObject(p);
  const { namespace, name } = p.metadata;
  const pKey = proxyKey(namespace, name);
  const pRef = refKey({ kind: 'Proxy', namespace: namespace, name: name });
  const listeners: XdsItem[] = [];
  const routes: XdsItem[] = [];
  const secrets: XdsItem[] = [...cs.secrets];
  const parts: { vhosts: VirtualHostOutput[]; listener: string; routeConfig: string }[] = [];
  for (const l of p.spec.listeners ?? []) {
    const http = httpPartsOf(l).map((part) => ({ ...part, vhosts: (part.http.virtualHosts ?? []).map((vh) => {
      // Unnamed routes are named after the proxy, so the proxy is part of what the output depends on; policy plugins read Settings and policy objects.
      const fp = input.caches.vhostFingerprint(vh, generated, pRef, input.view.policy?.hash ?? '');
      return input.caches.vhosts.get(vh, input.view, { namespace, name }, fp);
    }) }));
    const lo = translateAnyListener(l, http, input.view, namespace);
    // A TCP or hybrid listener left with no filter chain is left out: Envoy refuses a listener without one.
    if (lo.listener) listeners.push(lo.listener);
    else input.reports.add({ ref: pRef, severity: 'warning', message: `listener ${l.name ?? ''} has no filter chain (no TCP host or matched listener with a served destination), so it is left out` });
    routes.push(...lo.routeConfigs);
    secrets.push(...lo.secrets);
    for (const part of http) parts.push({ vhosts: part.vhosts, listener: l.name ?? '', routeConfig: part.routeConfig });
  }
  listeners.push(...cs.listeners);
  const snapshot = assembleSnapshot(pKey, { cluster: cs.clusters, endpoint: cs.endpoints, listener: listeners, route: routes, secret: secrets }, input.caches.sets);
  out.routeOrigins.set(pKey, () => parts.flatMap((x) => x.vhosts.flatMap((v) => originsOf(v, x.listener, x.routeConfig, input.caches))));
  publish(pKey, pRef, snapshot, input, out);
}

function originsOf(v: VirtualHostOutput, listener: string, routeConfiguration: string, caches: GlooCaches): RouteOrigin[] {
  let byListener = caches.origins.get(v);
  if (!byListener) caches.origins.set(v, (byListener = new Map()));
  let list = byListener.get(routeConfiguration);
  if (!list) {
    list = v.origins().map((o, envoyRouteIndex) => ({ listener, routeConfiguration, virtualHost: v.name, envoyRouteIndex, ...o }));
    byListener.set(routeConfiguration, list);
  }
  return list;
}

function publish(pKey: string, pRef: string, snapshot: XdsSnapshot, input: GlooStageInput, out: GlooStageOutput): void {
  const last = input.lastGood.get(pKey);
  if (last && last.snapshot.version === snapshot.version) {
    out.xds.set(pKey, last.snapshot);
    out.published.set(pKey, true);
    out.good.set(pKey, last);
    return;
  }
  const problems = input.check(snapshot);
  if (problems.length === 0) {
    out.xds.set(pKey, snapshot);
    out.published.set(pKey, true);
    out.good.set(pKey, { snapshot, since: input.nowIso });
    return;
  }
  out.published.set(pKey, false);
  out.publishProblems.set(pKey, problems);
  input.reports.add({ ref: pRef, severity: 'error', message: `xDS snapshot not published: ${problems.join('; ')}` });
  if (last) {
    out.xds.set(pKey, last.snapshot);
    out.good.set(pKey, last);
    input.reports.note(pRef, `serving the last consistent snapshot from ${last.since}`);
  } else input.reports.note(pRef, 'nothing is served to this proxy yet');
}
