import { describe, expect, it } from 'vitest';
import type { ResourceView } from '../../../../core/common/api/contract';
import type { RouteDecision } from '../../../../core/common/route/decision';
import { olderVersions } from './answer-versions';

const decision = {
  matched: true, proxy: 'p', listener: 'l',
  virtualHost: { name: 'default_hello', source: { kind: 'VirtualService', namespace: 'default', name: 'hello' } },
  route: { index: 0, source: { kind: 'VirtualService', namespace: 'default', name: 'hello', routeIndex: 0 } },
  action: { type: 'forward', destinations: [{ cluster: 'hello-backend_default', weight: 1, upstream: { namespace: 'default', name: 'hello-backend' } }] },
} as unknown as RouteDecision;

const vs = (state: ResourceView['state'], reason: string): ResourceView => ({ kind: 'VirtualService', namespace: 'default', name: 'hello', state, reason, source: { file: 'hello-vs.yaml', line: 1, column: 1 } });

describe('olderVersions', () => {
  it('names an object whose file fails to load, with the pass its served version is from', () => {
    const errors = new Map([['hello-vs.yaml', { problem: { file: 'hello-vs.yaml', line: 13, column: 7, message: 'unknown field' }, servedFromPass: 4 }]]);
    expect(olderVersions(decision, [vs('Accepted', '')], errors)).toEqual([
      { kind: 'VirtualService', namespace: 'default', name: 'hello', why: 'the version last read: its file fails to load (file error at line 13; serving the version from pass #4)' },
    ]);
  });

  it('names a Rejected object served from its last accepted version, and nothing for an Accepted one', () => {
    const rejected = vs('Rejected', 'route 1: invalid regex; serving the last accepted version from 2026-11-28T13:00:00.000Z');
    expect(olderVersions(decision, [rejected], new Map())[0].why).toMatch(/^its last accepted version: the current one is Rejected: route 1: invalid regex/);
    expect(olderVersions(decision, [vs('Accepted', '')], new Map())).toEqual([]);
  });

  it('names an Upstream the answer forwards to whose file fails to load', () => {
    const errors = new Map([['up.yaml', { problem: { file: 'up.yaml', line: 3, column: 1, message: 'bad' } }]]);
    const up: ResourceView = { kind: 'Upstream', namespace: 'default', name: 'hello-backend', state: 'Accepted', reason: '', source: { file: 'up.yaml', line: 1, column: 1 } };
    expect(olderVersions(decision, [vs('Accepted', ''), up], errors).map((o) => `${o.kind} ${o.name}`)).toEqual(['Upstream hello-backend']);
  });
});
