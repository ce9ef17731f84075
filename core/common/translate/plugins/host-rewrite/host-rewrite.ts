// Host rewrite, after Gloo's basicroute plugin (projects/gloo/pkg/plugins/basicroute/plugin.go:
// applyHostRewrite): a literal Host header for the upstream request.
import { forwardingOnly } from '../forwarding-only';
import type { Plugin } from '../plugin';

/** The host rewrite plugin. */
export const hostRewritePlugin: Plugin = {
  name: 'host-rewrite',
  routeOptions: ['hostRewrite'],
  checkRoute: (_o, action, ctx) => forwardingOnly('hostRewrite', action, ctx),
  routeAction(o, out) {
    if (o.hostRewrite) out.hostRewriteLiteral = o.hostRewrite;
  },
};
