// PROXY protocol, after Gloo's proxyprotocol plugin (projects/gloo/pkg/plugins/proxyprotocol/plugin.go:
// ProcessListener, GenerateProxyProtocolListenerFilter): a listener with `options.proxyProtocol`, or
// a Gateway with the older `useProxyProto: true`, gets Envoy's proxy_protocol listener filter. Gloo's
// registry runs this plugin before the TLS inspector's, so the filter comes first: the PROXY header
// precedes the TLS ClientHello on the wire.
import type { ListenerJson as ProxyListener } from '../../../gen/gloo/api/v1/proxy_pb';
import type { ListenerOptionsJson } from '../../../gen/gloo/api/v1/listener_options_pb';
import type { ProxyProtocolJson as GlooProxyProtocol } from '../../../gen/gloo/api/v1/options/proxy_protocol/proxy_protocol_pb';
import type { ProxyProtocolJson } from '../../../gen/envoy/envoy/extensions/filters/listener/proxy_protocol/v3/proxy_protocol_pb';
import type { ListenerFilterJson } from '../../../gen/envoy/envoy/config/listener/v3/listener_components_pb';
import { packAny, typeUrl } from '../../../xds/envoy-any';
import type { Issue } from '../../served';
import type { CheckContext, Plugin } from '../plugin';

/** Name of Envoy's PROXY protocol listener filter. */
export const PROXY_PROTOCOL_FILTER = 'envoy.filters.listener.proxy_protocol';
const PROXY_PROTOCOL_TYPE = typeUrl<ProxyProtocolJson>('envoy.extensions.filters.listener.proxy_protocol.v3.ProxyProtocol');

/** The listener options a Proxy listener's plugins read: its options, with `useProxyProto: true` read as an empty `proxyProtocol` (Gloo's ProcessListener treats both alike). */
export function withUseProxyProto(l: ProxyListener): ListenerOptionsJson | undefined {
  if (!l.useProxyProto || l.options?.proxyProtocol) return l.options;
  return { ...l.options, proxyProtocol: {} };
}

/** Envoy's ProxyProtocol config of Gloo's: the TLV rules and whether connections without a PROXY header are let through. */
export function proxyProtocolConfig(p: GlooProxyProtocol): ProxyProtocolJson {
  const out: ProxyProtocolJson = {};
  if (p.rules?.length) out.rules = p.rules.map((r) => ({ tlvType: r.tlvType ?? 0, onTlvPresent: { metadataNamespace: r.onTlvPresent?.metadataNamespace ?? '', key: r.onTlvPresent?.key ?? '' } }));
  if (p.allowRequestsWithoutProxyProtocol) out.allowRequestsWithoutProxyProtocol = true;
  return out;
}

function checkProxyProtocol(p: GlooProxyProtocol | undefined, ctx: CheckContext): Issue[] {
  const issues: Issue[] = [];
  (p?.rules ?? []).forEach((r, i) => {
    const at = `${ctx.field}.proxyProtocol.rules[${i}]`;
    if ((r.tlvType ?? 0) > 255) issues.push({ severity: 'error', message: `${at}.tlvType ${r.tlvType} is not a TLV type: it must be 0 to 255` });
    if (!r.onTlvPresent?.key) issues.push({ severity: 'error', message: `${at}.onTlvPresent.key is required: it names the metadata key the TLV value is stored under` });
  });
  return issues;
}

/** The PROXY protocol plugin. */
export const proxyProtocolPlugin: Plugin = {
  name: 'proxy-protocol',
  listenerOptions: ['proxyProtocol'],
  checkListener: (o, ctx) => checkProxyProtocol(o.proxyProtocol, ctx),
  listener(o, out) {
    if (!o.proxyProtocol) return;
    const filter: ListenerFilterJson = { name: PROXY_PROTOCOL_FILTER, typedConfig: packAny(PROXY_PROTOCOL_TYPE, proxyProtocolConfig(o.proxyProtocol)) };
    out.listenerFilters = [filter, ...(out.listenerFilters ?? [])];
  },
};
