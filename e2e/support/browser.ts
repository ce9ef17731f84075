// Launches Debian's Chromium (or CHROMIUM_BIN) through playwright-core for the e2e tests.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** The Chromium binary the tests use: CHROMIUM_BIN, /usr/bin/chromium, else playwright's own download (undefined). */
export function chromiumPath(): string | undefined {
  const path = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
  return existsSync(path) ? path : undefined;
}

/** A headless Chromium with background services off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}
