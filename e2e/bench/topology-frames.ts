// Benchmark (prints figures, asserts nothing): topology frame times at 500 and 5,000 VirtualServices in headless
// Chromium. For each size and view it reports the time from navigation to the drawn graph, and the frame
// intervals (median, p95, worst) while the canvas is panned and zoomed for about two seconds.
// Usage: npx tsx e2e/bench/topology-frames.ts [sizes, default 500,5000]
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { writeLargeConfig } from '../support/large-config';
import { ensureRendererBuilt } from '../support/renderer-build';
import { startServeOn } from '../support/serve';

/** How long one view may take to draw before its row says it did not finish. */
const DRAW_TIMEOUT_MS = 300_000;

interface Figures {
  readonly size: number;
  readonly view: string;
  readonly shown: number;
  readonly drawMs: number;
  readonly frames: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly worstMs: number;
}

/** Frame intervals while the canvas is dragged and zoomed. */
async function measureFrames(page: Page): Promise<number[]> {
  const box = (await page.getByTestId('topology').boundingBox())!;
  // Passed as source text: the bundler that runs this script would otherwise wrap the named callbacks.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__stop = false;
    let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; if (!window.__stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 0; i < 40; i++) await page.mouse.move(cx - 300 + (i % 20) * 30, cy - 100 + (i % 10) * 20);
  await page.mouse.up();
  for (let i = 0; i < 20; i++) await page.mouse.wheel(0, i < 10 ? -120 : 120);
  await page.waitForTimeout(200);
  return page.evaluate('(() => { window.__stop = true; return window.__frames.slice(1); })()') as Promise<number[]>;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

async function figures(page: Page, size: number, view: string, draw: () => Promise<void>): Promise<Figures> {
  const t0 = Date.now();
  await draw();
  const drawMs = Date.now() - t0;
  const shown = Number(await page.getByTestId('topology').getAttribute('data-shown'));
  const frames = (await measureFrames(page)).sort((a, b) => a - b);
  return { size, view, shown, drawMs, frames: frames.length, medianMs: percentile(frames, 0.5), p95Ms: percentile(frames, 0.95), worstMs: frames.at(-1) ?? 0 };
}

/** Prints one row of the table. */
function printRow(f: Figures): void {
  process.stdout.write(`| ${f.size} | ${f.view} | ${f.shown} | ${(f.drawMs / 1000).toFixed(2)} s | ${f.frames} | ${f.medianMs.toFixed(1)} ms | ${f.p95Ms.toFixed(1)} ms | ${f.worstMs.toFixed(1)} ms |\n`);
}

/** Measures one view, printing its row, or a row saying it did not finish. */
async function measure(page: Page, size: number, view: string, draw: () => Promise<void>): Promise<void> {
  try {
    printRow(await figures(page, size, view, draw));
  } catch (err) {
    process.stdout.write(`| ${size} | ${view} | — | did not finish: ${(err as Error).message.split('\n')[0]} | | | | |\n`);
  }
}

async function benchSize(size: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), `xds-bench-topology-${size}-`));
  await writeLargeConfig(dir, size);
  const [run, browser] = await Promise.all([startServeOn(dir), launchChromium()]);
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(run.url);
    await page.locator('.counts', { hasText: ' 3 rejected' }).waitFor({ timeout: 300_000 });
    const waitDrawn = async (min: number) => {
      await page.waitForFunction((n) => Number(document.querySelector('[data-testid=topology]')?.getAttribute('data-shown')) >= n
        && document.querySelectorAll('[data-testid=topo-node]').length > 0, min, { timeout: DRAW_TIMEOUT_MS, polling: 50 });
      await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    };
    await measure(page, size, 'folded (default)', async () => {
      await page.evaluate(() => { window.location.hash = '#/topology'; });
      await waitDrawn(1);
    });
    await measure(page, size, 'one namespace open', async () => {
      await page.locator('[data-testid=topo-node][data-id="namespace/team-3"]').click();
      await waitDrawn(size / 10);
    });
    await measure(page, size, 'only problems', async () => {
      await page.getByTestId('problems-only').check();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=topo-node][data-state=Rejected]').length === 3, undefined, { timeout: 600_000 });
    });
    await page.getByTestId('problems-only').uncheck();
    if (await page.getByTestId('fold-all').isDisabled()) {
      process.stdout.write(`| ${size} | every group open | — | not offered above ${await page.getByTestId('fold-all').getAttribute('title').then((t) => t?.split(' ')[0] ?? '?')} boxes | | | | |\n`);
      return;
    }
    await measure(page, size, 'every group open', async () => {
      await page.getByTestId('fold-all').click();
      await waitDrawn(size * 3);
    });
  } finally {
    await browser.close();
    await run.stop();
  }
}

async function main(): Promise<void> {
  await ensureRendererBuilt();
  const sizes = (process.argv[2] ?? '500,5000').split(',').map(Number);
  process.stdout.write('| VirtualServices | view | boxes drawn | navigation → drawn | frames | median frame | p95 frame | worst frame |\n|---|---|---|---|---|---|---|---|\n');
  for (const size of sizes) await benchSize(size);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
