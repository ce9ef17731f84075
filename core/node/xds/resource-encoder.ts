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

/** Counters of an encoder: encodings done and served from the cache. */
export interface EncoderStats {
  encoded: number;
  cacheHits: number;
  cached: number;
}

/** Encodes xDS resources and caches the bytes by type and content version, so any number of streams share one encoding. */
export class ResourceEncoder {
  private readonly cache = new Map<string, Uint8Array>();
  private encoded = 0;
  private hits = 0;

  /** maxEntries bounds the cache; the least recently used encodings are dropped first. */
  constructor(private readonly maxEntries = 50_000) {}

  /** The protobuf bytes of a resource; encodes on the first call for its (type, version), throws EnvoyEncodeError on invalid JSON. */
  encode(type: XdsType, resource: XdsResource): Uint8Array {
    const key = type + '\u0000' + resource.version;
    const hit = this.cache.get(key);
    if (hit) {
      this.hits++;
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const bytes = this.encodeUncached(type, resource);
    this.cache.set(key, bytes);
    if (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
    return bytes;
  }

  /** How many encodings were done and how many calls the cache answered. */
  stats(): EncoderStats {
    return { encoded: this.encoded, cacheHits: this.hits, cached: this.cache.size };
  }

  private encodeUncached(type: XdsType, resource: XdsResource): Uint8Array {
    this.encoded++;
    try {
      return encodeEnvoyJson(typeNameOf(TYPE_URLS[type]), resource.json);
    } catch (err) {
      throw new EnvoyEncodeError(type, resource.name, err instanceof Error ? err.message : String(err));
    }
  }
}
