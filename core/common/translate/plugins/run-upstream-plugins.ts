// Runs the plugins of Upstream fields: their checks, with a Warning for every field neither the
// cluster translator nor a plugin translates, and their cluster hooks.
import type { ClusterJson } from '../../gen/envoy/envoy/config/cluster/v3/cluster_pb';
import type { SecretJson } from '../../gen/envoy/envoy/extensions/transport_sockets/tls/v3/secret_pb';
import type { XdsItem } from '../gloo/envoy-types';
import type { GlooView } from '../gloo/gloo-objects';
import type { Issue } from '../served';
import type { RegexValidator } from '../types';
import { claimTable, notTranslated, pluginsFor, type ClaimTable } from './claims';
import type { GeneratedResources, Plugin, UpstreamSecretRef, UpstreamSpec } from './plugin';
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

/** Runs the cluster hooks of the plugins claiming set Upstream fields, in registry order; returns the Secrets they added. */
export function applyClusterPlugins(spec: UpstreamSpec, out: ClusterJson, view: GlooView, namespace: string): XdsItem<SecretJson>[] {
  const secrets: XdsItem<SecretJson>[] = [];
  const ctx = { view, namespace, useFilter: () => undefined, addSecret: (s: XdsItem<SecretJson>) => void secrets.push(s) };
  const claiming = pluginsFor(spec, claims());
  for (const p of PLUGINS) if (claiming.has(p)) p.cluster?.(spec, out, ctx);
  return secrets;
}

/** Runs the resource-generating hooks of the plugins claiming set Upstream fields, after its cluster hooks; they may change the cluster. */
export function generatedUpstreamResources(spec: UpstreamSpec, out: ClusterJson, view: GlooView, namespace: string, addSecret: (s: XdsItem<SecretJson>) => void): GeneratedResources[] {
  const found: GeneratedResources[] = [];
  const ctx = { view, namespace, useFilter: () => undefined, addSecret };
  const claiming = pluginsFor(spec, claims());
  for (const p of PLUGINS) {
    const g = claiming.has(p) ? p.upstreamGeneratedResources?.(spec, out, ctx) : undefined;
    if (g) found.push(g);
  }
  return found;
}

let secretPlugins: readonly Plugin[] | undefined;
const NO_SECRETS: UpstreamSecretRef[] = [];

/** The Secrets an Upstream's fields name, as the plugins claiming them list them (called for every upstream every pass, so it looks only at the plugins that name Secrets). */
export function upstreamSecretRefs(spec: UpstreamSpec): UpstreamSecretRef[] {
  secretPlugins ??= PLUGINS.filter((p) => p.upstreamSecretRefs);
  let out: UpstreamSecretRef[] | undefined;
  for (const p of secretPlugins) {
    if (!p.upstreamFields?.some((f) => spec[f] !== undefined && spec[f] !== null)) continue;
    const refs = p.upstreamSecretRefs!(spec);
    if (refs.length) (out ??= []).push(...refs);
  }
  return out ?? NO_SECRETS;
}
