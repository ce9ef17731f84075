// Runs the bundled CLI (dist/cli/main.cjs, see scripts/bundle.mjs) as a vm.Script with V8's code cache: a run without a
// usable cache leaves one beside the bundle (main.cjs.<build>.<command>.<V8 version>.<flags>.v8cache), so later runs of the
// command skip compiling the code it uses. Node 20 offers this for scripts only, not ES modules (its module.enableCompileCache came in Node 22).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import vm from 'node:vm';

/**
 * A short hash of the Node and V8 options the process runs with: V8 refuses a cache made under other flags, so runs
 * with and without (say) --cpu-prof keep a cache each instead of rewriting one in turn.
 */
function flagsKey() {
  let h = 0x811c9dc5;
  for (const c of `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h.toString(16);
}

/**
 * Loads the bundle at `file`, whose build is named by `build` (its modification time: a rebuilt bundle never takes an
 * older build's cache), for running `command` (each command has its own cache, holding the code it runs); returns its
 * `main` and `saveCache`, which writes the cache when there was none usable.
 */
export function loadBundle(file, build, command) {
  const name = /^[a-z][a-z-]*$/.test(command ?? '') ? command : 'other';
  const cacheFile = `${file}.${build}.${name}.${process.versions.v8}.${flagsKey()}.v8cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // no cache yet: this run writes one
  }
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return {
    main: module.exports.main,
    /** Writes the code cache (with every function compiled so far) when the run had none it could use; never throws. */
    saveCache() {
      if (cachedData && !script.cachedDataRejected) return;
      try {
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
      } catch {
        // a read-only install: every run compiles, as without a cache
      }
    },
  };
}
