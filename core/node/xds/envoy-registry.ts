// The Envoy message descriptors the xDS server encodes with, loaded from the generated
// FileDescriptorSet (gen/envoy-descriptors.binpb, built by scripts/generate-envoy.mjs).
import { readFileSync } from 'node:fs';
import { createFileRegistry, fromBinary, type DescMessage, type FileRegistry } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';

/** Location of the generated descriptor set beside this module. */
export const ENVOY_DESCRIPTORS_URL = new URL('./gen/envoy-descriptors.binpb', import.meta.url);

let registry: FileRegistry | undefined;

/** Builds a registry from FileDescriptorSet bytes (for callers that bundle the file themselves). */
export function registryFromDescriptorSet(bytes: Uint8Array): FileRegistry {
  return createFileRegistry(fromBinary(FileDescriptorSetSchema, bytes));
}

/** The registry of every message in gen/envoy-descriptors.binpb; read from disk once, then shared. */
export function envoyRegistry(): FileRegistry {
  registry ??= registryFromDescriptorSet(readFileSync(ENVOY_DESCRIPTORS_URL));
  return registry;
}

/** The descriptor of a fully qualified message name; throws when the descriptor set does not hold it. */
export function envoyMessage(typeName: string): DescMessage {
  const desc = envoyRegistry().getMessage(typeName);
  if (!desc) throw new Error(`message ${typeName} is not in the Envoy descriptor set (add its proto to scripts/generate-envoy.mjs)`);
  return desc;
}

/** The message name of a type URL: the text after its last '/'. */
export function typeNameOf(typeUrl: string): string {
  return typeUrl.slice(typeUrl.lastIndexOf('/') + 1);
}
