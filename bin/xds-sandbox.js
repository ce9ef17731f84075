#!/usr/bin/env node
// Entry point of the `xds-sandbox` command: runs the bundled CLI (dist/cli/main.cjs, built by `npm install` through
// scripts/bundle.mjs, run by run-bundle.js) when it is current, else the TypeScript sources through tsx's loader.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const bundle = fileURLToPath(new URL('dist/cli/main.cjs', root));

/** The bundle's modification time when it exists and is newer than every repository file it was built from, else undefined. */
function currentBundleBuild() {
  try {
    const builtAt = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(new URL('dist/cli/inputs.json', root), 'utf8'));
    return inputs.every((file) => statSync(new URL(file, root)).mtimeMs <= builtAt) ? builtAt : undefined;
  } catch {
    return undefined;
  }
}

/** The CLI's main, and what to do once it finished. */
async function loadMain() {
  const build = process.env.XDS_SANDBOX_FROM_SOURCE === '1' ? undefined : currentBundleBuild();
  if (build !== undefined) {
    const { loadBundle } = await import('./run-bundle.js');
    const { main, saveCache } = loadBundle(bundle, build, process.argv[2]);
    return { main, done: saveCache };
  }
  const { register } = await import('tsx/esm/api');
  register();
  return { main: (await import('../core/node/cli/main.ts')).main, done: () => {} };
}

// A reader that stops early (`xds-sandbox translate | head`) closes the pipe: end quietly, as other command-line tools
// do, instead of with a stack trace of the failed write.
process.stdout.on('error', (err) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(process.exitCode ?? 0);
});

const { main, done } = await loadMain();
const code = await main(process.argv);
done();
process.exitCode = code;
