import { describe, expect, it } from 'vitest';
import type { Resource } from '../../model/resource';
import { routeOptionsWithRefs, virtualHostOptionsWithRefs, type OptionObjects } from './option-refs';
import { shallowMerge } from './route-merge';

function objects(): OptionObjects {
  const ro = (name: string, options: Resource<'RouteOption'>['spec']['options']) => [`RouteOption.apps.${name}`, { resource: { kind: 'RouteOption', metadata: { name, namespace: 'apps' }, spec: { options } } as Resource<'RouteOption'>, hash: name }] as const;
  const vho = (name: string, options: Resource<'VirtualHostOption'>['spec']['options']) => [`VirtualHostOption.apps.${name}`, { resource: { kind: 'VirtualHostOption', metadata: { name, namespace: 'apps' }, spec: { options } } as Resource<'VirtualHostOption'>, hash: name }] as const;
  return {
    routeOptions: new Map([ro('a', { timeout: '1s', hostRewrite: 'a.internal' }), ro('b', { timeout: '2s', prefixRewrite: '/b/' })]),
    virtualHostOptions: new Map([vho('v', { retries: { numRetries: 2 } })]),
  };
}

describe('option references', () => {
  it('keeps inline options over referenced ones, and an earlier reference over a later one', () => {
    const refs = { delegateOptions: [{ name: 'a', namespace: 'apps' }, { name: 'b', namespace: 'apps' }] };
    const merged = routeOptionsWithRefs({ timeout: '9s' }, refs, objects(), () => undefined);
    expect(merged.options).toEqual({ timeout: '9s', hostRewrite: 'a.internal', prefixRewrite: '/b/' });
    expect(merged.issues).toEqual([]);
  });

  it('takes a route without options the first reference whole', () => {
    const merged = routeOptionsWithRefs(undefined, { delegateOptions: [{ name: 'b', namespace: 'apps' }] }, objects(), () => undefined);
    expect(merged.options).toEqual({ timeout: '2s', prefixRewrite: '/b/' });
  });

  it('treats a oneof as one field: an inline autoHostRewrite keeps a referenced hostRewrite out', () => {
    const merged = routeOptionsWithRefs({ autoHostRewrite: true }, { delegateOptions: [{ name: 'a', namespace: 'apps' }] }, objects(), () => undefined);
    expect(merged.options).toEqual({ autoHostRewrite: true, timeout: '1s' });
  });

  it('warns of a reference that finds no object, and records every key it looked up', () => {
    const keys: string[] = [];
    const merged = virtualHostOptionsWithRefs({ cors: {} }, { delegateOptions: [{ name: 'gone', namespace: 'apps' }, { name: 'v' }] }, objects(), (k) => keys.push(k));
    expect(merged.options).toEqual({ cors: {} });
    expect(keys).toEqual(['VirtualHostOption.apps.gone', 'VirtualHostOption..v']);
    expect(merged.issues.map((i) => i.severity)).toEqual(['warning', 'warning']);
    expect(merged.issues[1].message).toContain('names no namespace');
  });

  it('fills fields empty at their zero value (an empty upgrades list) but keeps a set empty message', () => {
    expect(shallowMerge({ upgrades: [], cors: {} }, { upgrades: [{ websocket: {} }], cors: { allowOrigin: ['x'] } })).toEqual({ upgrades: [{ websocket: {} }], cors: {} });
  });
});
