// Differences between two sets of xDS snapshots (per proxy): resources added, removed and changed,
// with the changed fields of each. Unchanged resources are skipped by their content-hash version, so
// diffing large configs costs only the resources that differ.
import { XDS_TYPES, type XdsResource, type XdsSnapshot, type XdsType } from '../xds/xds-snapshot';
import { diffJson, formatFieldChange, type FieldChange } from './json-diff';

export type { FieldChange } from './json-diff';

/** Snapshots as a list or keyed by node (`namespace~name`). */
export type XdsSnapshots = readonly XdsSnapshot[] | ReadonlyMap<string, XdsSnapshot>;

/** A resource by type and name. */
export interface XdsResourceRef {
  readonly type: XdsType;
  readonly name: string;
}

/** A resource present on both sides with different content, and its changed fields. */
export interface XdsResourceChange extends XdsResourceRef {
  readonly fields: readonly FieldChange[];
}

/** The differences of one proxy; `state` says whether the proxy itself appeared, disappeared or changed. */
export interface ProxyXdsDiff {
  readonly node: string;
  readonly state: 'added' | 'removed' | 'changed';
  readonly added: readonly XdsResourceRef[];
  readonly removed: readonly XdsResourceRef[];
  readonly changed: readonly XdsResourceChange[];
}

/** The differences between two snapshot sets; `proxies` lists only proxies that differ, sorted by node. */
export interface XdsDiff {
  readonly equal: boolean;
  readonly proxies: readonly ProxyXdsDiff[];
}

/** What changed from `before` to `after`: per proxy, resources added, removed and changed (types in push order, names sorted). */
export function diffXds(before: XdsSnapshots, after: XdsSnapshots): XdsDiff {
  const a = byNode(before);
  const b = byNode(after);
  const nodes = [...new Set([...a.keys(), ...b.keys()])].sort();
  const proxies: ProxyXdsDiff[] = [];
  for (const node of nodes) {
    const d = diffProxy(node, a.get(node), b.get(node));
    if (d.added.length || d.removed.length || d.changed.length || d.state !== 'changed') proxies.push(d);
  }
  return { equal: proxies.length === 0, proxies };
}

function byNode(s: XdsSnapshots): ReadonlyMap<string, XdsSnapshot> {
  if (s instanceof Map) return s;
  return new Map((s as readonly XdsSnapshot[]).map((x) => [x.node, x]));
}

/** The differences of one proxy's snapshots (either may be missing). */
export function diffProxy(node: string, before: XdsSnapshot | undefined, after: XdsSnapshot | undefined): ProxyXdsDiff {
  const added: XdsResourceRef[] = [];
  const removed: XdsResourceRef[] = [];
  const changed: XdsResourceChange[] = [];
  const state = !before ? 'added' : !after ? 'removed' : 'changed';
  if (before && after && before.version === after.version) return { node, state, added, removed, changed };
  for (const type of XDS_TYPES) {
    const left = before?.resources[type].items ?? new Map<string, XdsResource>();
    const right = after?.resources[type].items ?? new Map<string, XdsResource>();
    if (before && after && before.resources[type].version === after.resources[type].version) continue;
    for (const name of [...new Set([...left.keys(), ...right.keys()])].sort()) {
      const l = left.get(name);
      const r = right.get(name);
      if (!l) added.push({ type, name });
      else if (!r) removed.push({ type, name });
      else if (l.version !== r.version) {
        const fields = diffJson(l.json, r.json);
        if (fields.length > 0) changed.push({ type, name, fields });
      }
    }
  }
  return { node, state, added, removed, changed };
}

/**
 * The diff as text, like `kubectl diff`: a `proxy <node>` header per proxy, then `+ type name`,
 * `- type name` and `~ type name` lines, each changed field indented under its resource; values cut at `maxValue` characters.
 */
export function formatXdsDiff(d: XdsDiff, maxValue = 100): string {
  if (d.equal) return 'no differences';
  const lines: string[] = [];
  for (const p of d.proxies) {
    lines.push(`proxy ${p.node}${p.state === 'changed' ? '' : ` (${p.state})`}`);
    for (const r of p.added) lines.push(`+ ${r.type} ${r.name}`);
    for (const r of p.removed) lines.push(`- ${r.type} ${r.name}`);
    for (const c of p.changed) {
      lines.push(`~ ${c.type} ${c.name}`);
      for (const f of c.fields) lines.push(`  ${formatFieldChange(f, maxValue)}`);
    }
  }
  return lines.join('\n');
}
