// The route simulator: what Envoy would do with one request, read from the generated xDS only
// (listener on the port → filter chain by SNI → HTTP connection manager, with its path settings and
// health check filter → RDS route configuration → virtual host by Host → first matching route → action).
import { resourceJson } from '../xds/envoy-resources';
import type { XdsResource, XdsSnapshot } from '../xds/xds-snapshot';
import { resolveAction } from './action-resolver';
import { filterEffects } from './filter-effects';
import {
  sourceFromMetadata,
  sourceFromVirtualHostName,
  type MatchedDecision,
  type RouteDecision,
  type SourceRef,
  type UnmatchedDecision,
} from './decision';
import { selectVirtualHost, stripPort } from './domain-matcher';
import { listenerInput, listOf, type RouteInput, type VirtualHostInput } from './envoy-input';
import { hostForRouting, httpConnectionManager, isTlsListener, listenersOnPort, routeConfigurationOf, selectFilterChain } from './listener-selector';
import { healthCheckAnswer, pathForRouting } from './path-normalization';
import { defaultRegexMatcher, type RegexMatcher } from './regex';
import { DEFAULT_PORT, requestView, type SimulatedRequest } from './request';
import { selectRoute, type MatchContext } from './route-matcher';
import { tcpProxyOf, tcpProxyText } from './tcp-proxy';

export type { SimulatedRequest } from './request';
export type { RouteDecision, MatchedDecision, UnmatchedDecision, RouteDecisionAction, Destination, SourceRef } from './decision';
export { formatDecision } from './format-decision';

/** Options of the simulator: the regex engine for safe_regex matchers (JavaScript RegExp by default). */
export interface SimulateOptions {
  readonly regexMatcher?: RegexMatcher;
}

/** What Envoy would do with the request, given the proxy's xDS snapshot; never throws on odd config. */
export function simulateRequest(xds: XdsSnapshot, req: SimulatedRequest, opts: SimulateOptions = {}): RouteDecision {
  const proxy = xds.node;
  const port = req.port ?? DEFAULT_PORT;
  const ctx: MatchContext = { regex: opts.regexMatcher ?? defaultRegexMatcher, warnings: [] };
  const miss = (reason: string, extra: Partial<UnmatchedDecision> = {}): UnmatchedDecision => ({
    matched: false,
    proxy,
    reason,
    ...extra,
    ...(ctx.warnings.length ? { warnings: ctx.warnings } : {}),
  });

  const listeners = listenersOnPort(xds, port);
  if (listeners.length === 0) return miss(`no listener on port ${port}`);
  if (listeners.length > 1) ctx.warnings.push(`several listeners use port ${port}; simulated ${listeners[0].name}`);
  const listenerName = listeners[0].name;
  const listener = listenerInput(listeners[0].json);

  const tls = req.tls ?? isTlsListener(listener);
  let view = requestView(req, tls);
  const serverName = tls ? stripPort(view.host).toLowerCase() : '';
  const chainSel = selectFilterChain(listener, { port, serverName, tls });
  const at = { listener: listenerName };
  if (!chainSel) return miss(tls ? `no filter chain of listener ${listenerName} accepts server name ${serverName || '(none)'}` : `no filter chain of listener ${listenerName} accepts plaintext connections`, at);
  const chainInfo = listOf(listener.filterChains).length > 1 || chainSel.index < 0 ? { filterChain: chainSel.index } : {};

  const hcm = httpConnectionManager(chainSel.chain);
  if (!hcm) {
    const tcpProxy = tcpProxyOf(chainSel.chain, serverName, (n) => xds.resources.cluster.items.has(n));
    if (tcpProxy) return miss(`${tcpProxyText(tcpProxy)}: filter chain ${chainSel.index} of listener ${listenerName} proxies raw TCP, so no HTTP route is matched`, { ...at, ...chainInfo, tcpProxy });
    return miss(`filter chain ${chainSel.index} of listener ${listenerName} has no HTTP connection manager`, { ...at, ...chainInfo });
  }
  const rc = routeConfigurationOf(hcm, xds);
  const rcInfo = { ...at, ...(rc.name ? { routeConfig: rc.name } : {}), ...chainInfo };
  if (!rc.config) return miss(rc.name ? `route configuration ${rc.name} is not in the snapshot` : `listener ${listenerName} has no route configuration`, rcInfo);

  const host = hostForRouting(view.host, hcm, port);
  if (host !== view.host) view = requestView({ ...req, host }, tls);
  const routing = pathForRouting(view.pathWithQuery, hcm);
  if (routing.refused) return miss(routing.refused, rcInfo);
  if (routing.note) ctx.warnings.push(routing.note);
  if (routing.pathWithQuery !== view.pathWithQuery) view = requestView({ ...req, host: view.host, path: routing.pathWithQuery, query: {} }, tls);
  const answered = healthCheckAnswer(view.pathWithQuery, hcm);
  if (answered) return miss(answered, rcInfo);
  const vhSel = selectVirtualHost(listOf(rc.config.virtualHosts), view.host, { ignorePort: rc.config.ignorePortInHostMatching === true });
  if (!vhSel) return miss(`no virtual host for host ${view.host || '(empty)'}`, rcInfo);

  const vh = vhSel.virtualHost;
  const vhName = vh.name ?? '';
  const routes = listOf(vh.routes);
  const routeSel = selectRoute(routes, view, ctx);
  const virtualHost = { name: vhName, ...withSource(virtualHostSource(vh, undefined)), matchedDomain: vhSel.domain };
  if (!routeSel) return miss(`no route in virtual host ${vhName} matches`, { ...rcInfo, virtualHost });

  const clusters = xds.resources.cluster.items;
  const retry = vh.retryPolicy ? { virtualHostRetryPolicy: vh.retryPolicy } : {};
  const action = resolveAction(routeSel.route, routeSel.matchedPath, view, { ...ctx, ...retry, clusterExists: (n) => clusters.has(n), dnsHostOf: (n) => dnsHostOf(clusters.get(n)) });
  const filters = filterEffects(hcm, rc.config, vh, routeSel.route);
  const decision: MatchedDecision = {
    matched: true,
    proxy,
    listener: listenerName,
    virtualHost: { name: vhName, ...withSource(virtualHostSource(vh, routeSel.route)), matchedDomain: vhSel.domain },
    route: { index: routeSel.index, name: routeSel.route.name ?? '', ...withSource(sourceFromMetadata(routeSel.route.metadata)) },
    action,
    ...(rc.name ? { routeConfig: rc.name } : {}),
    ...chainInfo,
    ...(filters.length ? { filters } : {}),
    ...(ctx.warnings.length ? { warnings: ctx.warnings } : {}),
  };
  return decision;
}

/** The VirtualService behind a virtual host: its own metadata, else its name `<ns>_<name>`, else a VirtualService-sourced route's metadata. */
function virtualHostSource(vh: VirtualHostInput, route: RouteInput | undefined): SourceRef | undefined {
  const own = sourceFromMetadata(vh.metadata);
  if (own) return stripRouteIndex(own);
  const byName = sourceFromVirtualHostName(vh.name ?? '');
  if (byName) return byName;
  const fromRoute = sourceFromMetadata(route?.metadata);
  return fromRoute?.kind === 'VirtualService' ? stripRouteIndex(fromRoute) : undefined;
}

function stripRouteIndex(s: SourceRef): SourceRef {
  return { kind: s.kind, namespace: s.namespace, name: s.name };
}

function withSource(source: SourceRef | undefined): { source?: SourceRef } {
  return source ? { source } : {};
}

/** The host name of a DNS cluster's first endpoint (what auto_host_rewrite sends); undefined for other clusters. */
function dnsHostOf(resource: XdsResource | undefined): string | undefined {
  const cluster = resource && resourceJson('cluster', resource);
  if (cluster?.type !== 'LOGICAL_DNS' && cluster?.type !== 'STRICT_DNS') return undefined;
  return cluster.loadAssignment?.endpoints?.[0]?.lbEndpoints?.[0]?.endpoint?.address?.socketAddress?.address;
}
