import { describe, expect, it } from 'vitest';
import type { PassSummary } from '../../../../core/common/api/contract';
import type { PassChanges } from '../../../../core/common/loop/pass-changes';
import { discoveryLine, inputNoChangeNote, passSummaryLine, xdsNoChangeNote } from './pass-notes';

const NONE: PassChanges = { states: [], statesOmitted: 0, problemsAppeared: [], problemsCleared: [], filesBroken: [], filesFixed: [] };
const pass = (changes: Partial<PassChanges>): PassSummary => ({
  id: 5, startedAt: '2026-11-28T13:00:00.000Z', durationMs: 1, trigger: 'store change', inputHash: 'h', objectsChanged: 0,
  counts: { accepted: 1, warning: 0, rejected: 0, errors: 0 }, published: {}, changes: { ...NONE, ...changes },
});
const typo = { file: 'hello-vs.yaml', line: 13, column: 7, message: 'unknown field `routeActon`' };

describe('pass notes', () => {
  it('a rejected object whose last accepted version is kept explains the unchanged xDS', () => {
    const p = pass({ states: [{ kind: 'VirtualService', namespace: 'default', name: 'hello', from: 'Accepted', to: 'Rejected', reason: 'invalid regex; serving the last accepted version from 2026-11-28T12:00:00.000Z' }] });
    expect(xdsNoChangeNote(p)).toBe('No change: VirtualService default/hello was rejected, and the last accepted version is still served.');
    expect(passSummaryLine(p)).toBe('VirtualService default/hello Accepted → Rejected');
  });

  it('a file that fails to load explains both sides and leads the summary', () => {
    const p = pass({ problemsAppeared: [typo], filesBroken: ['hello-vs.yaml'] });
    expect(inputNoChangeNote(p)).toMatch(/^No object changed: hello-vs.yaml fails to load/);
    expect(xdsNoChangeNote(p)).toMatch(/^No change: the objects of a file that fails to load are kept as last read/);
    expect(passSummaryLine(p)).toBe('hello-vs.yaml fails to load');
    expect(passSummaryLine(pass({ problemsCleared: [typo], filesFixed: ['hello-vs.yaml'] }))).toBe('hello-vs.yaml loads again');
  });

  it('a quiet pass has nothing to explain; a long list is cut with a count', () => {
    expect(xdsNoChangeNote(pass({}))).toBeUndefined();
    const states = ['a', 'b', 'c'].map((name) => ({ kind: 'Upstream' as const, namespace: 'default', name, to: 'Accepted' as const, reason: '' }));
    expect(passSummaryLine(pass({ states, statesOmitted: 4 }))).toBe('Upstream default/a added (Accepted) · Upstream default/b added (Accepted) · 5 more');
  });

  it('a discovery pass names what it wrote', () => {
    expect(discoveryLine({ id: 3, startedAt: '', durationMs: 1, trigger: 'sources scanned', writes: [{ op: 'create', key: 'Upstream.gloo-system.node-3000', reason: 'found' }] }))
      .toBe('discovery #3: create Upstream gloo-system/node-3000');
  });
});
