import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Resource } from '../../common/model/resource';
import { parseYamlFile } from '../../common/model/yaml-documents';
import { pullDeployed, pushChangeset } from './changeset-remote';
import { openChangesetStore } from './changeset-store';
import { locateGitFolder } from './git-repo';
import { gitIn, makeDemoRepo, removeTestRepos, withWeights } from './git-test-repo';
import { syncStatus } from './sync-status';

afterAll(removeTestRepos);

describe('changesets and a remote', () => {
  it('push sends the changeset for review, and pull brings the work merged on the forge back into the served folder', async () => {
    const repo = makeDemoRepo({ remote: true });
    const store = await openChangesetStore(repo.folder, 'canary', { create: true });
    const vs = parseYamlFile(withWeights(repo.read('petstore-vs.yaml'), 70, 30), 'vs.yaml').resources[0].resource as Resource<'VirtualService'>;
    await store.client('VirtualService').write(vs, { overwrite: true });
    await store.close();
    const git = await locateGitFolder(repo.folder);
    expect(await pushChangeset(git, 'canary')).toMatchObject({ remote: 'origin', branch: 'changeset/canary' });
    expect(gitIn(repo.remote!, 'rev-parse', 'changeset/canary')).toBe(repo.git('rev-parse', 'changeset/canary'));

    // The forge merges the pull request: a clone merges the branch into main and pushes.
    const forge = join(repo.remote!, '..', 'forge');
    gitIn(join(repo.remote!, '..'), 'clone', '-q', repo.remote!, forge);
    for (const [k, v] of [['user.name', 'Forge'], ['user.email', 'forge@example.com']]) gitIn(forge, 'config', k, v);
    gitIn(forge, 'merge', '-q', '--no-ff', '-m', 'Merge pull request #1', 'origin/changeset/canary');
    gitIn(forge, 'push', '-q', 'origin', 'main');

    expect((await syncStatus(repo.folder)).remote).toMatchObject({ name: 'origin', branch: 'main', ahead: 0, behind: 0 });
    const pulled = await pullDeployed(git);
    expect(pulled).toMatchObject({ remote: 'origin', branch: 'main', to: gitIn(forge, 'rev-parse', 'HEAD'), mergedChangesets: ['canary'] });
    expect(repo.read('petstore-vs.yaml')).toContain('weight: 70');
    expect(await pullDeployed(git)).toMatchObject({ from: pulled.to, to: pulled.to });
  });

  it('without a remote, push and pull say how to add one', async () => {
    const repo = makeDemoRepo();
    await openChangesetStore(repo.folder, 'x', { create: true }).then((s) => s.close());
    const git = await locateGitFolder(repo.folder);
    await expect(pushChangeset(git, 'x')).rejects.toThrow(/no remote; add one with `git remote add origin URL`/);
    await expect(pullDeployed(git)).rejects.toThrow(/no remote/);
  });
});

describe('sync status', () => {
  it('is synced when the served config files are the branch\'s, and dirty with the diff when one is edited or added by hand', async () => {
    const repo = makeDemoRepo({ subfolder: true });
    repo.write('README.md', 'not config\n');
    repo.write('.xds-sandbox/state.db', 'the sandbox state');
    expect(await syncStatus(repo.folder)).toMatchObject({ state: 'synced', branch: 'main', prefix: 'config/', subject: 'Demo config', dirty: [] });
    repo.write('upstreams.yaml', repo.read('upstreams.yaml').replace('port: 9003', 'port: 9005'));
    repo.write('extra.yaml', 'kind: Upstream\n');
    const s = await syncStatus(repo.folder);
    expect(s.state).toBe('dirty');
    expect(s.dirty).toEqual([{ path: 'extra.yaml', change: 'untracked' }, { path: 'upstreams.yaml', change: 'modified' }]);
    expect(s.diff).toMatch(/^-\s+port: 9003$/m);
    expect(s.diff).toMatch(/^\+\s+port: 9005$/m);
    expect(s.diff).toContain('untracked: extra.yaml');
  });

  it('is a state, not an error, outside Git and on a detached HEAD', async () => {
    const repo = makeDemoRepo();
    repo.git('checkout', '-q', '--detach');
    expect(await syncStatus(repo.folder)).toMatchObject({ state: 'detached', message: expect.stringMatching(/git switch main/) });
    expect(await syncStatus(join(repo.folder, '..'))).toMatchObject({ state: 'not-a-repo' });
  });
});
