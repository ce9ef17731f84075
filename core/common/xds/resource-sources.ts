// Links generated xDS resources back to the objects the user wrote.
import type { KindName } from '../model/kinds';
import type { XdsSnapshot, XdsType } from './xds-snapshot';
import { refKey } from '../model/resource';

/** Metadata key under which every generated route names its source object. */
export const SOURCE_METADATA_KEY = 'io.xds-sandbox.source';

/** The filter metadata naming a route's source object (under SOURCE_METADATA_KEY, written out so every route's object is built from one literal). */
export function sourceFilterMetadata<T>(source: T): { 'io.xds-sandbox.source': T } {
  return { 'io.xds-sandbox.source': source };
}

/** A reference to a source object. */
export interface SourceObjectRef {
  readonly kind: KindName;
  readonly namespace: string;
  readonly name: string;
}

/** The user-written objects a generated resource came from (routes → VirtualServices/RouteTables, clusters and endpoints → Upstreams). */
export function sourcesOfXdsResource(xds: XdsSnapshot, type: XdsType, name: string): SourceObjectRef[] {
  const res = xds.resources[type].items.get(name);
  if (!res) return [];
  if (type === 'cluster' || type === 'endpoint') {
    const i = name.lastIndexOf('_');
    return i > 0 ? [{ kind: 'Upstream', name: name.slice(0, i), namespace: name.slice(i + 1) }] : [];
  }
  if (type === 'route') return routeSources(res.json);
  return [];
}

function routeSources(json: Readonly<Record<string, unknown>>): SourceObjectRef[] {
  const out = new Map<string, SourceObjectRef>();
  for (const vh of (json.virtualHosts as { routes?: { metadata?: { filterMetadata?: Record<string, SourceObjectRef> } }[] }[] | undefined) ?? []) {
    for (const route of vh.routes ?? []) {
      const src = route.metadata?.filterMetadata?.[SOURCE_METADATA_KEY];
      if (src?.kind && src.name) out.set(refKey(src), { kind: src.kind, namespace: src.namespace, name: src.name });
    }
  }
  return [...out.values()];
}
