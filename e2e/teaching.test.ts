// Teaching mode in Chromium against the real `serve` on the demo config: the pending change of a paused loop,
// stepping stage by stage, the built-in client closing the ACK stage, the presenter layout at 200% zoom, the
// shortcuts overlay and the guided tour's bad edit and fix.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { startDemoServe } from './support/demo-serve';
import { ensureRendererBuilt } from './support/renderer-build';
import { saveScreenshot } from './support/screenshots';
import type { ServeRun } from './support/serve';

describe('teaching mode', () => {
  let run: ServeRun;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureRendererBuilt();
    [run, browser] = await Promise.all([startDemoServe(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${run.url}#/teach`);
    await page.getByTestId('pipeline').waitFor();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await run?.stop();
  });

  const stage = () => page.getByTestId('stage-panel');
  const box = (id: string) => page.locator(`.pipeline-box[data-box="${id}"]`);

  /** Presses a single-key shortcut with focus on the page body. */
  async function key(k: string): Promise<void> {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press(k);
  }

  it('shows the pending change of a paused loop, then steps one stage at a time', async () => {
    await key('p');
    await expect.poll(() => page.getByTestId('pause').innerText()).toContain('Resume');
    const file = join(run.dir, 'petstore-vs.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('weight: 90', 'weight: 80').replace('weight: 10', 'weight: 20'));
    await expect.poll(() => page.getByTestId('pending-indicator').innerText({ timeout: 200 }).catch(() => ''), { timeout: 5000 }).toContain('1 file changed: petstore-vs.yaml');
    expect(await page.getByTestId('pending-change').innerText()).toContain('press Space');

    await key('Space');
    await expect.poll(() => stage().getAttribute('data-stage')).toBe('snapshot');
    expect(await stage().locator('[data-testid=diff-entry]').first().innerText()).toContain('VirtualService gloo-system/petstore');
    expect(await box('snapshot').getAttribute('data-status')).toBe('running');
    expect(await page.getByTestId('count-snapshot').innerText()).toBe('1 changed');
    expect(await page.getByTestId('items-snapshot').innerText()).toBe('VirtualService petstore');
    expect(await page.getByTestId('pending-indicator').count()).toBe(0);

    await key('Space');
    await expect.poll(() => stage().getAttribute('data-stage')).toBe('proxies');
    expect(await stage().locator('[data-testid=diff-entry]').first().innerText()).toContain('Proxy');
    expect(await stage().locator('[data-testid=diff-field]').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/weight.*90.*80/s)]));
    expect(await box('xds').getAttribute('data-status')).toBe('waiting');

    await key('Space');
    await expect.poll(() => stage().getAttribute('data-stage')).toBe('xds');
    expect(await stage().innerText()).toContain('Published:');
    expect(await page.getByTestId('count-xds').innerText()).toMatch(/resources? changed/);
    await expect.poll(() => page.locator('.stages li[data-on=true]').count()).toBe(3);
    await saveScreenshot(page, 'teaching-pipeline', 'teaching-pipeline.png');

    await key('Space');
    await page.getByTestId('ack-panel').waitFor();
    expect(await page.getByTestId('no-client').innerText()).toContain('Nothing can ACK');
    expect(await page.getByTestId('count-clients').innerText()).toBe('no client');
    await expect.poll(() => page.locator('.stages li[data-on=true]').count()).toBe(4);
  });

  it('closes the ACK stage with the built-in proxyless client, per resource type', async () => {
    await page.getByTestId('start-client').click();
    const row = page.locator('[data-testid=ack-row]').first();
    // grpc-js takes only forwarding routes: the demo's redirect and direct response make it NACK the routes.
    await expect.poll(() => row.getAttribute('data-state', { timeout: 200 }).catch(() => ''), { timeout: 15_000 }).toBe('nacked');
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toMatch(/listener: ✓ ACK/);
    expect(await row.innerText()).toMatch(/route: ✕ NACK — .*unsupported action: redirect/);
    expect(await page.getByTestId('builtin-client').innerText()).toContain('xds:///petstore.example.com');
    expect(await page.getByTestId('count-clients').innerText()).toBe('1 NACK');
    await saveScreenshot(page, 'teaching-ack');
    await page.getByTestId('stop-client').click();
    await expect.poll(() => page.getByTestId('builtin-client').count()).toBe(0);
  });

  it('lays out for a presenter at 200% zoom: large type, nothing clipped, diffs readable', async () => {
    const zoomed = await browser.newPage({ viewport: { width: 720, height: 450 }, deviceScaleFactor: 2 });
    try {
      await zoomed.goto(`${run.url}#/teach`);
      await zoomed.getByTestId('pipeline').waitFor();
      await zoomed.keyboard.press('m');
      await expect.poll(() => zoomed.locator('.app').getAttribute('class')).toContain('presenter');
      await expect.poll(() => zoomed.locator('.stages li').count()).toBe(4);
      const fits = await zoomed.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const pills = [...document.querySelectorAll('.stages li, .teaching button, .nav a')].map((el) => el.getBoundingClientRect());
        return { overflow: document.documentElement.scrollWidth - width, clipped: pills.filter((r) => r.right > width + 1 || r.left < -1 || r.width < 20).length, fontSize: parseFloat(getComputedStyle(document.querySelector('.stages li')!).fontSize) };
      });
      expect(fits).toEqual({ overflow: 0, clipped: 0, fontSize: 18 });
      await zoomed.evaluate(() => { window.location.hash = '#/timeline'; });
      const field = zoomed.locator('[data-testid=diff-field]').first();
      await field.waitFor();
      const narrowest = await zoomed.evaluate(() => Math.min(...[...document.querySelectorAll('[data-testid=diff-field] td.field-path, [data-testid=diff-field] td.field-after')].map((td) => td.getBoundingClientRect().width)));
      expect(narrowest).toBeGreaterThan(100);
      await saveScreenshot(zoomed, 'presenter-200');
      await zoomed.keyboard.press('h');
      await zoomed.getByRole('button', { name: 'Show header (H)' }).waitFor();
      expect(await zoomed.locator('header').count()).toBe(0);
    } finally {
      await zoomed.close();
    }
  });

  it('lists the keyboard shortcuts on ?', async () => {
    await key('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    const text = await dialog.innerText();
    for (const k of ['Space', 'P', 'Step one stage', 'Pause or resume the loop', 'Hide or show the header']) expect(text).toContain(k);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
  });

  it('tours a bad edit that keeps the last good xDS, then its fix', async () => {
    await key('t');
    await page.getByTestId('tour').waitFor();
    for (let i = 0; i < 4; i++) await page.getByTestId('tour-next').click();
    await expect.poll(() => page.getByTestId('tour').getAttribute('data-step')).toBe('4');
    await page.getByTestId('tour-action').click();
    await expect.poll(() => page.getByTestId('pending-indicator').innerText({ timeout: 200 }).catch(() => ''), { timeout: 5000 }).toContain('petstore-vs.yaml');
    for (let i = 0; i < 3; i++) {
      const before = await stage().getAttribute('data-stage', { timeout: 100 }).catch(() => null);
      await page.getByTestId('step-stage').click();
      await expect.poll(() => stage().getAttribute('data-stage')).not.toBe(before);
    }
    expect(await page.getByTestId('count-xds').innerText()).toBe('no change');
    expect(await stage().innerText()).toContain('keeps its last good version');
    await page.getByTestId('tour-next').click();
    await page.locator('[data-testid=resource-row][data-name=petstore]').waitFor();
    expect(await page.locator('[data-testid=resource-row][data-name=petstore]').getAttribute('data-state')).toBe('Rejected');
    await page.getByTestId('tour-next').click();
    await page.getByTestId('tour-action').click();
    await expect.poll(() => page.getByTestId('pending-indicator').count(), { timeout: 5000 }).toBe(1);
    await page.getByTestId('step').click();
    await page.getByTestId('tour-next').click();
    await page.getByTestId('tour-action').click();
    await expect.poll(() => page.getByTestId('pause').innerText()).toContain('Pause');
    await page.evaluate(() => { window.location.hash = '#/resources'; });
    await expect.poll(() => page.locator('[data-testid=resource-row][data-name=petstore]').getAttribute('data-state'), { timeout: 5000 }).toBe('Accepted');
    expect(pageErrors).toEqual([]);
  });
});
