import { describe, expect, it } from 'vitest';
import type { ListenerJson } from '../../../gen/envoy/envoy/config/listener/v3/listener_pb';
import { re2FallbackValidator } from '../../regex';
import { gateway, translateGatewayAlone } from '../../testing/listeners';
import { listenerOptionIssues } from '../run-listener-plugins';
import { accessLogPlugin, accessLogs, FILE_ACCESS_LOG, fileAccessLog, grpcAccessLog, HTTP_GRPC_ACCESS_LOG } from './access-log';
import { accessLogFilter } from './access-log-filter';

const FILE_TYPE = 'type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog';
const GRPC_TYPE = 'type.googleapis.com/envoy.extensions.access_loggers.grpc.v3.HttpGrpcAccessLogConfig';
const issues = (o: Parameters<typeof listenerOptionIssues>[0]) => listenerOptionIssues(o, re2FallbackValidator).map((i) => `${i.severity}: ${i.message}`);

describe('access log plugin', () => {
  it('logs every request of the connection manager to a file, in text', () => {
    const { hcm, listener, status } = translateGatewayAlone(gateway({ options: { accessLoggingService: { accessLog: [{ fileSink: { path: '/dev/stdout', stringFormat: '%RESPONSE_CODE%\n' } }] } } }));
    expect(status.state).toBe('Accepted');
    expect(hcm?.accessLog).toEqual([{ name: FILE_ACCESS_LOG, typedConfig: { '@type': FILE_TYPE, path: '/dev/stdout', logFormat: { textFormatSource: { inlineString: '%RESPONSE_CODE%\n' } } } }]);
    expect(listener?.accessLog).toBeUndefined();
  });

  it("writes a JSON format as it is, and Envoy's default format when none is given", () => {
    expect(fileAccessLog({ path: '/l', jsonFormat: { code: '%RESPONSE_CODE%' } })).toEqual({ path: '/l', logFormat: { jsonFormat: { code: '%RESPONSE_CODE%' } } });
    expect(fileAccessLog({ path: '/l', stringFormat: '' })).toEqual({ path: '/l' });
  });

  it('attaches a formatter extension only where the format uses its command operator', () => {
    const names = (format: string) => fileAccessLog({ path: '/l', stringFormat: format }).logFormat?.formatters?.map((f) => f.name);
    expect(names('%REQ_WITHOUT_QUERY(:PATH)%')).toEqual(['envoy.formatter.req_without_query']);
    expect(names('%METADATA(ROUTE:a:b)%')).toEqual(['envoy.formatter.metadata']);
    expect(names('%REQ(:PATH)%')).toBeUndefined();
    expect(fileAccessLog({ path: '/l', jsonFormat: { p: '%REQ_WITHOUT_QUERY(:PATH)%' } }).logFormat?.formatters?.map((f) => f.name)).toEqual(['envoy.formatter.req_without_query']);
  });

  it('streams to the gRPC access log service on the cluster the config names', () => {
    expect(grpcAccessLog({ logName: 'edge', staticClusterName: 'access_log_cluster', additionalRequestHeadersToLog: ['x-tenant'], filterStateObjectsToLog: ['s'] })).toEqual({
      commonConfig: { logName: 'edge', grpcService: { envoyGrpc: { clusterName: 'access_log_cluster' } }, transportApiVersion: 'V3', filterStateObjectsToLog: ['s'] },
      additionalRequestHeadersToLog: ['x-tenant'],
    });
    const [log] = accessLogs({ accessLog: [{ grpcService: { logName: 'edge', staticClusterName: 'als' } }] });
    expect(log?.name).toBe(HTTP_GRPC_ACCESS_LOG);
    expect(log?.typedConfig?.['@type']).toBe(GRPC_TYPE);
  });

  it('logs connections on the listener itself from listenerAccessLoggingService', () => {
    const { hcm, listener } = translateGatewayAlone(gateway({ options: { listenerAccessLoggingService: { accessLog: [{ fileSink: { path: '/dev/stderr' } }] } } }));
    expect(listener?.accessLog?.map((a) => a.name)).toEqual([FILE_ACCESS_LOG]);
    expect(hcm?.accessLog).toBeUndefined();
  });

  it('sets the logs on every connection manager and tcp_proxy of the listener', () => {
    const hcmType = 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager';
    const tcpType = 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy';
    const out: ListenerJson = {
      filterChains: [{ filters: [{ name: 'hcm', typedConfig: { '@type': hcmType } }] }, { filters: [{ name: 'other', typedConfig: { '@type': 'x' } }, { name: 'tcp', typedConfig: { '@type': tcpType } }] }],
    };
    accessLogPlugin.listener!({ accessLoggingService: { accessLog: [{ fileSink: { path: '/l' } }] } }, out, { view: undefined as never, useFilter: () => undefined });
    const logged = out.filterChains!.flatMap((c) => c.filters!.map((f) => ((f.typedConfig as { accessLog?: unknown[] }).accessLog ?? []).length));
    expect(logged).toEqual([1, 0, 1]);
  });

  it('logs the connections a TCP Gateway proxies, on its tcp_proxy', () => {
    const tcp = gateway({
      options: { accessLoggingService: { accessLog: [{ fileSink: { path: '/dev/stdout', stringFormat: '%UPSTREAM_HOST%\n' } }] } },
      tcpGateway: { tcpHosts: [{ name: 'db', destination: { single: { upstream: { name: 'web', namespace: 'gloo-system' } } } }] },
    });
    const filter = translateGatewayAlone(tcp).listener?.filterChains?.[0]?.filters?.[0];
    expect(filter?.name).toBe('envoy.filters.network.tcp_proxy');
    expect((filter?.typedConfig as { accessLog?: { name?: string }[] }).accessLog?.map((a) => a.name)).toEqual([FILE_ACCESS_LOG]);
  });

  it('converts filters, writing the deprecated header matches as string matches', () => {
    expect(
      accessLogFilter({
        orFilter: {
          filters: [
            { headerFilter: { header: { name: 'x-debug', exactMatch: 'on' } } },
            { headerFilter: { header: { name: 'x-id', safeRegexMatch: { regex: '^a' }, invertMatch: true } } },
            { grpcStatusFilter: { statuses: ['UNAVAILABLE'], exclude: true } },
          ],
        },
      }),
    ).toEqual({
      orFilter: {
        filters: [
          { headerFilter: { header: { name: 'x-debug', stringMatch: { exact: 'on' } } } },
          { headerFilter: { header: { name: 'x-id', stringMatch: { safeRegex: { regex: '^a' } }, invertMatch: true } } },
          { grpcStatusFilter: { statuses: ['UNAVAILABLE'], exclude: true } },
        ],
      },
    });
  });

  it('rejects sinks without their required fields and filters Envoy would refuse', () => {
    expect(
      issues({
        accessLoggingService: {
          accessLog: [
            { fileSink: { stringFormat: 'x' } },
            { grpcService: {} },
            { fileSink: { path: '/l' }, filter: { andFilter: { filters: [{ statusCodeFilter: { comparison: { op: 'GE', value: { defaultValue: 500 } } } }] } } },
            { fileSink: { path: '/l' }, filter: { responseFlagFilter: { flags: ['UH', 'XX'] } } },
            {},
          ],
        },
      }),
    ).toEqual([
      'error: options.accessLoggingService.accessLog[0].fileSink.path is required: the file Envoy writes the log to',
      'error: options.accessLoggingService.accessLog[1].grpcService.logName is required: it names the log stream on the access log service',
      'error: options.accessLoggingService.accessLog[1].grpcService.staticClusterName is required: it names the cluster of the access log service',
      'error: options.accessLoggingService.accessLog[2].filter.andFilter.filters needs at least 2 filters',
      'error: options.accessLoggingService.accessLog[2].filter.andFilter.filters[0].statusCodeFilter.comparison.value.runtimeKey is required (Envoy reads the threshold from this runtime key, defaultValue when unset)',
      'error: options.accessLoggingService.accessLog[3].filter.responseFlagFilter.flags: "XX" is not a response flag Envoy knows',
      'error: options.accessLoggingService.accessLog[4] has no destination: set fileSink or grpcService',
    ]);
  });

  it('warns that an OpenTelemetry sink is left out, and rejects an invalid header regex', () => {
    expect(
      issues({
        listenerAccessLoggingService: {
          accessLog: [{ openTelemetryService: { logName: 'x' } }, { fileSink: { path: '/l' }, filter: { headerFilter: { header: { name: 'h', safeRegexMatch: { regex: '(' } } } } }],
        },
      }),
    ).toEqual([
      expect.stringMatching(/^warning: options\.listenerAccessLoggingService\.accessLog\[0\]\.openTelemetryService is not translated: Gloo sends it .* \(solo_io_generated_otel_logs_x\); plugins cannot add clusters from Gateway options yet, .*; this access log is left out$/),
      expect.stringMatching(/^error: options\.listenerAccessLoggingService\.accessLog\[1\]\.filter\.headerFilter\.header\.safeRegexMatch invalid regex "\("/),
    ]);
  });
});
