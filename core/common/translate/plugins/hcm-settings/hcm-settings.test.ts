import { describe, expect, it } from 'vitest';
import type { HttpConnectionManagerSettingsJson } from '../../../gen/gloo/api/v1/options/hcm/hcm_pb';
import { re2FallbackValidator } from '../../regex';
import { upstream } from '../../testing/objects';
import { gateway, translateGatewayAlone } from '../../testing/listeners';
import { httpListenerOptionIssues } from '../run-listener-plugins';
import { upgradeConfigs } from './hcm-protocol';

const settings = (s: HttpConnectionManagerSettingsJson) => gateway({ httpGateway: { options: { httpConnectionManagerSettings: s } } });
const issues = (s: HttpConnectionManagerSettingsJson) =>
  httpListenerOptionIssues({ httpConnectionManagerSettings: s }, re2FallbackValidator).map((i) => `${i.severity}: ${i.message.replace('httpGateway.options.httpConnectionManagerSettings.', '')}`);

describe('HTTP connection manager settings plugin', () => {
  it('sets client address, server name, timeout and header fields on the connection manager', () => {
    const { hcm, status } = translateGatewayAlone(
      settings({ useRemoteAddress: true, xffNumTrustedHops: 1, serverName: 'edge', streamIdleTimeout: '60s', requestTimeout: '30s', maxRequestHeadersKb: 96, mergeSlashes: true, skipXffAppend: true, via: 'v' }),
    );
    expect(status.state).toBe('Accepted');
    expect(hcm).toMatchObject({ useRemoteAddress: true, xffNumTrustedHops: 1, serverName: 'edge', streamIdleTimeout: '60s', requestTimeout: '30s', maxRequestHeadersKb: 96, mergeSlashes: true, skipXffAppend: true, via: 'v' });
  });

  it("normalizes paths and allows websocket upgrades unless told otherwise, as Gloo's defaults do", () => {
    const { hcm } = translateGatewayAlone(settings({ serverName: 'edge' }));
    expect(hcm?.normalizePath).toBe(true);
    expect(hcm?.upgradeConfigs).toEqual([{ upgradeType: 'websocket' }]);
    expect(translateGatewayAlone(settings({ normalizePath: false })).hcm?.normalizePath).toBe(false);
  });

  it('keeps listed upgrades in order and adds websocket only when none names it', () => {
    expect(upgradeConfigs({ upgrades: [{ connect: { enabled: true } }] })).toEqual([{ upgradeType: 'CONNECT', enabled: true }, { upgradeType: 'websocket' }]);
    expect(upgradeConfigs({ upgrades: [{ websocket: { enabled: false } }] })).toEqual([{ upgradeType: 'websocket', enabled: false }]);
  });

  it('puts the idle timeout and header limits in the common protocol options, HTTP/1.0 and header case in the HTTP/1 options', () => {
    const { hcm } = translateGatewayAlone(
      gateway({
        httpGateway: {
          options: {
            httpConnectionManagerSettings: { idleTimeout: '300s', maxHeadersCount: 100, headersWithUnderscoresAction: 'DROP_HEADER', acceptHttp10: true, defaultHostForHttp10: 'h', properCaseHeaderKeyFormat: true },
            headerValidationSettings: { disableHttp1MethodValidation: {} },
          },
        },
      }),
    );
    expect(hcm?.commonHttpProtocolOptions).toEqual({ idleTimeout: '300s', maxHeadersCount: 100, headersWithUnderscoresAction: 'DROP_HEADER' });
    expect(hcm?.httpProtocolOptions).toEqual({ acceptHttp10: true, defaultHostForHttp10: 'h', headerKeyFormat: { properCaseWords: {} }, allowCustomMethods: true });
  });

  it('forwards client certificate details only in the modes that set them', () => {
    const set = (mode: HttpConnectionManagerSettingsJson['forwardClientCertDetails']) => translateGatewayAlone(settings({ forwardClientCertDetails: mode, setCurrentClientCertDetails: { subject: true, dns: true } })).hcm;
    expect(set('APPEND_FORWARD')).toMatchObject({ forwardClientCertDetails: 'APPEND_FORWARD', setCurrentClientCertDetails: { subject: true, dns: true } });
    expect(set('FORWARD_ONLY')?.setCurrentClientCertDetails).toBeUndefined();
  });

  it('sends traces to the cluster of the collector upstream, sampling everything unless told otherwise', () => {
    const zipkin = upstream('zipkin', '10.0.0.9', 9411, 'gloo-system');
    const { hcm, status } = translateGatewayAlone(
      settings({ tracing: { requestHeadersForTags: ['x-tenant'], tracePercentages: { randomSamplePercentage: 5 }, zipkinConfig: { collectorUpstreamRef: { name: 'zipkin', namespace: 'gloo-system' }, collectorEndpoint: '/api/v2/spans' } } }),
      [zipkin],
    );
    expect(status.state).toBe('Accepted');
    expect(hcm?.tracing).toEqual({
      customTags: [{ tag: 'x-tenant', requestHeader: { name: 'x-tenant' } }],
      provider: {
        name: 'envoy.tracers.zipkin',
        typedConfig: { '@type': 'type.googleapis.com/envoy.config.trace.v3.ZipkinConfig', collectorCluster: 'zipkin_gloo-system', collectorEndpoint: '/api/v2/spans', collectorEndpointVersion: 'HTTP_JSON' },
      },
      clientSampling: { value: 100 },
      randomSampling: { value: 5 },
      overallSampling: { value: 100 },
      spawnUpstreamSpan: false,
    });
  });

  it('names the OpenTelemetry service after the Gateway when the config does not', () => {
    const { hcm } = translateGatewayAlone(settings({ tracing: { openTelemetryConfig: { clusterName: 'otel' } } }));
    expect(hcm?.tracing?.provider?.typedConfig).toMatchObject({ grpcService: { envoyGrpc: { clusterName: 'otel' } }, serviceName: 'edge' });
  });

  it('rejects a collector upstream that does not exist, as Gloo does', () => {
    const { status } = translateGatewayAlone(settings({ tracing: { zipkinConfig: { collectorUpstreamRef: { name: 'nope', namespace: 'gloo-system' }, collectorEndpoint: '/s' } } }));
    expect(status.state).toBe('Rejected');
    expect(status.reason).toContain('httpGateway.options.httpConnectionManagerSettings.tracing.zipkinConfig.collectorUpstreamRef: Upstream gloo-system/nope not found');
  });

  it('rejects what Gloo and Envoy refuse: HTTP/2 sizes out of bounds, duplicate or connect-terminate upgrades, bad CIDRs and tracer fields', () => {
    expect(
      issues({
        http2ProtocolOptions: { initialStreamWindowSize: 100, maxConcurrentStreams: 0 },
        upgrades: [{ websocket: {} }, { websocket: { enabled: false } }, { connectTerminate: {} }],
        internalAddressConfig: { cidrRanges: [{ addressPrefix: '10.0.0.0', prefixLen: 33 }, { addressPrefix: 'ten' }] },
        maxRequestHeadersKb: 9000,
        tracing: { literalsForTags: [{ tag: 't' }], datadogConfig: { clusterName: 'dd' } },
      }),
    ).toEqual([
      'error: maxRequestHeadersKb 9000 is out of range: it must be 1 to 8192',
      'error: internalAddressConfig.cidrRanges[0]: prefixLen 33 is out of range for 10.0.0.0: it must be 0 to 32',
      'error: internalAddressConfig.cidrRanges[1]: "ten" is not an IP address',
      'error: http2ProtocolOptions.initialStreamWindowSize 100 is out of range: it must be 65535 to 2147483647',
      'error: http2ProtocolOptions.maxConcurrentStreams 0 is out of range: it must be 1 to 2147483647',
      'error: upgrades[1]: upgrade config websocket is not unique',
      'error: upgrades[2].connectTerminate is not supported on the connection manager: use connect here and connectTerminate on routes',
      'error: tracing.literalsForTags[0] needs a tag and a value',
      'error: tracing.datadogConfig.serviceName is required',
    ]);
  });

  it('warns about the parts it does not translate', () => {
    expect(issues({ earlyHeaderManipulation: { headersToRemove: ['x'] }, tracing: { openCensusConfig: {} } })).toEqual([
      'warning: tracing.openCensusConfig is not translated: Envoy has removed its OpenCensus tracer; traces are not sent',
      "warning: earlyHeaderManipulation is not translated: the sandbox does not emit Envoy's early header mutation extension yet",
    ]);
  });
});
