// The Discovery view on a real `xds-sandbox serve` whose Settings turn on the static source, pointed at
// a real OpenAPI server on loopback: the discovered Upstream, its functions, and adopting it.
import { AxeBuilder } from '@axe-core/playwright';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpServer, type TestServer } from '../core/node/discovery/test-support/servers';
import { launchChromium } from './support/browser';
import { ensureRendererBuilt } from './support/renderer-build';
import { saveScreenshot } from './support/screenshots';
import { ROOT, startServeOn, type ServeRun } from './support/serve';

describe('the Discovery view', () => {
  let api: TestServer;
  let run: ServeRun;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureRendererBuilt();
    api = await httpServer({ '/swagger.json': ['application/json', await readFile(join(ROOT, 'core/common/discovery/fixtures/petstore-v2.json'), 'utf8')] });
    const dir = await mkdtemp(join(tmpdir(), 'xds-e2e-discovery-'));
    await writeFile(join(dir, 'settings.yaml'), `apiVersion: gloo.solo.io/v1
kind: Settings
metadata: {name: default, namespace: gloo-system}
spec:
  discovery:
    sources: [static]
    staticTargets: ['127.0.0.1:${api.port}']
    scanInterval: 0.5s
`);
    [run, browser] = await Promise.all([startServeOn(dir), launchChromium()]);
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(run.url);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await run?.stop();
    await api?.close();
  });

  const name = () => `127-0-0-1-${api.port}`;
  const row = () => page.locator(`[data-testid=discovery-upstream][data-name="${name()}"]`);

  it('shows the source, the Upstream it found and the functions of its OpenAPI document', async () => {
    await page.getByRole('link', { name: 'Discovery' }).click();
    await expect.poll(() => page.getByTestId('discovery-status').innerText()).toContain('Discovery runs static');
    await expect.poll(() => page.locator('[data-testid=discovery-source][data-kind=static]').innerText()).toContain('1 found');
    await expect.poll(() => row().locator('[data-testid=fds-summary]').innerText(), { timeout: 15_000 }).toBe('found 4 functions (OpenAPI 2.0 at /swagger.json)');
    expect(await row().getAttribute('data-owner')).toBe('discovery');
    await expect.poll(() => page.locator('[data-testid=discovery-pass]').first().innerText(), { timeout: 15_000 }).toMatch(/→ gateway pass \d+ → xDS gloo-system~gateway-proxy@/);
    await saveScreenshot(page, 'discovery');
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  });

  it('the timeline shows the discovery passes in their own lane, each leading to the gateway pass it caused', async () => {
    await page.getByRole('link', { name: 'Timeline', exact: true }).click();
    const lane = page.locator('[data-testid=discovery-pass-row]').last();
    await expect.poll(() => lane.innerText(), { timeout: 15_000 }).toMatch(new RegExp(`discovery #1: create Upstream gloo-system/${name()} → pass #\\d+ → xDS change`));
    const gatewayPass = Number(/→ pass #(\d+)/.exec(await lane.innerText())![1]);
    await lane.click();
    await expect.poll(() => page.getByTestId('pass-detail').getAttribute('data-pass-id')).toBe(String(gatewayPass));
    expect(await page.getByTestId('pass-detail').innerText()).toMatch(/discovery pass 1: created Upstream/);
    await page.getByRole('link', { name: 'Discovery', exact: true }).click();
  });

  it('Adopt makes the Upstream the user\'s own: no discovered_by label in the folder, and discovery says it is yours', async () => {
    await row().getByTestId('adopt').click();
    await expect.poll(() => page.getByTestId('discovery-notice').innerText()).toContain(`Upstream gloo-system/${name()} is yours now`);
    await expect.poll(() => row().getAttribute('data-owner')).toBe('user');
    expect(await row().getByTestId('adopt').count()).toBe(0);
    const files = (await readdir(run.dir, { recursive: true })).filter((f) => f.endsWith('.yaml') && f.includes(name()));
    expect(files).toHaveLength(1);
    const text = await readFile(join(run.dir, files[0]), 'utf8');
    expect(text).not.toContain('discovered_by');
    expect(text).toContain('transformations');
    expect(pageErrors).toEqual([]);
  });
});
