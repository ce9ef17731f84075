import { describe, expect, it } from 'vitest';
import type { Resource } from '../model/resource';
import { changesBetween, SnapshotMemory } from './snapshot-changes';
import { snapshot, upstream, virtualService } from './testing/objects';

const base = (): Resource[] => [upstream('u0'), upstream('u1'), virtualService('vs0', ['a.com'], [])];

describe('snapshot changes', () => {
  it('the same objects in new lists leave every kind unchanged', () => {
    const objects = base();
    const changes = changesBetween(snapshot(objects), snapshot([...objects]));
    expect(changes.sameKeys).toBe(true);
    expect(changes.unchanged.has('Upstream')).toBe(true);
    expect(changes.unchanged.has('VirtualService')).toBe(true);
  });

  it('an equal copy of an object is unchanged, an edited one changes its kind only', () => {
    const objects = base();
    const copy = objects.map((o) => structuredClone(o));
    expect(changesBetween(snapshot(objects), snapshot(copy)).unchanged.has('Upstream')).toBe(true);
    const edited = objects.map((o) => (o.metadata.name === 'u1' ? upstream('u1', '10.0.0.9') : o));
    const changes = changesBetween(snapshot(objects), snapshot(edited));
    expect(changes.sameKeys).toBe(true);
    expect(changes.unchanged.has('Upstream')).toBe(false);
    expect(changes.unchanged.has('VirtualService')).toBe(true);
  });

  it('a renamed, added or deleted object changes the keys', () => {
    const objects = base();
    const renamed = objects.map((o) => (o.metadata.name === 'u1' ? upstream('u2') : o));
    expect(changesBetween(snapshot(objects), snapshot(renamed)).sameKeys).toBe(false);
    expect(changesBetween(snapshot(objects), snapshot([...objects, upstream('u3')])).sameKeys).toBe(false);
    expect(changesBetween(snapshot(objects), snapshot(objects.slice(1))).sameKeys).toBe(false);
  });

  it('compares with the snapshot of the last completed pass only, and sees everything changed before the first', () => {
    const memory = new SnapshotMemory();
    const first = snapshot(base());
    expect(memory.changesTo(first).sameKeys).toBe(false);
    memory.endPass();
    const aborted = snapshot([upstream('other')]);
    expect(memory.changesTo(aborted).sameKeys).toBe(false);
    // The pass of `aborted` never ended, so the next one is compared with `first`.
    expect(memory.changesTo(snapshot(base())).sameKeys).toBe(true);
  });
});
