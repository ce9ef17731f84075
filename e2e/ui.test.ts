// The UI against the real `xds-sandbox serve` on a temporary YAML folder, driven in Chromium.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { ensureRendererBuilt } from './support/renderer-build';
import { saveScreenshot } from './support/screenshots';
import { startServe, type ServeRun } from './support/serve';

const EXTRA_UPSTREAM = `apiVersion: gloo.solo.io/v1
kind: Upstream
metadata:
  name: extra
  namespace: gloo-system
spec:
  static:
    hosts:
    - addr: 127.0.0.1
      port: 9200
`;

describe('UI on xds-sandbox serve', () => {
  let run: ServeRun;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureRendererBuilt();
    [run, browser] = await Promise.all([startServe('fixtures/shop'), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(run.url);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await run?.stop();
  });

  /** Shows a view by its hash without reloading the page. */
  async function show(hash: string): Promise<void> {
    await page.evaluate((h) => { window.location.hash = h; }, hash);
  }

  const row = (name: string) => page.locator(`[data-testid=resource-row][data-name="${name}"]`);
  const editorLine = (text: string) => page.locator('.cm-line', { hasText: text }).first();

  /** The 1-based line of the editor holding `text`. */
  async function lineOf(text: string): Promise<number> {
    const lines = await page.locator('.cm-line').allInnerTexts();
    return lines.findIndex((l) => l.includes(text)) + 1;
  }

  /** Opens the shop VirtualService in the editor. */
  async function openShopEditor(): Promise<void> {
    await show('#/editor/VirtualService/gloo-system/shop');
    await editorLine('shop.example.com').waitFor();
  }

  /** Replaces the first `find` of the editor text with `replacement`, as one text input over the whole document. */
  async function replaceInEditor(find: string, replacement: string): Promise<void> {
    const text = (await page.locator('.cm-line').allInnerTexts()).join('\n');
    expect(text).toContain(find);
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText(text.replace(find, replacement));
  }

  it('lists every object with its state, reason and source, and counts what needs attention', async () => {
    await row('shop').waitFor();
    await expect.poll(() => row('legacy').getAttribute('data-state')).toBe('Rejected');
    expect(await row('shop').getAttribute('data-state')).toBe('Accepted');
    expect(await row('catalogue').getAttribute('data-state')).toBe('Accepted');
    expect(await row('legacy').innerText()).toContain('timeout');
    expect(await row('shop').innerText()).toContain('shop-vs.yaml:');
    expect(await page.getByTestId('attention-count').innerText()).toMatch(/^1 needs attention/);
    await saveScreenshot(page, 'resources');
  });

  it('shows an edit made on disk within a second', async () => {
    const started = Date.now();
    await writeFile(join(run.dir, 'extra.yaml'), EXTRA_UPSTREAM);
    await row('extra').waitFor({ timeout: 1000 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await row('extra').getAttribute('data-state')).toBe('Accepted');
  });

  it('saves an edit made in the editor to the YAML file, keeping its comments', async () => {
    await openShopEditor();
    await editorLine('- prefix: /api').click();
    await page.keyboard.press('End');
    await page.keyboard.type('/v2');
    await saveScreenshot(page, 'editor');
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('save-notice').innerText()).toContain('Saved VirtualService gloo-system/shop');
    const file = join(run.dir, 'shop-vs.yaml');
    await expect.poll(() => readFile(file, 'utf8'), { timeout: 3000 }).toContain('prefix: /api/v2');
    const text = await readFile(file, 'utf8');
    expect(text).toContain("# The shop's front door: every request for shop.example.com.");
    expect(text).toContain('# Catalogue API, served by the catalogue upstream.');
    expect(text).toContain('# Everything else is the web front end.');
  });

  it('shows the changed route field in the xDS diff of the pass', async () => {
    await show('#/timeline');
    const detail = page.getByTestId('pass-detail');
    const xdsField = page.getByTestId('xds-diff').locator('[data-testid=diff-field][data-path$="match.prefix"]');
    await expect.poll(async () => (await xdsField.count()) > 0 ? xdsField.first().innerText() : '', { timeout: 5000 }).toMatch(/"\/api"\s*→\s*"\/api\/v2"/);
    expect(await page.getByTestId('input-diff').locator('[data-testid=diff-field][data-path$="prefix"]').first().innerText()).toContain('/api/v2');
    expect(await page.getByTestId('proxy-diff').locator('[data-testid=diff-field][data-path$="prefix"]').first().innerText()).toContain('/api/v2');
    expect(await detail.getAttribute('data-pass-id')).toBeTruthy();
    await saveScreenshot(page, 'timeline-diff', 'timeline-diff.png');
    await page.getByLabel('Show unchanged fields').check();
    const unchanged = page.getByTestId('xds-diff').locator('.field-unchanged[data-path="virtualHosts[0].domains[0]"]');
    await expect.poll(() => unchanged.count()).toBe(1);
    await page.getByLabel('Show unchanged fields').uncheck();
  });

  it('shows a bad edit inline at its line, and the pass that rejected a bad regex', async () => {
    const file = join(run.dir, 'shop-vs.yaml');
    const before = await readFile(file, 'utf8');
    await openShopEditor();
    await replaceInEditor('    domains:', '    domainz:');
    const marked = page.locator('.cm-line:has(.cm-lintRange-error)');
    await marked.first().waitFor({ timeout: 3000 });
    expect(await marked.first().innerText()).toContain('domainz:');
    const badLine = await lineOf('domainz:');
    expect(badLine).toBeGreaterThan(1);
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('save-notice').innerText()).toContain(`line ${badLine}:`);
    expect(await page.getByTestId('save-notice').innerText()).toContain('unknown field `domainz`; did you mean `domains`?');
    await saveScreenshot(page, 'editor-error');

    const passesBefore = await page.evaluate(async () => {
      const res = await fetch('/api/listPasses', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '[1]' });
      return ((await res.json()) as { result: { id: number; counts: { rejected: number } }[] }).result[0];
    });
    await page.getByRole('button', { name: 'Revert' }).click();
    await editorLine('domains:').waitFor();
    await replaceInEditor('prefix: /api', 'regex: /api[');
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('save-notice').innerText()).toContain('Saved');
    await show('#/timeline');
    const newest = page.locator('[data-testid=pass-row]').first();
    await expect.poll(async () => Number(await newest.getAttribute('data-pass-id')), { timeout: 5000 }).toBeGreaterThan(passesBefore.id);
    expect(Number(await newest.getAttribute('data-rejected'))).toBe(passesBefore.counts.rejected + 1);
    await show('#/resources');
    await expect.poll(() => row('shop').getAttribute('data-state')).toBe('Rejected');
    expect(await row('shop').innerText()).toContain('invalid regex');
    await writeFile(file, before);
    await expect.poll(() => row('shop').getAttribute('data-state'), { timeout: 5000 }).toBe('Accepted');
  });

  it('lists file problems with file:line:col, and the pass that reported them', async () => {
    await show('#/resources');
    await writeFile(join(run.dir, 'broken.yaml'), 'apiVersion: gloo.solo.io/v1\nkind: Upstream\nmetadata:\n  name: broken\nspec:\n  statik: {}\n');
    await expect.poll(() => page.getByTestId('file-problems').innerText({ timeout: 100 }).catch(() => ''), { timeout: 3000 }).toMatch(/broken\.yaml:6:\d+ .*statik/);
    await show('#/timeline');
    await expect.poll(() => page.locator('[data-testid=pass-row]').first().getAttribute('data-errors')).toBe('1');
    await writeFile(join(run.dir, 'broken.yaml'), '');
  });

  it('offers field names from the schema and refuses to overwrite a concurrent change', async () => {
    await openShopEditor();
    await editorLine('namespace: gloo-system').click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('lab');
    const completion = page.locator('.cm-tooltip-autocomplete');
    await completion.waitFor({ timeout: 3000 });
    expect(await completion.innerText()).toContain('labels');
    await page.keyboard.press('Escape');
    await page.keyboard.type('els: {team: shop}');
    const file = join(run.dir, 'shop-vs.yaml');
    const onDisk = await readFile(file, 'utf8');
    await writeFile(file, onDisk.replace('- shop.example.com', '- shop2.example.com'));
    await expect.poll(() => page.locator('.banner-warning').first().innerText({ timeout: 100 }).catch(() => ''), { timeout: 3000 }).toContain('changed in the store');
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('save-notice').innerText()).toContain('Not saved: this object changed in the store');
    expect(await readFile(file, 'utf8')).not.toContain('team: shop');
    await saveScreenshot(page, 'editor-conflict');
    await writeFile(file, onDisk);
    await page.getByRole('button', { name: 'Load the stored version' }).click();
    await expect.poll(() => page.locator('.cm-content').innerText()).not.toContain('team: shop');
  });

  it('tests a route and highlights the match and its destination', async () => {
    await show('#/routes');
    await page.getByLabel('Host').fill('shop.example.com');
    await page.getByLabel('Path').fill('/api/v2/items?page=2');
    await page.getByRole('button', { name: 'Test route' }).click();
    const result = page.getByTestId('route-result');
    await result.waitFor();
    expect(await result.getAttribute('data-matched')).toBe('true');
    expect(await page.getByTestId('route-destination').first().innerText()).toContain('catalogue');
    expect(await page.getByTestId('matched-route').innerText()).toContain('prefix /api/v2');
    await saveScreenshot(page, 'routes');
  });

  it('renders the xDS, topology and Envoy views', async () => {
    await show('#/xds');
    await page.getByTestId('xds-routes').waitFor();
    expect(await page.getByTestId('xds-routes').innerText()).toContain('VirtualService gloo-system/shop');
    await saveScreenshot(page, 'xds');
    await show('#/topology');
    await page.locator('.react-flow__node').first().waitFor();
    expect(await page.locator('[data-testid=topo-node][data-state=Rejected]').count()).toBeGreaterThan(0);
    await saveScreenshot(page, 'topology');
    await show('#/envoy');
    await page.getByTestId('envoy-state').waitFor();
    expect(await page.getByTestId('envoy-state').innerText()).toContain('off');
    await saveScreenshot(page, 'envoy');
    expect(pageErrors).toEqual([]);
  });

  it('pauses the loop, steps exactly one pass and resumes (teaching mode)', async () => {
    await show('#/timeline');
    const newest = page.locator('[data-testid=pass-row]').first();
    await newest.waitFor();
    const before = Number(await newest.getAttribute('data-pass-id'));
    await page.getByTestId('pause').click();
    await expect.poll(() => page.getByTestId('pause').innerText()).toContain('Resume');
    await writeFile(join(run.dir, 'extra.yaml'), EXTRA_UPSTREAM.replace('9200', '9201'));
    await page.waitForTimeout(600);
    expect(Number(await newest.getAttribute('data-pass-id'))).toBe(before);
    await page.getByTestId('step').click();
    await expect.poll(async () => Number(await newest.getAttribute('data-pass-id'))).toBe(before + 1);
    expect(await newest.innerText()).toContain('step');
    await expect.poll(() => page.locator('.stages li.stage-on').count()).toBeGreaterThanOrEqual(3);
    await saveScreenshot(page, 'teaching');
    await page.getByTestId('pause').click();
    await expect.poll(() => page.getByTestId('pause').innerText()).toContain('Pause');
  });

  it('refuses requests without the token', async () => {
    const post = (headers: Record<string, string>) => fetch(`${run.origin}/api/info`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '[]' });
    expect((await post({})).status).toBe(401);
    expect((await post({ Authorization: 'Bearer not-the-token' })).status).toBe(401);
    expect((await post({ Authorization: `Bearer ${run.token}` })).status).toBe(200);
    expect((await fetch(`${run.origin}/`)).status).toBe(401);
    const stranger = await browser.newPage();
    const response = await stranger.goto(`${run.origin}/#/resources`);
    expect(response?.status()).toBe(401);
    await stranger.close();
  });
});
