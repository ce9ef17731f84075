import { describe, expect, it } from 'vitest';
import { declaredRefs } from './declared-refs';

describe('declaredRefs', () => {
  it('reads single, multi and delegate references, defaulting namespaces', () => {
    const yaml = `kind: VirtualService
metadata: {name: shop, namespace: shop-ns}
spec:
  virtualHost:
    routes:
    - routeAction: {single: {upstream: {name: web}}}
    - routeAction:
        multi:
          destinations:
          - destination: {upstream: {name: a, namespace: x}}
          - destination: {upstream: {name: web}}
    - delegateAction: {ref: {name: users, namespace: shop-ns}}
`;
    expect(declaredRefs(yaml)).toEqual([
      { kind: 'Upstream', name: 'web', namespace: 'shop-ns' },
      { kind: 'Upstream', name: 'a', namespace: 'x' },
      { kind: 'RouteTable', name: 'users', namespace: 'shop-ns' },
    ]);
  });

  it('reads RouteTable routes and survives junk', () => {
    expect(declaredRefs('kind: RouteTable\nspec:\n  routes:\n  - routeAction: {single: {upstream: {name: u}}}\n')).toEqual([{ kind: 'Upstream', name: 'u', namespace: 'default' }]);
    expect(declaredRefs('[')).toEqual([]);
    expect(declaredRefs('')).toEqual([]);
  });
});
