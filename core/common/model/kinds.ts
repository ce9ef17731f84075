// The kind registry, as the rest of the code uses it: look a kind up by any of its names.
import { KIND_REGISTRY, SHARED_JSON_SCHEMA, type KindName, type SpecByKind } from '../gen/kinds';

export type { KindName, SpecByKind };
export { SHARED_JSON_SCHEMA };

/** Everything the code knows about one kind. */
export type KindInfo = (typeof KIND_REGISTRY)[number];

/** Every kind, sorted by name. */
export const KINDS: readonly KindInfo[] = KIND_REGISTRY;

/** Every kind name, sorted. */
export const KIND_NAMES: readonly KindName[] = KIND_REGISTRY.map((k) => k.kind);

const byAlias = new Map<string, KindInfo>();
for (const k of KIND_REGISTRY) {
  for (const alias of [k.kind, k.plural, k.shortName, k.kind.toLowerCase() + 's']) byAlias.set(alias.toLowerCase(), k);
}

/** The kind named by its kind, plural or short name, case-insensitive (`vs`, `VirtualServices`); undefined if none. */
export function findKind(alias: string): KindInfo | undefined {
  return byAlias.get(alias.toLowerCase());
}

/** The registry entry of a kind name. */
export function kindInfo(kind: KindName): KindInfo {
  return KIND_REGISTRY.find((k) => k.kind === kind)!;
}

/** The kind for an apiVersion + kind pair from a manifest, or undefined when the pair is unknown. */
export function kindOfManifest(apiVersion: unknown, kind: unknown): KindInfo | undefined {
  return KIND_REGISTRY.find((k) => k.kind === kind && k.apiVersion === apiVersion);
}

/** Kinds read by one stage's snapshot: `gateway`, `gloo` or `settings`. */
export function kindsOfGroup(group: string): KindInfo[] {
  return KIND_REGISTRY.filter((k) => k.snapshotGroup === group);
}
