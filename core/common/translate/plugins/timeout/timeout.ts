// Route timeout, after Gloo's basicroute plugin (projects/gloo/pkg/plugins/basicroute/plugin.go:
// applyTimeout): the whole-request timeout of the route's action.
import { durationProblem } from '../../durations';
import { forwardingOnly } from '../forwarding-only';
import type { Plugin } from '../plugin';

/** The route timeout plugin. */
export const timeoutPlugin: Plugin = {
  name: 'timeout',
  routeOptions: ['timeout'],
  checkRoute(o, action, ctx) {
    const bad = durationProblem(`${ctx.field}.timeout`, o.timeout);
    return [...forwardingOnly('timeout', action, ctx), ...(bad ? [{ severity: 'error' as const, message: bad }] : [])];
  },
  routeAction(o, out) {
    if (o.timeout) out.timeout = o.timeout;
  },
};
