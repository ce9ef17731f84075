#!/usr/bin/env node
// Entry point of the `xds-sandbox` command: runs the bundled CLI (dist/cli/main.mjs, built by `npm install` through
// scripts/bundle.mjs) when it is current, else the TypeScript sources through tsx's loader.
import { readFileSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);

/** Whether dist/cli/main.mjs exists and is newer than every repository file it was built from. */
function isBundleCurrent() {
  try {
    const builtAt = statSync(new URL('dist/cli/main.mjs', root)).mtimeMs;
    const inputs = JSON.parse(readFileSync(new URL('dist/cli/inputs.json', root), 'utf8'));
    return inputs.every((file) => statSync(new URL(file, root)).mtimeMs <= builtAt);
  } catch {
    return false;
  }
}

async function loadMain() {
  if (process.env.XDS_SANDBOX_FROM_SOURCE !== '1' && isBundleCurrent()) return (await import('../dist/cli/main.mjs')).main;
  const { register } = await import('tsx/esm/api');
  register();
  return (await import('../core/node/cli/main.ts')).main;
}

const main = await loadMain();
process.exitCode = await main(process.argv);
