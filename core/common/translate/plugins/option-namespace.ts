// The namespace references in options default to, as the route translator resolves destinations:
// the object the route or virtual host came from (its last source), else the Proxy's namespace.
import type { RouteJson as ProxyRoute, VirtualHostJson as ProxyVirtualHost } from '../../gen/gloo/api/v1/proxy_pb';
import type { HookContext } from './plugin';

/** Namespace of the object a Proxy route or virtual host came from, else the Proxy's (`gloo-system` when unknown). */
export function sourceNamespace(of: ProxyRoute | ProxyVirtualHost | undefined, ctx: HookContext): string {
  const sources = of?.metadataStatic?.sources;
  const last = sources?.length ? sources[sources.length - 1] : undefined;
  return last?.resourceRef?.namespace || ctx.proxyNamespace || 'gloo-system';
}
