import { afterAll, describe, expect, it } from 'vitest';
import type { Resource } from '../../common/model/resource';
import { parseYamlFile } from '../../common/model/yaml-documents';
import { reviewChangeset } from './changeset-review';
import { openChangesetStore } from './changeset-store';
import { locateGitFolder } from './git-repo';
import { makeDemoRepo, removeTestRepos, withWeights, type TestRepo } from './git-test-repo';

afterAll(removeTestRepos);

function petstore(text: string): Resource<'VirtualService'> {
  return parseYamlFile(text, 'petstore-vs.yaml').resources[0].resource as Resource<'VirtualService'>;
}

/** Commits a new text of the demo VirtualService to a changeset. */
async function editPetstore(repo: TestRepo, changeset: string, edit: (text: string) => string): Promise<void> {
  const store = await openChangesetStore(repo.folder, changeset, { create: true });
  await store.client('VirtualService').write(petstore(edit(repo.read('petstore-vs.yaml'))), { overwrite: true });
  await store.close();
}

describe('changeset review', () => {
  const repo = makeDemoRepo();

  it('shows where traffic goes before and after, with the YAML and xDS diffs, and lets a clean change merge', async () => {
    await editPetstore(repo, 'canary', (t) => withWeights(t, 70, 30));
    const review = await reviewChangeset(await locateGitFolder(repo.folder), 'canary');
    expect(review.traffic.changes).toEqual([expect.objectContaining({
      label: 'GET petstore.example.com/api/pets', summary: '90/10 → 70/30 petstore-v1/petstore-v2',
      origin: 'route pets of VirtualService gloo-system/petstore',
    })]);
    expect(review.traffic.changes[0].after).toMatchObject({ kind: 'forward', targets: ['petstore-v1', 'petstore-v2'], shares: [70, 30] });
    expect(review.traffic.unchanged).toBeGreaterThan(0);
    expect(review.routeTests).toHaveLength(4);
    expect(review.routeTests.every((t) => t.before?.passed && t.after?.passed)).toBe(true);
    expect(review.files).toEqual([expect.objectContaining({ path: 'petstore-vs.yaml', change: 'modified' })]);
    expect(review.files[0].patch).toMatch(/^-\s+- weight: 90$/m);
    expect(review.files[0].patch).toMatch(/^\+\s+- weight: 70$/m);
    expect(review.xds.proxies[0].changed[0]).toMatchObject({ type: 'route', name: 'listener-::-8080-routes' });
    expect(review.objects.changed.map((o) => o.name)).toEqual(['petstore']);
    expect(review.merge).toEqual({ fastForward: true, conflicts: [] });
    expect(review.blocking).toEqual([]);
    expect(review.regressions).toEqual([]);
  });

  it('shows a route test that passed before and fails after, and what then stands in the way of merging', async () => {
    await editPetstore(repo, 'break-canary', (t) => t.replace('upstream: {name: petstore-v2, namespace: gloo-system}\n    - name: pets', 'upstream: {name: petstore-v1, namespace: gloo-system}\n    - name: pets'));
    const review = await reviewChangeset(await locateGitFolder(repo.folder), 'break-canary');
    const canary = review.routeTests.find((t) => t.test === 'canary header goes to v2');
    expect(canary?.before).toMatchObject({ passed: true, outcome: 'petstore-v2' });
    expect(canary?.after).toMatchObject({ passed: false, outcome: 'petstore-v1' });
    expect(canary?.after?.failures[0]).toMatch(/upstream: expected "gloo-system\/petstore-v2"/);
    expect(review.traffic.changes.map((c) => [c.label, c.summary])).toContainEqual(['GET petstore.example.com/api/pets [x-canary: true]', 'petstore-v2 → petstore-v1']);
    expect(review.statuses).toContainEqual(expect.objectContaining({ kind: 'RouteTest', name: 'demo-routes', introduced: true }));
    expect(review.blocking).toEqual([expect.stringMatching(/^route test gloo-system\/demo-routes "canary header goes to v2" fails/)]);
    expect(review.regressions).toHaveLength(1);
  });

  it('lists a Rejected object, the last accepted version of which stays served, so its traffic does not change', async () => {
    await editPetstore(repo, 'reject', (t) => t.replace('httpsRedirect: true', 'httpsRedirect: true\n      options:\n        timeout: 5s'));
    const review = await reviewChangeset(await locateGitFolder(repo.folder), 'reject');
    const vs = review.statuses.find((s) => s.kind === 'VirtualService');
    expect(vs).toMatchObject({ name: 'petstore', before: { state: 'Accepted' }, after: { state: 'Rejected' }, introduced: true });
    expect(review.blocking[0]).toMatch(/^VirtualService gloo-system\/petstore is Rejected/);
    expect(review.traffic.changes).toEqual([]);
  });
});
