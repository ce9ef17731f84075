// What one discovery pass writes, after Gloo's upstream reconciler (projects/gloo/pkg/discovery/discovery.go:
// Resync, and the kubernetes plugin's UpdateUpstream): every desired Upstream of a source that scanned is
// created or brought up to date, keeping the ServiceSpec function discovery wrote; an Upstream of that
// source that is no longer desired waits out the grace period, then is deleted. Objects discovery does
// not own (no label, or edited since it wrote them) are never touched.
import { refKey, type Resource } from '../model/resource';
import { DISCOVERED_BY_LABEL, WRITTEN_HASH_ANNOTATION, ownedContentHash, ownershipOf, stampWritten } from './labels';
import { serviceSpecOf, withServiceSpec } from './service-spec';

/** An Upstream a source wants, before discovery labels it. */
export interface DesiredUpstream {
  /** The source's label value (`local`, `static`, `kubernetesplugin`). */
  readonly source: string;
  readonly upstream: Resource<'Upstream'>;
  /** What was found, in words: `node (pid 4242) on 127.0.0.1:3000`. */
  readonly found: string;
}

/** The inputs of one plan. */
export interface PlanInput {
  readonly desired: readonly DesiredUpstream[];
  /** Sources whose scan succeeded this time: only these may lose Upstreams (a failed scan deletes nothing). */
  readonly scanned: ReadonlySet<string>;
  /** Every Upstream in the write namespace. */
  readonly existing: readonly Resource<'Upstream'>[];
  /** When each discovered Upstream was first seen gone (refKey → ms), from the previous plan. */
  readonly goneSince: ReadonlyMap<string, number>;
  readonly now: number;
  readonly gracePeriodMs: number;
}

/** One step of a plan. */
export type PlanStep =
  | { readonly op: 'create'; readonly key: string; readonly upstream: Resource<'Upstream'>; readonly reason: string }
  | { readonly op: 'update'; readonly key: string; readonly upstream: Resource<'Upstream'>; readonly reason: string }
  | { readonly op: 'delete'; readonly key: string; readonly namespace: string; readonly name: string; readonly reason: string }
  | { readonly op: 'wait'; readonly key: string; readonly deleteAt: number; readonly reason: string }
  | { readonly op: 'skip'; readonly key: string; readonly reason: string };

/** The steps, and the gone-since times to carry to the next plan. */
export interface Plan {
  readonly steps: readonly PlanStep[];
  readonly goneSince: ReadonlyMap<string, number>;
}

/** Plans one pass: creates, updates, deletions after the grace period, and what is left alone and why. */
export function planUpstreamWrites(input: PlanInput): Plan {
  const steps: PlanStep[] = [];
  const existing = new Map(input.existing.map((u) => [refKey({ kind: 'Upstream', namespace: u.metadata.namespace, name: u.metadata.name }), u]));
  const wanted = new Set<string>();
  for (const d of input.desired) {
    const key = refKey({ kind: 'Upstream', namespace: d.upstream.metadata.namespace, name: d.upstream.metadata.name });
    if (wanted.has(key)) continue;
    wanted.add(key);
    const current = existing.get(key);
    const labelled = labelledBy(d.upstream, d.source);
    if (!current) {
      steps.push({ op: 'create', key, upstream: stampWritten(labelled), reason: `found ${d.found}` });
      continue;
    }
    const owner = ownershipOf(current);
    if (owner.owner === 'user') {
      steps.push({ op: 'skip', key, reason: owner.why === 'edited' ? 'edited since discovery wrote it, so it is yours now' : 'an Upstream of yours has this name' });
      continue;
    }
    const next = stampWritten({ ...labelled, spec: withServiceSpec(labelled.spec, serviceSpecOf(current.spec)), metadata: { ...labelled.metadata, ...(current.metadata.resourceVersion ? { resourceVersion: current.metadata.resourceVersion } : {}) } });
    if (ownedContentHash(next) !== ownedContentHash(current) || current.metadata.annotations?.[WRITTEN_HASH_ANNOTATION] === undefined) steps.push({ op: 'update', key, upstream: next, reason: `${d.found} changed` });
  }
  const goneSince = new Map<string, number>();
  for (const [key, u] of existing) {
    if (wanted.has(key)) continue;
    const owner = ownershipOf(u);
    if (owner.owner !== 'discovery' || !input.scanned.has(owner.source)) continue;
    const since = input.goneSince.get(key) ?? input.now;
    const deleteAt = since + input.gracePeriodMs;
    if (input.now >= deleteAt) {
      steps.push({ op: 'delete', key, namespace: u.metadata.namespace, name: u.metadata.name, reason: `its service was gone for the ${seconds(input.gracePeriodMs)} grace period` });
    } else {
      goneSince.set(key, since);
      steps.push({ op: 'wait', key, deleteAt, reason: `its service is gone; deleted after the ${seconds(input.gracePeriodMs)} grace period unless it comes back` });
    }
  }
  return { steps, goneSince };
}

function labelledBy(u: Resource<'Upstream'>, source: string): Resource<'Upstream'> {
  return { ...u, metadata: { ...u.metadata, labels: { ...(u.metadata.labels ?? {}), [DISCOVERED_BY_LABEL]: source } } };
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
