// Options that only make sense on a forwarding route. Gloo refuses them elsewhere with "<option> is
// only available for Route Actions" (projects/gloo/pkg/plugins/basicroute/plugin.go: applyPrefixRewrite,
// applyTimeout, applyRetries, applyHostRewrite).
import type { Issue } from '../served';
import type { CheckContext, RouteActionKind } from './plugin';

/** An error when a forwarding-only option is set on a redirect or direct-response route; none otherwise. */
export function forwardingOnly(option: string, action: RouteActionKind, ctx: CheckContext): Issue[] {
  if (action !== 'redirect' && action !== 'directResponse') return [];
  const what = action === 'redirect' ? 'a redirect' : 'a direct-response';
  return [{ severity: 'error', message: `${ctx.field}.${option} is only available on routes with a routeAction, not on ${what} route; remove it or forward the route` }];
}
