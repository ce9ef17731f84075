// 1,200 objects: the resource list stays virtualised (a few dozen rows in the DOM) and follows a bulk edit.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { ensureRendererBuilt } from './support/renderer-build';
import { startServeOn, type ServeRun } from './support/serve';

const COUNT = 1200;

function upstreams(port: number): string {
  return Array.from({ length: COUNT }, (_, i) => `apiVersion: gloo.solo.io/v1
kind: Upstream
metadata:
  name: u-${String(i).padStart(4, '0')}
  namespace: ns-${i % 10}
spec:
  static:
    hosts:
    - addr: 127.0.0.1
      port: ${port + i}
`).join('---\n');
}

describe('a store with 1,200 objects', () => {
  let run: ServeRun;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await ensureRendererBuilt();
    const dir = await mkdtemp(join(tmpdir(), 'xds-e2e-large-'));
    await writeFile(join(dir, 'upstreams.yaml'), upstreams(10_000));
    [run, browser] = await Promise.all([startServeOn(dir), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(run.url);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await run?.stop();
  });

  it('renders only the visible rows and scrolls to the last object', async () => {
    await page.locator('[data-testid=resource-row]').first().waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('.counts').innerText(), { timeout: 15_000 }).toMatch(new RegExp(`^${COUNT + 1} accepted`));
    expect(await page.locator('[data-testid=resource-row]').count()).toBeLessThan(80);
    await page.locator('.wl').evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await page.locator('[data-testid=resource-row][data-name="u-1199"]').waitFor({ timeout: 3000 });
  });

  it('follows a change of every object in one edit', async () => {
    const first = await page.evaluate(() => performance.now());
    await writeFile(join(run.dir, 'upstreams.yaml'), upstreams(20_000).replace('name: u-1199', 'name: u-renamed'));
    await page.locator('[data-testid=resource-row][data-name="u-renamed"]').waitFor({ timeout: 10_000 }).catch(async (e: unknown) => {
      await page.screenshot({ path: 'test-results/large-debug.png' });
      throw e;
    });
    const elapsed = (await page.evaluate(() => performance.now())) - first;
    expect(elapsed).toBeLessThan(10_000);
    expect(await page.locator('[data-testid=resource-row]').count()).toBeLessThan(80);
  });
});
