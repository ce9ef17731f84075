import { describe, expect, it } from 'vitest';
import type { StagedPass } from '../../../../core/common/api/contract';
import { currentStages, pipelineBoxes } from './pipeline-model';

const staged: StagedPass = {
  passId: 7, reached: ['snapshot', 'proxies'],
  snapshotDiff: { equal: false, added: [], removed: [], changed: [{ refKey: 'VirtualService.gs.petstore', kind: 'VirtualService', namespace: 'gs', name: 'petstore', fields: [] }] },
  proxyDiff: { equal: false, added: [], removed: [], changed: [{ refKey: 'Proxy.gs.gateway-proxy', kind: 'Proxy', namespace: 'gs', name: 'gateway-proxy', fields: [] }] },
};

describe('pipeline diagram', () => {
  it('lights the running stage, marks earlier ones done and counts what changed at each', () => {
    const boxes = pipelineBoxes(staged.reached, staged);
    expect(boxes.find((b) => b.id === 'snapshot')?.items).toEqual(['VirtualService petstore']);
    expect(boxes.find((b) => b.id === 'proxies')?.items).toEqual(['Proxy gateway-proxy']);
    expect(boxes.map((b) => [b.id, b.status, b.count ?? ''])).toEqual([
      ['store', 'done', ''], ['snapshot', 'done', '1 changed'], ['gateway', 'running', ''], ['proxies', 'running', '1 changed'],
      ['gloo', 'waiting', ''], ['xds', 'waiting', ''], ['clients', 'waiting', ''],
    ]);
  });

  it('says when no client is there to ACK', () => {
    const done = { ...staged, reached: ['snapshot', 'proxies', 'xds', 'ack'] as const, xdsDiff: { equal: true, proxies: [] }, acks: [] };
    const boxes = pipelineBoxes(done.reached, done);
    expect(boxes.find((b) => b.id === 'xds')?.count).toBe('no change');
    expect(boxes.find((b) => b.id === 'clients')).toMatchObject({ status: 'running', count: 'no client' });
  });

  it('follows the live loop when no pass is being stepped', () => {
    expect(currentStages(undefined, { passId: 3, reached: ['snapshot', 'proxies', 'xds'] })).toEqual(['snapshot', 'proxies', 'xds']);
    expect(currentStages({ paused: true, staged: { ...staged, passId: 2 } }, { passId: 3, reached: ['snapshot'] })).toEqual(['snapshot']);
    expect(currentStages({ paused: true, staged }, { passId: 6, reached: ['snapshot', 'proxies', 'xds', 'ack'] })).toEqual(['snapshot', 'proxies']);
  });
});
