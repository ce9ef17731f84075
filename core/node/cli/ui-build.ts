// The first `serve` that finds the UI unbuilt builds it (scripts/ui-build.mjs, also run at install), so the UI address it
// prints always serves the UI. A built UI older than its sources is left to `npm start` and `npm run build:ui`: serves
// running side by side in a working tree would otherwise rebuild it under each other.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What scripts/ui-build.mjs says it did. */
interface BuildOutcome {
  readonly built: boolean;
  readonly ok: boolean;
  readonly line: string;
}

const ROOT = new URL('../../../', import.meta.url).pathname;

/** Builds the UI when it is not built, saying so on stderr (it takes a few seconds); says why when it cannot. */
export async function ensureUiBuilt(log: (line: string) => void): Promise<void> {
  if (existsSync(join(ROOT, 'renderer', 'dist', 'index.html'))) return;
  const script = (await import(pathToFileURL(join(ROOT, 'scripts', 'ui-build.mjs')).href)) as { ensureRendererBuilt(): Promise<BuildOutcome> };
  log('building the UI (once, a few seconds)…');
  const outcome = await script.ensureRendererBuilt();
  log(outcome.ok ? outcome.line : `${outcome.line}; the UI address will say so until a build succeeds (npm run build:ui)`);
}
