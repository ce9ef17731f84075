// The first `serve` that finds the UI unbuilt builds it (scripts/ui-build.mjs, also run at install), so the UI address it
// prints always serves the UI. A built UI older than its sources is left to `npm start` and `npm run build:ui`: serves
// running side by side in a working tree would otherwise rebuild it under each other.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = new URL('../../../', import.meta.url).pathname;

/**
 * Builds the UI when it is not built, saying so on stderr (it takes a few seconds); says why when it cannot. The build
 * runs as its own process: Vite is an ES module, which the bundled CLI (a vm.Script, see bin/run-bundle.js) cannot
 * import, and its memory is returned once the build is done.
 */
export async function ensureUiBuilt(log: (line: string) => void): Promise<void> {
  if (existsSync(join(ROOT, 'renderer', 'dist', 'index.html'))) return;
  log('building the UI (once, a few seconds)…');
  try {
    // It prints one line when it built, or why it could not (then it still exits 0).
    const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'scripts', 'ui-build.mjs')], { cwd: ROOT });
    const line = stdout.trim().replace(/^xds-sandbox: /, '');
    log(line !== '' ? line : 'the UI is built');
  } catch (err) {
    log(`could not build the UI: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}; the UI address will say so until a build succeeds (npm run build:ui)`);
  }
}
