// Runs the plugins of Upstream fields: their checks, with a Warning for every field neither the
// cluster translator nor a plugin translates, and their cluster hooks.
import type { ClusterJson } from '../../gen/envoy/envoy/config/cluster/v3/cluster_pb';
import type { SecretJson } from '../../gen/envoy/envoy/extensions/transport_sockets/tls/v3/secret_pb';
import type { XdsItem } from '../gloo/envoy-types';
import type { GlooView } from '../gloo/gloo-objects';
import type { Issue } from '../served';
import type { RegexValidator } from '../types';
import { claimTable, notTranslated, pluginsFor, type ClaimTable } from './claims';
import type { ClusterContext, GeneratedResources, Plugin, UpstreamSecretRef, UpstreamSpec } from './plugin';
import { PLUGINS } from './registry';

/** Fields the cluster translator itself reads (gloo/cluster-translator.ts: the addresses), and bookkeeping fields. */
const CLUSTER_TRANSLATOR_FIELDS = ['static', 'kube', 'discoveryMetadata', 'metadata', 'namespacedStatuses'];

// Made on first use: plugins may import modules that import this one.
let upstreamClaims: ClaimTable | undefined;
const claims = (): ClaimTable => (upstreamClaims ??= claimTable((p) => p.upstreamFields, CLUSTER_TRANSLATOR_FIELDS));

/** Whether a field of an Upstream's spec is translated, by the cluster translator or a plugin. */
export function isUpstreamFieldTranslated(field: string): boolean {
  return claims().get(field) !== undefined;
}

/** Problems of an Upstream's fields, as plugins judge them. */
export function upstreamPluginIssues(spec: UpstreamSpec, regex: RegexValidator): Issue[] {
  const unclaimed: string[] = [];
  const issues: Issue[] = [];
  for (const p of pluginsFor(spec, claims(), unclaimed)) if (p.checkUpstream) issues.push(...p.checkUpstream(spec, { regex, field: '' }));
  return [...issues, ...notTranslated('', unclaimed)];
}

/** What an Upstream's plugins add beside its cluster: the Secrets they serve and the clusters and listeners they make. */
export interface UpstreamPluginOutput {
  readonly secrets: XdsItem<SecretJson>[];
  readonly generated: readonly GeneratedResources[];
}

/** What an Upstream's plugin hooks read and report to: the Secrets they add are kept in `secrets`. */
class UpstreamHookContext implements ClusterContext {
  readonly secrets: XdsItem<SecretJson>[] = [];

  constructor(
    readonly view: GlooView,
    readonly namespace: string,
  ) {}

  /** Cluster hooks need no HTTP filter. */
  useFilter(): void {}

  addSecret(secret: XdsItem<SecretJson>): void {
    this.secrets.push(secret);
  }
}

/**
 * Runs the plugins claiming set Upstream fields, in registry order: first their cluster hooks, then
 * their resource-generating hooks, which may change the cluster (Gloo's UpstreamGeneratedResourcesPlugin).
 */
export function runClusterPlugins(spec: UpstreamSpec, out: ClusterJson, view: GlooView, namespace: string): UpstreamPluginOutput {
  const claiming = pluginsFor(spec, claims());
  if (claiming.size === 0) return { secrets: [], generated: NO_GENERATED };
  const ctx = new UpstreamHookContext(view, namespace);
  let generated: GeneratedResources[] | undefined;
  for (const p of PLUGINS) if (claiming.has(p)) p.cluster?.(spec, out, ctx);
  for (const p of PLUGINS) {
    const g = claiming.has(p) ? p.upstreamGeneratedResources?.(spec, out, ctx) : undefined;
    if (g) (generated ??= []).push(g);
  }
  return { secrets: ctx.secrets, generated: generated ?? NO_GENERATED };
}

const NO_GENERATED: readonly GeneratedResources[] = [];

let secretPlugins: readonly Plugin[] | undefined;
const NO_SECRETS: UpstreamSecretRef[] = [];

/** The Secrets an Upstream's fields name, as the plugins claiming them list them (called for every upstream every pass, so it looks only at the plugins that name Secrets). */
export function upstreamSecretRefs(spec: UpstreamSpec): UpstreamSecretRef[] {
  secretPlugins ??= PLUGINS.filter((p) => p.upstreamSecretRefs);
  let out: UpstreamSecretRef[] | undefined;
  for (const p of secretPlugins) {
    if (!setsAny(spec, p.upstreamFields)) continue;
    const refs = p.upstreamSecretRefs!(spec);
    if (refs.length) (out ??= []).push(...refs);
  }
  return out ?? NO_SECRETS;
}

function setsAny(spec: UpstreamSpec, fields: readonly (keyof UpstreamSpec)[] | undefined): boolean {
  if (fields) for (const f of fields) if (spec[f] !== undefined && spec[f] !== null) return true;
  return false;
}
