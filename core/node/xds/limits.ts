// The limits that keep one xDS client from exhausting the server or starving its other clients.

/** Per-request, per-stream and per-connection limits of the xDS server. */
export interface XdsLimits {
  /** Resource names one request may carry (SotW resource_names; delta subscribe plus unsubscribe). */
  readonly maxNamesPerRequest: number;
  /** Names one stream may be subscribed to, per resource type. */
  readonly maxSubscribedNames: number;
  /** Largest request message accepted, in bytes (gRPC answers RESOURCE_EXHAUSTED above it). */
  readonly maxRequestBytes: number;
  /** Bytes handed to the transport and not yet flushed at which a stream is paused (snapshot pushes wait). */
  readonly pauseAtBytes: number;
  /** Bytes of responses queued behind a paused stream at which it is dropped. */
  readonly maxQueuedBytes: number;
  /** How long a paused stream may flush nothing before it is dropped (ms). */
  readonly maxStallMs: number;
  /** Concurrent streams on one HTTP/2 connection (SETTINGS_MAX_CONCURRENT_STREAMS). */
  readonly maxStreamsPerConnection: number;
}

/**
 * The defaults. Envoy subscribes to LDS and CDS by wildcard and names one EDS resource per cluster and one
 * RDS resource per listener, so its requests stay far below 10,000 names; a proxyless gRPC client names
 * one listener per target.
 */
export const DEFAULT_XDS_LIMITS: XdsLimits = {
  maxNamesPerRequest: 10_000,
  maxSubscribedNames: 10_000,
  maxRequestBytes: 4 * 1024 * 1024,
  pauseAtBytes: 256 * 1024,
  maxQueuedBytes: 16 * 1024 * 1024,
  maxStallMs: 60_000,
  maxStreamsPerConnection: 100,
};
