// Finds a local Envoy binary: an explicit path, ENVOY_BIN, `envoy` on PATH, or one func-e has installed.
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where Envoy was found, or why it was not. */
export type EnvoyLookup = { found: true; path: string; via: string } | { found: false; reason: string };

/** How to get Envoy, printed once when none is found. */
export const INSTALL_HINT = 'install Envoy (https://www.envoyproxy.io/docs/envoy/latest/start/install, or `func-e use <version>`), put it on PATH or set ENVOY_BIN, then restart';

/** Looks for Envoy: setting `off` never finds one; a path must be executable; `auto` tries ENVOY_BIN, PATH and func-e. */
export function findEnvoy(setting: string, env: NodeJS.ProcessEnv = process.env): EnvoyLookup {
  if (setting === 'off') return { found: false, reason: 'Envoy is off (--envoy off)' };
  if (setting !== 'auto') {
    return isExecutable(setting) ? { found: true, path: setting, via: '--envoy' } : { found: false, reason: `--envoy ${setting} is not an executable file` };
  }
  if (env.ENVOY_BIN) {
    return isExecutable(env.ENVOY_BIN) ? { found: true, path: env.ENVOY_BIN, via: 'ENVOY_BIN' } : { found: false, reason: `ENVOY_BIN=${env.ENVOY_BIN} is not an executable file` };
  }
  const onPath = searchPath('envoy', env.PATH ?? '');
  if (onPath) return { found: true, path: onPath, via: 'PATH' };
  const funcE = searchPath('func-e', env.PATH ?? '');
  if (funcE) {
    try {
      const path = execFileSync(funcE, ['which'], { encoding: 'utf8', timeout: 3000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      if (path && isExecutable(path)) return { found: true, path, via: 'func-e' };
    } catch {
      // func-e has no Envoy installed yet; fall through
    }
  }
  return { found: false, reason: `no Envoy found (looked at ENVOY_BIN, PATH and func-e); ${INSTALL_HINT}` };
}

function searchPath(name: string, pathVar: string): string | undefined {
  for (const dir of pathVar.split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
