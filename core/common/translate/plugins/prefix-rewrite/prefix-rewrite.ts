// Prefix rewrite, after Gloo's basicroute plugin (projects/gloo/pkg/plugins/basicroute/plugin.go:
// applyPrefixRewrite): replaces the matched prefix before forwarding.
import { forwardingOnly } from '../forwarding-only';
import type { Plugin } from '../plugin';

/** The prefix rewrite plugin. */
export const prefixRewritePlugin: Plugin = {
  name: 'prefix-rewrite',
  routeOptions: ['prefixRewrite'],
  checkRoute: (_o, action, ctx) => forwardingOnly('prefixRewrite', action, ctx),
  routeAction(o, out) {
    if (o.prefixRewrite !== undefined && o.prefixRewrite !== null) out.prefixRewrite = o.prefixRewrite;
  },
};
