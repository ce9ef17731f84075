import { describe, expect, it } from 'vitest';
import type { RouteDecision } from '../../../../core/common/route/decision';
import { requestPath } from './request-path';
import type { Topology } from './topology-model';

const graph: Topology = {
  nodes: [
    { id: 'listener/p/l', column: 0, kind: 'Listener', label: ':8080' },
    { id: 'VirtualService/gs/petstore', column: 1, kind: 'VirtualService', label: 'petstore' },
    { id: 'route/p/rc/gs_petstore/2', column: 2, kind: 'Route', label: 'users' },
    { id: 'RouteTable/gs/users-routes', column: 3, kind: 'RouteTable', label: 'users-routes' },
    { id: 'Upstream/gs/users', column: 4, kind: 'Upstream', label: 'users' },
    { id: 'Upstream/gs/petstore-v1', column: 4, kind: 'Upstream', label: 'petstore-v1' },
  ],
  edges: [{ id: 'a', source: 'listener/p/l', target: 'VirtualService/gs/petstore', broken: false }],
};

describe('request path', () => {
  it('runs from the listener through the VirtualService, route and RouteTable to the upstream', () => {
    const decision: RouteDecision = {
      matched: true, proxy: 'p', listener: 'l', routeConfig: 'rc',
      virtualHost: { name: 'gs_petstore', source: { kind: 'VirtualService', namespace: 'gs', name: 'petstore' } },
      route: { index: 2, name: 'users', source: { kind: 'RouteTable', namespace: 'gs', name: 'users-routes' } },
      action: { type: 'forward', destinations: [{ cluster: 'users_gs', weight: 1, upstream: { namespace: 'gs', name: 'users' } }] },
    };
    expect([...requestPath(graph, decision)].sort()).toEqual(['RouteTable/gs/users-routes', 'Upstream/gs/users', 'VirtualService/gs/petstore', 'listener/p/l', 'route/p/rc/gs_petstore/2']);
  });

  it('is empty for a request no route takes', () => {
    expect(requestPath(graph, { matched: false, proxy: 'p', reason: 'no virtual host' }).size).toBe(0);
  });
});
