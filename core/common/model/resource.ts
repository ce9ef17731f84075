// The in-memory form of every API object: kind, metadata, spec (proto3 JSON), status and source.
import type { MetadataJson, SourceLocationJson, StatusJson } from '../gen/solo-kit/api/v1/solo-kit_pb';
import type { KindName, SpecByKind } from './kinds';
import { contentHash } from './hash';
import { PairStrings } from './pair-strings';

export type { MetadataJson as Metadata, SourceLocationJson as SourceLocation, StatusJson as Status };

/** Namespace used when an object names none. */
export const DEFAULT_NAMESPACE = 'default';

/** One API object. `spec` is the message minus metadata and statuses, in proto3 JSON form. */
export interface Resource<K extends KindName = KindName> {
  readonly kind: K;
  readonly metadata: MetadataJson & { name: string; namespace: string };
  readonly spec: SpecByKind[K];
  /** Last status a pass wrote; never part of the content hash. */
  readonly status?: StatusJson;
  /** Where the object stands in the user's files, when it came from a folder. */
  readonly source?: SourceLocationJson;
}

/** A reference to an object of a known kind. */
export interface ObjectRef {
  readonly kind: KindName;
  readonly namespace: string;
  readonly name: string;
}

/** `namespace/name` of an object or reference. */
export function nsName(r: { namespace?: string; name?: string } | { metadata: { namespace?: string; name?: string } }): string {
  const m = 'metadata' in r ? r.metadata : r;
  return `${m.namespace || DEFAULT_NAMESPACE}/${m.name ?? ''}`;
}

const resourceKeys = new WeakMap<Resource, string>();
// Keys of references, one string per kind, namespace and name: routes name the same Upstreams again and again.
const refKeyTables = new Map<KindName, PairStrings>();

function refKeysOf(kind: KindName): PairStrings {
  let table = refKeyTables.get(kind);
  if (!table) refKeyTables.set(kind, (table = new PairStrings((namespace, name) => `${kind}.${namespace}.${name}`)));
  return table;
}

/**
 * The one key codec of object references: `Kind.namespace.name`, the key Solo Kit uses for
 * sub-resource statuses. An object's key is remembered per object, so the same string is reused pass
 * after pass.
 */
export function refKey(r: ObjectRef | Resource): string {
  if (!('metadata' in r)) return refKeysOf(r.kind).get(r.namespace, r.name);
  let key = resourceKeys.get(r);
  if (key === undefined) resourceKeys.set(r, (key = `${r.kind}.${r.metadata.namespace}.${r.metadata.name}`));
  return key;
}

/** The reference a refKey encodes (namespaces hold no dots; names may). */
export function parseRefKey(key: string): ObjectRef {
  const a = key.indexOf('.');
  const b = key.indexOf('.', a + 1);
  return { kind: key.slice(0, a) as KindName, namespace: key.slice(a + 1, b), name: key.slice(b + 1) };
}

/** The object a Gloo ResourceRef of a kind names; its namespace defaults to `defaultNamespace` (the referring object's). */
export function resolveRef(kind: KindName, ref: { readonly name?: string; readonly namespace?: string } | undefined, defaultNamespace: string): ObjectRef {
  return { kind, namespace: ref?.namespace || defaultNamespace, name: ref?.name ?? '' };
}

/** The one sort order of objects: namespace, then name, by UTF-16 code unit (locale-independent, as Gloo sorts by bytes). */
export function byNamespaceName(a: Resource, b: Resource): number {
  const x = a.metadata;
  const y = b.metadata;
  return x.namespace < y.namespace ? -1 : x.namespace > y.namespace ? 1 : x.name < y.name ? -1 : x.name > y.name ? 1 : 0;
}

/** The reference of an object. */
export function refOf(r: Resource): ObjectRef {
  return { kind: r.kind, namespace: r.metadata.namespace, name: r.metadata.name };
}

/** Hash of what the object says: kind, name, namespace, labels, annotations and spec; not status, resourceVersion or source. */
export function resourceContentHash(r: Resource): string {
  const { resourceVersion: _rv, generation: _g, ...meta } = r.metadata;
  return contentHash({ kind: r.kind, metadata: meta, spec: r.spec });
}

/** Whether an object's labels carry every label of the selector (an empty selector matches everything). */
export function matchesLabels(labels: Readonly<Record<string, string>> | undefined, selector: Readonly<Record<string, string>> | undefined): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector)) if (labels?.[k] !== v) return false;
  return true;
}
