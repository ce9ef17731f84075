// Runs the plugins of Upstream fields: their checks, with a Warning for every field neither the
// cluster translator nor a plugin translates, and their cluster hooks.
import type { ClusterJson } from '../../gen/envoy/envoy/config/cluster/v3/cluster_pb';
import type { GlooView } from '../gloo/gloo-objects';
import type { Issue } from '../served';
import type { RegexValidator } from '../types';
import { claimTable, notTranslated, pluginsFor } from './claims';
import type { UpstreamSpec } from './plugin';

/** Fields the cluster translator itself reads (gloo/cluster-translator.ts), and bookkeeping fields. */
const CLUSTER_TRANSLATOR_FIELDS = ['static', 'kube', 'sslConfig', 'useHttp2', 'connectTimeout', 'discoveryMetadata', 'metadata', 'namespacedStatuses'];

const UPSTREAM_CLAIMS = claimTable((p) => p.upstreamFields, CLUSTER_TRANSLATOR_FIELDS);

/** Problems of an Upstream's fields, as plugins judge them. */
export function upstreamPluginIssues(spec: UpstreamSpec, regex: RegexValidator): Issue[] {
  const unclaimed: string[] = [];
  const issues: Issue[] = [];
  for (const p of pluginsFor(spec, UPSTREAM_CLAIMS, unclaimed)) if (p.checkUpstream) issues.push(...p.checkUpstream(spec, { regex, field: '' }));
  return [...issues, ...notTranslated('', unclaimed)];
}

/** Runs the cluster hooks of the plugins claiming set Upstream fields. */
export function applyClusterPlugins(spec: UpstreamSpec, out: ClusterJson, view: GlooView): void {
  for (const p of pluginsFor(spec, UPSTREAM_CLAIMS)) p.cluster?.(spec, out, { view, useFilter: () => undefined });
}
