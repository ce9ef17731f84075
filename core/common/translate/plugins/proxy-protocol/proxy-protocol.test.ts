import { describe, expect, it } from 'vitest';
import type { ListenerJson } from '../../../gen/envoy/envoy/config/listener/v3/listener_pb';
import { re2FallbackValidator } from '../../regex';
import { gateway, translateGatewayAlone } from '../../testing/listeners';
import { listenerOptionIssues } from '../run-listener-plugins';
import { PROXY_PROTOCOL_FILTER, proxyProtocolPlugin, withUseProxyProto } from './proxy-protocol';

const TYPE = 'type.googleapis.com/envoy.extensions.filters.listener.proxy_protocol.v3.ProxyProtocol';

describe('proxy protocol plugin', () => {
  it('adds the proxy_protocol listener filter for a Gateway with useProxyProto, and no warning', () => {
    const { listener, status } = translateGatewayAlone(gateway({ useProxyProto: true }));
    expect(status.state).toBe('Accepted');
    expect(status.reason ?? '').not.toContain('useProxyProto');
    expect(listener?.listenerFilters).toEqual([{ name: PROXY_PROTOCOL_FILTER, typedConfig: { '@type': TYPE } }]);
  });

  it('adds the filter to a TCP Gateway with useProxyProto too', () => {
    const tcp = gateway({ useProxyProto: true, tcpGateway: { tcpHosts: [{ name: 'db', destination: { single: { upstream: { name: 'web', namespace: 'gloo-system' } } } }] } });
    expect(translateGatewayAlone(tcp).listener?.listenerFilters?.map((f) => f.name)).toEqual([PROXY_PROTOCOL_FILTER]);
  });

  it('adds no filter when useProxyProto is false', () => {
    expect(translateGatewayAlone(gateway({ useProxyProto: false })).listener?.listenerFilters).toBeUndefined();
  });

  it('translates TLV rules and letting connections without a PROXY header through', () => {
    const { listener } = translateGatewayAlone(
      gateway({ options: { proxyProtocol: { rules: [{ tlvType: 234, onTlvPresent: { metadataNamespace: 'aws', key: 'vpce_id' } }], allowRequestsWithoutProxyProtocol: true } } }),
    );
    expect(listener?.listenerFilters?.[0]?.typedConfig).toEqual({
      '@type': TYPE,
      rules: [{ tlvType: 234, onTlvPresent: { metadataNamespace: 'aws', key: 'vpce_id' } }],
      allowRequestsWithoutProxyProtocol: true,
    });
  });

  it('puts the filter before the TLS inspector, as the PROXY header comes before the ClientHello', () => {
    const out: ListenerJson = { listenerFilters: [{ name: 'envoy.filters.listener.tls_inspector' }] };
    proxyProtocolPlugin.listener!({ proxyProtocol: {} }, out, { view: undefined as never, useFilter: () => undefined });
    expect(out.listenerFilters?.map((f) => f.name)).toEqual([PROXY_PROTOCOL_FILTER, 'envoy.filters.listener.tls_inspector']);
  });

  it('reads useProxyProto as an empty proxyProtocol option, and keeps a proxyProtocol option that is set', () => {
    expect(withUseProxyProto({ useProxyProto: true })).toEqual({ proxyProtocol: {} });
    expect(withUseProxyProto({ useProxyProto: true, options: { proxyProtocol: { rules: [] } } })).toEqual({ proxyProtocol: { rules: [] } });
    expect(withUseProxyProto({ options: { perConnectionBufferLimitBytes: 1 } })).toEqual({ perConnectionBufferLimitBytes: 1 });
  });

  it('rejects a TLV type over 255 and a rule without a metadata key', () => {
    const issues = listenerOptionIssues({ proxyProtocol: { rules: [{ tlvType: 256, onTlvPresent: { key: 'k' } }, { tlvType: 1 }] } }, re2FallbackValidator);
    expect(issues.map((i) => [i.severity, i.message])).toEqual([
      ['error', 'options.proxyProtocol.rules[0].tlvType 256 is not a TLV type: it must be 0 to 255'],
      ['error', 'options.proxyProtocol.rules[1].onTlvPresent.key is required: it names the metadata key the TLV value is stored under'],
    ]);
  });
});
