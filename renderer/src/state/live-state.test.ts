import { describe, expect, it } from 'vitest';
import type { PassSummary } from '../../../core/common/api/contract';
import { applyEvents, attentionCount, INITIAL_STATE, MAX_LOG_LINES, mergePasses, reachStage } from './live-state';

const pass = (id: number): PassSummary => ({
  id, startedAt: '', durationMs: 1, trigger: 't', inputHash: 'h', objectsChanged: 0, counts: { accepted: 0, warning: 0, rejected: 0, errors: 0 }, published: {},
});

describe('live state', () => {
  it('folds pass events newest first and asks for the object list again', () => {
    const { state, reload } = applyEvents(INITIAL_STATE, [{ type: 'pass', pass: pass(1) }, { type: 'pass', pass: pass(2) }]);
    expect(state.passes.map((p) => p.id)).toEqual([2, 1]);
    expect(state.lastPassId).toBe(2);
    expect([...reload]).toEqual(['resources']);
  });

  it('lights stages in order and starts over for a newer pass, ignoring older ones', () => {
    let s = reachStage(undefined, 5, 'snapshot');
    expect(s).toEqual({ passId: 5, reached: ['snapshot'] });
    s = reachStage(s, 5, 'xds');
    expect(s?.reached).toEqual(['snapshot', 'proxies', 'xds']);
    s = reachStage(s, 5, 'ack');
    expect(s?.reached).toEqual(['snapshot', 'proxies', 'xds', 'ack']);
    expect(reachStage(s, 4, 'snapshot')).toBe(s);
    expect(reachStage(s, 6, 'snapshot')).toEqual({ passId: 6, reached: ['snapshot'] });
  });

  it('keeps the log bounded, records Envoy state and refetches nodes on node events', () => {
    const lines = Array.from({ length: MAX_LOG_LINES + 5 }, (_, i) => ({ type: 'log' as const, line: `l${i}` }));
    const { state, reload } = applyEvents(INITIAL_STATE, [...lines, { type: 'envoy', envoy: { state: 'ready', logTail: [] } }, { type: 'nodes', nodes: [] }]);
    expect(state.logs).toHaveLength(MAX_LOG_LINES);
    expect(state.logs.at(-1)).toBe(`l${MAX_LOG_LINES + 4}`);
    expect(state.envoy?.state).toBe('ready');
    expect([...reload]).toEqual(['nodes']);
  });

  it('a leadership event replaces who leads in the engine info', () => {
    const info = { store: 'etcd:http://127.0.0.1:2379', paused: false, version: '1' };
    const leader = { hostname: 'h', pid: 7, since: 't', label: 'xDS 127.0.0.1:18000' };
    const { state } = applyEvents({ ...INITIAL_STATE, info }, [{ type: 'leadership', leadership: { isLeader: false, leader, via: 'etcd lease', leaseMs: 10_000 } }]);
    expect(state.info?.leadership).toEqual({ isLeader: false, leader, via: 'etcd lease', leaseMs: 10_000 });
    expect(state.info?.store).toBe(info.store);
  });

  it('merges passes by id and counts what needs attention', () => {
    expect(mergePasses([pass(3), pass(1)], [pass(2), pass(3)]).map((p) => p.id)).toEqual([3, 2, 1]);
    expect(attentionCount({
      resources: [
        { kind: 'Upstream', namespace: 'a', name: 'x', state: 'Rejected', reason: '' },
        { kind: 'Proxy', namespace: 'a', name: 'p', state: 'Pending', reason: '', generated: true },
        { kind: 'Upstream', namespace: 'a', name: 'y', state: 'Accepted', reason: '' },
      ],
      problems: [{ file: 'f', line: 1, column: 1, message: 'm' }],
    })).toBe(2);
  });

  it('keeps the teaching view of the newest teaching event and the paused flag with it', () => {
    const start = { ...INITIAL_STATE, info: { store: 's', paused: false, version: '1' } };
    const teaching = { paused: true, pending: { files: ['a.yaml'], objects: [], problemFiles: [] } };
    const { state } = applyEvents(start, [{ type: 'teaching', teaching }]);
    expect(state.teaching).toEqual(teaching);
    expect(state.info?.paused).toBe(true);
  });
});
