// Bundles the CLI and engine (core/node/cli/main.ts and everything it imports from this repository) into one CommonJS
// file, dist/cli/main.cjs, so `xds-sandbox` starts without compiling TypeScript at run time. The plain JavaScript
// packages every command loads go in too (see BUNDLED); the others load from node_modules as usual. CommonJS, because
// bin/run-bundle.js runs it as a vm.Script with V8's code cache, which Node 20 offers for scripts and not for ES modules.
// dist/ is git-ignored; `npm install` runs this (the `prepare` script). bin/xds-sandbox.js uses the bundle only while
// it is current (see currentBundleBuild there).
import { readFile, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** The package root. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where the bundle goes. */
export const BUNDLE_DIR = join(ROOT, 'dist', 'cli');

/**
 * The packages bundled with the code, with what they import: loading them from the bundle spares Node resolving,
 * reading and wrapping some 250 files of node_modules at each start (`check` on the demo: 270 -> 220 ms of CPU).
 * The rest stay external: native or WebAssembly modules that load files beside themselves (better-sqlite3,
 * re2-wasm), the etcd and Kubernetes clients (loaded only with their stores) and build tools.
 */
const BUNDLED = new Set(['yaml', 'commander', '@bufbuild/protobuf', 'ajv', 'jsondiffpatch', 'ws', '@grpc/grpc-js']);

/** The package a bare import names (`@scope/name` or `name`). */
function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Keeps every package external except those in BUNDLED and what they import themselves. */
function externalPackages() {
  return {
    name: 'external-packages',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:')) return { path: args.path, external: true };
        const fromPackage = args.importer.includes(join('node_modules', ''));
        return fromPackage || BUNDLED.has(packageOf(args.path)) ? undefined : { path: args.path, external: true };
      });
    },
  };
}

/**
 * Source files find data beside themselves through `import.meta.url` (package.json, renderer/dist, descriptor sets).
 * A CommonJS bundle has no import.meta, so each use is rewritten to the URL of the source file it came from, relative
 * to the bundle's URL (BUNDLE_URL, set by the banner; both live in the same package).
 */
function sourceUrls(outDir) {
  return {
    name: 'source-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes(join('node_modules', ''))) return undefined;
        const text = await readFile(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return { contents: text, loader: 'ts' };
        const rel = relative(outDir, args.path).split('\\').join('/');
        return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, ${BUNDLE_URL}).href`), loader: 'ts' };
      });
    },
  };
}

/** The bundle's own file URL, defined by its first line (outside every module, where `require` is Node's). */
const BUNDLE_URL = '__xdsSandboxBundleUrl';

/**
 * Builds OUT_DIR/main.cjs and OUT_DIR/inputs.json (the repository files it was built from, for the freshness check);
 * resolves to how many files went in. OUT_DIR must be inside the package, so that packages resolve from node_modules.
 */
export async function bundleCli(outDir = BUNDLE_DIR) {
  const { build } = await import('esbuild');
  await mkdir(outDir, { recursive: true });
  // The last build's files, the code caches of its runs (bin/run-bundle.js), which belong to that build only, and files
  // left half-written by a process that was stopped.
  for (const f of await readdir(outDir)) if (f.startsWith('chunk-') || f === 'main.mjs' || f.endsWith('.v8cache') || f.endsWith('.tmp')) await rm(join(outDir, f), { force: true });
  const result = await build({
    entryPoints: [join(ROOT, 'core', 'node', 'cli', 'main.ts')],
    outfile: join(outDir, 'main.cjs'),
    // What is imported with import() (a command's module, the etcd: and kube: stores and their clients) stays in the
    // file but runs only when imported, so each command initialises only what it uses.
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: `var ${BUNDLE_URL}=require("node:url").pathToFileURL(__filename).href;` },
    // No whitespace or comments: V8 keeps the bundle's source in memory, and one non-ASCII character in a comment
    // would make it keep it as two bytes per character. Names stay, so stack traces stay readable.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    charset: 'ascii',
    metafile: true,
    // Written below, whole: a CLI starting meanwhile must never read half a bundle.
    write: false,
    logLevel: 'warning',
    plugins: [externalPackages(), sourceUrls(outDir)],
  });
  // The repository's own files: a package changes only with `npm install`, which bundles again.
  const inputs = Object.keys(result.metafile.inputs).map((p) => relative(ROOT, join(process.cwd(), p)).split('\\').join('/')).filter((p) => !p.startsWith('node_modules/'));
  for (const file of result.outputFiles) await writeWhole(file.path, file.contents);
  await writeWhole(join(outDir, 'inputs.json'), JSON.stringify(inputs));
  return inputs.length;
}

/** Writes a file through a file of this process renamed over it, so that a reader sees the old file or the new one, whole. */
async function writeWhole(path, contents) {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, contents);
  await rename(tmp, path);
}

// `node scripts/bundle.mjs [--out DIR]` (DIR relative to the package root; default dist/cli).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const { values } = parseArgs({ options: { out: { type: 'string' } } });
    const outDir = values.out ? join(ROOT, values.out) : BUNDLE_DIR;
    const n = await bundleCli(outDir);
    process.stdout.write(`bundled ${n} files into ${relative(ROOT, join(outDir, 'main.cjs'))}\n`);
  } catch (err) {
    // Installing must not fail for want of a bundle: bin/xds-sandbox.js falls back to running the TypeScript sources.
    process.stderr.write(`bundle: ${err instanceof Error ? err.message : String(err)}; xds-sandbox will run the TypeScript sources instead\n`);
  }
}
