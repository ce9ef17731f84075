// The topology at 500 VirtualServices: folded by namespace at first, search that opens the groups of a node and
// lights its paths, "only problems" that finds the three Rejected objects, and the route tester's request path.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { rejectedNames, vsName, writeLargeConfig } from './support/large-config';
import { ensureRendererBuilt } from './support/renderer-build';
import { saveScreenshot } from './support/screenshots';
import { startServeOn, type ServeRun } from './support/serve';

const COUNT = 500;

describe('topology at 500 VirtualServices', () => {
  let run: ServeRun;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await ensureRendererBuilt();
    const dir = await mkdtemp(join(tmpdir(), 'xds-e2e-topology-'));
    await writeLargeConfig(dir, COUNT);
    [run, browser] = await Promise.all([startServeOn(dir), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(run.url);
    await page.locator('.counts', { hasText: ' 3 rejected' }).waitFor({ timeout: 60_000 });
    await page.evaluate(() => { window.location.hash = '#/topology'; });
    await page.getByTestId('topology').waitFor({ timeout: 30_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await run?.stop();
  });

  const node = (id: string) => page.locator(`[data-testid=topo-node][data-id="${id}"]`);

  it('starts folded by namespace, each box counting its objects and problems', async () => {
    await node('namespace/team-7').waitFor();
    expect(Number(await page.getByTestId('topology').getAttribute('data-shown'))).toBeLessThan(20);
    const text = await node('namespace/team-7').innerText();
    expect(text).toMatch(/objects/);
    expect(text).toContain('need attention');
    await saveScreenshot(page, 'topology-500-folded');
  });

  it('finds a VirtualService by name, opens its groups and lights its paths', async () => {
    const name = vsName(123);
    await page.getByTestId('topology-search').fill(name);
    expect(await page.getByTestId('topology-matches').innerText()).toMatch(/^\d+ match/);
    await page.getByTestId('topology-search').press('Enter');
    const id = `VirtualService/team-3/${name}`;
    await expect.poll(() => node(id).getAttribute('data-mark', { timeout: 500 }).catch(() => ''), { timeout: 15_000 }).toBe('hit');
    expect(await page.locator('[data-testid=topo-node][data-mark=path]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=topo-node][data-id^="VirtualService/team-4/"]').count()).toBe(0);
    await saveScreenshot(page, 'topology-500-search');
  });

  it('shows only the three Rejected VirtualServices and their neighbours', async () => {
    await page.getByTestId('topology-search').fill('');
    await page.getByTestId('problems-only').check();
    const rejected = page.locator('[data-testid=topo-node][data-state=Rejected]');
    await expect.poll(() => rejected.count(), { timeout: 15_000 }).toBe(3);
    const names = await rejected.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')!.split('/').pop()!).sort());
    expect(names).toEqual(rejectedNames(COUNT).sort());
    expect(await rejected.first().innerText()).toContain('✕ Rejected');
    await page.getByTestId('problems-only').uncheck();
  });

  it("draws the path of the route tester's request", async () => {
    const name = vsName(42);
    await page.evaluate(() => { window.location.hash = '#/routes'; });
    await page.getByLabel('Host').fill(`${name}.example.com`);
    await page.getByLabel('Path').fill('/canary');
    await page.getByRole('button', { name: 'Test route' }).click();
    await page.getByTestId('show-in-topology').click();
    await page.getByTestId('show-request').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('[data-testid=topo-node][data-mark=path]').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(4);
    const onPath = await page.locator('[data-testid=topo-node][data-mark=path]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(onPath).toEqual(expect.arrayContaining([`VirtualService/team-2/${name}`, `Upstream/team-2/${name}-v1`, `Upstream/team-2/${name}-v2`]));
    expect(await page.locator('.topo-edge-label text').allTextContents()).toEqual(expect.arrayContaining(['90%', '10%']));
  });
});
