// axe-core on every view of the UI (and its overlays, and presenter mode) against the real `serve` on the demo
// config: no serious or critical violation of WCAG 2.1 A/AA rules. Also: the connection state and lists work
// without colour or a mouse.
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { startDemoServe } from './support/demo-serve';
import { ensureRendererBuilt } from './support/renderer-build';
import type { ServeRun } from './support/serve';

/** Each view and what shows it is ready. */
const VIEWS: readonly [string, string][] = [
  ['#/resources', '[data-testid=resource-row]'],
  ['#/editor/VirtualService/gloo-system/petstore', '.cm-line'],
  ['#/new/Upstream', '.cm-line'],
  ['#/timeline', '[data-testid=pass-detail]'],
  ['#/xds', '[data-testid=xds-routes]'],
  ['#/topology', '[data-testid=topo-node]'],
  ['#/routes', '[data-testid=route-form]'],
  ['#/envoy', '[data-testid=envoy-state]'],
  ['#/teach', '[data-testid=pipeline]'],
];

describe('accessibility', () => {
  let run: ServeRun;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await ensureRendererBuilt();
    [run, browser] = await Promise.all([startDemoServe(), launchChromium()]);
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(run.url);
    await page.locator('[data-testid=resource-row]').first().waitFor({ timeout: 30_000 });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await run?.stop();
  });

  /** Serious and critical axe violations on the page as it is, one line each. */
  async function seriousViolations(): Promise<string[]> {
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ').trim()}`));
  }

  it('finds no serious violation on any view', async () => {
    const found: string[] = [];
    for (const [hash, ready] of VIEWS) {
      await page.evaluate((h) => { window.location.hash = h; }, hash);
      await page.locator(ready).first().waitFor({ timeout: 15_000 });
      await page.waitForTimeout(300);
      found.push(...(await seriousViolations()).map((v) => `${hash} ${v}`));
    }
    expect(found).toEqual([]);
  }, 120_000);

  it('finds no serious violation in the overlays or in presenter mode', async () => {
    await page.evaluate(() => { window.location.hash = '#/teach'; });
    await page.getByTestId('pipeline').waitFor();
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await page.getByTestId('shortcuts').waitFor();
    const found = (await seriousViolations()).map((v) => `shortcuts ${v}`);
    await page.keyboard.press('Escape');
    await page.getByTestId('presenter').click();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('t');
    await page.getByTestId('tour').waitFor();
    found.push(...(await seriousViolations()).map((v) => `presenter+tour ${v}`));
    await page.keyboard.press('Escape');
    await page.getByTestId('presenter').click();
    expect(found).toEqual([]);
  });

  it('says the connection state in words and moves through lists with the arrow keys', async () => {
    expect(await page.getByTestId('connection').innerText()).toContain('Connected');
    await page.evaluate(() => { window.location.hash = '#/resources'; });
    const rows = page.locator('[data-testid=resource-row]');
    await rows.first().waitFor();
    await rows.first().focus();
    const activeIndex = () => page.evaluate(() => Number(document.activeElement?.closest('[role=listitem]')?.getAttribute('data-index')));
    const start = await activeIndex();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await activeIndex()).toBe(start + 2);
    await page.keyboard.press('End');
    expect(await activeIndex()).toBe((await page.locator('.wl-row').count()) - 1);
    expect(await page.locator('.wl-row [tabindex="0"], .wl-row[tabindex="0"]').count()).toBe(1);
  });
});
