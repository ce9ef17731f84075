// sync and diff between a YAML folder and a kube: store on a real kube-apiserver, through the CLI as a user runs it:
// the plan printed first, --dry-run changing nothing, --prune deleting what the folder lacks, a change made to the
// cluster after planning refused rather than overwritten, and diff equal once synced.
import { execFile } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_NAMESPACES } from '../../common/store/resource-client';
import { openFolderStore } from './folder-store';
import { openKubeStore } from './kube-store';
import { openSqliteStore } from './sqlite-store';
import { emptyCluster, kubeSkip, useKubeCluster } from './kube-test-cluster';
import { applySync, planSync } from './store-sync';
import { FIXTURES, makeTempDir, removeTempDirs, upstream } from './store-test-helpers';

const BIN = fileURLToPath(new URL('../../../bin/xds-sandbox.js', import.meta.url));
const cluster = useKubeCluster();
afterAll(removeTempDirs);

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 120_000, env: { ...process.env, KUBECONFIG: cluster.get().kubeconfig, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('sync --prune', () => {
  it('a delete planned from one version is refused once the target object changed, and the object stays', async () => {
    const folder = makeTempDir();
    const local = await openFolderStore(folder, { watch: false });
    const target = openSqliteStore(join(makeTempDir(), 'target.db'));
    try {
      await local.client('Upstream').write(upstream('kept'));
      await target.client('Upstream').write(upstream('kept'));
      const theirs = await target.client('Upstream').write(upstream('extra', 'default', { from: 'target' }));
      const plan = await planSync(local, target, { prune: true });
      expect(plan.steps.map((s) => `${s.action} ${s.name}`)).toEqual(['delete extra']);
      await target.client('Upstream').write({ ...theirs, metadata: { ...theirs.metadata, labels: { from: 'someone-else' } } }, { overwrite: true });
      const [outcome] = await applySync(target, plan);
      expect(outcome.error).toMatch(/Upstream default\/extra: resourceVersion .* is stale/);
      expect((await target.client('Upstream').read('default', 'extra')).metadata.labels).toEqual({ from: 'someone-else' });
      const replanned = await planSync(local, target, { prune: true });
      expect((await applySync(target, replanned)).map((o) => o.error)).toEqual([undefined]);
      expect((await target.client('Upstream').list(ALL_NAMESPACES)).map((u) => u.metadata.name)).toEqual(['kept']);
    } finally {
      await local.close();
      await target.close();
    }
  });
});

describe.skipIf(kubeSkip)(kubeSkip ? `sync and diff with kube: (skipped: ${kubeSkip})` : 'sync and diff between a folder and kube:', () => {
  it('sync prints the plan, --dry-run changes nothing, a real run makes the cluster hold the folder, and diff is then equal', async () => {
    await emptyCluster(cluster.get());
    const folder = makeTempDir();
    cpSync(join(FIXTURES, 'demo'), folder, { recursive: true });
    expect((await cli(['diff', folder, 'kube:'])).code).toBe(1);

    const dry = await cli(['sync', folder, 'kube:', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^\+ create upstream gloo-system\/petstore-v1$/m);
    expect(dry.stdout).toMatch(/plan: \d+ to create, 0 to update, 0 to delete, 0 unchanged/);
    expect(dry.stdout).not.toContain('applied');
    expect((await cli(['get', 'upstreams', '--store', 'kube:', '-A'])).stdout).not.toContain('petstore-v1');

    const real = await cli(['sync', folder, 'kube:']);
    expect(real.code).toBe(0);
    expect(real.stdout.indexOf('plan:')).toBeLessThan(real.stdout.indexOf('applied'));
    expect(real.stdout).toMatch(/applied (\d+) of \1 step\(s\)/);
    const again = await cli(['diff', folder, 'kube:']);
    expect(again.code).toBe(0);
    expect((await cli(['sync', folder, 'kube:'])).stdout).toMatch(/plan: 0 to create, 0 to update, 0 to delete, \d+ unchanged/);

    writeFileSync(join(folder, 'upstreams.yaml'), readFileSync(join(folder, 'upstreams.yaml'), 'utf8').replace(/port: (\d+)/, 'port: 9999'));
    rmSync(join(folder, 'route-tests.yaml'));
    const changed = await cli(['diff', folder, 'kube:']);
    expect(changed.code).toBe(1);
    const noPrune = await cli(['sync', folder, 'kube:', '--dry-run']);
    expect(noPrune.stdout).toMatch(/^~ update upstream /m);
    expect(noPrune.stdout).not.toMatch(/^- delete/m);
    const pruned = await cli(['sync', folder, 'kube:', '--prune']);
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toMatch(/^- delete routetest /m);
    expect((await cli(['diff', folder, 'kube:'])).code).toBe(0);
  }, 300_000);

  it('a change made to the cluster after the plan is refused, not overwritten', async () => {
    await emptyCluster(cluster.get());
    const folder = makeTempDir();
    const local = await openFolderStore(folder, { watch: false });
    const kube = await openKubeStore('', { kubeconfig: cluster.get().kubeconfig });
    try {
      await local.client('Upstream').write(upstream('u', 'default', { from: 'folder' }));
      const theirs = await kube.client('Upstream').write(upstream('u', 'default', { from: 'cluster' }));
      const plan = await planSync(local, kube, { prune: true });
      expect(plan.steps.map((s) => s.action)).toEqual(['update']);
      await kube.client('Upstream').write({ ...theirs, metadata: { ...theirs.metadata, labels: { from: 'someone-else' } } }, { overwrite: true });
      const [outcome] = await applySync(kube, plan);
      expect(outcome.error).toMatch(/resourceVersion .* is stale/);
      expect((await kube.client('Upstream').list(ALL_NAMESPACES))[0].metadata.labels).toEqual({ from: 'someone-else' });
    } finally {
      await local.close();
      await kube.close();
    }
  }, 120_000);

  it('sync from a folder with problems changes nothing and says why', async () => {
    const folder = makeTempDir();
    writeFileSync(join(folder, 'bad.yaml'), 'apiVersion: gloo.solo.io/v1\nkind: Upstream\nmetadata: {name: x}\nspec: [\n');
    const r = await cli(['sync', folder, 'kube:', '--prune']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+: .*\n.*1 problem\(s\); fix them before syncing \(nothing was changed\)/);
  });
});
