import { describe, expect, it } from 'vitest';
import type { FileProblem } from '../model/errors';
import type { Status } from '../model/resource';
import { MAX_STATE_CHANGES, passChanges } from './pass-changes';

const ok: Status = { state: 'Accepted' };
const typo: FileProblem = { file: 'hello-vs.yaml', line: 13, column: 7, message: 'unknown field `routeActon`' };

describe('passChanges', () => {
  it('lists objects whose state or reason changed, new and removed ones, but not unchanged ones', () => {
    const before = { statuses: new Map<string, Status>([['VirtualService.default.hello', ok], ['Upstream.default.a', ok], ['Upstream.default.gone', ok]]), problems: [] };
    const after = {
      statuses: new Map<string, Status>([['VirtualService.default.hello', { state: 'Rejected', reason: 'missing Upstream default/b' }], ['Upstream.default.a', ok], ['Upstream.default.new', ok]]),
      problems: [],
    };
    expect(passChanges(before, after).states).toEqual([
      { kind: 'VirtualService', namespace: 'default', name: 'hello', from: 'Accepted', to: 'Rejected', reason: 'missing Upstream default/b' },
      { kind: 'Upstream', namespace: 'default', name: 'new', to: 'Accepted', reason: '' },
      { kind: 'Upstream', namespace: 'default', name: 'gone', from: 'Accepted', reason: '' },
    ]);
  });

  it('a file problem that appears breaks its file; when it clears the file is fixed', () => {
    const clean = { statuses: new Map<string, Status>(), problems: [] };
    const broken = { statuses: new Map<string, Status>(), problems: [typo] };
    expect(passChanges(clean, broken)).toMatchObject({ problemsAppeared: [typo], problemsCleared: [], filesBroken: ['hello-vs.yaml'], filesFixed: [] });
    expect(passChanges(broken, broken)).toMatchObject({ problemsAppeared: [], problemsCleared: [], filesBroken: [], filesFixed: [] });
    const moved = { ...typo, line: 14 };
    expect(passChanges(broken, { ...broken, problems: [moved] })).toMatchObject({ problemsAppeared: [moved], problemsCleared: [typo], filesBroken: [], filesFixed: [] });
    expect(passChanges(broken, clean)).toMatchObject({ problemsCleared: [typo], filesFixed: ['hello-vs.yaml'] });
  });

  it('the first pass lists no state changes, and a large change is cut at the limit with the rest counted', () => {
    const many = new Map<string, Status>(Array.from({ length: MAX_STATE_CHANGES + 5 }, (_, i) => [`Upstream.default.u${i}`, ok]));
    expect(passChanges(undefined, { statuses: many, problems: [] }).states).toEqual([]);
    const changes = passChanges({ statuses: new Map(), problems: [] }, { statuses: many, problems: [] });
    expect(changes.states).toHaveLength(MAX_STATE_CHANGES);
    expect(changes.statesOmitted).toBe(5);
  });
});
