// The serve lock of a state folder: a live holder keeps it, a copy of a served folder does not carry it, a moved one does.
import { cpSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireStateLock } from './folder-lock';
import { makeTempDir, removeTempDirs } from './store-test-helpers';

afterAll(removeTempDirs);

describe('the serve lock of a state folder', () => {
  it('is kept by its live holder against a second taker', () => {
    const dir = join(makeTempDir(), '.xds-sandbox');
    const first = acquireStateLock(dir);
    expect(first.acquired).toBe(true);
    expect(acquireStateLock(dir).acquired).toBe(false);
    first.release();
    expect(acquireStateLock(dir).acquired).toBe(true);
  });

  it('copied with its folder while the original still holds it, is taken over in the copy as copied', () => {
    const root = makeTempDir();
    const first = acquireStateLock(join(root, 'a', '.xds-sandbox'));
    cpSync(join(root, 'a'), join(root, 'b'), { recursive: true });
    const copy = acquireStateLock(join(root, 'b', '.xds-sandbox'));
    expect(copy.acquired).toBe(true);
    expect(copy.takenOver?.why).toBe('copied');
    copy.release();
    first.release();
  });

  it('moved with its folder while its holder lives, stays held', () => {
    const root = makeTempDir();
    const first = acquireStateLock(join(root, 'a', '.xds-sandbox'));
    renameSync(join(root, 'a'), join(root, 'b'));
    const second = acquireStateLock(join(root, 'b', '.xds-sandbox'));
    expect(second.acquired).toBe(false);
    expect(second.holder.pid).toBe(process.pid);
    first.release();
  });
});
