// Access logs, after Gloo's als plugin (projects/gloo/pkg/plugins/als/plugin.go: ProcessHcmNetworkFilter,
// ProcessListener; converter.go: ProcessAccessLogPlugins, copyFileSettings, copyGrpcSettings).
// `options.accessLoggingService` logs each request: it is set on every HTTP connection manager of the
// listener, and on every tcp_proxy (Gloo's tcp plugin reads the same option). `options.
// listenerAccessLoggingService` logs on the listener itself. A file sink writes text (string_format) or
// JSON (json_format); a gRPC sink streams to the cluster staticClusterName names, which Gloo expects in
// Envoy's bootstrap. Gloo always attaches the req_without_query and metadata formatters to a file
// format; the sandbox attaches each only where the format uses its command operator, and writes the
// text format as text_format_source, Envoy's replacement for the deprecated text_format.
import type { AccessLogJson as GlooAccessLog, AccessLoggingServiceJson, FileSinkJson, GrpcServiceJson } from '../../../gen/gloo/api/v1/options/als/als_pb';
import type { AccessLogJson } from '../../../gen/envoy/envoy/config/accesslog/v3/accesslog_pb';
import type { TypedExtensionConfigJson } from '../../../gen/envoy/envoy/config/core/v3/extension_pb';
import type { SubstitutionFormatStringJson } from '../../../gen/envoy/envoy/config/core/v3/substitution_format_string_pb';
import type { ListenerJson as EnvoyListener } from '../../../gen/envoy/envoy/config/listener/v3/listener_pb';
import type { FileAccessLogJson } from '../../../gen/envoy/envoy/extensions/access_loggers/file/v3/file_pb';
import type { HttpGrpcAccessLogConfigJson } from '../../../gen/envoy/envoy/extensions/access_loggers/grpc/v3/als_pb';
import type { TcpProxyJson } from '../../../gen/envoy/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy_pb';
import type { ReqWithoutQueryJson } from '../../../gen/envoy/envoy/extensions/formatter/req_without_query/v3/req_without_query_pb';
import type { MetadataJson } from '../../../gen/envoy/envoy/extensions/formatter/metadata/v3/metadata_pb';
import { packAny, typeUrl, unpackAny } from '../../../xds/envoy-any';
import { HCM_TYPE } from '../../gloo/envoy-types';
import type { Issue } from '../../served';
import type { CheckContext, Plugin } from '../plugin';
import { accessLogFilter, accessLogFilterProblems } from './access-log-filter';

/** Name of Envoy's file access logger. */
export const FILE_ACCESS_LOG = 'envoy.access_loggers.file';
/** Name of Envoy's HTTP gRPC access logger. */
export const HTTP_GRPC_ACCESS_LOG = 'envoy.access_loggers.http_grpc';
const FILE_TYPE = typeUrl<FileAccessLogJson>('envoy.extensions.access_loggers.file.v3.FileAccessLog');
const HTTP_GRPC_TYPE = typeUrl<HttpGrpcAccessLogConfigJson>('envoy.extensions.access_loggers.grpc.v3.HttpGrpcAccessLogConfig');
const TCP_PROXY_TYPE = typeUrl<TcpProxyJson>('envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy');
const REQ_WITHOUT_QUERY: TypedExtensionConfigJson = {
  name: 'envoy.formatter.req_without_query',
  typedConfig: packAny(typeUrl<ReqWithoutQueryJson>('envoy.extensions.formatter.req_without_query.v3.ReqWithoutQuery'), {}),
};
const METADATA: TypedExtensionConfigJson = { name: 'envoy.formatter.metadata', typedConfig: packAny(typeUrl<MetadataJson>('envoy.extensions.formatter.metadata.v3.Metadata'), {}) };

/** The formatter extensions a format's command operators need. */
function formattersFor(format: string): TypedExtensionConfigJson[] {
  return [...(format.includes('%REQ_WITHOUT_QUERY(') ? [REQ_WITHOUT_QUERY] : []), ...(format.includes('%METADATA(') ? [METADATA] : [])];
}

function withFormatters(format: SubstitutionFormatStringJson, text: string): SubstitutionFormatStringJson {
  const formatters = formattersFor(text);
  return formatters.length ? { ...format, formatters } : format;
}

/** Envoy's FileAccessLog of a Gloo file sink (copyFileSettings): an empty string format means Envoy's default format. */
export function fileAccessLog(f: FileSinkJson): FileAccessLogJson {
  const out: FileAccessLogJson = { path: f.path ?? '' };
  if (f.stringFormat) out.logFormat = withFormatters({ textFormatSource: { inlineString: f.stringFormat } }, f.stringFormat);
  else if (f.jsonFormat) out.logFormat = withFormatters({ jsonFormat: f.jsonFormat }, JSON.stringify(f.jsonFormat));
  return out;
}

/** Envoy's HttpGrpcAccessLogConfig of a Gloo gRPC sink (copyGrpcSettings). */
export function grpcAccessLog(g: GrpcServiceJson): HttpGrpcAccessLogConfigJson {
  const out: HttpGrpcAccessLogConfigJson = {
    commonConfig: { logName: g.logName ?? '', grpcService: { envoyGrpc: { clusterName: g.staticClusterName ?? '' } }, transportApiVersion: 'V3' },
  };
  if (g.filterStateObjectsToLog?.length) out.commonConfig!.filterStateObjectsToLog = [...g.filterStateObjectsToLog];
  if (g.additionalRequestHeadersToLog?.length) out.additionalRequestHeadersToLog = [...g.additionalRequestHeadersToLog];
  if (g.additionalResponseHeadersToLog?.length) out.additionalResponseHeadersToLog = [...g.additionalResponseHeadersToLog];
  if (g.additionalResponseTrailersToLog?.length) out.additionalResponseTrailersToLog = [...g.additionalResponseTrailersToLog];
  return out;
}

function accessLog(a: GlooAccessLog): AccessLogJson | undefined {
  let out: AccessLogJson;
  if (a.fileSink) out = { name: FILE_ACCESS_LOG, typedConfig: packAny(FILE_TYPE, fileAccessLog(a.fileSink)) };
  else if (a.grpcService) out = { name: HTTP_GRPC_ACCESS_LOG, typedConfig: packAny(HTTP_GRPC_TYPE, grpcAccessLog(a.grpcService)) };
  else return undefined;
  if (a.filter) out.filter = accessLogFilter(a.filter);
  return out;
}

/** Envoy's access logs of an access logging service, in order; OpenTelemetry sinks are left out (checks warn about them). */
export function accessLogs(s: AccessLoggingServiceJson): AccessLogJson[] {
  return (s.accessLog ?? []).map(accessLog).filter((a): a is AccessLogJson => !!a);
}

/** Appends access logs to every HTTP connection manager and tcp_proxy in the listener's filter chains. */
function addConnectionAccessLogs(out: EnvoyListener, logs: readonly AccessLogJson[]): void {
  for (const chain of out.filterChains ?? []) {
    for (const f of chain.filters ?? []) {
      const target = unpackAny(f.typedConfig, HCM_TYPE) ?? unpackAny(f.typedConfig, TCP_PROXY_TYPE);
      if (target) target.accessLog = [...(target.accessLog ?? []), ...logs];
    }
  }
}

function checkService(s: AccessLoggingServiceJson | undefined, field: string, ctx: CheckContext): Issue[] {
  const issues: Issue[] = [];
  const error = (message: string) => issues.push({ severity: 'error', message });
  (s?.accessLog ?? []).forEach((a, i) => {
    const at = `${ctx.field}.${field}.accessLog[${i}]`;
    if (a.fileSink && !a.fileSink.path) error(`${at}.fileSink.path is required: the file Envoy writes the log to`);
    if (a.grpcService && !a.grpcService.logName) error(`${at}.grpcService.logName is required: it names the log stream on the access log service`);
    if (a.grpcService && !a.grpcService.staticClusterName) error(`${at}.grpcService.staticClusterName is required: it names the cluster of the access log service`);
    if (a.openTelemetryService) issues.push({ severity: 'warning', message: `${at}.openTelemetryService is not translated: Gloo sends it with Envoy's open_telemetry access logger to a collector cluster it generates from collector.endpoint (solo_io_generated_otel_logs_${a.openTelemetryService.logName ?? ''}); plugins cannot add clusters from Gateway options yet, and the Envoy protos the sandbox builds from lack the OpenTelemetry protos that logger's config imports; this access log is left out` });
    else if (!a.fileSink && !a.grpcService) error(`${at} has no destination: set fileSink or grpcService`);
    if (a.filter) accessLogFilterProblems(a.filter, `${at}.filter`, ctx.regex).forEach(error);
  });
  return issues;
}

/** The access log plugin. */
export const accessLogPlugin: Plugin = {
  name: 'access-log',
  listenerOptions: ['accessLoggingService', 'listenerAccessLoggingService'],
  checkListener: (o, ctx) => [...checkService(o.accessLoggingService, 'accessLoggingService', ctx), ...checkService(o.listenerAccessLoggingService, 'listenerAccessLoggingService', ctx)],
  listener(o, out) {
    const perRequest = o.accessLoggingService ? accessLogs(o.accessLoggingService) : [];
    if (perRequest.length) addConnectionAccessLogs(out, perRequest);
    const perConnection = o.listenerAccessLoggingService ? accessLogs(o.listenerAccessLoggingService) : [];
    if (perConnection.length) out.accessLog = [...(out.accessLog ?? []), ...perConnection];
  },
};
