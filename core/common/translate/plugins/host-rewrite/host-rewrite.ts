// Host rewrite, after Gloo's basicroute plugin (projects/gloo/pkg/plugins/basicroute/plugin.go:
// applyHostRewrite): a literal Host header for the upstream request, or (autoHostRewrite) the host
// name of the upstream endpoint, which Envoy knows for DNS clusters (static upstreams naming hosts).
import { forwardingOnly } from '../forwarding-only';
import type { Plugin } from '../plugin';

/** The host rewrite plugin. */
export const hostRewritePlugin: Plugin = {
  name: 'host-rewrite',
  routeOptions: ['hostRewrite', 'autoHostRewrite'],
  checkRoute: (o, action, ctx) => [
    ...(o.hostRewrite !== undefined ? forwardingOnly('hostRewrite', action, ctx) : []),
    ...(o.autoHostRewrite !== undefined ? forwardingOnly('autoHostRewrite', action, ctx) : []),
  ],
  routeAction(o, out) {
    if (o.hostRewrite) out.hostRewriteLiteral = o.hostRewrite;
    else if (o.autoHostRewrite === true) out.autoHostRewrite = true;
  },
};
