import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Resource } from '../../common/model/resource';
import { parseYamlFile } from '../../common/model/yaml-documents';
import { mergeChangeset } from './changeset-merge';
import { openChangesetStore } from './changeset-store';
import { GitError } from './git';
import { locateGitFolder } from './git-repo';
import { makeDemoRepo, removeTestRepos, withWeights, type TestRepo } from './git-test-repo';

afterAll(removeTestRepos);

async function editPetstore(repo: TestRepo, changeset: string, edit: (text: string) => string): Promise<void> {
  const store = await openChangesetStore(repo.folder, changeset, { create: true });
  const obj = parseYamlFile(edit(repo.read('petstore-vs.yaml')), 'petstore-vs.yaml').resources[0].resource as Resource<'VirtualService'>;
  await store.client('VirtualService').write(obj, { overwrite: true });
  await store.close();
}

/** Everything a merge could change: HEAD, branches, index, work tree files, merge state. */
function stateOf(repo: TestRepo): string {
  const files = readdirSync(repo.folder).filter((f) => f.endsWith('.yaml')).map((f) => `${f}:${readFileSync(join(repo.folder, f), 'utf8')}`);
  return JSON.stringify([repo.git('rev-parse', 'HEAD'), repo.git('for-each-ref'), repo.git('status', '--porcelain'), repo.git('ls-files', '-s'), files, existsSync(join(repo.top, '.git', 'MERGE_HEAD'))]);
}

describe('changeset merge', () => {
  it('fast-forwards the deployed branch and the served files follow', async () => {
    const repo = makeDemoRepo({ subfolder: true });
    await editPetstore(repo, 'canary', (t) => withWeights(t, 70, 30));
    const outcome = await mergeChangeset(await locateGitFolder(repo.folder), 'canary');
    expect(outcome).toMatchObject({ merged: true, branch: 'main', fastForward: true, commit: repo.git('rev-parse', 'changeset/canary') });
    expect(repo.read('petstore-vs.yaml')).toContain('weight: 70');
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(await mergeChangeset(await locateGitFolder(repo.folder), 'canary')).toMatchObject({ merged: false, reason: 'nothing' });
  });

  it('makes a merge commit when the deployed branch moved on elsewhere', async () => {
    const repo = makeDemoRepo();
    await editPetstore(repo, 'canary', (t) => withWeights(t, 70, 30));
    repo.write('upstreams.yaml', repo.read('upstreams.yaml').replace('port: 9003', 'port: 9004'));
    repo.git('commit', '-q', '-am', 'Move users to 9004');
    const outcome = await mergeChangeset(await locateGitFolder(repo.folder), 'canary');
    expect(outcome).toMatchObject({ merged: true, fastForward: false });
    expect(repo.git('log', '-1', '--format=%s%n%P')).toMatch(/^Merge changeset canary into main\n\w+ \w+$/);
    expect(repo.read('petstore-vs.yaml')).toContain('weight: 70');
    expect(repo.read('upstreams.yaml')).toContain('port: 9004');
  });

  it('a conflicting merge is refused, names the files and leaves everything as it was', async () => {
    const repo = makeDemoRepo();
    await editPetstore(repo, 'canary', (t) => withWeights(t, 70, 30));
    repo.write('petstore-vs.yaml', withWeights(repo.read('petstore-vs.yaml'), 50, 50));
    repo.git('commit', '-q', '-am', 'Half and half');
    const before = stateOf(repo);
    const outcome = await mergeChangeset(await locateGitFolder(repo.folder), 'canary');
    expect(outcome).toMatchObject({ merged: false, reason: 'conflict', files: ['petstore-vs.yaml'] });
    expect(stateOf(repo)).toBe(before);
  });

  it('is refused while the served folder has uncommitted edits, and keeps them', async () => {
    const repo = makeDemoRepo();
    await editPetstore(repo, 'canary', (t) => withWeights(t, 70, 30));
    repo.write('upstreams.yaml', repo.read('upstreams.yaml') + '# a note\n');
    const before = stateOf(repo);
    const outcome = await mergeChangeset(await locateGitFolder(repo.folder), 'canary');
    expect(outcome).toMatchObject({ merged: false, reason: 'dirty', files: ['upstreams.yaml'] });
    expect(stateOf(repo)).toBe(before);
  });

  it('is refused while the changeset fails a route test, unless forced', async () => {
    const repo = makeDemoRepo();
    await editPetstore(repo, 'break', (t) => t.replace('upstream: {name: petstore-v2, namespace: gloo-system}\n    - name: pets', 'upstream: {name: petstore-v1, namespace: gloo-system}\n    - name: pets'));
    const before = stateOf(repo);
    const refused = await mergeChangeset(await locateGitFolder(repo.folder), 'break');
    expect(refused).toMatchObject({ merged: false, reason: 'blocked', blocking: [expect.stringContaining('canary header goes to v2')] });
    expect(stateOf(repo)).toBe(before);
    expect(await mergeChangeset(await locateGitFolder(repo.folder), 'break', { force: true })).toMatchObject({ merged: true });
  });

  it('says when another Git process holds the index lock, and changes nothing', async () => {
    const repo = makeDemoRepo();
    await editPetstore(repo, 'canary', (t) => withWeights(t, 70, 30));
    writeFileSync(join(repo.top, '.git', 'index.lock'), '');
    const before = stateOf(repo);
    const err = await mergeChangeset(await locateGitFolder(repo.folder), 'canary').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).reason).toBe('Locked');
    expect(stateOf(repo)).toBe(before);
  });

  it('refuses a detached HEAD, naming the branch to check out', async () => {
    const repo = makeDemoRepo();
    await editPetstore(repo, 'canary', (t) => withWeights(t, 70, 30));
    repo.git('checkout', '-q', '--detach');
    await expect(mergeChangeset(await locateGitFolder(repo.folder), 'canary')).rejects.toThrow(/HEAD of .* is detached at \w+: check out the branch to deploy/);
  });
});
