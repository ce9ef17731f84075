// HTTP connection manager settings, after Gloo's hcm plugin (projects/gloo/pkg/plugins/hcm/plugin.go:
// ProcessHcmNetworkFilter): `httpGateway.options.httpConnectionManagerSettings` sets the fields of
// every connection manager of the listener: client address handling (use_remote_address, XFF hops,
// via), request IDs, server name, timeouts, header limits, path normalization (on unless turned off,
// after RFC 3986), client certificate forwarding, protocol options and upgrades (hcm-protocol.ts), and
// tracing (hcm-tracing.ts, Gloo's tracing plugin). The listener's `headerValidationSettings` lands in
// the same HTTP/1 options, as Gloo's hcm plugin puts it there.
import type { HttpConnectionManagerSettingsJson as Settings } from '../../../gen/gloo/api/v1/options/hcm/hcm_pb';
import type { HttpConnectionManagerJson } from '../../../gen/envoy/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager_pb';
import type { UuidRequestIdConfigJson } from '../../../gen/envoy/envoy/extensions/request_id/uuid/v3/uuid_pb';
import type { ListenerJson as ProxyListener } from '../../../gen/gloo/api/v1/proxy_pb';
import type { HttpListenerOptionsJson } from '../../../gen/gloo/api/v1/http_listener_options_pb';
import { packAny, typeUrl } from '../../../xds/envoy-any';
import { durationProblem } from '../../durations';
import { isIP, isIPv4 } from '../../ip';
import type { Issue } from '../../served';
import type { CheckContext, Plugin } from '../plugin';
import { commonOptions, http1Options, http2Options, protocolProblems, upgradeConfigs } from './hcm-protocol';
import { tracingConfig, tracingIssues } from './hcm-tracing';

const UUID_TYPE = typeUrl<UuidRequestIdConfigJson>('envoy.extensions.request_id.uuid.v3.UuidRequestIdConfig');

const DURATIONS = ['streamIdleTimeout', 'idleTimeout', 'requestTimeout', 'requestHeadersTimeout', 'drainTimeout', 'delayedCloseTimeout', 'maxConnectionDuration', 'maxStreamDuration'] as const;

/** Sets the client address, request ID and header fields of the settings on a connection manager. */
function setAddressingFields(s: Settings, out: HttpConnectionManagerJson): void {
  if (s.useRemoteAddress !== undefined) out.useRemoteAddress = s.useRemoteAddress;
  if (s.appendXForwardedPort) out.appendXForwardedPort = true;
  if (s.xffNumTrustedHops) out.xffNumTrustedHops = s.xffNumTrustedHops;
  if (s.skipXffAppend) out.skipXffAppend = true;
  if (s.via) out.via = s.via;
  if (s.generateRequestId !== undefined) out.generateRequestId = s.generateRequestId;
  if (s.preserveExternalRequestId) out.preserveExternalRequestId = true;
  if (s.proxy100Continue) out.proxy100Continue = true;
  if (s.serverName) out.serverName = s.serverName;
  if (s.serverHeaderTransformation && s.serverHeaderTransformation !== 'OVERWRITE') out.serverHeaderTransformation = s.serverHeaderTransformation;
  if (s.stripAnyHostPort) out.stripAnyHostPort = true;
  if (s.internalAddressConfig) {
    const c = s.internalAddressConfig;
    out.internalAddressConfig = {
      ...(c.unixSockets ? { unixSockets: true } : {}),
      ...(c.cidrRanges?.length ? { cidrRanges: c.cidrRanges.map((r) => ({ addressPrefix: r.addressPrefix ?? '', ...(r.prefixLen !== undefined ? { prefixLen: r.prefixLen } : {}) })) } : {}),
    };
  }
  if (s.uuidRequestIdConfig) {
    const u = s.uuidRequestIdConfig;
    const config: UuidRequestIdConfigJson = {};
    if (u.packTraceReason !== undefined) config.packTraceReason = u.packTraceReason;
    if (u.useRequestIdForTraceSampling !== undefined) config.useRequestIdForTraceSampling = u.useRequestIdForTraceSampling;
    out.requestIdExtension = { typedConfig: packAny(UUID_TYPE, config) };
  }
  const fcc = s.forwardClientCertDetails;
  if (fcc && fcc !== 'SANITIZE') out.forwardClientCertDetails = fcc;
  const cur = s.setCurrentClientCertDetails;
  if (cur && (fcc === 'APPEND_FORWARD' || fcc === 'SANITIZE_SET')) {
    out.setCurrentClientCertDetails = {
      ...(cur.subject !== undefined ? { subject: cur.subject } : {}),
      ...(cur.cert ? { cert: true } : {}),
      ...(cur.chain ? { chain: true } : {}),
      ...(cur.dns ? { dns: true } : {}),
      ...(cur.uri ? { uri: true } : {}),
    };
  }
}

/** Sets the timeouts, limits, path handling and protocol fields of the settings on a connection manager. */
function setProtocolFields(s: Settings, options: HttpListenerOptionsJson, out: HttpConnectionManagerJson): void {
  if (s.streamIdleTimeout) out.streamIdleTimeout = s.streamIdleTimeout;
  if (s.requestTimeout) out.requestTimeout = s.requestTimeout;
  if (s.requestHeadersTimeout) out.requestHeadersTimeout = s.requestHeadersTimeout;
  if (s.drainTimeout) out.drainTimeout = s.drainTimeout;
  if (s.delayedCloseTimeout) out.delayedCloseTimeout = s.delayedCloseTimeout;
  if (s.maxRequestHeadersKb !== undefined) out.maxRequestHeadersKb = s.maxRequestHeadersKb;
  if (s.codecType && s.codecType !== 'AUTO') out.codecType = s.codecType;
  if (s.mergeSlashes) out.mergeSlashes = true;
  // Gloo normalizes paths unless told not to (RFC 3986).
  out.normalizePath = s.normalizePath ?? true;
  if (s.pathWithEscapedSlashesAction && s.pathWithEscapedSlashesAction !== 'IMPLEMENTATION_SPECIFIC_DEFAULT') out.pathWithEscapedSlashesAction = s.pathWithEscapedSlashesAction;
  const http1 = http1Options(s, options);
  if (http1) out.httpProtocolOptions = http1;
  const common = commonOptions(s);
  if (common) out.commonHttpProtocolOptions = common;
  const http2 = http2Options(s);
  if (http2) out.http2ProtocolOptions = http2;
  out.upgradeConfigs = upgradeConfigs(s);
}

/** Sets every field the settings configure on a connection manager of the Proxy listener `l`. */
export function applySettings(s: Settings, options: HttpListenerOptionsJson, out: HttpConnectionManagerJson, l: ProxyListener): void {
  setAddressingFields(s, out);
  setProtocolFields(s, options, out);
  if (s.tracing) out.tracing = tracingConfig(s.tracing, l);
}

function cidrProblem(prefix: string | undefined, len: number | undefined): string | undefined {
  if (!prefix || !isIP(prefix)) return `"${prefix ?? ''}" is not an IP address`;
  const max = isIPv4(prefix) ? 32 : 128;
  return len !== undefined && (len < 0 || len > max) ? `prefixLen ${len} is out of range for ${prefix}: it must be 0 to ${max}` : undefined;
}

/** Problems of the settings, with Warnings for the parts the sandbox does not translate. */
export function settingsIssues(s: Settings, ctx: CheckContext): Issue[] {
  const at = `${ctx.field}.httpConnectionManagerSettings`;
  const errors: string[] = [];
  for (const f of DURATIONS) {
    const bad = durationProblem(`${at}.${f}`, s[f]);
    if (bad) errors.push(bad);
  }
  if (s.maxRequestHeadersKb !== undefined && (s.maxRequestHeadersKb < 1 || s.maxRequestHeadersKb > 8192)) errors.push(`${at}.maxRequestHeadersKb ${s.maxRequestHeadersKb} is out of range: it must be 1 to 8192`);
  (s.internalAddressConfig?.cidrRanges ?? []).forEach((r, i) => {
    const bad = cidrProblem(r.addressPrefix, r.prefixLen);
    if (bad) errors.push(`${at}.internalAddressConfig.cidrRanges[${i}]: ${bad}`);
  });
  errors.push(...protocolProblems(s, at));
  const issues: Issue[] = errors.map((message) => ({ severity: 'error', message }));
  if (s.tracing) issues.push(...tracingIssues(s.tracing, `${at}.tracing`, ctx.view));
  if (s.earlyHeaderManipulation) issues.push({ severity: 'warning', message: `${at}.earlyHeaderManipulation is not translated: the sandbox does not emit Envoy's early header mutation extension yet` });
  return issues;
}

/** The HTTP connection manager settings plugin. */
export const hcmSettingsPlugin: Plugin = {
  name: 'hcm-settings',
  httpListenerOptions: ['httpConnectionManagerSettings', 'headerValidationSettings'],
  checkHttpListener: (o, ctx) => (o.httpConnectionManagerSettings ? settingsIssues(o.httpConnectionManagerSettings, ctx) : []),
  // Gloo's hcm plugin (ProcessHcmNetworkFilter) runs on every connection manager: paths are normalized
  // and websocket upgrades allowed even when no settings are given.
  everyHttpConnectionManager: true,
  httpConnectionManager(o, out, _ctx, l) {
    applySettings(o.httpConnectionManagerSettings ?? {}, o, out, l);
    if (o.headerValidationSettings?.disableHttp1MethodValidation) out.httpProtocolOptions = { ...out.httpProtocolOptions, allowCustomMethods: true };
  },
};
