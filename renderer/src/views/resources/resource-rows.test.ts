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

  it('stay fast for 10,000 objects', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => r('Upstream', `ns${i % 20}`, `u${i}`, i % 7 ? 'Accepted' : 'Rejected'));
    const t = performance.now();
    const rows = buildResourceRows(many, { ...NO_FILTER, text: 'u1' });
    expect(performance.now() - t).toBeLessThan(200);
    expect(rows.length).toBeGreaterThan(1000);
    expect(countByState(many).Rejected).toBe(1429);
  });
});
