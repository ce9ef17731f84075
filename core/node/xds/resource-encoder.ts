// Envoy proto3 JSON → protobuf bytes, once per resource content version.
import { fromBinary, fromJson, toBinary, toJson, type JsonObject, type JsonValue } from '@bufbuild/protobuf';
import { TYPE_URLS, type XdsResource, type XdsType } from '../../common/xds/xds-snapshot';
import { envoyMessage, envoyRegistry, typeNameOf } from './envoy-registry';

/** Thrown when a resource's JSON is not a valid Envoy message; names the resource and the reason. */
export class EnvoyEncodeError extends Error {
  /** Wraps the decoder's message with the resource type and name. */
  constructor(
    readonly type: XdsType,
    readonly resourceName: string,
    reason: string,
  ) {
    super(`${type} ${resourceName}: ${reason}`);
    this.name = 'EnvoyEncodeError';
  }
}

/** Encodes the proto3 JSON of any message in the descriptor set (Any values resolved through it); throws on unknown fields or types. */
export function encodeEnvoyJson(typeName: string, json: Readonly<Record<string, unknown>>): Uint8Array {
  const desc = envoyMessage(typeName);
  return toBinary(desc, fromJson(desc, json as JsonValue, { registry: envoyRegistry() }));
}

/** Decodes protobuf bytes of a type URL's message back to proto3 JSON (for tests, diffs and display). */
export function decodeEnvoyJson(typeUrl: string, bytes: Uint8Array): JsonObject {
  const desc = envoyMessage(typeNameOf(typeUrl));
  return toJson(desc, fromBinary(desc, bytes), { registry: envoyRegistry() }) as JsonObject;
}

/** RouteConfiguration.virtual_hosts: field 2, length-delimited (tag byte 0x12). */
const VIRTUAL_HOSTS_TAG = (2 << 3) | 2;

/** The varint encoding of a non-negative integer. */
function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

/** The cache key of a resource's encoding: its type and content version. */
export function encodingKey(type: XdsType, resource: XdsResource): string {
  return type + '\u0000' + resource.version;
}

/** Counters of an encoder: encodings done and served from the cache. */
export interface EncoderStats {
  encoded: number;
  cacheHits: number;
  cached: number;
}

/** Encodes xDS resources and caches the bytes by type and content version, so any number of streams share one encoding. */
export class ResourceEncoder {
  private readonly cache = new Map<string, Uint8Array>();
  private readonly virtualHosts = new WeakMap<object, Uint8Array>();
  private encoded = 0;
  private hits = 0;
  private bytes = 0;

  /** maxEntries bounds the cache; the least recently used encodings are dropped first. */
  constructor(private readonly maxEntries = 50_000) {}

  /** The protobuf bytes of a resource; encodes on the first call for its (type, version), throws EnvoyEncodeError on invalid JSON. */
  encode(type: XdsType, resource: XdsResource): Uint8Array {
    const key = encodingKey(type, resource);
    const hit = this.cache.get(key);
    if (hit) {
      this.hits++;
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const bytes = this.encodeUncached(type, resource);
    this.remember(key, bytes);
    return bytes;
  }

  /** Caches what `encode` gives for a resource not cached yet: for resources built with a faster encoding than their JSON's. */
  prime(type: XdsType, resource: XdsResource, encode: () => Uint8Array): void {
    const key = encodingKey(type, resource);
    if (this.cache.has(key)) return;
    this.encoded++;
    this.remember(key, encode());
  }

  /**
   * Drops the least recently used encodings outside `live` (keys from encodingKey) while they hold over maxStaleBytes:
   * a large resource (a route configuration of every virtual host) is encoded anew at each version, and the bytes of
   * versions no longer served would otherwise stay until maxEntries newer encodings pushed them out.
   */
  dropStale(live: ReadonlySet<string>, maxStaleBytes: number): void {
    let stale = this.bytes;
    for (const [key, bytes] of this.cache) if (live.has(key)) stale -= bytes.length;
    for (const [key, bytes] of this.cache) {
      if (stale <= maxStaleBytes) return;
      if (live.has(key)) continue;
      this.cache.delete(key);
      this.bytes -= bytes.length;
      stale -= bytes.length;
    }
  }

  /** Bytes of the encodings cached now. */
  get cachedBytes(): number {
    return this.bytes;
  }

  private remember(key: string, bytes: Uint8Array): void {
    this.cache.set(key, bytes);
    this.bytes += bytes.length;
    if (this.cache.size > this.maxEntries) {
      const [oldest, old] = this.cache.entries().next().value as [string, Uint8Array];
      this.cache.delete(oldest);
      this.bytes -= old.length;
    }
  }

  /**
   * A RouteConfiguration holds every virtual host of a listener, so one changed route would re-encode all of
   * them. Each virtual host is encoded once per JSON object (the translator reuses the object of an unchanged
   * virtual host) and the message is assembled from those bytes: protobuf parsers accept repeated fields
   * appended after the others (protobuf encoding spec, "Field order").
   */
  private encodeRouteConfiguration(json: Readonly<Record<string, unknown>>): Uint8Array {
    const { virtualHosts, ...rest } = json as { virtualHosts: Record<string, unknown>[] };
    const head = encodeEnvoyJson('envoy.config.route.v3.RouteConfiguration', rest);
    const fields: Uint8Array[] = new Array(virtualHosts.length);
    let size = head.length;
    for (let i = 0; i < virtualHosts.length; i++) {
      const vh = virtualHosts[i];
      // Kept as the whole field (tag, length, message), so an unchanged virtual host costs one copy.
      let field = this.virtualHosts.get(vh);
      if (!field) {
        const bytes = encodeEnvoyJson('envoy.config.route.v3.VirtualHost', vh);
        const prefix = [VIRTUAL_HOSTS_TAG, ...varint(bytes.length)];
        field = new Uint8Array(prefix.length + bytes.length);
        field.set(prefix, 0);
        field.set(bytes, prefix.length);
        this.virtualHosts.set(vh, field);
      }
      fields[i] = field;
      size += field.length;
    }
    const out = new Uint8Array(size);
    out.set(head, 0);
    let offset = head.length;
    for (const f of fields) {
      out.set(f, offset);
      offset += f.length;
    }
    return out;
  }

  /** How many encodings were done and how many calls the cache answered. */
  stats(): EncoderStats {
    return { encoded: this.encoded, cacheHits: this.hits, cached: this.cache.size };
  }

  private encodeUncached(type: XdsType, resource: XdsResource): Uint8Array {
    this.encoded++;
    try {
      if (type === 'route' && Array.isArray(resource.json.virtualHosts)) return this.encodeRouteConfiguration(resource.json);
      return encodeEnvoyJson(typeNameOf(TYPE_URLS[type]), resource.json);
    } catch (err) {
      throw new EnvoyEncodeError(type, resource.name, err instanceof Error ? err.message : String(err));
    }
  }
}
