// openStore picks the backend from one argument: memory:, sqlite:PATH, or a folder path.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StorageError } from '../../common/model/errors';
import { ALL_NAMESPACES } from '../../common/store/resource-client';
import { openStore, storeScheme, STORE_BACKENDS } from './open-store';
import { makeTempDir, removeTempDirs, sleep, upstream } from './store-test-helpers';

afterAll(removeTempDirs);

describe('openStore', () => {
  it('memory: opens an empty in-memory store', async () => {
    const s = await openStore('memory:');
    expect(s.url).toBe('memory:');
    expect(await s.client('Upstream').list(ALL_NAMESPACES)).toEqual([]);
    await s.close();
  });

  it('sqlite:PATH opens a SQLite file, relative paths against cwd', async () => {
    const dir = makeTempDir();
    const s = await openStore('sqlite:config.db', { cwd: dir });
    expect(s.url).toBe(`sqlite:${join(dir, 'config.db')}`);
    await s.client('Upstream').write(upstream('a'));
    await s.close();
    const again = await openStore(`sqlite:${join(dir, 'config.db')}`);
    expect((await again.client('Upstream').read('default', 'a')).metadata.name).toBe('a');
    await again.close();
  });

  it('a folder path, or nothing at all for the current folder, opens the folder store', async () => {
    const dir = makeTempDir();
    mkdirSync(join(dir, 'config'));
    writeFileSync(join(dir, 'config/u.yaml'), 'apiVersion: gloo.solo.io/v1\nkind: Upstream\nmetadata: {name: u}\nspec: {}\n');
    for (const [spec, cwd] of [['config', dir], ['', join(dir, 'config')]] as const) {
      const s = await openStore(spec, { cwd, watch: false });
      expect(s.url).toBe(join(dir, 'config'));
      expect((await s.client('Upstream').list(ALL_NAMESPACES)).map((r) => r.metadata.name)).toEqual(['u']);
      await s.close();
    }
  });

  it('watch: false reads a folder once and notices no later edit', async () => {
    const dir = makeTempDir();
    const s = await openStore(dir, { watch: false });
    writeFileSync(join(dir, 'u.yaml'), 'apiVersion: gloo.solo.io/v1\nkind: Upstream\nmetadata: {name: u}\nspec: {}\n');
    await sleep(100);
    expect(await s.client('Upstream').list(ALL_NAMESPACES)).toEqual([]);
    await s.close();
  });

  it('an unknown scheme, a missing folder and a plain file are refused with StorageError saying what to use', async () => {
    await expect(openStore('consul://localhost:8500')).rejects.toThrow(/unknown store "consul:\/\/localhost:8500": use memory:, sqlite:, git:, (.+, )?etcd: or a folder path/);
    await expect(openStore(join(makeTempDir(), 'missing'))).rejects.toThrow(/does not exist/);
    const file = join(makeTempDir(), 'config.db');
    writeFileSync(file, '');
    await expect(openStore(file)).rejects.toThrow(StorageError);
    await expect(openStore(file)).rejects.toThrow(/use sqlite:/);
    await expect(openStore('sqlite:')).rejects.toThrow(/needs a file path/);
  });

  it('reads the scheme of a spec, and a Windows drive letter is no scheme', () => {
    expect(storeScheme('sqlite:x.db')).toBe('sqlite');
    expect(storeScheme('memory:')).toBe('memory');
    expect(storeScheme('C:\\config')).toBeUndefined();
    expect(storeScheme('./config')).toBeUndefined();
    expect(Object.keys(STORE_BACKENDS)).toEqual(expect.arrayContaining(['etcd', 'git', 'memory', 'sqlite']));
  });
});
