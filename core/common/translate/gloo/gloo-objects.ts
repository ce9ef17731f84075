// Judges the gloo-side objects (Secrets, Endpoints, Upstreams, UpstreamGroups) and decides which
// version of each is served this pass. Gloo reports these on the objects themselves; routes that
// point at an object that is not served get the error on the route's own object.
import type { ResourceRefJson } from '../../gen/solo-kit/api/v1/solo-kit_pb';
import type { WeightedDestinationJson } from '../../gen/gloo/api/v1/proxy_pb';
import type { ApiSnapshot } from '../../snapshot/api-snapshot';
import type { Resource } from '../../model/resource';
import type { KindName } from '../../model/kinds';
import { isIP } from '../ip';
import { describeKey } from '../names';
import { missingState, notFoundText } from '../ref-suggestion';
import { certificateChainProblem, privateKeyProblem, rootCaProblem } from '../pem';
import { serveEach, type Issue, type ServeContext, type ServedObject } from '../served';
import type { PassScoped } from '../pass-scope';
import type { ReportCall } from '../reports';
import type { SnapshotChanges } from '../snapshot-changes';
import { upstreamPluginIssues, upstreamSecretRefs } from '../plugins/run-upstream-plugins';
import { durationProblem } from '../durations';

export { durationProblem };
import { re2FallbackValidator } from '../regex';
import { weightedDestinationOptionIssues } from '../plugins/weighted-destinations';
import type { RegexValidator } from '../types';
import { hasFunctions } from '../../discovery/service-spec';
import { buildPolicyView, type PolicyView } from './policy-view';
import { byNamespaceName, refKey, resolveRef } from '../../model/resource';

/** The gloo-side objects served this pass, and which refKeys exist at all (served or not). */
export interface GlooView {
  readonly upstreams: ReadonlyMap<string, ServedObject<'Upstream'>>;
  readonly groups: ReadonlyMap<string, ServedObject<'UpstreamGroup'>>;
  readonly secrets: ReadonlyMap<string, ServedObject<'Secret'>>;
  /** Served Endpoints by the refKey of each upstream they name. */
  readonly endpointsByUpstream: ReadonlyMap<string, readonly Resource<'Endpoint'>[]>;
  readonly existing: ReadonlySet<string>;
  /**
   * kube Upstreams standing in for the Upstreams Gloo makes in memory for Kubernetes Service ports, by
   * the refKey of the in-memory one (see kubeServiceRef); absent in views built by hand.
   */
  readonly kubeServices?: ReadonlyMap<string, ResourceRefJson>;
  /** Settings and the policy objects options refer to (absent in views built by hand). */
  readonly policy?: PolicyView;
}

/** Why a reference cannot be used (`Upstream gloo-system/x not found (did you mean gloo-system/y?)` / `... is rejected and not served`); undefined when it is served. */
export function refProblem(view: GlooView, kind: 'Upstream' | 'UpstreamGroup' | 'Secret', key: string): string | undefined {
  const map: ReadonlyMap<string, unknown> = kind === 'Upstream' ? view.upstreams : kind === 'UpstreamGroup' ? view.groups : view.secrets;
  if (map.has(key)) return undefined;
  return view.existing.has(key) ? `${describeKey(key)} is rejected and not served` : notFoundText(key, view.existing);
}


/**
 * The Upstream Gloo makes in memory for a Kubernetes Service port, `kube-svc:<namespace>-<name>-<port>`
 * in the Service's namespace (projects/gloo/pkg/upstreams/kubernetes/conversions.go, DestinationToUpstreamRef).
 */
export function kubeServiceRef(namespace: string, name: string, port: number): ResourceRefJson {
  return { namespace, name: `kube-svc:${namespace}-${name}-${port}` };
}

/**
 * The sandbox has no Kubernetes Services, so a kube Upstream for the same Service port stands in for
 * Gloo's in-memory one: a served one first, then the first by namespace and name.
 */
function indexKubeServices(all: readonly Resource<'Upstream'>[], served: ReadonlyMap<string, unknown>): Map<string, ResourceRefJson> {
  const out = new Map<string, ResourceRefJson>();
  const ordered = [...all].filter((u) => u.spec.kube?.serviceName).sort((a, b) => Number(served.has(refKey(b))) - Number(served.has(refKey(a))) || byNamespaceName(a, b));
  for (const u of ordered) {
    const k = u.spec.kube!;
    const ns = k.serviceNamespace || u.metadata.namespace;
    const key = refKey(resolveRef('Upstream', kubeServiceRef(ns, k.serviceName ?? '', k.servicePort ?? 0), ns));
    if (!out.has(key)) out.set(key, { namespace: u.metadata.namespace, name: u.metadata.name });
  }
  return out;
}

// Answers per view: a pass builds one view and checks the same Upstream keys for many cached VirtualServices and virtual hosts.
const depStates = new WeakMap<GlooView, Map<string, string>>();

/** What a route naming an Upstream key sees of it (served, rejected or missing); for a Kubernetes Service's in-memory Upstream, also which Upstream stands in for it. */
export function upstreamDepState(view: GlooView, key: string): string {
  let known = depStates.get(view);
  if (!known) depStates.set(view, (known = new Map()));
  let state = known.get(key);
  if (state === undefined) known.set(key, (state = computeUpstreamDepState(view, key)));
  return state;
}

function computeUpstreamDepState(view: GlooView, key: string): string {
  const standIn = view.kubeServices?.get(key);
  const target = standIn ? refKey(resolveRef('Upstream', standIn, '')) : key;
  const served = view.upstreams.get(target);
  // Routes read the functions of an Upstream with a ServiceSpec (destinationSpec, transcoding): its content counts then.
  const state = served ? (hasFunctions(served.resource.spec) ? `ok:${served.hash}` : 'ok') : view.existing.has(target) ? 'rejected' : missingState(target, view.existing);
  return standIn ? `${target}=${state}` : state;
}

/** The kinds buildGlooView reads (with the keys of every object): while they are unchanged, so is the view. */
const GLOO_VIEW_KINDS: readonly KindName[] = ['Secret', 'Endpoint', 'Upstream', 'UpstreamGroup', 'Artifact', 'Settings', 'RateLimitConfig', 'AuthConfig'];

/** The view of the last completed pass and the report calls that built it, reused while what it reads is unchanged. */
export class GlooViewCache implements PassScoped {
  private last: { view: GlooView; calls: readonly ReportCall[] } | undefined;
  private pending: { view: GlooView; calls: readonly ReportCall[] } | undefined;

  /** The view for this pass: the last one when the snapshot changed nothing it reads, else a new one. */
  view(snapshot: ApiSnapshot, changes: SnapshotChanges, ctx: ServeContext, onEach: () => void, regex: RegexValidator): GlooView {
    const last = this.last;
    if (last && changes.sameKeys && GLOO_VIEW_KINDS.every((k) => changes.unchanged.has(k))) {
      // The same objects, keys and accepted versions give the same judgements; accepting them again would change nothing.
      ctx.reports.replay(last.calls);
      ctx.memo?.keepEarlier();
      this.pending = last;
      return last.view;
    }
    const { result, calls } = ctx.reports.recording(() => buildGlooView(snapshot, ctx, onEach, regex));
    this.pending = { view: result, calls };
    return result;
  }

  beginPass(): void {
    this.pending = undefined;
  }

  endPass(): void {
    this.last = this.pending;
  }
}

/** Judges every gloo-side object of the snapshot in dependency order and returns what is served. */
export function buildGlooView(snapshot: ApiSnapshot, ctx: ServeContext, onEach: () => void, regex: RegexValidator = re2FallbackValidator): GlooView {
  const existing = new Set<string>(snapshot.objectHashes.keys());
  const o = snapshot.objects;
  const secrets = serveEach(o.Secret, { judge: judgeSecret, context: () => '' }, ctx, onEach);
  const endpointRefs = (e: Resource<'Endpoint'>) => (e.spec.upstreams ?? []).map((ref) => (existing.has(refKey(resolveRef('Upstream', ref, e.metadata.namespace))) ? '1' : '0')).join('');
  const endpoints = serveEach(o.Endpoint, { judge: (e) => judgeEndpoint(e, existing), context: endpointRefs }, ctx, onEach);
  const endpointsByUpstream = indexEndpoints([...endpoints.values()].map((s) => s.resource));
  const partial: GlooView = { upstreams: new Map(), groups: new Map(), secrets, endpointsByUpstream, existing, policy: buildPolicyView(snapshot) };
  const upstreams = serveEach(o.Upstream, { judge: (u) => judgeUpstream(u, partial, regex), context: (u) => upstreamContext(u, partial) }, ctx, onEach);
  // Settings gloo.disableKubernetesDestinations: Gloo then makes no Upstreams for Services (setup_syncer.go), so none stands in.
  const kubeServices = partial.policy?.settings?.gloo?.disableKubernetesDestinations ? new Map<string, ResourceRefJson>() : indexKubeServices(o.Upstream, upstreams);
  const withUpstreams: GlooView = { ...partial, upstreams, kubeServices };
  const groupRefs = (g: Resource<'UpstreamGroup'>) => (g.spec.destinations ?? []).map((d) => (upstreams.has(refKey(resolveRef('Upstream', d.destination?.upstream, g.metadata.namespace))) ? '1' : '0')).join('');
  const groups = serveEach(o.UpstreamGroup, { judge: (g) => judgeGroup(g, withUpstreams), context: groupRefs }, ctx, onEach);
  for (const kind of ['Artifact', 'Settings'] as KindName[]) serveEach(o[kind] as readonly Resource[], () => [], ctx, onEach);
  return { ...withUpstreams, groups };
}

/** What an upstream's judgement reads besides the upstream: whether a kube upstream has endpoints, and the Secrets it names. */
function upstreamContext(u: Resource<'Upstream'>, view: GlooView): string {
  const eps = u.spec.kube ? (view.endpointsByUpstream.get(refKey(u))?.length ? 'e' : 'n') : '';
  const secrets = upstreamSecretRefs(u.spec).map(({ ref }) => {
    const key = refKey(resolveRef('Secret', ref, u.metadata.namespace));
    return view.secrets.get(key)?.hash ?? (view.existing.has(key) ? 'rejected' : 'missing');
  });
  return secrets.length ? `${eps}|${secrets.join('|')}` : eps;
}

function judgeSecret(s: Resource<'Secret'>): Issue[] {
  const tls = s.spec.tls;
  if (!tls) return s.spec.header || s.spec.generic || s.spec.azure || s.spec.aws ? [] : [{ severity: 'warning', message: 'secret holds no tls, header, generic, azure or aws data' }];
  return [certificateChainProblem(tls.certChain), privateKeyProblem(tls.privateKey), rootCaProblem(tls.rootCa)]
    .filter((m): m is string => !!m)
    .map((message) => ({ severity: 'error', message: `TLS secret is not usable: ${message}` }));
}

function judgeEndpoint(e: Resource<'Endpoint'>, existing: ReadonlySet<string>): Issue[] {
  const issues: Issue[] = [];
  if (!e.spec.address) issues.push({ severity: 'error', message: 'address is required' });
  else if (!isIP(e.spec.address)) issues.push({ severity: 'error', message: `address "${e.spec.address}" is not an IP address (EDS endpoints must be IPs)` });
  if (!e.spec.port) issues.push({ severity: 'error', message: 'port is required' });
  if (!e.spec.upstreams?.length) issues.push({ severity: 'warning', message: 'names no upstream, so no cluster uses it' });
  for (const ref of e.spec.upstreams ?? []) {
    const key = refKey(resolveRef('Upstream', ref, e.metadata.namespace));
    if (!existing.has(key)) issues.push({ severity: 'warning', message: notFoundText(key, existing) });
  }
  return issues;
}

function indexEndpoints(list: readonly Resource<'Endpoint'>[]): Map<string, Resource<'Endpoint'>[]> {
  const out = new Map<string, Resource<'Endpoint'>[]>();
  for (const e of list) {
    for (const ref of e.spec.upstreams ?? []) {
      const key = refKey(resolveRef('Upstream', ref, e.metadata.namespace));
      const l = out.get(key) ?? [];
      if (!l.includes(e)) l.push(e);
      out.set(key, l);
    }
  }
  return out;
}

/** The oneof of an Upstream's type (Gloo's upstream.proto, `upstream_type`). */
const UPSTREAM_TYPES = ['kube', 'static', 'pipe', 'aws', 'azure', 'consul', 'awsEc2', 'gcp', 'ai'] as const;

function judgeUpstream(u: Resource<'Upstream'>, view: GlooView, regex: RegexValidator): Issue[] {
  const spec = u.spec;
  if (!UPSTREAM_TYPES.some((t) => spec[t])) return [{ severity: 'error', message: `upstream has no type: set one of ${UPSTREAM_TYPES.join(', ')}` }];
  // Fields no plugin translates (an aws or consul upstream, …) are warnings; such an upstream's cluster has no endpoints.
  const issues: Issue[] = upstreamPluginIssues(spec, regex);
  if (spec.static) issues.push(...judgeStatic(spec.static.hosts ?? []));
  if (spec.kube) {
    if (!spec.kube.serviceName) issues.push({ severity: 'error', message: 'kube.serviceName is required' });
    if (!spec.kube.servicePort) issues.push({ severity: 'error', message: 'kube.servicePort is required' });
    if (!view.endpointsByUpstream.get(refKey(u))?.length) {
      issues.push({ severity: 'warning', message: 'no Endpoint names this kube upstream, so its cluster has no endpoints' });
    }
  }
  for (const s of upstreamSecretRefs(spec)) issues.push(...secretIssues(view, s.ref, u.metadata.namespace, s.field, s.kind));
  return issues;
}

function judgeStatic(hosts: readonly { addr?: string; port?: number; loadBalancingWeight?: number }[]): Issue[] {
  const issues: Issue[] = [];
  if (hosts.length === 0) return [{ severity: 'error', message: 'static upstream has no hosts' }];
  hosts.forEach((h, i) => {
    if (!h.addr) issues.push({ severity: 'error', message: `static.hosts[${i}]: addr is required` });
    if (!h.port) issues.push({ severity: 'error', message: `static.hosts[${i}]${h.addr ? ` (${h.addr})` : ''}: port is required` });
    if (h.loadBalancingWeight === 0) issues.push({ severity: 'error', message: `static.hosts[${i}]${h.addr ? ` (${h.addr})` : ''}: loadBalancingWeight must be at least 1` });
  });
  return issues;
}

const SECRET_KINDS = { tls: 'TLS', header: 'header', azure: 'Azure', aws: 'AWS' } as const;

/** Problems of a secret reference: missing, not served, or not a secret of the kind wanted (TLS, header, Azure or AWS). */
export function secretIssues(view: GlooView, ref: ResourceRefJson, defaultNamespace: string, field: string, kind: keyof typeof SECRET_KINDS = 'tls'): Issue[] {
  const key = refKey(resolveRef('Secret', ref, defaultNamespace));
  const problem = refProblem(view, 'Secret', key);
  if (problem) return [{ severity: 'error', message: `${field}: ${problem}` }];
  if (!view.secrets.get(key)!.resource.spec[kind]) return [{ severity: 'error', message: `${field}: ${describeKey(key)} is not ${/^[AEIOU]/.test(SECRET_KINDS[kind]) ? 'an' : 'a'} ${SECRET_KINDS[kind]} secret` }];
  return [];
}

function judgeGroup(g: Resource<'UpstreamGroup'>, view: GlooView): Issue[] {
  const dests = g.spec.destinations ?? [];
  if (dests.length === 0) return [{ severity: 'error', message: 'upstream group has no destinations' }];
  const options = dests.flatMap((d, i) => weightedDestinationOptionIssues(d.options, re2FallbackValidator, `destinations[${i}].options`, view.policy));
  return [...destinationIssues(dests, g.metadata.namespace, view, 'destinations').map((message) => ({ severity: 'error' as const, message })), ...options];
}

/** Problems of weighted destinations: unknown upstreams, all weights zero (a destination without weight weighs 0, as in Gloo's setWeightedClusters). */
export function destinationIssues(dests: readonly WeightedDestinationJson[], namespace: string, view: GlooView, field: string, onRef?: (key: string) => void): string[] {
  const out: string[] = [];
  dests.forEach((d, i) => {
    const ref = d.destination?.upstream;
    if (!ref?.name) out.push(`${field}[${i}]: destination.upstream is required`);
    else {
      const key = refKey(resolveRef('Upstream', ref, namespace));
      onRef?.(key);
      const problem = refProblem(view, 'Upstream', key);
      if (problem) out.push(`${field}[${i}]: ${problem}`);
    }
  });
  if (dests.length && dests.every((d) => !d.weight)) {
    out.push(`${field}: every weight is 0, so no traffic could be routed`);
  }
  return out;
}
