import { describe, expect, it } from 'vitest';
import { translateUpstreamAlone } from '../../testing/clusters';
import { obj } from '../../testing/objects';
import type { UpstreamSpec } from '../plugin';

const OPTIONS = 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions';
const OPTIONS_TYPE = `type.googleapis.com/${OPTIONS}`;
const hosts = { static: { hosts: [{ addr: '10.0.0.3', port: 9090 }] } };

function translate(spec: Partial<UpstreamSpec>) {
  return translateUpstreamAlone(obj('Upstream', 'grpc', { ...hosts, ...spec }));
}

describe('HTTP protocol plugin', () => {
  it('speaks HTTP/2 with useHttp2, in the v3 upstream HTTP protocol options', () => {
    const { cluster } = translate({ useHttp2: true });
    expect(cluster?.typedExtensionProtocolOptions).toEqual({ [OPTIONS]: { '@type': OPTIONS_TYPE, explicitHttpConfig: { http2ProtocolOptions: {} } } });
  });

  it('passes window sizes, stream limits and the invalid-message override to HTTP/2', () => {
    const { cluster, status } = translate({ useHttp2: true, initialStreamWindowSize: 65535, initialConnectionWindowSize: 1048576, maxConcurrentStreams: 100, overrideStreamErrorOnInvalidHttpMessage: true });
    expect(status.state).toBe('Accepted');
    expect(cluster?.typedExtensionProtocolOptions?.[OPTIONS]).toEqual({
      '@type': OPTIONS_TYPE,
      explicitHttpConfig: { http2ProtocolOptions: { maxConcurrentStreams: 100, initialStreamWindowSize: 65535, initialConnectionWindowSize: 1048576, overrideStreamErrorOnInvalidHttpMessage: true } },
    });
  });

  it('follows the downstream protocol with USE_DOWNSTREAM_PROTOCOL, HTTP/2 included only with useHttp2', () => {
    expect(translate({ useHttp2: true, protocolSelection: 'USE_DOWNSTREAM_PROTOCOL' }).cluster?.typedExtensionProtocolOptions?.[OPTIONS]).toEqual({
      '@type': OPTIONS_TYPE,
      useDownstreamProtocolConfig: { httpProtocolOptions: {}, http2ProtocolOptions: {} },
    });
    expect(translate({ protocolSelection: 'USE_DOWNSTREAM_PROTOCOL' }).cluster?.typedExtensionProtocolOptions?.[OPTIONS]).toEqual({ '@type': OPTIONS_TYPE, useDownstreamProtocolConfig: { httpProtocolOptions: {} } });
  });

  it('adds no protocol options for the configured protocol without useHttp2', () => {
    expect(translate({ protocolSelection: 'USE_CONFIGURED_PROTOCOL' }).cluster?.typedExtensionProtocolOptions).toBeUndefined();
  });

  it('rejects window sizes and stream limits outside what Envoy accepts', () => {
    const { status } = translate({ useHttp2: true, initialStreamWindowSize: 1000, maxConcurrentStreams: 0 });
    expect(status.state).toBe('Rejected');
    expect(status.reason).toContain('initialStreamWindowSize 1000 is not between 65535 and 2147483647');
    expect(status.reason).toContain('maxConcurrentStreams 0 is not between 1 and 2147483647');
  });

  it('warns that HTTP/2 settings do nothing without useHttp2', () => {
    const { status, cluster } = translate({ initialStreamWindowSize: 65535 });
    expect(status).toMatchObject({ state: 'Warning', reason: expect.stringContaining('initialStreamWindowSize has no effect without useHttp2: true') });
    expect(cluster?.typedExtensionProtocolOptions).toBeUndefined();
  });

  it('rejects HTTP/1 options beside useHttp2 unless the downstream protocol is followed, as Gloo does', () => {
    const http1 = { connectionConfig: { http1ProtocolOptions: { enableTrailers: true } } };
    expect(translate({ useHttp2: true, ...http1 }).status.reason).toContain('connectionConfig.http1ProtocolOptions and useHttp2 can only be set together with protocolSelection: USE_DOWNSTREAM_PROTOCOL');
    const both = translate({ useHttp2: true, protocolSelection: 'USE_DOWNSTREAM_PROTOCOL', ...http1 });
    expect(both.status.state).toBe('Accepted');
    expect(both.cluster?.typedExtensionProtocolOptions?.[OPTIONS]).toEqual({
      '@type': OPTIONS_TYPE,
      useDownstreamProtocolConfig: { httpProtocolOptions: { enableTrailers: true }, http2ProtocolOptions: {} },
    });
  });
});
