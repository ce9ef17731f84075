// Benchmark configs: the generator's sizes, their API snapshots, one-route edits and the encode-only lower bound.
import { stringify } from 'yaml';
import type { KindName } from '../core/common/model/kinds';
import { resourceToManifest } from '../core/common/model/manifest';
import type { Resource } from '../core/common/model/resource';
import { buildApiSnapshot, type ApiSnapshot } from '../core/common/snapshot/api-snapshot';
import { XDS_TYPES, type XdsSnapshot, type XdsType } from '../core/common/xds/xds-snapshot';
import { ResourceEncoder } from '../core/node/xds/resource-encoder';
import type { ConfigSize } from '../fixtures/gen/config-generator';

/** A config size as `upstreams = virtualServices`, `routesPerVs` routes each, every 10th VirtualService delegating to a RouteTable. */
export function sizeOf(virtualServices: number, routesPerVs = 10): ConfigSize {
  return { virtualServices, routesPerVs, upstreams: virtualServices, delegateEvery: 10 };
}

/** A short label for a count: 10, 1k, 10k, 100k. */
export function label(n: number): string {
  return n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

/** Builds the API snapshot of a list of objects (grouped by kind, as the snapshot emitter does). */
export function apiSnapshotOf(objects: readonly Resource[]): ApiSnapshot {
  const lists: Partial<Record<KindName, Resource[]>> = {};
  for (const o of objects) (lists[o.kind] ??= []).push(o);
  return buildApiSnapshot(lists as Parameters<typeof buildApiSnapshot>[0]);
}

/** The VirtualService `vs-<v>` of a generated config with its first route's prefix changed by edit number `edit`. */
export function editedVirtualService(objects: readonly Resource[], v: number, edit: number): Resource {
  const vs = objects.find((o) => o.kind === 'VirtualService' && o.metadata.name === `vs-${v}`);
  if (!vs) throw new Error(`no VirtualService vs-${v} in the config`);
  const spec = structuredClone(vs.spec) as { virtualHost: { routes: { matchers: Record<string, unknown>[] }[] } };
  const matcher = spec.virtualHost.routes[0].matchers[0];
  matcher.prefix = `/api/v${v}/r0/edit-${edit}`;
  return { kind: vs.kind, metadata: { name: vs.metadata.name, namespace: vs.metadata.namespace }, spec } as Resource;
}

/** The objects with one replaced (same kind, namespace and name). */
export function replaced(objects: readonly Resource[], next: Resource): Resource[] {
  return objects.map((o) => (o.kind === next.kind && o.metadata.name === next.metadata.name && o.metadata.namespace === next.metadata.namespace ? next : o));
}

/** The YAML text the generator writes for `vs-<v>.yaml`: the VirtualService and, when it delegates, its RouteTable. */
export function virtualServiceFile(objects: readonly Resource[], vs: Resource): string {
  const rt = objects.find((o) => o.kind === 'RouteTable' && o.metadata.name === vs.metadata.name.replace(/^vs-/, 'rt-'));
  return [vs, ...(rt ? [rt] : [])].map((o) => stringify(resourceToManifest(o))).join('---\n');
}

/** Encodes every resource of the snapshots with a fresh encoder (nothing cached); returns how many bytes that made. */
export function encodeAll(snapshots: Iterable<XdsSnapshot>): number {
  const encoder = new ResourceEncoder(Number.MAX_SAFE_INTEGER);
  let bytes = 0;
  for (const s of snapshots) for (const type of XDS_TYPES) for (const r of s.resources[type].items.values()) bytes += encoder.encode(type, r).byteLength;
  return bytes;
}

/** The resources of `next` whose version differs from (or is absent in) `prev`, per proxy and type. */
export function changedResources(prev: ReadonlyMap<string, XdsSnapshot>, next: ReadonlyMap<string, XdsSnapshot>): { type: XdsType; resource: XdsSnapshot['resources'][XdsType]['items'] extends ReadonlyMap<string, infer R> ? R : never }[] {
  const out: ReturnType<typeof changedResources> = [];
  for (const [key, snap] of next) {
    const before = prev.get(key);
    for (const type of XDS_TYPES) {
      for (const r of snap.resources[type].items.values()) {
        if (before?.resources[type].items.get(r.name)?.version !== r.version) out.push({ type, resource: r });
      }
    }
  }
  return out;
}

/** Counts the resources of the snapshots by type. */
export function countResources(snapshots: Iterable<XdsSnapshot>): Record<XdsType, number> {
  const n = Object.fromEntries(XDS_TYPES.map((t) => [t, 0])) as Record<XdsType, number>;
  for (const s of snapshots) for (const t of XDS_TYPES) n[t] += s.resources[t].items.size;
  return n;
}
