import { describe, expect, it } from 'vitest';
import { translateUpstreamAlone } from '../../testing/clusters';
import { obj } from '../../testing/objects';
import type { UpstreamSpec } from '../plugin';

const OPTIONS = 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions';
const OPTIONS_TYPE = `type.googleapis.com/${OPTIONS}`;

function translate(spec: Partial<UpstreamSpec>) {
  return translateUpstreamAlone(obj('Upstream', 'svc', { static: { hosts: [{ addr: '10.0.0.4', port: 8080 }] }, ...spec }));
}

describe('connection config plugin', () => {
  it("takes the connect timeout from connectionConfig, else Gloo's 5s", () => {
    expect(translate({ connectionConfig: { connectTimeout: '0.250s' } }).cluster?.connectTimeout).toBe('0.250s');
    expect(translate({}).cluster?.connectTimeout).toBe('5s');
  });

  it('rounds TCP keepalive times up to whole seconds, as Gloo does', () => {
    const { cluster } = translate({ connectionConfig: { tcpKeepalive: { keepaliveProbes: 3, keepaliveTime: '60s', keepaliveInterval: '0.2s' } } });
    expect(cluster?.upstreamConnectionOptions).toEqual({ tcpKeepalive: { keepaliveProbes: 3, keepaliveTime: 60, keepaliveInterval: 1 } });
  });

  it('sets the per-connection buffer limit', () => {
    expect(translate({ connectionConfig: { perConnectionBufferLimitBytes: 32768 } }).cluster?.perConnectionBufferLimitBytes).toBe(32768);
  });

  it('puts common HTTP options and max requests per connection in the v3 upstream HTTP protocol options, over HTTP/1.1', () => {
    const { cluster, status } = translate({
      connectionConfig: { maxRequestsPerConnection: 100, commonHttpProtocolOptions: { idleTimeout: '30s', maxHeadersCount: 50, maxStreamDuration: '60s', headersWithUnderscoresAction: 'REJECT_REQUEST' } },
    });
    expect(status.state).toBe('Accepted');
    expect(cluster?.typedExtensionProtocolOptions).toEqual({
      [OPTIONS]: {
        '@type': OPTIONS_TYPE,
        explicitHttpConfig: { httpProtocolOptions: {} },
        commonHttpProtocolOptions: { idleTimeout: '30s', maxHeadersCount: 50, maxStreamDuration: '60s', headersWithUnderscoresAction: 'REJECT_REQUEST', maxRequestsPerConnection: 100 },
      },
    });
  });

  it('writes HTTP/1 options, proper-case or case-preserving header keys included', () => {
    const proper = translate({ connectionConfig: { http1ProtocolOptions: { enableTrailers: true, properCaseHeaderKeyFormat: true } } });
    expect(proper.cluster?.typedExtensionProtocolOptions?.[OPTIONS]).toEqual({ '@type': OPTIONS_TYPE, explicitHttpConfig: { httpProtocolOptions: { enableTrailers: true, headerKeyFormat: { properCaseWords: {} } } } });
    const preserve = translate({ connectionConfig: { http1ProtocolOptions: { preserveCaseHeaderKeyFormat: true, overrideStreamErrorOnInvalidHttpMessage: false } } });
    expect(preserve.cluster?.typedExtensionProtocolOptions?.[OPTIONS]).toEqual({
      '@type': OPTIONS_TYPE,
      explicitHttpConfig: {
        httpProtocolOptions: {
          overrideStreamErrorOnInvalidHttpMessage: false,
          headerKeyFormat: { statefulFormatter: { name: 'envoy.http.stateful_header_formatters.preserve_case', typedConfig: { '@type': 'type.googleapis.com/envoy.extensions.http.header_formatters.preserve_case.v3.PreserveCaseFormatterConfig' } } },
        },
      },
    });
  });

  it('keeps HTTP/2 when useHttp2 is set and adds the common options beside it', () => {
    const { cluster } = translate({ useHttp2: true, connectionConfig: { commonHttpProtocolOptions: { idleTimeout: '10s' } } });
    expect(cluster?.typedExtensionProtocolOptions?.[OPTIONS]).toEqual({ '@type': OPTIONS_TYPE, explicitHttpConfig: { http2ProtocolOptions: {} }, commonHttpProtocolOptions: { idleTimeout: '10s' } });
  });

  it('adds no HTTP protocol options for a connect timeout alone', () => {
    expect(translate({ connectionConfig: { connectTimeout: '1s' } }).cluster?.typedExtensionProtocolOptions).toBeUndefined();
  });

  it('rejects a malformed or zero duration with the field named', () => {
    const { status } = translate({ connectionConfig: { connectTimeout: '0s', tcpKeepalive: { keepaliveTime: '1m' } } });
    expect(status.state).toBe('Rejected');
    expect(status.reason).toContain('connectionConfig.connectTimeout must be above 0s');
    expect(status.reason).toContain('connectionConfig.tcpKeepalive.keepaliveTime "1m" is not a duration like "5s" or "0.5s"');
  });
});
