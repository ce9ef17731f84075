import { describe, expect, it } from 'vitest';
import type { Resource } from '../model/resource';
import { buildApiSnapshot } from '../snapshot/api-snapshot';
import { describePendingChange, pendingChange } from './pending-change';

const upstream = (name: string, port: number, file: string) => ({
  kind: 'Upstream', apiVersion: 'gloo.solo.io/v1', metadata: { name, namespace: 'gloo-system' },
  spec: { static: { hosts: [{ addr: '127.0.0.1', port }] } }, source: { file, line: 1, column: 1 },
}) as unknown as Resource;

describe('pending change', () => {
  const before = buildApiSnapshot({ Upstream: [upstream('a', 1, 'a.yaml'), upstream('b', 2, 'b.yaml')] });

  it('lists changed, added and removed objects with their files', () => {
    const after = buildApiSnapshot({ Upstream: [upstream('a', 9, 'a.yaml'), upstream('c', 3, 'c.yaml')] });
    const p = pendingChange(before, after)!;
    expect(p.objects.map((o) => [o.name, o.change, o.file])).toEqual([['a', 'changed', 'a.yaml'], ['b', 'removed', 'b.yaml'], ['c', 'added', 'c.yaml']]);
    expect(p.files).toEqual(['a.yaml', 'b.yaml', 'c.yaml']);
    expect(describePendingChange(p)).toBe('3 files changed: a.yaml, b.yaml, c.yaml');
  });

  it('counts a file whose problems changed, and nothing when the input is the same', () => {
    const broken = buildApiSnapshot({ Upstream: [upstream('a', 1, 'a.yaml'), upstream('b', 2, 'b.yaml')] }, [{ file: 'bad.yaml', line: 2, column: 1, message: 'x' }]);
    expect(describePendingChange(pendingChange(before, broken)!)).toBe('1 file changed: bad.yaml');
    expect(pendingChange(before, buildApiSnapshot({ Upstream: [upstream('a', 1, 'a.yaml'), upstream('b', 2, 'b.yaml')] }))).toBeUndefined();
    expect(pendingChange(before, undefined)).toBeUndefined();
  });
});
