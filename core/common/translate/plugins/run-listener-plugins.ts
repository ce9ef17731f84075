// Runs the plugins of listener options (a Gateway's `options`) and HTTP listener options (its
// `httpGateway.options`): their checks, with a Warning for every option no plugin translates, and
// their listener, HTTP connection manager, HTTP filter and network filter hooks.
import type { HttpListenerOptionsJson } from '../../gen/gloo/api/v1/http_listener_options_pb';
import type { ListenerOptionsJson } from '../../gen/gloo/api/v1/listener_options_pb';
import type { ListenerJson as ProxyListener } from '../../gen/gloo/api/v1/proxy_pb';
import type { ListenerJson as EnvoyListener } from '../../gen/envoy/envoy/config/listener/v3/listener_pb';
import type { HttpConnectionManagerJson } from '../../gen/envoy/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager_pb';
import type { GlooView } from '../gloo/gloo-objects';
import type { Issue } from '../served';
import type { RegexValidator } from '../types';
import { claimTable, notTranslated, pluginsFor } from './claims';
import type { FilterJson } from '../../gen/envoy/envoy/config/listener/v3/listener_components_pb';
import type { StagedHttpFilter } from './plugin';
import { PLUGINS } from './registry';

const LISTENER_CLAIMS = claimTable((p) => p.listenerOptions);
const HTTP_LISTENER_CLAIMS = claimTable((p) => p.httpListenerOptions);

/** Problems of a Gateway's listener options (`field` prefixes messages; `view`, when given, lets checks follow references). */
export function listenerOptionIssues(o: ListenerOptionsJson | undefined, regex: RegexValidator, field = 'options', view?: GlooView): Issue[] {
  if (!o) return [];
  const unclaimed: string[] = [];
  const issues: Issue[] = [];
  for (const p of pluginsFor(o, LISTENER_CLAIMS, unclaimed)) if (p.checkListener) issues.push(...p.checkListener(o, { regex, field, ...(view ? { view } : {}) }));
  return [...issues, ...notTranslated(field, unclaimed)];
}

/** Problems of a Gateway's HTTP listener options. */
export function httpListenerOptionIssues(o: HttpListenerOptionsJson | undefined, regex: RegexValidator, field = 'httpGateway.options', view?: GlooView): Issue[] {
  if (!o) return [];
  const unclaimed: string[] = [];
  const issues: Issue[] = [];
  for (const p of pluginsFor(o, HTTP_LISTENER_CLAIMS, unclaimed)) if (p.checkHttpListener) issues.push(...p.checkHttpListener(o, { regex, field, ...(view ? { view } : {}) }));
  return [...issues, ...notTranslated(field, unclaimed)];
}

/** Runs the listener hooks of the plugins claiming set listener options. */
export function applyListenerPlugins(o: ListenerOptionsJson | undefined, out: EnvoyListener, view: GlooView): void {
  if (!o) return;
  for (const p of pluginsFor(o, LISTENER_CLAIMS)) p.listener?.(o, out, { view, useFilter: () => undefined });
}

/** Runs the HTTP connection manager hooks of the plugins claiming set HTTP listener options of the Proxy listener `l`. */
export function applyHttpConnectionManagerPlugins(o: HttpListenerOptionsJson | undefined, out: HttpConnectionManagerJson, view: GlooView, l: ProxyListener): void {
  const options = o ?? {};
  const claimed = pluginsFor(options, HTTP_LISTENER_CLAIMS);
  for (const p of PLUGINS) {
    if (claimed.has(p) || p.everyHttpConnectionManager) p.httpConnectionManager?.(options, out, { view, useFilter: () => undefined }, l);
  }
}

/** The HTTP filters HTTP listener options configure, each with the registry index of its plugin. */
export function listenerHttpFilters(o: HttpListenerOptionsJson | undefined): { readonly order: number; readonly staged: StagedHttpFilter }[] {
  if (!o) return [];
  const found = pluginsFor(o, HTTP_LISTENER_CLAIMS);
  return PLUGINS.flatMap((p, order) => (found.has(p) && p.listenerHttpFilters ? p.listenerHttpFilters(o).map((staged) => ({ order, staged })) : []));
}

/** The network filters HTTP listener options configure, in Gloo's stage order (stage, weight, registry order); they go before the HTTP connection manager. */
export function listenerNetworkFilters(o: HttpListenerOptionsJson | undefined): FilterJson[] {
  if (!o) return [];
  const found = pluginsFor(o, HTTP_LISTENER_CLAIMS);
  const staged = PLUGINS.flatMap((p, order) => (found.has(p) && p.listenerNetworkFilters ? p.listenerNetworkFilters(o).map((s) => ({ order, s })) : []));
  staged.sort((a, b) => a.s.stage - b.s.stage || (a.s.weight ?? 0) - (b.s.weight ?? 0) || a.order - b.order);
  return staged.map((x) => x.s.filter);
}
