import { describe, expect, it } from 'vitest';
import { patchLines } from './patch-lines';

describe('patch lines', () => {
  it('mark the header, hunks, added and removed lines of a git diff', () => {
    const patch = 'diff --git a/vs.yaml b/vs.yaml\nindex 1..2 100644\n--- a/vs.yaml\n+++ b/vs.yaml\n@@ -1,2 +1,2 @@\n a: 1\n-b: 2\n+b: 3\n';
    expect(patchLines(patch).map((l) => l.kind)).toEqual(['meta', 'meta', 'meta', 'meta', 'hunk', 'context', 'del', 'add']);
  });
});
