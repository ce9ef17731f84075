// Assembles an XdsSnapshot from resources whose versions are already known. It computes the set
// and snapshot versions exactly as buildXdsSnapshot does (xds/snapshot-builder.ts), but takes each
// resource's version from the translator, which derives it from the inputs and reuses it while
// they are unchanged; hashing every resource's JSON on every pass would cost more than translating.
import { hashString } from '../../model/hash';
import { XDS_TYPES, type XdsResource, type XdsResourceSet, type XdsSnapshot, type XdsType } from '../../xds/xds-snapshot';
import type { XdsItem } from './envoy-types';

const frozen = new WeakMap<XdsItem, XdsResource>();

function resourceOf(item: XdsItem): XdsResource {
  let r = frozen.get(item);
  if (!r) {
    // The snapshot keeps proto3 JSON untyped; the item's type was checked where it was built.
    r = Object.freeze({ name: item.name, version: item.version, json: item.json as XdsResource['json'] });
    frozen.set(item, r);
  }
  return r;
}

/** The resource sets built for each proxy and type last time, reused while the items are the same objects. */
export class SetCache {
  private readonly sets = new Map<string, { items: readonly XdsItem[]; set: XdsResourceSet }>();

  /** The set of these items: the previous one when every item is the same object as before, else a new one. */
  setOf(node: string, type: XdsType, items: readonly XdsItem[]): XdsResourceSet {
    const key = `${node}\u0000${type}`;
    const prev = this.sets.get(key);
    if (prev && prev.items.length === items.length && prev.items.every((x, i) => x === items[i])) return prev.set;
    const set = buildSet(items);
    this.sets.set(key, { items, set });
    return set;
  }

  /** Forgets the sets of proxies not in `nodes`. */
  retain(nodes: ReadonlySet<string>): void {
    for (const key of [...this.sets.keys()]) if (!nodes.has(key.slice(0, key.indexOf('\u0000')))) this.sets.delete(key);
  }
}

function buildSet(input: readonly XdsItem[]): XdsResourceSet {
  const items = new Map<string, XdsResource>();
  for (const item of input) if (!items.has(item.name)) items.set(item.name, resourceOf(item));
  const names = [...items.keys()].sort();
  const version = hashString(names.map((n) => n + '=' + items.get(n)!.version).join(';'));
  return Object.freeze({ version, items });
}

/** A frozen snapshot of the given resources (first of each name wins), with buildXdsSnapshot's version scheme. */
export function assembleSnapshot(node: string, input: Partial<Record<XdsType, readonly XdsItem[]>>, cache?: SetCache): XdsSnapshot {
  const resources = {} as Record<XdsType, XdsResourceSet>;
  for (const type of XDS_TYPES) resources[type] = cache ? cache.setOf(node, type, input[type] ?? []) : buildSet(input[type] ?? []);
  const version = hashString(XDS_TYPES.map((t) => resources[t].version).join(';'));
  return Object.freeze({ node, version, resources: Object.freeze(resources) });
}
