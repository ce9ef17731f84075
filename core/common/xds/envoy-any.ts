// Typed google.protobuf.Any values in proto3 JSON: `{ "@type": <type URL>, ...fields of the packed message }`
// (https://protobuf.dev/programming-guides/json/, "Any"). The generated Envoy JSON types give every Any
// field (typed_config, typed_per_filter_config values) the type AnyJson, `{ "@type"?: string }`, which says
// nothing of the packed message; a TypeUrl carries the packed message's JSON type so packing is checked.
import type { AnyJson } from '@bufbuild/protobuf/wkt';

declare const packedJson: unique symbol;

/** A type URL (`type.googleapis.com/<message name>`) that carries, for the type checker only, the JSON type of its message. */
export type TypeUrl<T extends object> = string & { readonly [packedJson]: T };

/** The type URL of a message, typed with the message's generated JSON type: `typeUrl<RouterJson>('envoy.extensions.filters.http.router.v3.Router')`. */
export function typeUrl<T extends object>(messageName: string): TypeUrl<T> {
  return `type.googleapis.com/${messageName}` as TypeUrl<T>;
}

/** The Any holding `value` (the JSON of the message `url` names), as proto3 JSON writes it. */
export function packAny<T extends object>(url: TypeUrl<T>, value: NoInfer<T>): AnyJson & T {
  return { '@type': url, ...value };
}

/** The packed message's JSON when the Any's "@type" is `url`, else undefined. */
export function unpackAny<T extends object>(any: AnyJson | undefined, url: TypeUrl<T>): T | undefined {
  return any?.['@type'] === url ? (any as T) : undefined;
}
