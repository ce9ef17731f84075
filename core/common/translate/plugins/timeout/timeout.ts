// Route timeouts, after Gloo's basicroute plugin (projects/gloo/pkg/plugins/basicroute/plugin.go:
// applyTimeout, applyIdleTimeout, applyMaxStreamDuration): the whole-request timeout, the idle timeout
// of the route's streams, and the longest a stream may last (with the bounds on a gRPC client's
// grpc-timeout header) on the route's action.
import type { RouteOptionsJson } from '../../../gen/gloo/api/v1/route_options_pb';
import { durationProblem } from '../../durations';
import type { Issue } from '../../served';
import { forwardingOnly } from '../forwarding-only';
import type { CheckContext, Plugin, RouteActionKind } from '../plugin';

function durations(o: RouteOptionsJson, ctx: CheckContext): Issue[] {
  const m = o.maxStreamDuration;
  const fields: [string, string | undefined][] = [
    ['timeout', o.timeout],
    ['idleTimeout', o.idleTimeout],
    ['maxStreamDuration.maxStreamDuration', m?.maxStreamDuration],
    ['maxStreamDuration.grpcTimeoutHeaderMax', m?.grpcTimeoutHeaderMax],
    ['maxStreamDuration.grpcTimeoutHeaderOffset', m?.grpcTimeoutHeaderOffset],
  ];
  return fields.flatMap(([f, v]) => {
    const bad = durationProblem(`${ctx.field}.${f}`, v);
    return bad ? [{ severity: 'error' as const, message: bad }] : [];
  });
}

function check(o: RouteOptionsJson, action: RouteActionKind, ctx: CheckContext): Issue[] {
  const set = (['timeout', 'idleTimeout', 'maxStreamDuration'] as const).filter((f) => o[f] !== undefined && o[f] !== null);
  return [...set.flatMap((f) => forwardingOnly(f, action, ctx)), ...durations(o, ctx)];
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
