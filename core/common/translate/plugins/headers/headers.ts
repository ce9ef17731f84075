// Header manipulation, after Gloo's headers plugin (projects/gloo/pkg/plugins/headers/plugin.go:
// ProcessRoute, ProcessVirtualHost, ProcessWeightedDestination, convertHeaderConfig). Appending defaults to true, as in Gloo and
// Envoy. Pseudo-headers and Host may not be added (pkg/utils/api_conversion/type.go and
// convertResponseHeaderValueOption refuse them).
import type { HeaderManipulationJson, HeaderValueOptionJson } from '../../../gen/gloo/api/v1/options/headers/headers_pb';
import type { HeaderValueOptionJson as EnvoyHeaderValueOption } from '../../../gen/envoy/envoy/config/core/v3/base_pb';
import type { Issue } from '../../served';
import type { CheckContext, Plugin } from '../plugin';
import type { EnvoyClusterWeight, EnvoyRoute, EnvoyVirtualHost } from '../envoy';

function headerValueOption(o: HeaderValueOptionJson): EnvoyHeaderValueOption {
  const out: EnvoyHeaderValueOption = { header: { key: o.header?.key ?? '', value: o.header?.value ?? '' } };
  if (o.append === false) out.appendAction = 'OVERWRITE_IF_EXISTS_OR_ADD';
  return out;
}

/** Sets the header fields of an Envoy route, virtual host or weighted cluster. */
export function setHeaderFields(h: HeaderManipulationJson, out: EnvoyRoute | EnvoyVirtualHost | EnvoyClusterWeight): void {
  if (h.requestHeadersToAdd?.length) out.requestHeadersToAdd = h.requestHeadersToAdd.map(headerValueOption);
  if (h.requestHeadersToRemove?.length) out.requestHeadersToRemove = [...h.requestHeadersToRemove];
  if (h.responseHeadersToAdd?.length) out.responseHeadersToAdd = h.responseHeadersToAdd.map(headerValueOption);
  if (h.responseHeadersToRemove?.length) out.responseHeadersToRemove = [...h.responseHeadersToRemove];
}

function checkHeaders(h: HeaderManipulationJson | undefined, ctx: CheckContext): Issue[] {
  const issues: Issue[] = [];
  for (const [list, values] of [['requestHeadersToAdd', h?.requestHeadersToAdd], ['responseHeadersToAdd', h?.responseHeadersToAdd]] as const) {
    (values ?? []).forEach((o, i) => {
      const key = o.header?.key ?? '';
      const at = `${ctx.field}.headerManipulation.${list}[${i}]`;
      if (key.startsWith(':') || key.toLowerCase() === 'host') issues.push({ severity: 'error', message: `${at}: the "${key}" header may not be set (pseudo-headers and Host are Envoy's); use hostRewrite to change the upstream Host` });
      else if (!key) issues.push({ severity: 'error', message: `${at}: header.key is required` });
    });
  }
  return issues;
}

/** The header manipulation plugin. */
export const headersPlugin: Plugin = {
  name: 'headers',
  routeOptions: ['headerManipulation'],
  virtualHostOptions: ['headerManipulation'],
  weightedDestinationOptions: ['headerManipulation'],
  checkRoute: (o, _action, ctx) => checkHeaders(o.headerManipulation, ctx),
  checkVirtualHost: (o, ctx) => checkHeaders(o.headerManipulation, ctx),
  checkWeightedDestination: (o, ctx) => checkHeaders(o.headerManipulation, ctx),
  route(o, out) {
    if (o.headerManipulation) setHeaderFields(o.headerManipulation, out);
  },
  virtualHost(o, out) {
    if (o.headerManipulation) setHeaderFields(o.headerManipulation, out);
  },
  weightedDestination(o, out) {
    if (o.headerManipulation) setHeaderFields(o.headerManipulation, out);
  },
};
