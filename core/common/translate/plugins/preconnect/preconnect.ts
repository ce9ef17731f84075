// Connections opened ahead of need, after Gloo's getPreconnectPolicy (projects/gloo/pkg/translator/
// clusters.go): both ratios, when set, must be between 1 and 3, as Envoy's PreconnectPolicy requires.
import type { PreconnectPolicyJson } from '../../../gen/gloo/api/v1/upstream_pb';
import type { Issue } from '../../served';
import type { Plugin } from '../plugin';

function checkPreconnect(p: PreconnectPolicyJson): Issue[] {
  const out: Issue[] = [];
  for (const f of ['perUpstreamPreconnectRatio', 'predictivePreconnectRatio'] as const) {
    const v = p[f];
    if (v !== undefined && !(Number(v) >= 1 && Number(v) <= 3)) out.push({ severity: 'error', message: `preconnectPolicy.${f} ${v} is not between 1 and 3` });
  }
  return out;
}

/** The preconnect plugin. */
export const preconnectPlugin: Plugin = {
  name: 'preconnect',
  upstreamFields: ['preconnectPolicy'],
  checkUpstream: (spec) => (spec.preconnectPolicy ? checkPreconnect(spec.preconnectPolicy) : []),
  cluster(spec, out) {
    const p = spec.preconnectPolicy;
    if (!p) return;
    out.preconnectPolicy = {
      ...(p.perUpstreamPreconnectRatio !== undefined ? { perUpstreamPreconnectRatio: p.perUpstreamPreconnectRatio } : {}),
      ...(p.predictivePreconnectRatio !== undefined ? { predictivePreconnectRatio: p.predictivePreconnectRatio } : {}),
    };
  },
};
