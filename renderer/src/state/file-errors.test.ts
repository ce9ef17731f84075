import { describe, expect, it } from 'vitest';
import type { PassSummary, ResourceView } from '../../../core/common/api/contract';
import type { PassChanges } from '../../../core/common/loop/pass-changes';
import { fileErrorOf, fileErrorsByFile, shownReason } from './file-errors';

const NONE: PassChanges = { states: [], statesOmitted: 0, problemsAppeared: [], problemsCleared: [], filesBroken: [], filesFixed: [] };
const pass = (id: number, changes: Partial<PassChanges> = {}): PassSummary => ({
  id, startedAt: '2026-11-28T13:00:00.000Z', durationMs: 1, trigger: 'store change', inputHash: 'h', objectsChanged: 0,
  counts: { accepted: 1, warning: 0, rejected: 0, errors: 0 }, published: {}, changes: { ...NONE, ...changes },
});
const typo = { file: 'hello-vs.yaml', line: 13, column: 7, message: 'unknown field `routeActon`' };
const hello: ResourceView = { kind: 'VirtualService', namespace: 'default', name: 'hello', state: 'Rejected', reason: 'invalid regex', source: { file: 'hello-vs.yaml', line: 1, column: 1 } };

describe('file errors', () => {
  it('serves the version of the pass before the one that broke the file, even when its problem changed since', () => {
    // Newest first: pass 7 moved the problem to another line, pass 5 broke the file.
    const passes = [pass(7, { problemsAppeared: [{ ...typo, line: 14 }], problemsCleared: [typo] }), pass(6), pass(5, { problemsAppeared: [typo], filesBroken: ['hello-vs.yaml'] }), pass(4)];
    const errors = fileErrorsByFile([{ ...typo, line: 14 }], passes);
    expect(errors.get('hello-vs.yaml')?.servedFromPass).toBe(4);
    expect(shownReason(hello, errors)).toBe('file error at line 14; serving the version from pass #4: unknown field `routeActon`');
  });

  it('says "last read" when the pass that broke the file is older than those loaded, and leaves other objects alone', () => {
    const errors = fileErrorsByFile([typo], [pass(9)]);
    expect(shownReason(hello, errors)).toMatch(/^file error at line 13; serving the version last read from it/);
    expect(fileErrorOf({ ...hello, source: { file: 'other.yaml', line: 1, column: 1 } }, errors)).toBeUndefined();
    expect(fileErrorOf({ ...hello, generated: true }, errors)).toBeUndefined();
    expect(shownReason(hello, new Map())).toBe('invalid regex');
  });
});
