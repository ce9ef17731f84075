// Makes sure renderer/dist is built and current before a test serves it; concurrent test files build once.
import { mkdir, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './serve';

/** The parts of scripts/start.mjs the tests use. */
export interface StartScript {
  readonly NO_ELECTRON_MESSAGE: string;
  rendererNeedsBuild(): boolean;
  buildRenderer(): Promise<void>;
  defaultStorePath(env?: NodeJS.ProcessEnv, home?: string): string;
  splitArgs(args: string[]): { store: string | undefined; options: string[] };
  findElectron(env?: NodeJS.ProcessEnv): string | undefined;
}

/** Loads scripts/start.mjs (plain JavaScript, so imported by URL). */
export async function loadStartScript(): Promise<StartScript> {
  return (await import(/* @vite-ignore */ pathToFileURL(join(ROOT, 'scripts', 'start.mjs')).href)) as StartScript;
}

const LOCK = join(ROOT, 'test-results', '.renderer-build-lock');

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  await mkdir(join(ROOT, 'test-results'), { recursive: true });
  for (let i = 0; ; i++) {
    try {
      await mkdir(LOCK);
      break;
    } catch {
      if (i > 600) throw new Error(`renderer build lock ${LOCK} held for a minute; remove it if no test is running`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    await rmdir(LOCK).catch(() => undefined);
  }
}

/** Builds the renderer if renderer/dist is missing or older than its sources (as `npm start` does). */
export async function ensureRendererBuilt(): Promise<void> {
  const start = await loadStartScript();
  await withLock(async () => {
    if (start.rendererNeedsBuild()) await start.buildRenderer();
  });
}
