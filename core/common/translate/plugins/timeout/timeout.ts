// Route timeouts, after Gloo's basicroute plugin (projects/gloo/pkg/plugins/basicroute/plugin.go:
// applyTimeout, applyIdleTimeout, applyMaxStreamDuration): the whole-request timeout, the idle timeout
// of the route's streams, and the longest a stream may last (with the bounds on a gRPC client's
// grpc-timeout header) on the route's action.
import type { RouteOptionsJson } from '../../../gen/gloo/api/v1/route_options_pb';
import { durationProblem } from '../../durations';
import type { Issue } from '../../served';
import { forwardingOnly } from '../forwarding-only';
import type { CheckContext, Plugin, RouteActionKind } from '../plugin';

const DURATION_FIELDS = ['timeout', 'idleTimeout', 'maxStreamDuration.maxStreamDuration', 'maxStreamDuration.grpcTimeoutHeaderMax', 'maxStreamDuration.grpcTimeoutHeaderOffset'] as const;
const FORWARDING_FIELDS = ['timeout', 'idleTimeout', 'maxStreamDuration'] as const;

function durations(o: RouteOptionsJson, ctx: CheckContext, out: Issue[]): void {
  const m = o.maxStreamDuration;
  const values = [o.timeout, o.idleTimeout, m?.maxStreamDuration, m?.grpcTimeoutHeaderMax, m?.grpcTimeoutHeaderOffset];
  for (let i = 0; i < DURATION_FIELDS.length; i++) {
    if (values[i] === undefined) continue;
    const bad = durationProblem(`${ctx.field}.${DURATION_FIELDS[i]}`, values[i]);
    if (bad) out.push({ severity: 'error', message: bad });
  }
}

function check(o: RouteOptionsJson, action: RouteActionKind, ctx: CheckContext): Issue[] {
  const issues: Issue[] = [];
  for (const f of FORWARDING_FIELDS) if (o[f] !== undefined && o[f] !== null) issues.push(...forwardingOnly(f, action, ctx));
  durations(o, ctx, issues);
  return issues;
}

/** The route timeout plugin. */
export const timeoutPlugin: Plugin = {
  name: 'timeout',
  routeOptions: ['timeout', 'idleTimeout', 'maxStreamDuration'],
  checkRoute: check,
  routeAction(o, out) {
    if (o.timeout) out.timeout = o.timeout;
    if (o.idleTimeout) out.idleTimeout = o.idleTimeout;
    const m = o.maxStreamDuration;
    if (m) {
      out.maxStreamDuration = {
        ...(m.maxStreamDuration ? { maxStreamDuration: m.maxStreamDuration } : {}),
        ...(m.grpcTimeoutHeaderMax ? { grpcTimeoutHeaderMax: m.grpcTimeoutHeaderMax } : {}),
        ...(m.grpcTimeoutHeaderOffset ? { grpcTimeoutHeaderOffset: m.grpcTimeoutHeaderOffset } : {}),
      };
    }
  },
};
