// The per-file write lock: writers wait for each other, a dead holder's lock is broken, a stuck one is named.
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StorageError } from '../../common/model/errors';
import { lockPathOf, removeStaleLock, withFileLock } from './file-lock';
import { makeTempDir, removeTempDirs, sleep } from './store-test-helpers';

afterAll(removeTempDirs);

/** A pid above Linux's largest, so no process has it. */
const DEAD_PID = 2 ** 22 + 12345;

function holder(pid: number): string {
  return JSON.stringify({ pid, hostname: hostname(), token: 'someone-else' }) + '\n';
}

describe('file lock', () => {
  it('two writers of one file run one after the other, and the lock file is gone afterwards', async () => {
    const file = join(makeTempDir(), 'a.yaml');
    const events: string[] = [];
    const writer = (name: string, ms: number) => withFileLock(file, async () => {
      events.push(`${name} in`);
      await sleep(ms);
      events.push(`${name} out`);
    });
    await Promise.all([writer('first', 60), sleep(5).then(() => writer('second', 1))]);
    expect(events).toEqual(['first in', 'first out', 'second in', 'second out']);
    expect(existsSync(lockPathOf(file))).toBe(false);
  });

  it('a lock left by a dead process is broken and the write goes ahead', async () => {
    const file = join(makeTempDir(), 'a.yaml');
    writeFileSync(lockPathOf(file), holder(DEAD_PID));
    expect(await withFileLock(file, async () => 'written', 2000)).toBe('written');
    expect(existsSync(lockPathOf(file))).toBe(false);
  });

  it('a lock a live process keeps is waited for, then named in a StorageError', async () => {
    const file = join(makeTempDir(), 'a.yaml');
    writeFileSync(lockPathOf(file), holder(process.pid));
    const err = await withFileLock(file, async () => 'written', 150).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as Error).message).toMatch(new RegExp(`a\\.yaml is being written by process ${process.pid} on .*; try again`));
    expect(await removeStaleLock(lockPathOf(file))).toBe(false);
    writeFileSync(lockPathOf(file), holder(DEAD_PID));
    expect(await removeStaleLock(lockPathOf(file))).toBe(true);
  });
});
