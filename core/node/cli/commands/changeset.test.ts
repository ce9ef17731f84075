// `changeset`, `apply/delete --changeset` and `check --against` as scripts and CI jobs use them: real processes, real repositories.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDemoRepo, removeTestRepos, withWeights } from '../../gitops/git-test-repo';

const bin = new URL('../../../../bin/xds-sandbox.js', import.meta.url).pathname;
afterAll(removeTestRepos);

function run(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('xds-sandbox changeset', () => {
  it('apply --changeset commits without touching the served folder; show -o json reviews it; diff exits 1; merge deploys it', async () => {
    const repo = makeDemoRepo({ subfolder: true });
    const edited = join(repo.top, 'edited.yaml');
    writeFileSync(edited, withWeights(repo.read('petstore-vs.yaml'), 70, 30));
    const applied = await run(repo.top, 'apply', '-f', edited, '--store', 'config', '--changeset', 'canary');
    expect(applied).toMatchObject({ code: 0, stdout: 'virtualservice gloo-system/petstore configured in petstore-vs.yaml\n', stderr: 'changeset canary created (branch changeset/canary)\n' });
    expect(repo.read('petstore-vs.yaml')).toContain('weight: 90');
    const [show, diff, list] = await Promise.all([
      run(repo.folder, 'changeset', 'show', 'canary', '-o', 'json'), run(repo.folder, 'changeset', 'diff', 'canary'), run(repo.folder, 'changeset', 'list', '-o', 'json'),
    ]);
    expect(show.code).toBe(0);
    const review = JSON.parse(show.stdout);
    expect(review.traffic.changes[0]).toMatchObject({ label: 'GET petstore.example.com/api/pets', summary: '90/10 → 70/30 petstore-v1/petstore-v2' });
    expect(review).toMatchObject({ base: { branch: 'main' }, merge: { fastForward: true, conflicts: [] }, blocking: [], files: [{ path: 'petstore-vs.yaml', change: 'modified' }] });
    expect(diff.code).toBe(1);
    expect(diff.stdout).toMatch(/^\+\s+- weight: 70$/m);
    expect(JSON.parse(list.stdout)).toMatchObject([{ name: 'canary', ahead: 1, merged: false }]);
    const merged = await run(repo.folder, 'changeset', 'merge', 'canary');
    expect(merged.code).toBe(0);
    expect(merged.stdout).toMatch(/^merged into main at \w+ \(fast-forward\)/);
    expect(repo.read('petstore-vs.yaml')).toContain('weight: 70');
  });

  it('a conflicting merge exits 1 naming the file, and discard deletes the branch', async () => {
    const repo = makeDemoRepo();
    expect((await run(repo.folder, 'delete', 'upstream', 'users', '-n', 'gloo-system', '--changeset', 'drop-users')).code).toBe(0);
    repo.write('upstreams.yaml', repo.read('upstreams.yaml').replace('port: 9003', 'port: 9004'));
    repo.git('commit', '-q', '-am', 'users on 9004');
    const merge = await run(repo.folder, 'changeset', 'merge', 'drop-users');
    expect(merge.code).toBe(1);
    expect(merge.stderr).toMatch(/conflicts with main in upstreams\.yaml; nothing was merged/);
    const discard = await run(repo.folder, 'changeset', 'discard', 'drop-users');
    expect(discard.stdout).toMatch(/changeset drop-users discarded \(it was at \w+; `git branch changeset\/drop-users \w+` brings it back\)/);
    expect(repo.git('branch', '--list', 'changeset/*')).toBe('');
  });
});

describe('xds-sandbox check --against', () => {
  it('exits 0 when the change breaks nothing, 1 when it fails a route test, 2 for a store that is no folder', async () => {
    const repo = makeDemoRepo();
    repo.write('petstore-vs.yaml', withWeights(repo.read('petstore-vs.yaml'), 70, 30));
    const fine = await run(repo.folder, 'check', '.', '--against', 'main');
    expect(fine.code).toBe(0);
    expect(fine.stdout).toMatch(/^Accepted +VirtualService gloo-system\/petstore/m);
    expect(fine.stdout).toContain('`GET petstore.example.com/api/pets`: 90/10 → 70/30 petstore-v1/petstore-v2');
    expect(fine.stdout).toMatch(/OK: the change makes nothing Rejected and fails no route test\n$/);
    repo.write('petstore-vs.yaml', repo.read('petstore-vs.yaml').replace('upstream: {name: petstore-v2, namespace: gloo-system}\n    - name: pets', 'upstream: {name: petstore-v1, namespace: gloo-system}\n    - name: pets'));
    const [broken, usage] = await Promise.all([run(repo.folder, 'check', '--against', 'main', '-o', 'json'), run(repo.folder, 'check', 'memory:', '--against', 'main')]);
    expect(broken.code).toBe(1);
    const report = JSON.parse(broken.stdout);
    expect(report.summary).toMatchObject({ rejected: 1 });
    expect(report.against.regressions).toEqual([expect.stringMatching(/^route test gloo-system\/demo-routes "canary header goes to v2" fails/)]);
    expect(usage.code).toBe(2);
  });
});
