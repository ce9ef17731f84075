// Builds the UI (renderer/dist) when it is missing or older than its sources: at install (`npm install` / `npm ci` run
// this as the `prepare` script), on the first `serve` that finds it missing, and from `npm start`.
// Run directly, it builds when needed and never fails the install: a failed build is said in one line, and `serve`
// tries again.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The package root. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

const RENDERER_SOURCES = ['renderer/src', 'renderer/vite', 'renderer/index.html', 'renderer/vite.config.ts', 'core/common'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Whether renderer/dist is missing or older than any renderer source (sources absent, as in a packed install: only when missing). */
export function rendererNeedsBuild(root = ROOT) {
  const built = join(root, 'renderer', 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return RENDERER_SOURCES.some((p) => newestMtime(join(root, p)) > builtAt);
}

/** Builds the renderer with Vite into renderer/dist, printing only warnings and errors. */
export async function buildRenderer(root = ROOT) {
  const { build } = await import('vite');
  // Rolldown's plugin-timing note is about build speed, not about the code: it is not printed.
  await build({ configFile: join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn', build: { rolldownOptions: { checks: { pluginTimings: false } } } });
}

/** Builds when needed; resolves to a line saying what happened (built, already built, or why it could not build). */
export async function ensureRendererBuilt(root = ROOT) {
  if (!rendererNeedsBuild(root)) return { built: false, ok: true, line: 'the UI is built' };
  if (!existsSync(join(root, 'renderer', 'index.html'))) return { built: false, ok: false, line: 'the UI is not built and its sources are not here (renderer/)' };
  try {
    await buildRenderer(root);
    return { built: true, ok: true, line: 'built the UI (renderer/dist)' };
  } catch (err) {
    return { built: false, ok: false, line: `could not build the UI: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` };
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await ensureRendererBuilt();
  if (result.built || !result.ok) process.stdout.write(`xds-sandbox: ${result.line}${result.ok ? '' : '; `xds-sandbox serve` will try again'}\n`);
}
