// What a real kube-apiserver does too rarely to provoke in a test, played by a small HTTP server speaking the same API:
// a 429 (`storage is (re)initializing`, as just after a CRD is established) is retried after the delay it asks for,
// and a watch that answers 410 Gone (its resourceVersion was compacted away) makes the store list again, and so does any other error in a watch
// stream, after a back-off.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileProblem } from '../../common/model/errors';
import { KINDS } from '../../common/model/kinds';
import { ALL_NAMESPACES } from '../../common/store/resource-client';
import { openKubeStore } from './kube-store';
import { ListRecorder, makeTempDir, removeTempDirs, waitUntil } from './store-test-helpers';

afterAll(removeTempDirs);

function item(name: string, rv: string) {
  return { apiVersion: 'gloo.solo.io/v1', kind: 'Upstream', metadata: { name, namespace: 'default', resourceVersion: rv }, spec: { static: { hosts: [{ addr: '10.0.0.1', port: 80 }] } } };
}

/** The answers of the fake API server: Upstream lists and watches follow the script; other kinds are empty and quiet. */
function fakeApiServer(log: string[], firstWatchError = { code: 410, reason: 'Expired', message: 'too old resource version' }, extraItems: object[] = []): Server {
  let lists = 0;
  let watches = 0;
  const open: ServerResponse[] = [];
  const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const gv = /^\/apis\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (gv) return json(res, 200, { resources: KINDS.filter((k) => k.apiVersion === `${gv[1]}/${gv[2]}`).map((k) => ({ name: k.plural })) });
    const upstreams = url.pathname === '/apis/gloo.solo.io/v1/upstreams';
    if (url.searchParams.get('watch')) {
      if (!upstreams) return void open.push(res.writeHead(200, { 'Content-Type': 'application/json' }));
      watches++;
      log.push(`watch rv=${url.searchParams.get('resourceVersion')} bookmarks=${url.searchParams.get('allowWatchBookmarks')}`);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      if (watches === 1) return res.end(JSON.stringify({ type: 'ERROR', object: { kind: 'Status', ...firstWatchError } }) + '\n');
      res.write(JSON.stringify({ type: 'BOOKMARK', object: { kind: 'Upstream', metadata: { resourceVersion: '25' } } }) + '\n');
      return void open.push(res);
    }
    if (!upstreams) return json(res, 200, { metadata: { resourceVersion: '1' }, items: [] });
    lists++;
    log.push(`list ${lists}`);
    if (lists === 1) return json(res, 429, { kind: 'Status', code: 429, message: 'storage is (re)initializing', details: { retryAfterSeconds: 1 } });
    if (lists === 2) return json(res, 200, { metadata: { resourceVersion: '10' }, items: [item('a', '10')] });
    return json(res, 200, { metadata: { resourceVersion: '20' }, items: [item('a', '10'), item('b', '20'), ...extraItems] });
  }).on('close', () => open.forEach((r) => r.destroy()));
}

describe('kube store watch recovery', () => {
  it('a 429 is retried after the delay the server asks for, and a 410 Gone watch lists again', async () => {
    expect(await runScript()).toEqual(['list 1', 'list 2', 'watch rv=10 bookmarks=true', 'list 3', 'watch rv=20 bookmarks=true']);
  });

  it('an object that cannot be read (a corrupt compressedSpec) is a problem naming it, and the others are served', async () => {
    const corrupt = { ...item('c', '15'), spec: { compressedSpec: Buffer.from('not gzip').toString('base64') } };
    const problems = await runScript(undefined, [corrupt], (p) => p.length > 0);
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining('cannot read Upstream default/c:')]);
  });

  it('another error in a watch stream backs off and lists again, rather than watching again at once', async () => {
    expect(await runScript({ code: 500, reason: 'InternalError', message: 'etcdserver: request timed out' })).toEqual(['list 1', 'list 2', 'watch rv=10 bookmarks=true', 'list 3', 'watch rv=20 bookmarks=true']);
  });
});

/** Runs a kube: store against the fake API server until it has listed Upstreams a and b; returns the server's log. */
async function runScript(firstWatchError?: Parameters<typeof fakeApiServer>[1]): Promise<string[]>;
async function runScript(firstWatchError: Parameters<typeof fakeApiServer>[1], extraItems: object[], problemsDone: (p: readonly FileProblem[]) => boolean): Promise<readonly FileProblem[]>;
async function runScript(firstWatchError?: Parameters<typeof fakeApiServer>[1], extraItems: object[] = [], problemsDone?: (p: readonly FileProblem[]) => boolean): Promise<string[] | readonly FileProblem[]> {
  const log: string[] = [];
  const server = fakeApiServer(log, firstWatchError, extraItems);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const kubeconfig = join(makeTempDir(), 'kubeconfig');
  writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\ncurrent-context: fake\nclusters:\n- name: fake\n  cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}\nusers:\n- name: u\n  user: {token: t}\ncontexts:\n- name: fake\n  context: {cluster: fake, user: u}\n`);
  const store = await openKubeStore('', { kubeconfig });
  try {
    const rec = new ListRecorder<'Upstream'>();
    store.client('Upstream').watch(ALL_NAMESPACES, rec.onList);
    await rec.waitFor((l) => l.map((r) => r.metadata.name).join() === 'a,b', 10_000, 'the list after the failed watch');
    const done = problemsDone ?? ((p: readonly FileProblem[]) => p.length === 0);
    await waitUntil(() => log.length >= 5 && done(store.problems()), 10_000, 'the watch after the list, and the problems expected');
    return problemsDone ? store.problems() : log;
  } finally {
    await store.close();
    server.closeAllConnections();
    server.close();
  }
}
