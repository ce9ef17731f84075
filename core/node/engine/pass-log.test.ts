import { describe, expect, it } from 'vitest';
import type { PassChanges } from '../../common/loop/pass-changes';
import type { PassRecord } from '../../common/loop/reconcile-loop';
import { MAX_LOGGED_CHANGES, passLogLines } from './pass-log';

/** The parts of a pass record the log reads. */
const pass = { id: 4, published: {}, objectsChanged: 1, durationMs: 2.04, counts: { accepted: 2, warning: 0, rejected: 1, errors: 0 }, snapshot: { hash: 'abc', objectHashes: new Map([['a', '1'], ['b', '2']]) } } as unknown as PassRecord;
const none: PassChanges = { states: [], statesOmitted: 0, problemsAppeared: [], problemsCleared: [], filesBroken: [], filesFixed: [] };

describe('serve pass lines', () => {
  it('name each object that changed state and why, keeping the note on which version is served when the reason is cut', () => {
    const long = `route 1 (\`/a\`): ${'x'.repeat(400)}`;
    const lines = passLogLines(pass, { ...none, states: [{ kind: 'VirtualService', namespace: 'default', name: 'hello', from: 'Accepted', to: 'Rejected', reason: `${long}; serving the last accepted version from 2026-11-28T14:00:00.000Z` }] });
    expect(lines[0]).toBe('pass 4: input abc, 2 objects (1 changed), 2 accepted 0 warning 1 rejected 0 file errors, 2.0 ms, published none');
    expect(lines[1]).toMatch(/^pass 4: VirtualService default\/hello Accepted → Rejected: route 1 \(`\/a`\): x+…; serving the last accepted version from 2026-11-28T14:00:00\.000Z$/);
    expect(lines[1].length).toBeLessThan(400);
  });

  it('name files that broke, with their first problem, and files that load again', () => {
    const problem = { file: 'hello-vs.yaml', line: 13, column: 3, message: 'YAML syntax error: bad indentation' };
    expect(passLogLines(pass, { ...none, filesBroken: ['hello-vs.yaml'], problemsAppeared: [problem, { ...problem, line: 14 }], filesFixed: ['other.yaml'] }).slice(1)).toEqual([
      'pass 4: file hello-vs.yaml: line 13: YAML syntax error: bad indentation (and 1 more)',
      'pass 4: file other.yaml: loads again',
    ]);
  });

  it('list at most a few changes, then count the rest', () => {
    const states = Array.from({ length: MAX_LOGGED_CHANGES + 3 }, (_, i) => ({ kind: 'Upstream' as const, namespace: 'default', name: `u${i}`, to: 'Accepted' as const, reason: '' }));
    const lines = passLogLines(pass, { ...none, states, statesOmitted: 2 });
    expect(lines).toHaveLength(MAX_LOGGED_CHANGES + 2);
    expect(lines.at(-1)).toBe('pass 4: … and 5 more changes (see the UI\'s timeline or run check)');
    expect(lines[1]).toBe('pass 4: Upstream default/u0 Accepted (new)');
  });
});
