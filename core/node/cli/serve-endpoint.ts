// Where a running `serve` can be asked: it writes its API address and token beside its lock (`endpoint-<pid>.json` in the
// store's state folder, readable by its owner only), so `check`, `route` and `translate` give the answer the UI shows.
// Several serves may run on one store; the one holding the lock (the leader, which writes the statuses) is asked.
import { chmodSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EngineApi } from '../../common/api/contract';
import { stateDir } from '../engine/serve-state';

/** A running serve's API: its base URL (`http://127.0.0.1:PORT`), the token its API wants, and its process. */
export interface ServeEndpoint {
  readonly url: string;
  readonly token: string;
  readonly pid: number;
}

/** The record of the serve with this pid. */
function fileOf(pid: number): string {
  return `endpoint-${pid}.json`;
}

/** Records this process's API for a store; returns the function that removes the record. Does nothing for a store without a state folder. */
export function writeServeEndpoint(storeSpec: string, endpoint: ServeEndpoint): () => void {
  const dir = stateDir(storeSpec);
  if (!dir) return () => {};
  const file = join(dir, fileOf(endpoint.pid));
  writeFileSync(file, JSON.stringify({ ...endpoint, dir: realpathSync(dir) }) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return () => {
    if (readEndpoint(file)?.pid === process.pid) rmSync(file, { force: true });
  };
}

/**
 * The API of the serve that holds a store's lock now, or undefined: no serve, one without its API, a record left by a
 * serve that is gone, or one copied with the folder (`cp -r`: the record names the folder it was written in).
 */
export function findRunningServe(storeSpec: string): ServeEndpoint | undefined {
  const dir = stateDir(storeSpec);
  if (!dir) return undefined;
  const leader = lockHolderPid(join(dir, 'lock'));
  const endpoint = leader === undefined ? undefined : readEndpoint(join(dir, fileOf(leader)));
  if (!endpoint || endpoint.pid !== leader || endpoint.pid === process.pid || !isAlive(endpoint.pid) || endpoint.dir !== realDir(dir)) return undefined;
  return { url: endpoint.url, token: endpoint.token, pid: endpoint.pid };
}

function realDir(dir: string): string | undefined {
  try {
    return realpathSync(dir);
  } catch {
    return undefined;
  }
}

/** The pid of the process that holds a store's serve lock, when that process is alive. */
export function servingPid(storeSpec: string): number | undefined {
  const dir = stateDir(storeSpec);
  const pid = dir ? lockHolderPid(join(dir, 'lock')) : undefined;
  return pid !== undefined && pid !== process.pid && isAlive(pid) ? pid : undefined;
}

/** Calls one EngineApi method of a running serve over its HTTP API; rejects with the serve's error message. */
export async function callServe<M extends keyof EngineApi>(endpoint: ServeEndpoint, method: M, ...args: Parameters<EngineApi[M]>): Promise<Awaited<ReturnType<EngineApi[M]>>> {
  const res = await fetch(`${endpoint.url}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${endpoint.token}` },
    body: JSON.stringify(args),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await res.json()) as { result?: unknown; error?: { message: string } };
  if (!res.ok || body.error) throw new Error(`the running serve (pid ${endpoint.pid}) answered: ${body.error?.message ?? res.statusText}`);
  return body.result as Awaited<ReturnType<EngineApi[M]>>;
}

function readEndpoint(file: string): (ServeEndpoint & { dir?: string }) | undefined {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<ServeEndpoint & { dir: string }>;
    return typeof v.url === 'string' && typeof v.token === 'string' && typeof v.pid === 'number' ? { url: v.url, token: v.token, pid: v.pid, ...(typeof v.dir === 'string' ? { dir: v.dir } : {}) } : undefined;
  } catch {
    return undefined;
  }
}

/** The pid a state folder's lock names, unless the lock was copied from another folder (it records where it was taken). */
function lockHolderPid(file: string): number | undefined {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; dir?: unknown };
    if (typeof v.dir === 'string' && v.dir !== realDir(dirname(file))) return undefined;
    return typeof v.pid === 'number' ? v.pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
