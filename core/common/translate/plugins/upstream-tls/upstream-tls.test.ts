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

  it('adds TLS parameters and renegotiation, and drops the client certificate for one-way TLS', () => {
    const u = obj('Upstream', 'one-way', {
      static: { hosts: [{ addr: '10.0.0.6', port: 8443 }] },
      sslConfig: {
        sslFiles: { tlsCert: '/c.pem', tlsKey: '/k.pem', rootCa: '/ca.pem' },
        oneWayTls: true,
        allowRenegotiation: true,
        parameters: { minimumProtocolVersion: 'TLSv1_2', maximumProtocolVersion: 'TLSv1_3', cipherSuites: ['ECDHE-RSA-AES128-GCM-SHA256'] },
      },
    });
    const { cluster } = translateUpstreamAlone(u);
    expect(cluster?.transportSocket?.typedConfig).toEqual({
      '@type': TLS_TYPE,
      commonTlsContext: {
        validationContext: { trustedCa: { filename: '/ca.pem' } },
        tlsParams: { tlsMinimumProtocolVersion: 'TLSv1_2', tlsMaximumProtocolVersion: 'TLSv1_3', cipherSuites: ['ECDHE-RSA-AES128-GCM-SHA256'] },
      },
      allowRenegotiation: true,
    });
  });

  it("fetches certificates from the SDS server sslConfig.sds names, warning that Envoy's bootstrap must define it", () => {
    const u = obj('Upstream', 'mesh', {
      static: { hosts: [{ addr: '10.0.0.7', port: 8443 }] },
      sslConfig: { sds: { clusterName: 'istio-sds', certificatesSecretName: 'default', validationContextName: 'ROOTCA' }, verifySubjectAltName: ['spiffe.example'], alpnProtocols: ['istio'] },
    });
    const { cluster, status } = translateUpstreamAlone(u);
    const source = { resourceApiVersion: 'V3', apiConfigSource: { apiType: 'GRPC', transportApiVersion: 'V3', grpcServices: [{ envoyGrpc: { clusterName: 'istio-sds' } }] } };
    expect(cluster?.transportSocket?.typedConfig).toEqual({
      '@type': TLS_TYPE,
      commonTlsContext: {
        tlsCertificateSdsSecretConfigs: [{ name: 'default', sdsConfig: source }],
        combinedValidationContext: { defaultValidationContext: { matchTypedSubjectAltNames: [{ sanType: 'DNS', matcher: { exact: 'spiffe.example' } }] }, validationContextSdsSecretConfig: { name: 'ROOTCA', sdsConfig: source } },
        alpnProtocols: ['istio'],
      },
    });
    expect(status).toMatchObject({ state: 'Warning', reason: expect.stringContaining('Envoy fetches these certificates from the SDS server behind cluster istio-sds') });
  });

  it('rejects an SDS config that names no secret', () => {
    const { status } = translateUpstreamAlone(obj('Upstream', 'x', { static: { hosts: [{ addr: '10.0.0.8', port: 8443 }] }, sslConfig: { sds: { targetUri: 'unix:/sds' } } }));
    expect(status.reason).toContain('sslConfig.sds: at least one of certificatesSecretName or validationContextName must be set');
  });

  it('takes TLS parameters from Settings upstreamOptions when the sslConfig sets none', () => {
    const settings = obj('Settings', 'default', { upstreamOptions: { sslParameters: { minimumProtocolVersion: 'TLSv1_3' } } }, 'gloo-system');
    const u = (parameters?: object) => obj('Upstream', 'p', { static: { hosts: [{ addr: '10.0.0.9', port: 8443 }] }, sslConfig: { sni: 'p.internal', ...(parameters ? { parameters } : {}) } });
    expect(translateUpstreamAlone(u(), [settings]).cluster?.transportSocket?.typedConfig).toEqual({ '@type': TLS_TYPE, commonTlsContext: { tlsParams: { tlsMinimumProtocolVersion: 'TLSv1_3' } }, sni: 'p.internal' });
    expect(translateUpstreamAlone(u({ cipherSuites: ['AES128-SHA'] }), [settings]).cluster?.transportSocket?.typedConfig).toEqual({ '@type': TLS_TYPE, commonTlsContext: { tlsParams: { cipherSuites: ['AES128-SHA'] } }, sni: 'p.internal' });
  });
});
