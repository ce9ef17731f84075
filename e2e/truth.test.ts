// One truth in the UI, against the real `xds-sandbox serve` in Chromium: an object whose file fails to load is
// never shown as its old state; status problems are pinned to their line with a quick fix; the route tester,
// the timeline and the search say what they answer from.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { ensureRendererBuilt } from './support/renderer-build';
import { saveScreenshot } from './support/screenshots';
import { startServe, type ServeRun } from './support/serve';

describe('one truth in the UI', () => {
  let run: ServeRun;
  let browser: Browser;
  let page: Page;
  let good: string;
  const pageErrors: string[] = [];
  const vsFile = () => join(run.dir, 'hello-vs.yaml');

  beforeAll(async () => {
    await ensureRendererBuilt();
    [run, browser] = await Promise.all([startServe('fixtures/hello'), launchChromium()]);
    good = await readFile(vsFile(), 'utf8');
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(run.url);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await run?.stop();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await saveScreenshot(page, `truth-failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  async function show(hash: string): Promise<void> {
    await page.evaluate((h) => { window.location.hash = h; }, hash);
  }

  const row = () => page.locator('[data-testid=resource-row][data-name="hello"]');
  const lineOf = (text: string, find: string) => text.split('\n').findIndex((l) => l.includes(find)) + 1;

  /** Writes the VirtualService's file and waits for its row to show `state`. */
  async function writeVs(text: string, state: string): Promise<void> {
    await show('#/resources');
    await writeFile(vsFile(), text);
    await expect.poll(() => row().getAttribute('data-state'), { timeout: 10_000 }).toBe(state);
  }

  async function testRoute(): Promise<void> {
    await show('#/routes');
    await page.getByLabel('Host').fill('hello.local');
    await page.getByLabel('Path').fill('/greet');
    await page.getByRole('button', { name: 'Test route' }).click();
    await page.getByTestId('route-result').waitFor();
  }

  it('a typo: the row, the editor header, the topology and the route tester say the file fails to load; fixed, all say Accepted', async () => {
    await row().waitFor();
    expect(await row().getAttribute('data-state')).toBe('Accepted');
    const typo = good.replace('routeAction:', 'routeActon:');
    const line = lineOf(typo, 'routeActon');
    await writeVs(typo, 'FileError');
    // The file problem links to the object read from that file.
    expect(await page.getByTestId('file-problems').getByRole('link').first().getAttribute('href')).toBe('#/editor/VirtualService/default/hello');
    expect(await row().innerText()).toMatch(new RegExp(`File error[\\s\\S]*file error at line ${line}; serving the version from pass #\\d+`));
    expect(await row().innerText()).not.toContain('Accepted');

    await show('#/editor/VirtualService/default/hello');
    await expect.poll(() => page.getByTestId('editor-reason').innerText()).toMatch(new RegExp(`^file error at line ${line}; serving the version from pass #\\d+`));
    await page.locator('.cm-lint-marker-error').first().waitFor();
    expect(await page.locator('.cm-line:has(.cm-lintRange-error)').first().innerText()).toContain('routeActon');
    expect(await page.getByTestId('file-error-note').innerText()).toMatch(new RegExp(`^hello-vs.yaml fails to load at line ${line}, so this object is served as pass #\\d+ read it`));
    await saveScreenshot(page, 'truth-file-error-editor');

    await show('#/topology');
    await expect.poll(() => page.locator('[data-testid=topo-node][data-id="VirtualService/default/hello"]').getAttribute('data-state'), { timeout: 10_000 }).toBe('FileError');

    await testRoute();
    expect(await page.getByTestId('route-result').getAttribute('data-matched')).toBe('true');
    expect(await page.getByTestId('answer-older-version').innerText()).toMatch(/VirtualService default\/hello: the version last read: its file fails to load \(file error at line \d+; serving the version from pass #\d+\)/);
    await saveScreenshot(page, 'truth-route-tester-last-read');

    // The editor offers the rename as a quick fix (the store saves into a file only once it reads again, so the file is fixed on disk).
    await show('#/editor/VirtualService/default/hello');
    await page.locator('.cm-lint-marker-error').first().waitFor();
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+Shift+M');
    await page.getByRole('button', { name: 'Rename to routeAction' }).click();
    await expect.poll(() => page.locator('.cm-content').innerText()).toContain('routeAction:');
    expect(await page.locator('.cm-content').innerText()).not.toContain('routeActon');
    await writeVs(good, 'Accepted');
    await testRoute();
    expect(await page.getByTestId('answer-older-version').count()).toBe(0);
  });

  it('an indentation error after a bad regex: the header shows the file error, not the regex reason; fixed, Accepted', async () => {
    const badRegex = good.replace('- prefix: /greet', "- regex: '/greet['");
    await writeVs(badRegex, 'Rejected');
    await show('#/editor/VirtualService/default/hello');
    await expect.poll(() => page.getByTestId('editor-reason').innerText()).toMatch(/regex/);
    // Semantic problems are pinned to their line like schema errors.
    await page.locator('.cm-lint-marker-error').first().waitFor();
    expect(await page.locator('.cm-line:has(.cm-lintRange-error)').first().innerText()).toContain("regex: '/greet['");

    // The route tester answers from the last accepted version, and says so.
    await testRoute();
    expect(await page.getByTestId('route-result').getAttribute('data-matched')).toBe('true');
    const note = await page.getByTestId('answer-older-version').innerText();
    expect(note).toMatch(/VirtualService default\/hello: its last accepted version: the current one is Rejected: .*regex/);
    // The time in the reason is relative, with the ISO time on hover.
    expect(note).toMatch(/ago|just now/);
    expect(await page.getByTestId('answer-older-version').locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    // The timeline says why the xDS did not change.
    await show('#/timeline');
    await page.locator('[data-testid=pass-row]').first().click();
    await expect.poll(() => page.getByTestId('xds-diff').getByTestId('no-change').innerText(), { timeout: 10_000 })
      .toBe('No change: VirtualService default/hello was rejected, and the last accepted version is still served.');

    const indented = badRegex.replace('    domains:', '   domains:');
    await writeVs(indented, 'FileError');
    await show('#/editor/VirtualService/default/hello');
    await expect.poll(() => page.getByTestId('editor-reason').innerText()).toMatch(/^file error at line \d+; serving the version from pass #\d+/);
    expect(await page.getByTestId('editor-reason').innerText()).not.toMatch(/regex/);

    await writeVs(good, 'Accepted');
    await show('#/editor/VirtualService/default/hello');
    await expect.poll(() => page.getByTestId('editor-reason').count()).toBe(0);
  });

  it('the timeline says which file broke and why the xDS did not change', async () => {
    const typo = good.replace('routeAction:', 'routeActon:');
    await writeVs(typo, 'FileError');
    await show('#/timeline');
    const newest = page.locator('[data-testid=pass-row]').first();
    await expect.poll(() => newest.getByTestId('pass-summary').innerText(), { timeout: 10_000 }).toBe('hello-vs.yaml fails to load');
    await newest.click();
    await expect.poll(() => page.getByTestId('pass-changes').innerText()).toMatch(/file problem: hello-vs\.yaml:\d+:\d+/);
    expect(await page.getByTestId('xds-diff').getByTestId('no-change').innerText()).toMatch(/^No change: the objects of a file that fails to load are kept as last read/);
    expect(await page.getByTestId('input-diff').getByTestId('no-change').innerText()).toMatch(/^No object changed: hello-vs\.yaml fails to load/);
    expect(await newest.locator('time').getAttribute('title')).toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
    expect(await newest.locator('time').innerText()).toMatch(/ago|just now/);
    await saveScreenshot(page, 'truth-timeline-file-error');
    await writeVs(good, 'Accepted');
    await show('#/timeline');
    await expect.poll(() => page.locator('[data-testid=pass-row]').first().getByTestId('pass-summary').innerText(), { timeout: 10_000 }).toBe('hello-vs.yaml loads again');
  });

  it('a missing Upstream is pinned to its reference with "did you mean", and the quick fix makes it Accepted', async () => {
    await writeVs(good.replace('name: hello-backend', 'name: hello-backnd'), 'Warning');
    await show('#/editor/VirtualService/default/hello');
    await expect.poll(() => page.getByTestId('editor-reason').innerText()).toContain('did you mean default/hello-backend?');
    await page.locator('.cm-lint-marker-warning').first().waitFor();
    expect(await page.locator('.cm-line:has(.cm-lintRange-warning)').first().innerText()).toContain('upstream:');
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+Shift+M');
    await page.getByRole('button', { name: 'Use default/hello-backend' }).click();
    await expect.poll(() => page.locator('.cm-content').innerText()).toContain('name: hello-backend');
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('save-notice').innerText()).toMatch(/^Saved/);
    await show('#/resources');
    await expect.poll(() => row().getAttribute('data-state'), { timeout: 10_000 }).toBe('Accepted');
    expect(await readFile(vsFile(), 'utf8')).toContain('name: hello-backend');
  });

  it('the resource filter finds objects by domain, path and upstream; the xDS view filters its routes', async () => {
    await show('#/resources');
    const filter = page.getByLabel('Filter text');
    await filter.fill('hello.local');
    await expect.poll(() => page.locator('[data-testid=resource-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')))).toEqual(['hello-backend', 'hello']);
    await filter.fill('/greet');
    await expect.poll(() => page.locator('[data-testid=resource-row][data-name="hello"]').count()).toBe(1);
    await filter.fill('no-such-domain.example');
    await expect.poll(() => page.locator('.empty').innerText()).toMatch(/^Nothing matches the filters/);
    await filter.fill('');
    await show('#/xds');
    await page.getByTestId('xds-filter').fill('hello.local');
    await expect.poll(() => page.getByTestId('xds-route-count').innerText()).toBe('1 routes');
    await page.getByTestId('xds-filter').fill('nothing-here');
    await expect.poll(() => page.getByTestId('xds-route-count').innerText()).toBe('0 of 1 routes');
  });

  it('had no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});

describe('an empty store', () => {
  let run: ServeRun;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await ensureRendererBuilt();
    [run, browser] = await Promise.all([startServe('fixtures/empty'), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(run.url);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await run?.stop();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await saveScreenshot(page, `truth-failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  async function show(hash: string): Promise<void> {
    await page.evaluate((h) => { window.location.hash = h; }, hash);
  }

  it('every view says what to do next', async () => {
    await page.getByTestId('empty-store').waitFor();
    expect(await page.getByTestId('empty-store').innerText()).toMatch(/The store is empty\.[\s\S]*Upstream[\s\S]*VirtualService/);
    for (const [hash, text] of [
      ['#/routes', /create a VirtualService/], ['#/xds', /\+ VirtualService/], ['#/topology', /No VirtualService yet[\s\S]*Start with \+ VirtualService/], ['#/envoy', /Point an Envoy or a proxyless gRPC client/],
    ] as const) {
      await show(hash);
      await expect.poll(() => page.locator('.empty').allInnerTexts().then((t) => t.join('\n')), { timeout: 10_000 }).toMatch(text);
    }
    await saveScreenshot(page, 'truth-empty-topology');
  });

  it('the VirtualService template brings its Upstream along, so saving it is Accepted at once', async () => {
    await show('#/resources');
    await page.getByTestId('empty-store').getByRole('link', { name: 'VirtualService' }).click();
    await page.locator('.cm-line', { hasText: 'kind: VirtualService' }).waitFor();
    expect(await page.locator('.cm-content').innerText()).toMatch(/kind: Upstream[\s\S]*name: my-upstream[\s\S]*kind: VirtualService[\s\S]*name: my-upstream/);
    await page.getByTestId('save').click();
    // Saved, the editor moves to the object the template is about.
    await expect.poll(() => page.evaluate(() => window.location.hash), { timeout: 10_000 }).toBe('#/editor/VirtualService/default/my-service');
    await show('#/resources');
    await expect.poll(() => page.locator('[data-testid=resource-row]').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-name')}:${r.getAttribute('data-state')}`)), { timeout: 10_000 })
      .toEqual(['gateway-proxy:Accepted', 'my-upstream:Accepted', 'my-service:Accepted']);
    expect(await page.getByTestId('empty-store').count()).toBe(0);
  });
});
