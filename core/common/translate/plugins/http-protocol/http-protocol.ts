// The HTTP protocol a cluster speaks to its upstream, after Gloo's protocoloptions plugin
// (projects/gloo/pkg/plugins/protocoloptions/plugin.go, ProcessUpstream) and the protocol selection
// initializeCluster copies (projects/gloo/pkg/translator/clusters.go). Written as Envoy's v3
// `envoy.extensions.upstreams.http.v3.HttpProtocolOptions` extension rather than the deprecated
// cluster fields: `useHttp2` is HTTP/2 with its window and stream settings, USE_DOWNSTREAM_PROTOCOL
// speaks whichever protocol the downstream request used.
import type { Http2ProtocolOptionsJson } from '../../../gen/envoy/envoy/config/core/v3/protocol_pb';
import type { HttpProtocolOptionsJson } from '../../../gen/envoy/envoy/extensions/upstreams/http/v3/http_protocol_options_pb';
import { packAny, unpackAny } from '../../../xds/envoy-any';
import { HTTP_PROTOCOL_OPTIONS, HTTP_PROTOCOL_OPTIONS_TYPE } from '../../gloo/envoy-types';
import type { Issue } from '../../served';
import type { EnvoyCluster } from '../envoy';
import type { Plugin, UpstreamSpec } from '../plugin';

/** The cluster's upstream HTTP protocol options, added as plain HTTP/1.1 (Envoy's default) when the cluster has none. */
export function httpProtocolOptionsOf(out: EnvoyCluster): HttpProtocolOptionsJson {
  const all = (out.typedExtensionProtocolOptions ??= {});
  const found = unpackAny(all[HTTP_PROTOCOL_OPTIONS], HTTP_PROTOCOL_OPTIONS_TYPE);
  if (found) return found;
  const created = packAny(HTTP_PROTOCOL_OPTIONS_TYPE, { explicitHttpConfig: { httpProtocolOptions: {} } });
  all[HTTP_PROTOCOL_OPTIONS] = created;
  return created;
}

/** Whether the upstream lets the downstream request pick the protocol (protocolSelection USE_DOWNSTREAM_PROTOCOL, in JSON by name or number). */
export function usesDownstreamProtocol(spec: UpstreamSpec): boolean {
  const p: unknown = spec.protocolSelection;
  return p === 'USE_DOWNSTREAM_PROTOCOL' || p === 1;
}

// Gloo's httpprotocolvalidation (projects/gloo/pkg/plugins/utils/httpprotocolvalidation): Envoy's bounds.
const MIN_WINDOW = 65535;
const MAX_WINDOW = 2147483647;
const HTTP2_SETTINGS = ['initialStreamWindowSize', 'initialConnectionWindowSize', 'maxConcurrentStreams', 'overrideStreamErrorOnInvalidHttpMessage'] as const;

function checkHttpProtocol(spec: UpstreamSpec): Issue[] {
  const issues: Issue[] = [];
  const error = (message: string) => issues.push({ severity: 'error', message });
  for (const f of ['initialStreamWindowSize', 'initialConnectionWindowSize'] as const) {
    const v = spec[f];
    if (v !== undefined && (v < MIN_WINDOW || v > MAX_WINDOW)) error(`${f} ${v} is not between ${MIN_WINDOW} and ${MAX_WINDOW}`);
  }
  const streams = spec.maxConcurrentStreams;
  if (streams !== undefined && (streams < 1 || streams > MAX_WINDOW)) error(`maxConcurrentStreams ${streams} is not between 1 and ${MAX_WINDOW}`);
  if (!spec.useHttp2) {
    const ignored = HTTP2_SETTINGS.filter((f) => spec[f] !== undefined);
    if (ignored.length) issues.push({ severity: 'warning', message: `${ignored.join(', ')} ${ignored.length > 1 ? 'have' : 'has'} no effect without useHttp2: true` });
  } else if (!usesDownstreamProtocol(spec) && spec.connectionConfig?.http1ProtocolOptions) {
    error('connectionConfig.http1ProtocolOptions and useHttp2 can only be set together with protocolSelection: USE_DOWNSTREAM_PROTOCOL');
  }
  return issues;
}

function http2Options(spec: UpstreamSpec): Http2ProtocolOptionsJson {
  const out: Http2ProtocolOptionsJson = {};
  if (spec.maxConcurrentStreams !== undefined) out.maxConcurrentStreams = spec.maxConcurrentStreams;
  if (spec.initialStreamWindowSize !== undefined) out.initialStreamWindowSize = spec.initialStreamWindowSize;
  if (spec.initialConnectionWindowSize !== undefined) out.initialConnectionWindowSize = spec.initialConnectionWindowSize;
  if (spec.overrideStreamErrorOnInvalidHttpMessage !== undefined) out.overrideStreamErrorOnInvalidHttpMessage = spec.overrideStreamErrorOnInvalidHttpMessage;
  return out;
}

/** The HTTP protocol plugin. */
export const httpProtocolPlugin: Plugin = {
  name: 'http-protocol',
  upstreamFields: ['useHttp2', 'protocolSelection', ...HTTP2_SETTINGS],
  checkUpstream: (spec) => checkHttpProtocol(spec),
  cluster(spec, out) {
    const downstream = usesDownstreamProtocol(spec);
    if (!spec.useHttp2 && !downstream) return;
    const options = httpProtocolOptionsOf(out);
    delete options.explicitHttpConfig;
    // Without useHttp2 Gloo sets only the protocol selection, and Envoy then speaks HTTP/1.1 whatever the downstream used.
    if (downstream) options.useDownstreamProtocolConfig = spec.useHttp2 ? { httpProtocolOptions: {}, http2ProtocolOptions: http2Options(spec) } : { httpProtocolOptions: {} };
    else options.explicitHttpConfig = { http2ProtocolOptions: http2Options(spec) };
  },
};
