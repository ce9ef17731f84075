// Fault injection, after Gloo's faultinjection plugin (projects/gloo/pkg/plugins/faultinjection/
// plugin.go: ProcessRoute, HttpFilters): a per-route HTTPFault (which gRPC clients support, gRFC
// A33), and the fault filter in Gloo's first stage.
import type { RouteFaultsJson } from '../../../gen/gloo/api/v1/options/faultinjection/fault_pb';
import { durationProblem } from '../../durations';
import type { Issue } from '../../served';
import type { HTTPFaultJson } from '../../../gen/envoy/envoy/extensions/filters/http/fault/v3/fault_pb';
import type { FractionalPercentJson } from '../../../gen/envoy/envoy/type/v3/percent_pb';
import { packAny, typeUrl } from '../../../xds/envoy-any';
import { setPerFilterConfig } from '../per-filter-config';
import { FilterStage, type Plugin } from '../plugin';

/** Fault injection HTTP filter name. */
export const FAULT_FILTER = 'envoy.filters.http.fault';
const FAULT_TYPE = typeUrl<HTTPFaultJson>('envoy.extensions.filters.http.fault.v3.HTTPFault');

/** HTTPFault of Gloo faults; a percentage p becomes p×10⁴ per MILLION, as Gloo converts it. */
export function httpFault(f: RouteFaultsJson): HTTPFaultJson {
  const out: HTTPFaultJson = {};
  if (f.abort) out.abort = { httpStatus: f.abort.httpStatus ?? 0, percentage: fraction(f.abort.percentage) };
  if (f.delay) out.delay = { fixedDelay: f.delay.fixedDelay ?? '0s', percentage: fraction(f.delay.percentage) };
  return out;
}

function fraction(p: number | string | undefined): FractionalPercentJson {
  const n = Number(p ?? 0);
  return { numerator: Math.round((Number.isFinite(n) ? n : 0) * 10_000), denominator: 'MILLION' };
}

function checkFaults(f: RouteFaultsJson, field: string): Issue[] {
  const errors: string[] = [];
  const abort = f.abort;
  if (abort && (abort.httpStatus === undefined || abort.httpStatus < 200 || abort.httpStatus > 599)) errors.push(`${field}.faults.abort.httpStatus ${abort.httpStatus ?? 0} is not an HTTP status between 200 and 599`);
  for (const [part, pct] of [['abort', abort?.percentage], ['delay', f.delay?.percentage]] as const) {
    const n = Number(pct ?? 0);
    if (!(n >= 0 && n <= 100)) errors.push(`${field}.faults.${part}.percentage ${pct} is not between 0 and 100`);
  }
  const bad = durationProblem(`${field}.faults.delay.fixedDelay`, f.delay?.fixedDelay);
  if (bad) errors.push(bad);
  if (f.delay && !f.delay.fixedDelay) errors.push(`${field}.faults.delay.fixedDelay is required`);
  return errors.map((message) => ({ severity: 'error', message }));
}

/** The fault injection plugin. */
export const faultsPlugin: Plugin = {
  name: 'faults',
  routeOptions: ['faults'],
  checkRoute: (o, _action, ctx) => (o.faults ? checkFaults(o.faults, ctx.field) : []),
  route(o, out, ctx) {
    if (!o.faults || !(o.faults.abort || o.faults.delay)) return;
    setPerFilterConfig(out, FAULT_FILTER, packAny(FAULT_TYPE, httpFault(o.faults)));
    ctx.useFilter();
  },
  httpFilter: { stage: FilterStage.Fault, filter: { name: FAULT_FILTER, typedConfig: packAny(FAULT_TYPE, {}) } },
};
