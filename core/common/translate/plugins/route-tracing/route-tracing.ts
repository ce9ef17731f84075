// Tracing of one route, after Gloo's tracing plugin (projects/gloo/pkg/plugins/tracing/plugin.go:
// ProcessRoute): the route's client, random and overall sampling (each 100% unless set, as a
// per-million fraction like Gloo's common.ToEnvoyPercentage) and, with a routeDescriptor, the span's
// operation name and whether it is propagated. Envoy reads them where the connection manager traces
// (httpConnectionManagerSettings.tracing).
import type { RouteTracingSettingsJson } from '../../../gen/gloo/api/v1/options/tracing/tracing_pb';
import type { FractionalPercentJson } from '../../../gen/envoy/envoy/type/v3/percent_pb';
import type { Issue } from '../../served';
import type { CheckContext, Plugin } from '../plugin';

/** Gloo's ToEnvoyPercentage: a percentage as a per-million fraction, computed in 32-bit floats and truncated as Go's uint32() does. */
export function perMillion(percent: number): FractionalPercentJson {
  return { numerator: Math.trunc(Math.fround(Math.fround(percent) * 10000)), denominator: 'MILLION' };
}

function check(t: RouteTracingSettingsJson, ctx: CheckContext): Issue[] {
  const p = t.tracePercentages ?? {};
  return (['clientSamplePercentage', 'randomSamplePercentage', 'overallSamplePercentage'] as const).flatMap((f) => {
    const v = p[f];
    return typeof v === 'number' && (v < 0 || v > 100) ? [{ severity: 'error' as const, message: `${ctx.field}.tracing.tracePercentages.${f} ${v} is not between 0 and 100` }] : [];
  });
}

/** The route tracing plugin. */
export const routeTracingPlugin: Plugin = {
  name: 'route-tracing',
  routeOptions: ['tracing'],
  checkRoute: (o, _action, ctx) => (o.tracing ? check(o.tracing, ctx) : []),
  route(o, out) {
    const t = o.tracing;
    if (!t) return;
    const p = t.tracePercentages ?? {};
    const share = (v: unknown) => perMillion(typeof v === 'number' ? v : 100);
    out.tracing = { clientSampling: share(p.clientSamplePercentage), randomSampling: share(p.randomSamplePercentage), overallSampling: share(p.overallSamplePercentage) };
    if (t.routeDescriptor) out.decorator = { operation: t.routeDescriptor, ...(typeof t.propagate === 'boolean' ? { propagate: t.propagate } : {}) };
  },
};
