// Envoy v3 type URLs, filter names and config sources the gloo stage emits.

/** Config source for every xDS reference: the ADS stream, v3 resources. */
export const ADS_CONFIG_SOURCE = Object.freeze({ ads: {}, resourceApiVersion: 'V3' });

/** HTTP connection manager network filter. */
export const HCM_FILTER = 'envoy.filters.network.http_connection_manager';
/** Type URL of HttpConnectionManager. */
export const HCM_TYPE = 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager';
/** TLS transport socket name. */
export const TLS_TRANSPORT_SOCKET = 'envoy.transport_sockets.tls';
/** Type URL of DownstreamTlsContext. */
export const DOWNSTREAM_TLS_TYPE = 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext';
/** Type URL of UpstreamTlsContext. */
export const UPSTREAM_TLS_TYPE = 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext';
/** TLS inspector listener filter (needed for SNI filter chain matching). */
export const TLS_INSPECTOR_FILTER = 'envoy.filters.listener.tls_inspector';
/** Type URL of TlsInspector. */
export const TLS_INSPECTOR_TYPE = 'type.googleapis.com/envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector';
/** Key and type URL of the upstream HTTP protocol options extension. */
export const HTTP_PROTOCOL_OPTIONS = 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions';
/** Type URL of HttpProtocolOptions. */
export const HTTP_PROTOCOL_OPTIONS_TYPE = 'type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions';

/** A JSON object as emitted. */
export type Json = Record<string, unknown>;

/** One Envoy resource ready for a snapshot: name, proto3 JSON, and a version that changes whenever the JSON may have. */
export interface XdsItem {
  readonly name: string;
  readonly json: Json;
  readonly version: string;
}
