import { describe, expect, it } from 'vitest';
import type { ResourceView } from '../../../../core/common/api/contract';
import { buildResourceRows, countByState, matchesFilter, NO_FILTER } from './resource-rows';

const r = (kind: ResourceView['kind'], namespace: string, name: string, state: ResourceView['state'], reason = ''): ResourceView =>
  ({ kind, namespace, name, state, reason, source: { file: `${name}.yaml`, line: 1, column: 1 } });

const LIST = [
  r('VirtualService', 'default', 'shop', 'Accepted'), r('Upstream', 'default', 'pets', 'Rejected', 'port is required'),
  r('VirtualService', 'default', 'api', 'Warning', 'route table missing'), r('VirtualService', 'team', 'b', 'Accepted'),
];

describe('resource rows', () => {
  it('group by kind then namespace, names sorted, with attention counts', () => {
    const rows = buildResourceRows(LIST, NO_FILTER);
    expect(rows.map((x) => (x.type === 'group' ? `# ${x.kind}/${x.namespace} ${x.count}!${x.attention}` : x.resource.name))).toEqual([
      '# Upstream/default 1!1', 'pets', '# VirtualService/default 2!1', 'api', 'shop', '# VirtualService/team 1!0', 'b',
    ]);
  });

  it('filter by text over name, reason and file, by kind and by state', () => {
    expect(LIST.filter((x) => matchesFilter(x, { ...NO_FILTER, text: 'port' })).map((x) => x.name)).toEqual(['pets']);
    expect(LIST.filter((x) => matchesFilter(x, { ...NO_FILTER, text: 'shop.yaml' })).map((x) => x.name)).toEqual(['shop']);
    expect(LIST.filter((x) => matchesFilter(x, { ...NO_FILTER, kind: 'Upstream' }))).toHaveLength(1);
    expect(LIST.filter((x) => matchesFilter(x, { ...NO_FILTER, state: 'attention' })).map((x) => x.name)).toEqual(['pets', 'api']);
    expect(LIST.filter((x) => matchesFilter(x, { ...NO_FILTER, state: 'Warning' })).map((x) => x.name)).toEqual(['api']);
  });

  it('for 10,000 objects, look at each object a bounded number of times (its kind and reason read a few times, not once per other object)', () => {
    let reads = 0;
    const counted = (v: ResourceView): ResourceView => new Proxy(v, { get: (t, k, rcv) => ((k === 'kind' || k === 'reason') && reads++, Reflect.get(t, k, rcv)) });
    const many = Array.from({ length: 10_000 }, (_, i) => counted(r('Upstream', `ns${i % 20}`, `u${i}`, i % 7 ? 'Accepted' : 'Rejected')));
    const t = performance.now();
    const rows = buildResourceRows(many, { ...NO_FILTER, text: 'u1' });
    console.log(`resource rows of 10,000 objects filtered by text: ${(performance.now() - t).toFixed(1)} ms, ${reads} reads of kind and reason`);
    expect(rows.filter((x) => x.type === 'object')).toHaveLength(many.filter((x) => x.name.includes('u1')).length);
    expect(rows.filter((x) => x.type === 'group')).toHaveLength(20);
    expect(reads).toBeLessThanOrEqual(6 * many.length);
    expect(countByState(many).Rejected).toBe(1429);
  });
});
