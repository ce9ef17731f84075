import { describe, expect, it } from 'vitest';
import { translateUpstreamAlone } from '../../testing/clusters';
import { obj } from '../../testing/objects';

const TLS_TYPE = 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext';

describe('upstream TLS plugin', () => {
  it('turns an sslConfig into a TLS transport socket with its files, SAN checks, ALPN and SNI', () => {
    const u = obj('Upstream', 'pay', {
      static: { hosts: [{ addr: '10.0.0.5', port: 8443 }] },
      sslConfig: { sslFiles: { tlsCert: '/certs/c.pem', tlsKey: '/certs/k.pem', rootCa: '/certs/ca.pem' }, sni: 'pay.internal', verifySubjectAltName: ['pay.internal'], alpnProtocols: ['h2'] },
    });
    const { cluster, status } = translateUpstreamAlone(u);
    expect(status.state).toBe('Accepted');
    expect(cluster?.transportSocket).toEqual({
      name: 'envoy.transport_sockets.tls',
      typedConfig: {
        '@type': TLS_TYPE,
        commonTlsContext: {
          tlsCertificates: [{ certificateChain: { filename: '/certs/c.pem' }, privateKey: { filename: '/certs/k.pem' } }],
          validationContext: { trustedCa: { filename: '/certs/ca.pem' }, matchTypedSubjectAltNames: [{ sanType: 'DNS', matcher: { exact: 'pay.internal' } }] },
          alpnProtocols: ['h2'],
        },
        sni: 'pay.internal',
      },
    });
  });

  it('speaks TLS to a static host on port 443 with its hostname as SNI, as Gloo does when useTls is unset', () => {
    const { cluster } = translateUpstreamAlone(obj('Upstream', 'idp', { static: { hosts: [{ addr: 'idp.example.com', port: 443 }] } }));
    expect(cluster?.transportSocket).toEqual({ name: 'envoy.transport_sockets.tls', typedConfig: { '@type': TLS_TYPE, sni: 'idp.example.com' } });
  });

  it('prefers a host sniAddr, and leaves TLS off when useTls is false even on port 443', () => {
    const sni = translateUpstreamAlone(obj('Upstream', 'a', { static: { useTls: true, hosts: [{ addr: '10.0.0.1', port: 8443, sniAddr: 'a.internal' }] } }));
    expect(sni.cluster?.transportSocket?.typedConfig).toEqual({ '@type': TLS_TYPE, sni: 'a.internal' });
    const off = translateUpstreamAlone(obj('Upstream', 'b', { static: { useTls: false, hosts: [{ addr: 'b.example.com', port: 443 }] } }));
    expect(off.cluster?.transportSocket).toBeUndefined();
  });

  it('leaves a plain upstream without a transport socket', () => {
    const { cluster } = translateUpstreamAlone(obj('Upstream', 'plain', { static: { hosts: [{ addr: '10.0.0.2', port: 8080 }] } }));
    expect(cluster?.transportSocket).toBeUndefined();
  });
});
