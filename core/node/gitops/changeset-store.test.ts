import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Resource } from '../../common/model/resource';
import { parseYamlFile } from '../../common/model/yaml-documents';
import { openChangesetStore } from './changeset-store';
import { createChangeset, discardChangeset, listChangesets } from './changesets';
import { GitError } from './git';
import { locateGitFolder } from './git-repo';
import { makeDemoRepo, removeTestRepos, withWeights } from './git-test-repo';

afterAll(removeTestRepos);

function petstore(text: string): Resource<'VirtualService'> {
  return parseYamlFile(text, 'petstore-vs.yaml').resources[0].resource as Resource<'VirtualService'>;
}

describe('changeset store', () => {
  it('a changeset edit is a commit on its branch and leaves the served folder, its index and HEAD untouched', async () => {
    const repo = makeDemoRepo();
    const head = repo.git('rev-parse', 'HEAD');
    const served = repo.read('petstore-vs.yaml');
    const store = await openChangesetStore(repo.folder, 'add-canary', { create: true });
    expect(store.created).toBe(true);
    await store.client('VirtualService').write(petstore(withWeights(served, 70, 30)), { overwrite: true });
    expect(repo.read('petstore-vs.yaml')).toBe(served);
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    expect(repo.git('log', '-1', '--format=%s', 'changeset/add-canary')).toBe('Update VirtualService gloo-system/petstore');
    expect(repo.git('log', '-1', '--format=%b', 'changeset/add-canary')).toContain('destinations[0].weight: 90 → 70');
    const committed = repo.git('show', 'changeset/add-canary:petstore-vs.yaml');
    expect(committed).toContain('weight: 70');
    expect(committed).toContain('# The demo VirtualService'); // the file's comments are kept
    const read = await store.client('VirtualService').read('gloo-system', 'petstore');
    expect(JSON.stringify(read.spec)).toContain('"weight":70');
    await store.close();
  });

  it('creates, deletes and lists objects as commits; new objects go where the folder store would put them', async () => {
    const repo = makeDemoRepo({ subfolder: true });
    await createChangeset(await locateGitFolder(repo.folder), 'tidy');
    const store = await openChangesetStore(repo.folder, 'tidy');
    await store.client('Upstream').write({ kind: 'Upstream', metadata: { name: 'extra', namespace: 'gloo-system' }, spec: { static: { hosts: [{ addr: '127.0.0.1', port: 9100 }] } } });
    await store.client('RouteTest').delete('gloo-system', 'demo-routes');
    expect(repo.git('log', '--format=%s', 'main..changeset/tidy').split('\n')).toEqual(['Delete RouteTest gloo-system/demo-routes', 'Add Upstream gloo-system/extra']);
    expect(repo.git('ls-tree', '-r', '--name-only', 'changeset/tidy')).toContain('config/gloo-system/upstream-extra.yaml');
    expect(repo.git('ls-tree', '-r', '--name-only', 'changeset/tidy')).not.toContain('config/route-tests.yaml');
    expect(existsSync(join(repo.folder, 'route-tests.yaml'))).toBe(true);
    const [summary] = await listChangesets(await locateGitFolder(repo.folder));
    expect(summary).toMatchObject({ name: 'tidy', branch: 'changeset/tidy', ahead: 2, behind: 0, merged: false, subject: 'Delete RouteTest gloo-system/demo-routes' });
    await store.close();
  });

  it('two writers of one changeset both land: a branch that moved is read again and the write redone', async () => {
    const repo = makeDemoRepo();
    const a = await openChangesetStore(repo.folder, 'busy', { create: true });
    const b = await openChangesetStore(repo.folder, 'busy');
    const up = (name: string, port: number): Resource<'Upstream'> => ({ kind: 'Upstream', metadata: { name, namespace: 'gloo-system' }, spec: { static: { hosts: [{ addr: '127.0.0.1', port }] } } });
    for (let round = 0; round < 3; round++) {
      await Promise.all([a.client('Upstream').write(up(`a${round}`, 9000 + round)), b.client('Upstream').write(up(`b${round}`, 9100 + round))]);
    }
    const names = (await a.client('Upstream').list({ all: true })).map((u) => u.metadata.name);
    for (let round = 0; round < 3; round++) expect(names).toEqual(expect.arrayContaining([`a${round}`, `b${round}`]));
    expect(Number(repo.git('rev-list', '--count', 'main..changeset/busy'))).toBe(6);
    await Promise.all([a.close(), b.close()]);
  });

  it('refuses bad names, existing changesets, unknown ones, and says which lock another Git process holds', async () => {
    const repo = makeDemoRepo();
    const git = await locateGitFolder(repo.folder);
    await expect(createChangeset(git, '../up')).rejects.toThrow(/cannot name a changeset/);
    await createChangeset(git, 'one');
    await expect(createChangeset(git, 'one')).rejects.toThrow(/already exists/);
    await expect(openChangesetStore(repo.folder, 'two')).rejects.toThrow(/no changeset two .*changesets: one/);
    const store = await openChangesetStore(repo.folder, 'one');
    writeFileSync(join(repo.top, '.git', 'refs', 'heads', 'changeset', 'one.lock'), '');
    const err = await store.client('Upstream').delete('gloo-system', 'users').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).reason).toBe('Locked');
    expect((err as Error).message).toMatch(/another Git process .*one\.lock/);
    await store.close();
  });

  it('discarding deletes the branch and says where it was', async () => {
    const repo = makeDemoRepo();
    const git = await locateGitFolder(repo.folder);
    const created = await createChangeset(git, 'gone');
    expect(await discardChangeset(git, 'gone')).toBe(created.commit);
    expect(repo.git('branch', '--list', 'changeset/*')).toBe('');
  });
});
