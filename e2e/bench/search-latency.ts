// Benchmark (prints figures, asserts nothing): searching at about 10,000 objects in headless Chromium. The
// store holds N VirtualServices with two Upstreams each (3N objects); for each size it reports the time from
// typing a domain into the resource filter until the one matching VirtualService is listed (the first search
// also reads the served xDS for domains and paths), the same for a second domain, a name, and the time from
// typing a domain into the xDS view's route filter until the filtered count shows.
// Usage: npx tsx e2e/bench/search-latency.ts [VirtualService counts, default 3400]
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { vsName, writeLargeConfig } from '../support/large-config';
import { ensureRendererBuilt } from '../support/renderer-build';
import { startServeOn } from '../support/serve';

/** Milliseconds from filling `input` with `text` until `done` holds. */
async function timeUntil(page: Page, input: string, text: string, done: () => Promise<unknown>): Promise<number> {
  await page.locator(input).fill('');
  const t0 = Date.now();
  await page.locator(input).fill(text);
  await done();
  return Date.now() - t0;
}

async function benchSize(size: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), `xds-bench-search-${size}-`));
  await writeLargeConfig(dir, size);
  const [run, browser] = await Promise.all([startServeOn(dir), launchChromium()]);
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(run.url);
    await page.locator('.counts', { hasText: ' 3 rejected' }).waitFor({ timeout: 300_000 });
    const listed = (name: string) => () => page.locator(`[data-testid=resource-row][data-name="${name}"]`).waitFor({ timeout: 120_000 });
    const a = vsName(Math.floor(size / 3));
    const b = vsName(size - 10);
    const rows: [string, number][] = [
      ['resource filter, first domain (reads the xDS)', await timeUntil(page, '[aria-label="Filter text"]', `${a}.example.com`, listed(a))],
      ['resource filter, second domain', await timeUntil(page, '[aria-label="Filter text"]', `${b}.example.com`, listed(b))],
      ['resource filter, a name', await timeUntil(page, '[aria-label="Filter text"]', `${b}-v2`, listed(`${b}-v2`))],
    ];
    await page.locator('[aria-label="Filter text"]').fill('');
    await page.evaluate(() => { window.location.hash = '#/xds'; });
    await page.getByTestId('xds-filter').waitFor({ timeout: 120_000 });
    rows.push(['xDS route filter, a domain', await timeUntil(page, '[data-testid=xds-filter]', `${a}.example.com`,
      () => page.getByTestId('xds-route-count').filter({ hasText: /^2 of / }).waitFor({ timeout: 120_000 }))]);
    for (const [what, ms] of rows) process.stdout.write(`| ${size * 3} | ${what} | ${ms} ms |\n`);
  } finally {
    await browser.close();
    await run.stop();
  }
}

async function main(): Promise<void> {
  await ensureRendererBuilt();
  const sizes = (process.argv[2] ?? '3400').split(',').map(Number);
  process.stdout.write('| objects | search | typed → shown |\n|---|---|---|\n');
  for (const size of sizes) await benchSize(size);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
