// Bundles the Electron main process and preload into out/electron/ (CommonJS; `electron` stays external).
// The preload becomes one self-contained file: sandboxed preloads may require nothing but 'electron'.
import { build } from 'esbuild';
import { join } from 'node:path';

/** Builds out/electron/main.cjs and out/electron/preload.cjs under root; resolves to the output folder. */
export async function buildElectron(root, outDir = join(root, 'out', 'electron')) {
  const common = { bundle: true, format: 'cjs', platform: 'node', target: 'node18', external: ['electron'], logLevel: 'warning', sourcemap: false };
  await build({ ...common, entryPoints: [join(root, 'electron', 'main', 'main.ts')], outfile: join(outDir, 'main.cjs'), external: ['electron', 'bufferutil', 'utf-8-validate'] });
  await build({ ...common, entryPoints: [join(root, 'electron', 'preload', 'preload.ts')], outfile: join(outDir, 'preload.cjs') });
  return outDir;
}
