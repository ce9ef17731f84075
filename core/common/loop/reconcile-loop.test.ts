import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store';
import { createPipeline } from '../translate/pipeline';
import { snapshot, upstream } from '../translate/testing/objects';
import { ReconcileLoop, type PassRecord } from './reconcile-loop';

/** A promise with its resolve function outside. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('reconcile loop', () => {
  it('writes statuses and records a pass only once its responses are delivered, then is idle', async () => {
    const store = createMemoryStore();
    const u = await store.client('Upstream').write(upstream('u1'));
    const delivery = deferred();
    const events: string[] = [];
    const loop = new ReconcileLoop({
      store, pipeline: createPipeline(),
      publish: () => (events.push('publish'), {}),
      delivered: () => (events.push('delivering'), delivery.promise),
      onPass: (p) => events.push(`pass ${p.id}`),
    });
    loop.offer(snapshot([u]));
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual(['publish', 'delivering']);
    expect((await store.client('Upstream').read('default', 'u1')).status).toBeUndefined();
    delivery.resolve();
    await loop.idle();
    expect(events).toEqual(['publish', 'delivering', 'pass 1']);
    expect((await store.client('Upstream').read('default', 'u1')).status?.state).toBeDefined();
  });

  it('records passes in order when a newer snapshot comes while one is being delivered (3 rounds)', async () => {
    for (let round = 0; round < 3; round++) {
      const store = createMemoryStore();
      const recorded: PassRecord[] = [];
      const loop = new ReconcileLoop({
        store, pipeline: createPipeline(), publish: () => ({}),
        delivered: () => new Promise((r) => setTimeout(r, 5)),
        onPass: (p) => recorded.push(p),
      });
      for (let i = 0; i < 5; i++) {
        loop.offer(snapshot([upstream('u1', '10.0.0.1', 8000 + i)]));
        await new Promise((r) => setTimeout(r, i * 2));
      }
      await loop.idle();
      const ids = recorded.map((p) => p.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(recorded.at(-1)?.snapshot.objects.Upstream[0].spec.static?.hosts?.[0].port).toBe(8004);
    }
  });
});
