// Envoy v3 type URLs, filter names and config sources the gloo stage emits, typed with the JSON
// types generated from Envoy's protos (core/common/gen/envoy), so a shape bug is a compile error.
import type { ConfigSourceJson } from '../../gen/envoy/envoy/config/core/v3/config_source_pb';
import type { HttpConnectionManagerJson } from '../../gen/envoy/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager_pb';
import type { TlsInspectorJson } from '../../gen/envoy/envoy/extensions/filters/listener/tls_inspector/v3/tls_inspector_pb';
import type { DownstreamTlsContextJson, UpstreamTlsContextJson } from '../../gen/envoy/envoy/extensions/transport_sockets/tls/v3/tls_pb';
import type { HttpProtocolOptionsJson } from '../../gen/envoy/envoy/extensions/upstreams/http/v3/http_protocol_options_pb';
import { typeUrl } from '../../xds/envoy-any';

/** Config source for every xDS reference: the ADS stream, v3 resources. */
export const ADS_CONFIG_SOURCE: ConfigSourceJson = Object.freeze({ ads: {}, resourceApiVersion: 'V3' });

/** HTTP connection manager network filter. */
export const HCM_FILTER = 'envoy.filters.network.http_connection_manager';
/** Type URL of HttpConnectionManager. */
export const HCM_TYPE = typeUrl<HttpConnectionManagerJson>('envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager');
/** TLS transport socket name. */
export const TLS_TRANSPORT_SOCKET = 'envoy.transport_sockets.tls';
/** Type URL of DownstreamTlsContext. */
export const DOWNSTREAM_TLS_TYPE = typeUrl<DownstreamTlsContextJson>('envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext');
/** Type URL of UpstreamTlsContext. */
export const UPSTREAM_TLS_TYPE = typeUrl<UpstreamTlsContextJson>('envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext');
/** TLS inspector listener filter (needed for SNI filter chain matching). */
export const TLS_INSPECTOR_FILTER = 'envoy.filters.listener.tls_inspector';
/** Type URL of TlsInspector. */
export const TLS_INSPECTOR_TYPE = typeUrl<TlsInspectorJson>('envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector');
/** Key of the upstream HTTP protocol options extension. */
export const HTTP_PROTOCOL_OPTIONS = 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions';
/** Type URL of HttpProtocolOptions. */
export const HTTP_PROTOCOL_OPTIONS_TYPE = typeUrl<HttpProtocolOptionsJson>(HTTP_PROTOCOL_OPTIONS);

/** One Envoy resource ready for a snapshot: name, proto3 JSON of its generated type, and a version that changes whenever the JSON may have. */
export interface XdsItem<J extends object = object> {
  readonly name: string;
  readonly json: J;
  readonly version: string;
}
