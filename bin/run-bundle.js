// Runs the bundled CLI (dist/cli/main.cjs, see scripts/bundle.mjs) as a vm.Script with V8's code cache: a run without a
// usable cache leaves one beside the bundle (main.cjs.<build>.<command>.<V8 version>.<flags>.v8cache), so later runs of the
// command skip compiling the code it uses. Node 20 offers this for scripts only, not ES modules (its module.enableCompileCache came in Node 22).
// The script has no dynamic import() callback (Node 20 offers one only as an experimental feature, and loses it when the
// script comes from a cache), so the bundle must not use import() at run time (scripts/bundle.test.ts checks it).
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

/** Length of the SHA-1 digest that heads a cache file. */
const DIGEST_BYTES = 20;

function digest(data) {
  return createHash('sha1').update(data).digest();
}

/**
 * The code cache stored in `file` when it is whole (its leading digest matches the rest), else undefined. V8 checks a
 * cache's header (its version, flags, source length) but, in release builds, not its contents: a damaged cache with a
 * sound header would crash the process instead of being refused.
 */
function readCache(file) {
  try {
    const stored = readFileSync(file);
    const data = stored.subarray(DIGEST_BYTES);
    return stored.length > DIGEST_BYTES && digest(data).equals(stored.subarray(0, DIGEST_BYTES)) ? data : undefined;
  } catch {
    return undefined; // no cache yet: this run writes one
  }
}

/** Writes `data` to `file` under its digest, whole or not at all (through a file of this process renamed over it); never throws. */
function writeCache(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, Buffer.concat([digest(data), data]));
    renameSync(tmp, file);
  } catch {
    // a read-only install or a full disk: every run compiles, as without a cache
    rmSync(tmp, { force: true });
  }
}

/**
 * Loads the bundle at `file`, whose build is named by `build` (its modification time: a rebuilt bundle never takes an
 * older build's cache), for running `command` (each command has its own cache, holding the code it runs); returns its
 * `main` and `saveCache`, which writes the cache when there was none usable and `command` is one of the bundle's
 * commands (or no command name at all), so that mistyped names do not leave caches behind.
 */
export function loadBundle(file, build, command) {
  const name = /^[a-z][a-z-]*$/.test(command ?? '') ? command : 'other';
  const cacheFile = `${file}.${build}.${name}.${process.versions.v8}.${flagsKey()}.v8cache`;
  const cachedData = readCache(cacheFile);
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return {
    main: module.exports.main,
    /** Writes the code cache (with every function compiled so far) when the run had none it could use; never throws. */
    saveCache() {
      if (cachedData && !script.cachedDataRejected) return;
      if (name !== 'other' && !module.exports.COMMAND_NAMES?.includes(name)) return;
      try {
        writeCache(cacheFile, script.createCachedData());
      } catch {
        // never fails the run
      }
    },
  };
}
