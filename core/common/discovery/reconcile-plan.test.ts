import { describe, expect, it } from 'vitest';
import type { Resource } from '../model/resource';
import { DISCOVERED_BY_LABEL, WRITTEN_HASH_ANNOTATION, adopted, ownershipOf, stampWritten } from './labels';
import { planUpstreamWrites, type DesiredUpstream, type PlanInput } from './reconcile-plan';

function upstream(name: string, port: number, labels?: Record<string, string>): Resource<'Upstream'> {
  return { kind: 'Upstream', metadata: { name, namespace: 'gloo-system', ...(labels ? { labels } : {}) }, spec: { static: { hosts: [{ addr: '127.0.0.1', port }] } } };
}

function desired(name: string, port: number): DesiredUpstream {
  return { source: 'local', upstream: upstream(name, port), found: `node on 127.0.0.1:${port}` };
}

function plan(over: Partial<PlanInput>) {
  return planUpstreamWrites({ desired: [], scanned: new Set(['local']), existing: [], goneSince: new Map(), now: 1000, gracePeriodMs: 10_000, ...over });
}

const written = (name: string, port: number) => stampWritten(upstream(name, port, { [DISCOVERED_BY_LABEL]: 'local' }));

describe('discovery reconcile plan', () => {
  it('a new service becomes a create of a labelled, hashed Upstream', () => {
    const { steps } = plan({ desired: [desired('node-3000', 3000)] });
    expect(steps).toHaveLength(1);
    const step = steps[0];
    expect(step.op).toBe('create');
    if (step.op !== 'create') return;
    expect(step.upstream.metadata.labels?.[DISCOVERED_BY_LABEL]).toBe('local');
    expect(step.upstream.metadata.annotations?.[WRITTEN_HASH_ANNOTATION]).toBeTruthy();
    expect(ownershipOf(step.upstream)).toEqual({ owner: 'discovery', source: 'local' });
  });

  it('an Upstream discovery wrote and nobody changed is left as it is', () => {
    expect(plan({ desired: [desired('node-3000', 3000)], existing: [written('node-3000', 3000)] }).steps).toEqual([]);
  });

  it('an update keeps the ServiceSpec function discovery wrote', () => {
    const withFunctions = stampWritten({ ...written('node-3000', 3000), spec: { static: { hosts: [{ addr: '127.0.0.1', port: 3000 }], serviceSpec: { rest: { swaggerInfo: { url: 'u' } } } } } });
    const d: DesiredUpstream = { ...desired('node-3000', 3000), upstream: { ...upstream('node-3000', 3000), spec: { static: { hosts: [{ addr: '::1', port: 3000 }] } } } };
    const [step] = plan({ desired: [d], existing: [withFunctions] }).steps;
    expect(step.op).toBe('update');
    if (step.op === 'update') expect(step.upstream.spec.static?.serviceSpec?.rest?.swaggerInfo?.url).toBe('u');
  });

  it('an Upstream the user wrote, or edited, or unlabelled is never touched, even when a service wants its name', () => {
    const edited = { ...written('node-3000', 3000), spec: { static: { hosts: [{ addr: '127.0.0.1', port: 3001 }] } } };
    const unlabelled = adopted(written('node-4000', 4000));
    const { steps } = plan({ desired: [desired('node-3000', 3000), desired('node-4000', 4000)], existing: [edited, unlabelled, upstream('mine', 5000)] });
    expect(steps.map((s) => `${s.op} ${s.key}`)).toEqual(['skip Upstream.gloo-system.node-3000', 'skip Upstream.gloo-system.node-4000']);
    expect(plan({ existing: [edited, unlabelled, upstream('mine', 5000)], now: 1e9 }).steps).toEqual([]);
  });

  it('a service that is gone waits out the grace period, then its Upstream is deleted; one that comes back is kept', () => {
    const existing = [written('node-3000', 3000)];
    const first = plan({ existing, now: 1000 });
    expect(first.steps.map((s) => s.op)).toEqual(['wait']);
    const second = plan({ existing, now: 5000, goneSince: first.goneSince });
    expect(second.steps[0]).toMatchObject({ op: 'wait', deleteAt: 11_000 });
    expect(plan({ existing, now: 11_000, goneSince: second.goneSince }).steps.map((s) => s.op)).toEqual(['delete']);
    const back = plan({ existing, desired: [desired('node-3000', 3000)], now: 6000, goneSince: first.goneSince });
    expect(back.steps).toEqual([]);
    expect(back.goneSince.size).toBe(0);
  });

  it('a source whose scan failed deletes nothing', () => {
    expect(plan({ existing: [written('node-3000', 3000)], scanned: new Set(), now: 1e9 }).steps).toEqual([]);
  });

  it('adopting drops the label, the annotation and the resourceVersion', () => {
    const a = adopted({ ...written('node-3000', 3000), metadata: { ...written('node-3000', 3000).metadata, resourceVersion: '7' } });
    expect(a.metadata).toEqual({ name: 'node-3000', namespace: 'gloo-system' });
    expect(ownershipOf(a)).toEqual({ owner: 'user', why: 'unlabelled' });
  });
});
