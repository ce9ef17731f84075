// The protocol parts of Gloo's HCM settings, after projects/gloo/pkg/plugins/hcm/plugin.go
// (ProcessHcmNetworkFilter): HTTP/1 options, the common protocol options (idle timeout, connection and
// stream durations, header limits), HTTP/2 options with Gloo's window and stream bounds
// (plugins/utils/httpprotocolvalidation), and protocol upgrades, websocket on by default
// (plugins/utils/upgradeconfig).
import type { HttpConnectionManagerSettingsJson as Settings } from '../../../gen/gloo/api/v1/options/hcm/hcm_pb';
import type { HttpListenerOptionsJson } from '../../../gen/gloo/api/v1/http_listener_options_pb';
import type { Http1ProtocolOptionsJson, Http2ProtocolOptionsJson, HttpProtocolOptionsJson } from '../../../gen/envoy/envoy/config/core/v3/protocol_pb';
import type { PreserveCaseFormatterConfigJson } from '../../../gen/envoy/envoy/extensions/http/header_formatters/preserve_case/v3/preserve_case_pb';
import type { HttpConnectionManager_UpgradeConfigJson as UpgradeConfig } from '../../../gen/envoy/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager_pb';
import { packAny, typeUrl } from '../../../xds/envoy-any';

const PRESERVE_CASE = 'envoy.http.stateful_header_formatters.preserve_case';
const PRESERVE_CASE_TYPE = typeUrl<PreserveCaseFormatterConfigJson>('envoy.extensions.http.header_formatters.preserve_case.v3.PreserveCaseFormatterConfig');

/** Gloo's bounds for HTTP/2 window sizes and concurrent streams. */
export const HTTP2_BOUNDS = { window: [65535, 2147483647], streams: [1, 2147483647] } as const;

/** Envoy's Http1ProtocolOptions of the settings (and of the listener's header validation settings), or undefined when none applies. */
export function http1Options(s: Settings, options: HttpListenerOptionsJson): Http1ProtocolOptionsJson | undefined {
  const out: Http1ProtocolOptionsJson = {};
  if (s.acceptHttp10) {
    out.acceptHttp10 = true;
    if (s.defaultHostForHttp10) out.defaultHostForHttp10 = s.defaultHostForHttp10;
  }
  if (s.properCaseHeaderKeyFormat) out.headerKeyFormat = { properCaseWords: {} };
  else if (s.preserveCaseHeaderKeyFormat) out.headerKeyFormat = { statefulFormatter: { name: PRESERVE_CASE, typedConfig: packAny(PRESERVE_CASE_TYPE, {}) } };
  if (s.allowChunkedLength) out.allowChunkedLength = true;
  if (s.enableTrailers) out.enableTrailers = true;
  if (options.headerValidationSettings?.disableHttp1MethodValidation) out.allowCustomMethods = true;
  // Gloo makes the options when a header format is asked for, even a false one.
  const asked = s.properCaseHeaderKeyFormat !== undefined || s.preserveCaseHeaderKeyFormat !== undefined;
  return Object.keys(out).length || asked ? out : undefined;
}

/** Envoy's common HttpProtocolOptions of the settings, or undefined when none is set. */
export function commonOptions(s: Settings): HttpProtocolOptionsJson | undefined {
  const out: HttpProtocolOptionsJson = {};
  if (s.idleTimeout) out.idleTimeout = s.idleTimeout;
  if (s.maxConnectionDuration) out.maxConnectionDuration = s.maxConnectionDuration;
  if (s.maxStreamDuration) out.maxStreamDuration = s.maxStreamDuration;
  if (s.maxHeadersCount !== undefined) out.maxHeadersCount = s.maxHeadersCount;
  if (s.maxRequestsPerConnection !== undefined) out.maxRequestsPerConnection = s.maxRequestsPerConnection;
  if (s.headersWithUnderscoresAction && s.headersWithUnderscoresAction !== 'ALLOW') {
    out.headersWithUnderscoresAction = s.headersWithUnderscoresAction === 'REJECT_CLIENT_REQUEST' ? 'REJECT_REQUEST' : 'DROP_HEADER';
  }
  return Object.keys(out).length ? out : undefined;
}

/** Envoy's Http2ProtocolOptions of the settings, or undefined when not set. */
export function http2Options(s: Settings): Http2ProtocolOptionsJson | undefined {
  const h = s.http2ProtocolOptions;
  if (!h) return undefined;
  const out: Http2ProtocolOptionsJson = {};
  if (h.initialStreamWindowSize !== undefined) out.initialStreamWindowSize = h.initialStreamWindowSize;
  if (h.initialConnectionWindowSize !== undefined) out.initialConnectionWindowSize = h.initialConnectionWindowSize;
  if (h.maxConcurrentStreams !== undefined) out.maxConcurrentStreams = h.maxConcurrentStreams;
  if (h.overrideStreamErrorOnInvalidHttpMessage !== undefined) out.overrideStreamErrorOnInvalidHttpMessage = h.overrideStreamErrorOnInvalidHttpMessage;
  return out;
}

/** Envoy's upgrade configs of the settings: those listed, then websocket when none names it. */
export function upgradeConfigs(s: Settings): UpgradeConfig[] {
  const out: UpgradeConfig[] = [];
  for (const u of s.upgrades ?? []) {
    const spec = u.websocket ?? u.connect;
    if (!spec) continue;
    const c: UpgradeConfig = { upgradeType: u.websocket ? 'websocket' : 'CONNECT' };
    if (spec.enabled !== undefined) c.enabled = spec.enabled;
    out.push(c);
  }
  if (!out.some((c) => c.upgradeType === 'websocket')) out.push({ upgradeType: 'websocket' });
  return out;
}

/** Problems of the protocol parts of the settings; `at` is the settings' field path. */
export function protocolProblems(s: Settings, at: string): string[] {
  const problems: string[] = [];
  const h = s.http2ProtocolOptions;
  const bound = (name: string, v: number | undefined, [lo, hi]: readonly [number, number]) => {
    if (v !== undefined && (v < lo || v > hi)) problems.push(`${at}.http2ProtocolOptions.${name} ${v} is out of range: it must be ${lo} to ${hi}`);
  };
  bound('initialStreamWindowSize', h?.initialStreamWindowSize, HTTP2_BOUNDS.window);
  bound('initialConnectionWindowSize', h?.initialConnectionWindowSize, HTTP2_BOUNDS.window);
  bound('maxConcurrentStreams', h?.maxConcurrentStreams, HTTP2_BOUNDS.streams);
  const seen = new Set<string>();
  (s.upgrades ?? []).forEach((u, i) => {
    if (u.connectTerminate) problems.push(`${at}.upgrades[${i}].connectTerminate is not supported on the connection manager: use connect here and connectTerminate on routes`);
    else if (!u.websocket && !u.connect) problems.push(`${at}.upgrades[${i}] names no upgrade: set websocket or connect`);
    const type = u.websocket ? 'websocket' : u.connect ? 'CONNECT' : undefined;
    if (type && seen.has(type)) problems.push(`${at}.upgrades[${i}]: upgrade config ${type} is not unique`);
    if (type) seen.add(type);
  });
  return problems;
}
