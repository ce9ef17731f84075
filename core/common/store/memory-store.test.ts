// The generic store pieces (write checks, normalization, watch delivery) and the memory backend's own behaviour.
import { describe, expect, it } from 'vitest';
import { AlreadyExistsError, ConflictError, InvalidObjectError } from '../model/errors';
import type { Resource } from '../model/resource';
import { createMemoryStore } from './memory-store';
import { checkWritePrecondition, normalizeForWrite, preconditionOf } from './store-backend';
import { ALL_NAMESPACES } from './resource-client';

const shop: Resource<'Upstream'> = { kind: 'Upstream', metadata: { name: 'shop', namespace: 'default' }, spec: { static: { hosts: [{ addr: 'h', port: 80 }] } } };
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('write preconditions', () => {
  const check = (stored: string | undefined, overwrite: boolean, expected?: string) => () =>
    checkWritePrecondition('Upstream', 'default', 'shop', stored, { overwrite, ...(expected ? { expectedResourceVersion: expected } : {}) });

  it('a create succeeds only when nothing is stored', () => {
    expect(check(undefined, false)).not.toThrow();
    expect(check('1', false)).toThrow(AlreadyExistsError);
  });

  it('an update with the stored version succeeds and with another one conflicts', () => {
    expect(check('1', true)).not.toThrow();
    expect(check('1', true, '1')).not.toThrow();
    expect(check('2', true, '1')).toThrow(ConflictError);
  });

  it('an expected version for an object that is gone conflicts', () => {
    expect(check(undefined, true, '1')).toThrow(ConflictError);
  });

  it('the object\'s own resourceVersion is the expected one unless the option names another', () => {
    const withRv = { ...shop, metadata: { ...shop.metadata, resourceVersion: '7' } };
    expect(preconditionOf(withRv, { overwrite: true })).toEqual({ overwrite: true, expectedResourceVersion: '7' });
    expect(preconditionOf(withRv, { expectedResourceVersion: '9' })).toEqual({ overwrite: false, expectedResourceVersion: '9' });
    expect(preconditionOf(shop)).toEqual({ overwrite: false });
  });
});

describe('normalizeForWrite', () => {
  it('defaults the namespace and drops resourceVersion, status and source', () => {
    const r = normalizeForWrite('Upstream', { ...shop, metadata: { name: 'shop', resourceVersion: '3', generation: 2 as unknown as string } as Resource['metadata'], status: { state: 'Accepted' }, source: { file: 'x' } });
    expect(r).toEqual({ kind: 'Upstream', metadata: { name: 'shop', namespace: 'default', generation: '2' }, spec: shop.spec });
  });

  it('refuses a wrong kind, a bad name and a schema violation with the JSON pointer of each', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidObjectError);
        return (e as InvalidObjectError).path;
      }
      throw new Error('expected InvalidObjectError');
    };
    expect(err(() => normalizeForWrite('Upstream', { ...shop, kind: 'Gateway' } as never))).toBe('/kind');
    expect(err(() => normalizeForWrite('Upstream', { ...shop, metadata: { name: '', namespace: 'x' } }))).toBe('/metadata/name');
    expect(err(() => normalizeForWrite('Upstream', { ...shop, metadata: { name: 'a', namespace: 'a/b' } }))).toBe('/metadata/namespace');
    expect(err(() => normalizeForWrite('Upstream', { ...shop, spec: { static: { hosts: [{ port: 'x' }] } } } as never))).toBe('/spec/static/hosts/0/port');
  });
});

describe('memory store watch', () => {
  it('writes made in one tick reach a watcher as one list', async () => {
    const c = createMemoryStore().client('Upstream');
    const lists: number[] = [];
    c.watch(ALL_NAMESPACES, (l) => lists.push(l.length));
    await tick();
    await Promise.all(Array.from({ length: 50 }, (_, i) => c.write({ ...shop, metadata: { name: `u${i}`, namespace: 'default' } })));
    await tick();
    expect(lists).toEqual([0, 50]);
  });

  it('a list equal to the last one delivered is not delivered again', async () => {
    const c = createMemoryStore().client('Upstream');
    await c.write(shop);
    const lists: unknown[] = [];
    c.watch('default', (l) => lists.push(l));
    await tick();
    await c.writeStatus({ namespace: 'default', name: 'shop' }, { state: 'Accepted' });
    await tick();
    await c.writeStatus({ namespace: 'default', name: 'shop' }, { state: 'Accepted' });
    await c.write({ ...shop, metadata: { name: 'other', namespace: 'elsewhere' } }).then(() => c.delete('elsewhere', 'other'));
    await tick();
    expect(lists).toHaveLength(2);
  });

  it('a watcher that throws gets its error through onError and the others keep getting lists', async () => {
    const c = createMemoryStore().client('Upstream');
    const errors: Error[] = [];
    const good: number[] = [];
    c.watch(ALL_NAMESPACES, () => {
      throw new Error('boom');
    }, (e) => errors.push(e));
    c.watch(ALL_NAMESPACES, (l) => good.push(l.length));
    await tick();
    await c.write(shop);
    await tick();
    expect(errors.map((e) => e.message)).toEqual(['boom', 'boom']);
    expect(good).toEqual([0, 1]);
  });

  it('a memory store has no problems, and close ends every watch', async () => {
    const s = createMemoryStore();
    expect(s.url).toBe('memory:');
    expect(s.problems()).toEqual([]);
    const lists: number[] = [];
    s.client('Upstream').watch(ALL_NAMESPACES, (l) => lists.push(l.length));
    await tick();
    await s.client('Upstream').write(shop);
    await s.close();
    await tick();
    expect(lists).toEqual([0]);
  });

  it('asking for a kind the registry does not know throws', () => {
    expect(() => createMemoryStore().client('Frobnicator' as never)).toThrow();
  });
});
