// API listeners differ only in their name and route configuration name, and a proxyless client may
// name thousands of hosts, so their protobuf bytes are assembled from parts encoded once instead of
// going through the JSON encoder each time (about 50 µs each, against 2 µs). Field numbers come from
// the descriptors, and fields are written in field-number order, so the bytes equal a full encoding
// (protobuf encoding spec: length-delimited fields are tag, varint length, content).
import { WireType } from '@bufbuild/protobuf/wire';
import { apiListenerHcmJson, HCM_TYPE_URL } from './api-listener';
import { envoyMessage, typeNameOf } from './envoy-registry';
import { encodeEnvoyJson } from './resource-encoder';

interface Parts {
  listener: { name: number; apiListener: number };
  apiListener: { apiListener: number };
  any: { typeUrl: number; value: number };
  hcm: { rds: number };
  rds: { configSource: number; routeConfigName: number };
  /** The encoded ConfigSource (ADS, V3). */
  configSource: Uint8Array;
  /** The encoded HttpConnectionManager fields after rds (the router filter). */
  hcmAfterRds: Uint8Array;
}

let parts: Parts | undefined;

function fieldNumber(typeName: string, field: string): number {
  const found = envoyMessage(typeName).fields.find((f) => f.name === field);
  if (!found) throw new Error(`${typeName} has no field ${field}`);
  return found.number;
}

function partsOf(): Parts {
  if (parts) return parts;
  const hcmType = typeNameOf(HCM_TYPE_URL);
  const { rds, ...afterRds } = apiListenerHcmJson('');
  parts = {
    listener: { name: fieldNumber('envoy.config.listener.v3.Listener', 'name'), apiListener: fieldNumber('envoy.config.listener.v3.Listener', 'api_listener') },
    apiListener: { apiListener: fieldNumber('envoy.config.listener.v3.ApiListener', 'api_listener') },
    any: { typeUrl: fieldNumber('google.protobuf.Any', 'type_url'), value: fieldNumber('google.protobuf.Any', 'value') },
    hcm: { rds: fieldNumber(hcmType, 'rds') },
    rds: {
      configSource: fieldNumber('envoy.extensions.filters.network.http_connection_manager.v3.Rds', 'config_source'),
      routeConfigName: fieldNumber('envoy.extensions.filters.network.http_connection_manager.v3.Rds', 'route_config_name'),
    },
    configSource: encodeEnvoyJson('envoy.config.core.v3.ConfigSource', rds.configSource),
    hcmAfterRds: encodeEnvoyJson(hcmType, afterRds),
  };
  return parts;
}

/** The protobuf encoding of apiListenerJson(host, routeConfigName), byte for byte, in one allocation. */
export function encodeApiListener(host: string, routeConfigName: string): Uint8Array {
  const p = partsOf();
  const name = utf8.encode(host);
  const route = utf8.encode(routeConfigName);
  // Sizes from the innermost message out: Rds, HttpConnectionManager, Any, ApiListener, Listener.
  const rds = fieldSize(p.rds.configSource, p.configSource.length) + (route.length ? fieldSize(p.rds.routeConfigName, route.length) : 0);
  const hcm = fieldSize(p.hcm.rds, rds) + p.hcmAfterRds.length;
  const any = fieldSize(p.any.typeUrl, hcmTypeUrl.length) + fieldSize(p.any.value, hcm);
  const apiListener = fieldSize(p.apiListener.apiListener, any);
  const out = new Writer((name.length ? fieldSize(p.listener.name, name.length) : 0) + fieldSize(p.listener.apiListener, apiListener));
  if (name.length) out.field(p.listener.name, name.length).bytes(name); // proto3 leaves empty strings out
  out.field(p.listener.apiListener, apiListener).field(p.apiListener.apiListener, any);
  out.field(p.any.typeUrl, hcmTypeUrl.length).bytes(hcmTypeUrl).field(p.any.value, hcm);
  out.field(p.hcm.rds, rds).field(p.rds.configSource, p.configSource.length).bytes(p.configSource);
  if (route.length) out.field(p.rds.routeConfigName, route.length).bytes(route);
  return out.bytes(p.hcmAfterRds).done();
}

const utf8 = new TextEncoder();
const hcmTypeUrl = utf8.encode(HCM_TYPE_URL);

function varintSize(n: number): number {
  let size = 1;
  while (n > 0x7f) {
    n >>>= 7;
    size++;
  }
  return size;
}

/** Bytes of a length-delimited field: tag, length, content. */
function fieldSize(field: number, length: number): number {
  return varintSize((field << 3) | WireType.LengthDelimited) + varintSize(length) + length;
}

/** Writes into a buffer of known size. */
class Writer {
  private readonly buf: Uint8Array;
  private at = 0;

  constructor(size: number) {
    this.buf = new Uint8Array(size);
  }

  /** The tag and length of a length-delimited field; its content follows. */
  field(field: number, length: number): this {
    return this.varint((field << 3) | WireType.LengthDelimited).varint(length);
  }

  bytes(bytes: Uint8Array): this {
    this.buf.set(bytes, this.at);
    this.at += bytes.length;
    return this;
  }

  done(): Uint8Array {
    if (this.at !== this.buf.length) throw new Error(`API listener encoding wrote ${this.at} of ${this.buf.length} bytes`);
    return this.buf;
  }

  private varint(n: number): this {
    while (n > 0x7f) {
      this.buf[this.at++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.buf[this.at++] = n;
    return this;
  }
}
