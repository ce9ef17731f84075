// What only the leader of a store does follows leadership while serves run: of two `serve` processes on one folder only
// the leader runs Discovery; when the leader dies, the follower that takes over starts Discovery and keeps its pass
// history in the history file, the passes it recorded while following included. Real processes on a real folder.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { DiscoveryView } from '../../common/discovery/discovery-view';
import type { PassSummary } from '../../common/api/contract';
import { waitFor } from '../xds/test-support/harness';
import { startServe, type Serve } from './serve-test-support';

const root = new URL('../../../', import.meta.url).pathname;
const temp = mkdtempSync(join(tmpdir(), 'xds-sandbox-roles-'));
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(temp, { recursive: true, force: true });
});

/** A serve with its API (its UI server) to call, as the UI does. */
interface ServeWithApi extends Serve {
  api<T>(method: string, ...args: unknown[]): Promise<T>;
}

function serve(folder: string): ServeWithApi {
  const s = startServe([folder, '--xds-port', '0', '--ui-port', '0', '--no-open', '--envoy', 'off', '--discovery', 'static'], { cwd: temp });
  children.push(s.child);
  return {
    ...s,
    async api<T>(method: string, ...args: unknown[]): Promise<T> {
      const ui = new URL(/^ui: (\S+)$/m.exec(s.stdout())![1]);
      const res = await fetch(`${ui.origin}/api/${method}`, {
        method: 'POST', body: JSON.stringify(args),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ui.searchParams.get('token')}` },
      });
      return ((await res.json()) as { result: T }).result;
    },
  };
}

/** waitFor with the description first and a minute's patience, as these steps read best. */
function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  return waitFor(check, ms, what);
}

/** The pass summaries in a folder's history file, by id. */
function passesInHistoryFile(folder: string): Map<number, PassSummary> {
  const db = new Database(join(folder, '.xds-sandbox', 'history.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT id, summary FROM passes').all() as { id: number; summary: string }[];
    return new Map(rows.map((r) => [r.id, JSON.parse(r.summary) as PassSummary]));
  } finally {
    db.close();
  }
}

describe('leadership changing while serves run', () => {
  it('only the leader runs Discovery; a follower that takes over starts it and keeps its history, passes from before included, in the history file', async () => {
    const folder = join(temp, 'hello');
    cpSync(join(root, 'fixtures/getting-started'), folder, { recursive: true });
    const a = serve(folder);
    await until('the first serve to publish', () => /pass \d+: .*published gloo-system~gateway-proxy@/.test(a.stderr()));
    const b = serve(folder);
    await until('the second serve to follow', () => b.stderr().includes(`leader: pid ${a.child.pid} `) && /pass \d+: .*published/.test(b.stderr()));
    await until('both UIs', async () => (await Promise.all([a, b].map((s) => s.api<unknown>('info').catch(() => undefined)))).every(Boolean));
    expect((await a.api<DiscoveryView>('discovery')).running).toBe(true);
    expect((await b.api<DiscoveryView>('discovery')).running).toBe(false);

    // A change both serves pass over: the follower records it in memory.
    const vs = join(folder, 'hello-vs.yaml');
    writeFileSync(vs, readFileSync(vs, 'utf8').replace('prefix: /greet', 'prefix: /greeting'));
    const followed = await until('the follower to pass over the change', async () => {
      const passes = await b.api<PassSummary[]>('listPasses', 50);
      return passes.length >= 2 && passes;
    });

    a.child.kill('SIGKILL');
    await until('the follower to lead', () => b.stderr().includes('leader: this instance writes statuses'), 10_000);
    await until('Discovery to run on the new leader', async () => (await b.api<DiscoveryView>('discovery')).running);
    expect(b.stderr()).toContain('discovery: runs on this instance, the new leader');

    // Its history is the file now: the passes it recorded while following are in it, as it recorded them.
    const inFile = passesInHistoryFile(folder);
    for (const p of followed) expect(inFile.get(p.id)).toEqual(p);
    writeFileSync(vs, readFileSync(vs, 'utf8').replace('prefix: /greeting', 'prefix: /greet'));
    const latest = await until('a pass after the takeover', async () => {
      const [p] = await b.api<PassSummary[]>('listPasses', 1);
      return p.id > followed[0].id && p;
    });
    await until('that pass in the history file', () => passesInHistoryFile(folder).has(latest.id));
    expect(passesInHistoryFile(folder).get(latest.id)).toEqual(latest);
  }, 180_000);
});
