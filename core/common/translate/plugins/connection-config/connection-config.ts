// Connection settings to an upstream, after Gloo's upstreamconn plugin (projects/gloo/pkg/plugins/
// upstreamconn/plugin.go, ProcessUpstream) and its HTTP/1 helper (projects/gloo/pkg/plugins/utils/
// httpprotocolhelpers/http1_utils.go, ConvertHttp1): connect timeout, TCP keepalive, per-connection
// buffer limit, and the HTTP protocol options. The HTTP ones go into Envoy's v3 upstream
// HttpProtocolOptions extension, shared with the http-protocol plugin, rather than into the cluster
// fields Envoy deprecated (max_requests_per_connection, common_http_protocol_options, …).
import type { ConnectionConfigJson, ConnectionConfig_TcpKeepAliveJson } from '../../../gen/gloo/api/v1/connection_pb';
import type { Http1ProtocolOptionsJson as GlooHttp1, HttpProtocolOptionsJson as GlooHttpOptions } from '../../../gen/gloo/api/v1/options/protocol/protocol_pb';
import type { TcpKeepaliveJson } from '../../../gen/envoy/envoy/config/core/v3/address_pb';
import type { Http1ProtocolOptionsJson, HttpProtocolOptionsJson } from '../../../gen/envoy/envoy/config/core/v3/protocol_pb';
import type { PreserveCaseFormatterConfigJson } from '../../../gen/envoy/envoy/extensions/http/header_formatters/preserve_case/v3/preserve_case_pb';
import { packAny, typeUrl } from '../../../xds/envoy-any';
import { durationProblem } from '../../durations';
import type { Issue } from '../../served';
import type { EnvoyCluster } from '../envoy';
import { httpProtocolOptionsOf } from '../http-protocol/http-protocol';
import type { Plugin } from '../plugin';

const PRESERVE_CASE = 'envoy.http.stateful_header_formatters.preserve_case';
const PRESERVE_CASE_TYPE = typeUrl<PreserveCaseFormatterConfigJson>('envoy.extensions.http.header_formatters.preserve_case.v3.PreserveCaseFormatterConfig');
const UNDERSCORE_ACTIONS = ['ALLOW', 'REJECT_REQUEST', 'DROP_HEADER'] as const;

/** Seconds of a proto3 JSON duration (`60s`, `0.5s`). */
function seconds(d: string): number {
  return Number(d.slice(0, -1));
}

/** TCP keepalive with times in whole seconds, rounded up as Gloo's roundToSecond does; probes only when above 0. */
export function tcpKeepalive(k: ConnectionConfig_TcpKeepAliveJson): TcpKeepaliveJson {
  const out: TcpKeepaliveJson = {};
  if (k.keepaliveProbes) out.keepaliveProbes = k.keepaliveProbes;
  if (k.keepaliveTime !== undefined) out.keepaliveTime = Math.round(seconds(k.keepaliveTime) + 0.4999);
  if (k.keepaliveInterval !== undefined) out.keepaliveInterval = Math.round(seconds(k.keepaliveInterval) + 0.4999);
  return out;
}

/** Envoy's common HTTP protocol options of Gloo's, plus max requests per connection (its v3 home). */
export function commonHttpOptions(o: GlooHttpOptions | undefined, maxRequests: number | undefined): HttpProtocolOptionsJson {
  const out: HttpProtocolOptionsJson = {};
  if (o?.idleTimeout !== undefined) out.idleTimeout = o.idleTimeout;
  if (o?.maxHeadersCount) out.maxHeadersCount = o.maxHeadersCount;
  if (o?.maxStreamDuration !== undefined) out.maxStreamDuration = o.maxStreamDuration;
  const action: unknown = o?.headersWithUnderscoresAction;
  const name = typeof action === 'number' ? UNDERSCORE_ACTIONS[action] : (action as HttpProtocolOptionsJson['headersWithUnderscoresAction']);
  if (name) out.headersWithUnderscoresAction = name;
  if (maxRequests) out.maxRequestsPerConnection = maxRequests;
  return out;
}

/** Envoy's HTTP/1 protocol options of Gloo's (ConvertHttp1). */
export function http1Options(o: GlooHttp1): Http1ProtocolOptionsJson {
  const out: Http1ProtocolOptionsJson = {};
  if (o.enableTrailers) out.enableTrailers = true;
  if (o.overrideStreamErrorOnInvalidHttpMessage !== undefined) out.overrideStreamErrorOnInvalidHttpMessage = o.overrideStreamErrorOnInvalidHttpMessage;
  if (o.properCaseHeaderKeyFormat) out.headerKeyFormat = { properCaseWords: {} };
  else if (o.preserveCaseHeaderKeyFormat) out.headerKeyFormat = { statefulFormatter: { name: PRESERVE_CASE, typedConfig: packAny(PRESERVE_CASE_TYPE, {}) } };
  return out;
}

/** Adds the HTTP parts of a connection config to the cluster's upstream HTTP protocol options. */
function setHttpOptions(c: ConnectionConfigJson, out: EnvoyCluster): void {
  const common = commonHttpOptions(c.commonHttpProtocolOptions, c.maxRequestsPerConnection);
  const hasCommon = Object.keys(common).length > 0;
  if (!hasCommon && !c.http1ProtocolOptions) return;
  const options = httpProtocolOptionsOf(out);
  if (hasCommon) options.commonHttpProtocolOptions = common;
  if (!c.http1ProtocolOptions) return;
  // HTTP/1 options apply where HTTP/1 is spoken: the explicit HTTP/1 config or the downstream-protocol one (never explicit HTTP/2, which the http-protocol check refuses).
  const http1 = http1Options(c.http1ProtocolOptions);
  if (options.useDownstreamProtocolConfig) options.useDownstreamProtocolConfig.httpProtocolOptions = http1;
  else if (options.explicitHttpConfig?.httpProtocolOptions) options.explicitHttpConfig.httpProtocolOptions = http1;
}

function checkConnectionConfig(c: ConnectionConfigJson): Issue[] {
  const problems = [
    durationProblem('connectionConfig.connectTimeout', c.connectTimeout),
    c.connectTimeout !== undefined && seconds(c.connectTimeout) === 0 ? 'connectionConfig.connectTimeout must be above 0s' : undefined,
    durationProblem('connectionConfig.tcpKeepalive.keepaliveTime', c.tcpKeepalive?.keepaliveTime),
    durationProblem('connectionConfig.tcpKeepalive.keepaliveInterval', c.tcpKeepalive?.keepaliveInterval),
    durationProblem('connectionConfig.commonHttpProtocolOptions.idleTimeout', c.commonHttpProtocolOptions?.idleTimeout),
    durationProblem('connectionConfig.commonHttpProtocolOptions.maxStreamDuration', c.commonHttpProtocolOptions?.maxStreamDuration),
  ];
  return problems.filter((m): m is string => m !== undefined).map((message) => ({ severity: 'error', message }));
}

/** The connection config plugin; it runs after http-protocol, so HTTP/1 options land in the protocol that plugin chose. */
export const connectionConfigPlugin: Plugin = {
  name: 'connection-config',
  upstreamFields: ['connectionConfig'],
  checkUpstream: (spec) => checkConnectionConfig(spec.connectionConfig ?? {}),
  cluster(spec, out) {
    const c = spec.connectionConfig;
    if (!c) return;
    if (c.connectTimeout !== undefined) out.connectTimeout = c.connectTimeout;
    if (c.tcpKeepalive) out.upstreamConnectionOptions = { tcpKeepalive: tcpKeepalive(c.tcpKeepalive) };
    if (c.perConnectionBufferLimitBytes !== undefined) out.perConnectionBufferLimitBytes = c.perConnectionBufferLimitBytes;
    setHttpOptions(c, out);
  },
};
