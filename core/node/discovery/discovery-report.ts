// The loop's state as the Discovery view shows it, and the links between the two loops: which discovery
// pass a gateway pass's input came from, and which gateway pass picked a discovery pass's writes up.
import type { DiscoveryView, UpstreamDiscoveryView } from '../../common/discovery/discovery-view';
import { ownershipOf } from '../../common/discovery/labels';
import { refKey } from '../../common/model/resource';
import type { ApiSnapshot } from '../../common/snapshot/api-snapshot';
import type { DiscoveryLoop } from './discovery-loop';

/** How long a write counts as the cause of a store change, and how long a deleted Upstream stays in the view. */
const CAUSE_WINDOW_MS = 30_000;
const DELETED_SHOWN_MS = 10 * 60_000;

/** The Discovery view of a loop. */
export function discoveryView(loop: DiscoveryLoop, now = Date.now()): DiscoveryView {
  const sources = [...loop.scans.values()].map(({ source, scan, at }) => ({
    kind: source.kind, label: source.label,
    state: !scan ? 'waiting' as const : scan.ok ? 'ok' as const : scan.unsupported ? 'unsupported' as const : 'error' as const,
    ...(scan && !scan.ok ? { message: scan.message } : {}), ...(at ? { lastScanAt: new Date(at).toISOString() } : {}),
    found: scan?.ok ? scan.upstreams.map((d) => ({ name: d.upstream.metadata.name, found: d.found })) : [],
  }));
  const upstreams: UpstreamDiscoveryView[] = loop.upstreams.map((u) => {
    const key = refKey({ kind: 'Upstream', namespace: u.metadata.namespace, name: u.metadata.name });
    const owner = ownershipOf(u);
    const record = loop.fds.record(key);
    const fds = record
      ? { state: record.state, summary: record.summary, steps: record.steps, functions: record.functions, written: owner.owner === 'discovery' && !!record.serviceSpec, ...(record.probedAt ? { probedAt: record.probedAt } : {}), ...(record.nextProbeAt ? { nextProbeAt: record.nextProbeAt } : {}) }
      : { state: 'not probed' as const, summary: !loop.config.sources.length ? 'discovery is off' : loop.config.fdsMode === 'DISABLED' ? 'function discovery is DISABLED in Settings' : 'not probed yet', steps: [], functions: [], written: false };
    const note = loop.notes.get(key) ?? (owner.owner === 'user' && owner.why === 'edited' ? 'edited since discovery wrote it, so it is yours now' : undefined);
    return { namespace: u.metadata.namespace, name: u.metadata.name, owner: owner.owner, ...(owner.owner === 'discovery' ? { source: owner.source } : {}), ...(note ? { note } : {}), fds };
  });
  for (const [key, d] of loop.deleted) {
    if (now - d.at > DELETED_SHOWN_MS) loop.deleted.delete(key);
    else if (!upstreams.some((u) => `Upstream.${u.namespace}.${u.name}` === key)) {
      const [, namespace, ...name] = key.split('.');
      upstreams.push({ namespace, name: name.join('.'), owner: 'discovery', deleted: d.status, fds: { state: 'not probed', summary: 'deleted', steps: [], functions: [], written: false } });
    }
  }
  upstreams.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  const c = loop.config;
  return { running: c.sources.length > 0, fdsMode: c.fdsMode, writeNamespace: c.writeNamespace, sources, upstreams, passes: loop.passes.map((p) => ({ ...p, ...loop.gatewayLinks.get(p.id) })), problems: [...c.problems] };
}

/** Names the cause of a store change when every changed object is one discovery wrote lately: `discovery pass 3: created Upstream gloo-system.node-3000`. */
export class CauseTracker {
  private last?: ApiSnapshot;
  private lastTrigger?: string;

  constructor(private readonly loop: DiscoveryLoop) {}

  /** The trigger text for the gateway pass over `next`, or undefined when the change is not (only) discovery's. */
  triggerOf(next: ApiSnapshot, now = Date.now()): string | undefined {
    const prev = this.last;
    this.last = next;
    if (!prev) return undefined;
    const changed: string[] = [];
    for (const [k, h] of next.objectHashes) if (prev.objectHashes.get(k) !== h) changed.push(k);
    for (const k of prev.objectHashes.keys()) if (!next.objectHashes.has(k)) changed.push(k);
    // The same content offered again (a store that tells its watchers twice) replaces the pending pass: it keeps its cause.
    if (!changed.length) return this.lastTrigger;
    this.lastTrigger = this.describe(changed, now);
    return this.lastTrigger;
  }

  private describe(changed: readonly string[], now: number): string | undefined {
    const writes = changed.map((k) => this.loop.recentWrites.get(k));
    if (writes.some((w) => !w || now - w.at > CAUSE_WINDOW_MS)) return undefined;
    const passes = [...new Set(writes.map((w) => w!.pass))].sort((a, b) => a - b);
    const verbs = { create: 'created', update: 'updated', delete: 'deleted' } as const;
    const what = changed.slice(0, 2).map((k, i) => `${verbs[writes[i]!.op]} ${k.replace(/^Upstream\./, 'Upstream ')}`).join(', ');
    return `discovery pass ${passes.join(', ')}: ${what}${changed.length > 2 ? ` and ${changed.length - 2} more` : ''}`;
  }

  /** Records, for the discovery passes a gateway pass names as its cause, that pass and what it published (the first one that does). */
  notePass(pass: { readonly id: number; readonly trigger: string; readonly published: Readonly<Record<string, string>> }): void {
    const m = /^discovery pass ([\d, ]+):/.exec(pass.trigger);
    if (!m) return;
    for (const id of m[1].split(',').map((x) => Number(x.trim()))) {
      if (!this.loop.gatewayLinks.has(id)) this.loop.gatewayLinks.set(id, { gatewayPass: pass.id, published: pass.published });
    }
  }
}
