// A unified diff (as `git diff` prints it) as lines marked added, removed, hunk header or context, for colouring.

/** One line of a patch and what it is. */
export interface PatchLine {
  readonly kind: 'add' | 'del' | 'hunk' | 'meta' | 'context';
  readonly text: string;
}

/** The lines of a patch; the `diff --git`, `index`, `---` and `+++` header lines are `meta`. */
export function patchLines(patch: string): PatchLine[] {
  const lines = patch.replace(/\n$/, '').split('\n');
  let inHeader = true;
  return lines.map((text): PatchLine => {
    if (text.startsWith('@@')) {
      inHeader = false;
      return { kind: 'hunk', text };
    }
    if (inHeader || text.startsWith('diff --git ')) {
      inHeader = true;
      return { kind: 'meta', text };
    }
    if (text.startsWith('+')) return { kind: 'add', text };
    if (text.startsWith('-')) return { kind: 'del', text };
    return { kind: 'context', text };
  });
}
