// Changesets in the UI, against the real `serve` on a real Git repository, in Chromium: changeset mode (a save becomes a
// commit, the served folder does not move), the review (traffic, route tests, YAML, xDS) and a merge that deploys.
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDemoRepo, removeTestRepos, type TestRepo } from '../core/node/gitops/git-test-repo';
import { launchChromium } from './support/browser';
import { ensureRendererBuilt } from './support/renderer-build';
import { saveScreenshot } from './support/screenshots';
import { startServeOn, type ServeRun } from './support/serve';

describe('changesets in the UI', () => {
  let repo: TestRepo;
  let run: ServeRun;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await ensureRendererBuilt();
    repo = makeDemoRepo();
    [run, browser] = await Promise.all([startServeOn(repo.folder), launchChromium()]);
    page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(run.url);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await run?.stop();
    removeTestRepos();
  });

  const show = (hash: string) => page.evaluate((h) => { window.location.hash = h; }, hash);

  /** Calls the engine API as the page does (same origin, its cookie). */
  function call<T>(method: string, ...args: unknown[]): Promise<T> {
    return page.evaluate(async ([m, a]) => {
      const res = await fetch(`/api/${m}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(a) });
      return ((await res.json()) as { result: unknown }).result;
    }, [method, args] as const) as Promise<T>;
  }

  /** Replaces text in the open editor and saves. */
  async function editAndSave(find: RegExp, replace: string): Promise<void> {
    await page.locator('.cm-line', { hasText: 'petstore.example.com' }).first().waitFor();
    const text = (await page.locator('.cm-line').allInnerTexts()).join('\n');
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText(text.replace(find, replace));
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('save-notice').innerText()).toMatch(/^Saved VirtualService gloo-system\/petstore/);
  }

  it('changeset mode: a save is a commit on the changeset, and the served folder and config stay as they are', async () => {
    await show('#/changesets');
    await expect.poll(() => page.getByTestId('sync-badge').getAttribute('data-state')).toBe('synced');
    await page.getByTestId('changeset-name').fill('add-canary');
    await page.getByTestId('create-changeset').click();
    await page.getByTestId('changeset-mode').waitFor();
    await show('#/editor/VirtualService/gloo-system/petstore');
    await editAndSave(/weight: 90([\s\S]*?)weight: 10/, 'weight: 70$1weight: 30');
    expect(repo.git('log', '-1', '--format=%s', 'changeset/add-canary')).toBe('Update VirtualService gloo-system/petstore');
    expect(repo.read('petstore-vs.yaml')).toContain('weight: 90');
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('the review shows the traffic diff, route tests before and after, the YAML diff and the xDS diff', async () => {
    await show('#/changesets/add-canary');
    await page.getByTestId('traffic-row').first().waitFor();
    expect(await page.getByTestId('traffic-row').getAttribute('data-summary')).toBe('90/10 → 70/30 petstore-v1/petstore-v2');
    expect(await page.getByTestId('traffic-row').innerText()).toMatch(/GET petstore\.example\.com\/api\/pets\s+90\/10 petstore-v1\/petstore-v2\s+70\/30 petstore-v1\/petstore-v2/);
    const tests = page.getByTestId('route-test-row');
    expect(await tests.count()).toBe(4);
    for (const row of await tests.all()) expect([await row.getAttribute('data-before'), await row.getAttribute('data-after')]).toEqual(['pass', 'pass']);
    expect(await page.locator('.pl-add').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/^\+\s+- weight: 70\s*$/)]));
    expect(await page.getByTestId('review-xds-diff').innerText()).toContain('route listener-::-8080-routes');
    expect(await page.getByTestId('merge-readiness').innerText()).toMatch(/^Ready to merge \(fast-forward\)/);
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`))).toEqual([]);
    await saveScreenshot(page, 'changeset-review', 'changeset-review.png');
  });

  it('a changeset that fails a route test is refused, and the review says why', async () => {
    await call('createChangeset', 'break-canary');
    await call('setChangesetMode', 'break-canary');
    const vs = await call<{ yaml: string }>('getResource', { kind: 'VirtualService', namespace: 'gloo-system', name: 'petstore' });
    await call('saveYaml', vs.yaml.replace('upstream: {name: petstore-v2, namespace: gloo-system}\n    - name: pets', 'upstream: {name: petstore-v1, namespace: gloo-system}\n    - name: pets'));
    await page.reload();
    await show('#/changesets/break-canary');
    await expect.poll(() => page.getByTestId('merge-readiness').innerText()).toMatch(/Merging is refused unless forced:\s+route test gloo-system\/demo-routes "canary header goes to v2" fails/);
    expect(await page.locator('[data-testid=route-test-row][data-after=fail]').innerText()).toContain('canary header goes to v2');
    await saveScreenshot(page, 'changeset-review-blocked', 'changeset-review-blocked.png');
    await page.getByTestId('merge').click();
    await expect.poll(() => page.getByTestId('merge-outcome').innerText()).toMatch(/is not merged: its config has 1 problem/);
    await page.getByTestId('stop-editing').click();
  });

  it('merging deploys the changeset: the served folder follows and the next pass serves it', async () => {
    await show('#/changesets/add-canary');
    await page.getByTestId('merge').click();
    await expect.poll(() => page.getByTestId('merge-outcome').innerText()).toMatch(/^Merged into main at \w+ \(fast-forward\)/);
    expect(repo.read('petstore-vs.yaml')).toContain('weight: 70');
    await expect.poll(async () => {
      const xds = await call<{ proxies: { routes?: unknown }[] }>('getXds');
      return JSON.stringify(xds).includes('"weight":70');
    }, { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.locator('[data-testid=changeset-row][data-name=add-canary]').getAttribute('data-merged')).toBe('true');
    expect(await page.getByTestId('sync-badge').getAttribute('data-state')).toBe('synced');
  });
});
