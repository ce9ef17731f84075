// The GitOps methods of a running engine on a real repository: changeset mode, review and a merge deployed in one pass.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PassSummary } from '../../common/api/contract';
import { startEngine, type Engine } from '../engine/engine';
import { waitFor } from '../xds/test-support/harness';
import { makeDemoRepo, removeTestRepos, withWeights, type TestRepo } from './git-test-repo';

let engine: Engine;
let repo: TestRepo;
const passes: PassSummary[] = [];

beforeAll(async () => {
  repo = makeDemoRepo();
  engine = await startEngine({ store: repo.folder, xdsPort: 0, envoy: 'off' });
  engine.onEvent((e) => { if (e.type === 'pass') passes.push(e.pass); });
  await waitFor(async () => engine.loop.latest !== undefined, 20_000, 'the first pass');
});

afterAll(async () => {
  await engine?.close();
  removeTestRepos();
});

/** The weights the served xDS gives the pets route. */
function servedWeights(): number[] {
  const route = [...engine.loop.latest!.result.xds.values()][0].resources.route.items.get('listener-::-8080-routes')!;
  const json = route.json as { virtualHosts: { routes: { name: string; route?: { weightedClusters?: { clusters: { weight: number }[] } } }[] }[] };
  const pets = json.virtualHosts[0].routes.find((r) => r.route?.weightedClusters)!;
  return pets.route!.weightedClusters!.clusters.map((c) => c.weight);
}

describe('GitOps in the engine', () => {
  it('changeset mode commits saves to the changeset and shows its config, while the served folder and xDS stay as they are', async () => {
    const api = engine.api;
    expect(await api.gitStatus()).toMatchObject({ state: 'synced', branch: 'main' });
    await api.createChangeset('canary');
    expect(await api.setChangesetMode('canary')).toMatchObject({ changeset: 'canary' });
    const detail = await api.getResource({ kind: 'VirtualService', namespace: 'gloo-system', name: 'petstore' });
    expect(detail.yaml).toMatch(/^apiVersion: gateway.solo.io\/v1\nkind: VirtualService/);
    const saved = await api.saveYaml(withWeights(detail.yaml, 70, 30).replace('metadata:\n', `metadata:\n  resourceVersion: "${detail.resourceVersion}"\n`));
    expect(saved).toMatchObject({ ok: true });
    expect((await api.getResource(detail)).yaml).toContain('weight: 70');
    const listed = (await api.listResources()).resources.find((r) => r.name === 'petstore' && r.kind === 'VirtualService');
    expect(listed).toMatchObject({ state: 'Accepted', resourceVersion: expect.any(String) });
    expect(listed?.resourceVersion).not.toBe(detail.resourceVersion);
    expect(repo.read('petstore-vs.yaml')).toContain('weight: 90');
    expect(servedWeights()).toEqual([90, 10]);
    expect(await api.gitStatus()).toMatchObject({ state: 'synced', changeset: 'canary' });
    const review = await api.reviewChangeset('canary');
    expect(review.traffic.changes.map((c) => c.summary)).toEqual(['90/10 → 70/30 petstore-v1/petstore-v2']);
    await api.setChangesetMode(undefined);
    expect((await api.getResource(detail)).yaml).toContain('weight: 90');
  });

  it('merging deploys the whole changeset in one pass, round after round', async () => {
    const api = engine.api;
    for (const [round, [v1, v2]] of [[70, 30], [40, 60], [10, 90]].entries()) {
      const name = `round-${round}`;
      await api.createChangeset(name);
      await api.setChangesetMode(name);
      const vs = await api.getResource({ kind: 'VirtualService', namespace: 'gloo-system', name: 'petstore' });
      const text = vs.yaml.replace(/- weight: \d+/, `- weight: ${v1}`).replace(/(- weight: \d+[\s\S]*?- weight: )\d+/, `$1${v2}`);
      expect(await api.saveYaml(text)).toMatchObject({ ok: true });
      const users = await api.getResource({ kind: 'Upstream', namespace: 'gloo-system', name: 'users' });
      expect(await api.saveYaml(users.yaml.replace(/port: \d+/, `port: ${9100 + round}`))).toMatchObject({ ok: true });
      await engine.loop.idle();
      const before = passes.length;
      expect(await api.mergeChangeset(name)).toMatchObject({ merged: true });
      expect(await api.gitStatus()).toMatchObject({ state: 'synced' });
      expect((await api.gitStatus()).changeset).toBeUndefined();
      await waitFor(async () => passes.length > before, 10_000, 'the deploying pass');
      await engine.loop.idle();
      await new Promise((r) => setTimeout(r, 300)); // a second pass would come from a late watcher event: give it time to show
      expect(passes.length - before).toBe(1);
      expect(servedWeights()).toEqual([v1, v2]);
      expect(passes[passes.length - 1].objectsChanged).toBe(2);
    }
  });
});
