import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffXds } from '../../common/diff/xds-diff';
import { ALL_NAMESPACES } from '../../common/store/resource-client';
import { runOnePass } from '../engine/one-pass';
import { openStore } from '../store/open-store';
import { parseGitRefSpec } from './git-ref-store';
import { makeDemoRepo, removeTestRepos, withWeights } from './git-test-repo';

afterAll(removeTestRepos);

describe('git:PATH@REF store', () => {
  const repo = makeDemoRepo({ subfolder: true });
  repo.git('branch', 'before');
  repo.write('petstore-vs.yaml', withWeights(repo.read('petstore-vs.yaml'), 70, 30));
  repo.git('commit', '-q', '-am', 'Canary 70/30');
  repo.write('petstore-vs.yaml', repo.read('petstore-vs.yaml').replace('weight: 70', 'weight: 50')); // not committed

  it('reads a branch or commit of a config folder without checking it out, and ignores uncommitted edits', async () => {
    const store = await openStore('git:config@main', { cwd: repo.top });
    const [vs] = await store.client('VirtualService').list(ALL_NAMESPACES);
    expect(JSON.stringify(vs.spec)).toContain('"weight":70');
    expect(vs.source).toMatchObject({ file: 'petstore-vs.yaml', line: 2 });
    expect((await store.client('Upstream').list(ALL_NAMESPACES)).length).toBe(3);
    await expect(store.client('Upstream').delete('gloo-system', 'users')).rejects.toThrow(/is a Git ref and read-only/);
    await store.close();
    expect(repo.git('status', '--porcelain')).toBe('M config/petstore-vs.yaml');
  });

  it('translates refs as check, translate and diff do, so two refs can be compared', async () => {
    const [a, b] = [await runOnePass(`git:${repo.folder}@before`), await runOnePass(`git:${repo.folder}@HEAD`)];
    expect([...a.result.statuses.values()].every((s) => s.state === 'Accepted')).toBe(true);
    const d = diffXds([...a.result.xds.values()], [...b.result.xds.values()]);
    expect(d.proxies[0].changed.map((c) => c.fields.map((f) => `${f.before}→${f.after}`))).toEqual([['90→70', '10→30']]);
  });

  it('says what is wrong with an unknown ref, a folder outside Git and a spec without a ref', async () => {
    await expect(openStore(`git:${repo.folder}@nope`)).rejects.toThrow(/unknown ref "nope" .*branches: before, main/);
    const plain = mkdtempSync(join(tmpdir(), 'xds-plain-'));
    try {
      await expect(openStore(`git:${plain}@main`)).rejects.toThrow(/is not inside a Git repository/);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
    await expect(openStore(`git:${repo.folder}`)).rejects.toThrow(/name a ref after @, e.g. git:.*@main/);
  });

  it('splits PATH@REF at the first @ after an existing folder, so refs may hold @', () => {
    expect(parseGitRefSpec('config@HEAD@{1}', repo.top)).toEqual({ path: 'config', ref: 'HEAD@{1}' });
    expect(parseGitRefSpec('@main', repo.top)).toEqual({ path: '.', ref: 'main' });
  });
});
