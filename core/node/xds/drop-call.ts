// Ending a server call whose client does not read. A gRPC status travels in trailers, which HTTP/2
// sends only after the data before them, so a client that reads nothing would never see it and the
// stream would live on. Such a call is reset instead: RST_STREAM with ENHANCE_YOUR_CALM, which gRPC
// clients report as RESOURCE_EXHAUSTED ("gRPC over HTTP2", PROTOCOL-HTTP2.md, "Errors").
import { constants, type ServerHttp2Stream } from 'node:http2';
import { status } from '@grpc/grpc-js';

/** A grpc-js server call as this module sees it: an event emitter over the call object grpc-js builds. */
interface ServerCall {
  emit(event: 'error', error: { code: status; details: string }): boolean;
}

/**
 * The HTTP/2 stream under a grpc-js server call. grpc-js keeps it as `stream` on the innermost of its
 * intercepting calls (`call`, then `nextCall` links); undefined if a grpc-js version lays it out otherwise.
 */
export function http2StreamOf(call: ServerCall): ServerHttp2Stream | undefined {
  let inner: unknown = (call as { call?: unknown }).call;
  for (let depth = 0; inner !== null && typeof inner === 'object' && depth < 8; depth++) {
    const stream = (inner as { stream?: Partial<ServerHttp2Stream> }).stream;
    if (typeof stream?.close === 'function') return stream as ServerHttp2Stream;
    inner = (inner as { nextCall?: unknown }).nextCall;
  }
  return undefined;
}

/** Ends a call with a status; when its client is not reading, resets the HTTP/2 stream so the call ends anyway. */
export function endCall(call: ServerCall, code: status, details: string, clientStalled: boolean): void {
  const stream = clientStalled ? http2StreamOf(call) : undefined;
  if (stream && !stream.closed) {
    stream.close(constants.NGHTTP2_ENHANCE_YOUR_CALM);
    return;
  }
  call.emit('error', { code, details });
}
