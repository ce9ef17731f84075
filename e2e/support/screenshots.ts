// Screenshots of the main views: test-results/screenshots/<name>.png, copied into docs/images/ on request.
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './serve';

/** Where screenshots go (gitignored). */
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');

/** Saves a full-window screenshot; with UPDATE_SCREENSHOTS=1 and `docsName`, also copies it to docs/images/. */
export async function saveScreenshot(page: Page, name: string, docsName?: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  if (docsName && process.env.UPDATE_SCREENSHOTS === '1') {
    await mkdir(join(ROOT, 'docs', 'images'), { recursive: true });
    await copyFile(path, join(ROOT, 'docs', 'images', docsName));
  }
  return path;
}
