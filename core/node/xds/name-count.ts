// A request naming more resources than a request may is refused before it is decoded. Counting its
// names is a walk over the protobuf fields (read a tag, skip the value), while decoding makes a
// string per name: for 100,000 names, a few ms against tens of ms and megabytes of garbage that
// every other stream would wait for. Field numbers come from the descriptors.
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { envoyMessage } from './envoy-registry';

/** What the server reads in place of a request naming more resources than allowed. */
export interface OversizedRequest {
  readonly oversized: true;
  readonly typeUrl: string;
  /** How many names it carries. */
  readonly names: number;
}

/** Whether a decoded request is an OversizedRequest. */
export function isOversized(req: object): req is OversizedRequest {
  return (req as Partial<OversizedRequest>).oversized === true;
}

/** The fields of a request message that carry names, and the one that carries its type URL. */
interface NameFields {
  readonly names: ReadonlySet<number>;
  readonly typeUrl: number;
}

function fieldsOf(typeName: string, names: readonly string[]): NameFields {
  const desc = envoyMessage(`envoy.service.discovery.v3.${typeName}`);
  const numberOf = (name: string): number => {
    const field = desc.fields.find((f) => f.name === name);
    if (!field) throw new Error(`${typeName} has no field ${name}`);
    return field.number;
  };
  return { names: new Set(names.map(numberOf)), typeUrl: numberOf('type_url') };
}

let sotw: NameFields | undefined;
let delta: NameFields | undefined;

/** The name fields of a DiscoveryRequest: resource_names. */
export function sotwNameFields(): NameFields {
  return (sotw ??= fieldsOf('DiscoveryRequest', ['resource_names']));
}

/** The name fields of a DeltaDiscoveryRequest: subscribe, unsubscribe and initial_resource_versions entries. */
export function deltaNameFields(): NameFields {
  return (delta ??= fieldsOf('DeltaDiscoveryRequest', ['resource_names_subscribe', 'resource_names_unsubscribe', 'initial_resource_versions']));
}

/** The request as an OversizedRequest when it names more than max resources; undefined otherwise (or when it does not parse, for the decoder to report). */
export function oversized(bytes: Uint8Array, fields: NameFields, max: number): OversizedRequest | undefined {
  try {
    const reader = new BinaryReader(bytes);
    let names = 0;
    let typeUrl = '';
    while (reader.pos < reader.len) {
      const [field, wireType] = reader.tag();
      if (fields.names.has(field)) names++;
      if (field === fields.typeUrl && wireType === WireType.LengthDelimited) typeUrl = reader.string();
      else reader.skip(wireType, field);
    }
    return names > max ? { oversized: true, typeUrl, names } : undefined;
  } catch {
    return undefined;
  }
}
