// SotW responses carrying the same resources at the same version differ only in their nonce. The body
// (everything but the nonce) is encoded once and shared by every stream; each stream appends its nonce
// as the last field (protobuf encoding: fields may come in any order; nonce is field 5, length-delimited).
import type { XdsResource, XdsType } from '../../../common/xds/xds-snapshot';
import { encodeDiscoveryResponse } from '../discovery';
import type { ResourceEncoder } from '../resource-encoder';

/** Tag byte of DiscoveryResponse.nonce (field 5, wire type 2). */
const NONCE_TAG = (5 << 3) | 2;

/** Bodies kept at most (a few versions of each type for a few subscriptions). */
const MAX_BODIES = 64;

/** Bytes of bodies kept at most, so clients naming ever new resource sets cannot grow the cache. */
const MAX_CACHED_BYTES = 32 * 1024 * 1024;

/** Encoded DiscoveryResponse bodies by type, version and resource names; least recently used dropped first. */
export class SotwResponseCache {
  private readonly bodies = new Map<string, Uint8Array>();
  private bytes = 0;

  /** The encoded response for these resources with this nonce; the body is encoded once per (type, version, names). */
  response(encoder: ResourceEncoder, o: { type: XdsType; typeUrl: string; version: string; controlPlane: string; resources: readonly XdsResource[] }, nonce: string): Uint8Array {
    const key = `${o.type}|${o.version}|${o.resources.map((r) => r.name).join(',')}`;
    let body = this.bodies.get(key);
    if (body) {
      this.bodies.delete(key);
      this.bodies.set(key, body);
    } else {
      body = encodeDiscoveryResponse({
        versionInfo: o.version, typeUrl: o.typeUrl, nonce: '', controlPlane: { identifier: o.controlPlane },
        resources: o.resources.map((r) => ({ typeUrl: o.typeUrl, value: encoder.encode(o.type, r) })),
      });
      this.keep(key, body);
    }
    return withNonce(body, nonce);
  }

  /** Bytes of the bodies kept now. */
  get cachedBytes(): number {
    return this.bytes;
  }

  private keep(key: string, body: Uint8Array): void {
    if (body.length > MAX_CACHED_BYTES) return;
    this.bodies.set(key, body);
    this.bytes += body.length;
    while (this.bodies.size > MAX_BODIES || this.bytes > MAX_CACHED_BYTES) {
      const [oldest, old] = this.bodies.entries().next().value as [string, Uint8Array];
      this.bodies.delete(oldest);
      this.bytes -= old.length;
    }
  }
}

function withNonce(body: Uint8Array, nonce: string): Uint8Array {
  const text = new TextEncoder().encode(nonce);
  const out = new Uint8Array(body.length + 2 + text.length + 4);
  out.set(body, 0);
  let i = body.length;
  out[i++] = NONCE_TAG;
  let n = text.length;
  while (n > 0x7f) {
    out[i++] = (n & 0x7f) | 0x80;
    n >>>= 7;
  }
  out[i++] = n;
  out.set(text, i);
  return out.subarray(0, i + text.length);
}
