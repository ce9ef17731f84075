// The pipeline diagram's picture of a pass: store → snapshot → gateway stage → Proxies → gloo stage → xDS →
// clients, which boxes are done, which one is running, and how many objects changed at each.
import type { PassStage, PassSummary, StagedPass, TeachingView } from '../../../../core/common/api/contract';
import type { ObjectDiff } from '../../../../core/common/diff/object-diff';
import type { XdsDiff } from '../../../../core/common/diff/xds-diff';

/** The boxes of the diagram, left to right. */
export const PIPELINE_BOXES = [
  { id: 'store', label: 'Store', stage: 'snapshot' },
  { id: 'snapshot', label: 'Snapshot', stage: 'snapshot' },
  { id: 'gateway', label: 'Gateway stage', stage: 'proxies' },
  { id: 'proxies', label: 'Proxies', stage: 'proxies' },
  { id: 'gloo', label: 'Gloo stage', stage: 'xds' },
  { id: 'xds', label: 'xDS', stage: 'xds' },
  { id: 'clients', label: 'Clients', stage: 'ack' },
] as const satisfies readonly { id: string; label: string; stage: PassStage }[];

/** One box as drawn. */
export interface PipelineBox {
  readonly id: (typeof PIPELINE_BOXES)[number]['id'];
  readonly label: string;
  readonly stage: PassStage;
  /** `running`: the current stage; `done`: passed; `waiting`: not reached in this pass. */
  readonly status: 'running' | 'done' | 'waiting';
  /** What changed here in this pass, e.g. `1 changed` or `3 ACK`; absent before the stage is reached. */
  readonly count?: string;
  /** The first few objects or resources that changed here, by name. */
  readonly items?: readonly string[];
}

/** How many changed names a box lists. */
export const MAX_ITEMS = 3;

/** Names of what changed in an object diff: `VirtualService petstore`. */
export function objectItems(d: ObjectDiff | undefined): string[] {
  if (!d) return [];
  return [...d.changed, ...d.added, ...d.removed].map((o) => `${o.kind} ${o.name}`);
}

/** Names of the xDS resources that changed: `route listener-::-8080-routes`. */
export function xdsItems(d: XdsDiff | undefined): string[] {
  if (!d) return [];
  return d.proxies.flatMap((p) => [...p.changed, ...p.added, ...p.removed].map((r) => `${r.type} ${r.name}`));
}

/** Counts of a diff: `2 changed · 1 added`, or `no change`. */
export function objectCount(d: ObjectDiff | undefined): string | undefined {
  if (!d) return undefined;
  const parts = [[d.changed.length, 'changed'], [d.added.length, 'added'], [d.removed.length, 'removed']].filter(([n]) => (n as number) > 0).map(([n, w]) => `${n} ${w}`);
  return parts.length ? parts.join(' · ') : 'no change';
}

/** Resources changed in an xDS diff, over every proxy. */
export function xdsCount(d: XdsDiff | undefined): string | undefined {
  if (!d) return undefined;
  const n = d.proxies.reduce((sum, p) => sum + p.added.length + p.removed.length + p.changed.length, 0);
  return n === 0 ? 'no change' : `${n} resource${n === 1 ? '' : 's'} changed`;
}

/** ACK counts: `1 ACK · 1 NACK · 2 waiting`, or `no client`. */
export function ackCount(s: StagedPass): string | undefined {
  if (!s.acks) return undefined;
  if (s.acks.length === 0) return 'no client';
  const by = (state: string) => s.acks!.filter((a) => a.state === state).length;
  return [[by('acked'), 'ACK'], [by('nacked'), 'NACK'], [by('waiting'), 'waiting']].filter(([n]) => (n as number) > 0).map(([n, w]) => `${n} ${w}`).join(' · ');
}

/** The diagram for a stepped pass, or for a live pass from its stage events and summary. */
export function pipelineBoxes(reached: readonly PassStage[], staged?: StagedPass, live?: PassSummary): PipelineBox[] {
  const current = reached.at(-1);
  return PIPELINE_BOXES.map((b) => {
    const at = reached.indexOf(b.stage);
    const status = at < 0 ? 'waiting' : b.stage === current && (staged || b.stage !== 'xds') ? 'running' : 'done';
    const count = at < 0 ? undefined : countAt(b.id, staged, live);
    const items = at < 0 || !staged ? [] : b.id === 'snapshot' ? objectItems(staged.snapshotDiff) : b.id === 'proxies' ? objectItems(staged.proxyDiff)
      : b.id === 'xds' ? xdsItems(staged.xdsDiff) : b.id === 'clients' ? (staged.acks ?? []).map((a) => a.node) : [];
    return { ...b, status, ...(count ? { count } : {}), ...(items.length ? { items } : {}) };
  });
}

function countAt(box: PipelineBox['id'], staged: StagedPass | undefined, live: PassSummary | undefined): string | undefined {
  if (staged) {
    switch (box) {
      case 'snapshot': return objectCount(staged.snapshotDiff);
      case 'proxies': return objectCount(staged.proxyDiff);
      case 'xds': return xdsCount(staged.xdsDiff);
      case 'clients': return ackCount(staged);
      default: return undefined;
    }
  }
  if (!live) return undefined;
  if (box === 'snapshot') return `${live.objectsChanged} changed`;
  if (box === 'xds') {
    const n = Object.keys(live.published).length;
    return n ? `${n} prox${n === 1 ? 'y' : 'ies'} published` : 'no change';
  }
  return undefined;
}

/** What the teaching view shows as the current stage: the stepped pass's, else the live pass's. */
export function currentStages(teaching: TeachingView | undefined, live: { passId: number; reached: readonly PassStage[] } | undefined): readonly PassStage[] {
  return teaching?.staged && (!live || teaching.staged.passId >= live.passId) ? teaching.staged.reached : live?.reached ?? [];
}
