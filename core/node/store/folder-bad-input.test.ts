// Bad input in a config folder: each mistake is a FileProblem at its exact place, every other object keeps loading, and a
// file that turns bad keeps serving its last good objects until it is fixed.
import { openSync, closeSync, ftruncateSync, readFileSync, writeFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { StorageError, type FileProblem } from '../../common/model/errors';
import { ALL_NAMESPACES, type ResourceStore } from '../../common/store/resource-client';
import { openFolderStore, type FolderStoreOptions } from './folder-store';
import { copyFixture, ListRecorder, removeTempDirs, sleep, upstream, waitUntil } from './store-test-helpers';

const open: ResourceStore[] = [];
async function openFolder(dir: string, opts: FolderStoreOptions = {}): Promise<ResourceStore> {
  const s = await openFolderStore(dir, opts);
  open.push(s);
  return s;
}
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});
afterAll(removeTempDirs);

const where = (p: FileProblem) => `${p.file}:${p.line}:${p.column}${p.path ? ' ' + p.path : ''}`;
const names = (list: { metadata: { namespace: string; name: string } }[]) => list.map((r) => `${r.metadata.namespace}/${r.metadata.name}`);

describe('folder store bad input', () => {
  it('each bad file of the bad-input folder is a problem at its exact file:line:column, and the good objects all load', async () => {
    const s = await openFolder(copyFixture('bad-input'));
    expect(s.problems().map(where)).toEqual([
      'binary.yaml:3:1',
      'latin1.yaml:6:15',
      'shop-copy.yaml:2:1',
      'syntax-error.yaml:8:3',
      'unknown-field.yaml:9:9 /spec/static/hosts/0/prot',
      'unknown-kind.yaml:2:1 /kind',
      'wrong-type.yaml:9:9 /spec/static/hosts/0/port',
    ]);
    const messages = s.problems().map((p) => p.message);
    expect(messages[0]).toMatch(/binary/);
    expect(messages[1]).toMatch(/not valid UTF-8 \(byte 0xe9\)/);
    expect(messages[2]).toMatch(/^duplicate Upstream default\/cart: also defined at good\/upstreams\.yaml:12:1, which wins .* this one at shop-copy\.yaml:2:1 is ignored$/);
    expect(messages[3]).toMatch(/^YAML syntax error/);
    expect(messages[4]).toMatch(/unknown field `prot`/);
    expect(messages[5]).toMatch(/unknown kind "Upstreem"/);
    expect(messages[6]).toMatch(/must be integer/);
    expect(names(await s.client('Upstream').list(ALL_NAMESPACES))).toEqual(['default/cart', 'default/shop']);
    expect((await s.client('Upstream').read('default', 'cart')).spec.static?.hosts?.[0].port).toBe(8081);
    expect(names(await s.client('VirtualService').list(ALL_NAMESPACES))).toEqual(['default/shop']);
  });

  it('an empty file gives no objects and no problem, and ignored files are never read', async () => {
    const s = await openFolder(copyFixture('bad-input'));
    const files = s.problems().map((p) => p.file);
    for (const f of ['empty.yaml', 'upstreams.yaml~', '.scratch.yaml', 'notes.txt', 'README.md']) expect(files).not.toContain(f);
  });

  it('a 50 MB file is refused with a clear problem instead of being parsed, and the limit is an option', async () => {
    const dir = copyFixture('bad-input');
    const fd = openSync(join(dir, 'huge.yaml'), 'w');
    ftruncateSync(fd, 50 * 1024 * 1024);
    closeSync(fd);
    const s = await openFolder(dir);
    const huge = s.problems().find((p) => p.file === 'huge.yaml');
    expect(huge).toEqual({ file: 'huge.yaml', line: 1, column: 1, message: 'the file is 50.0 MB, over the 10.0 MB limit (maxFileBytes); not read' });
    const strict = await openFolder(dir, { maxFileBytes: 200, watch: false });
    expect(strict.problems().find((p) => p.file === 'good/upstreams.yaml')?.message).toMatch(/^the file is \d+ bytes, over the 200 bytes limit \(maxFileBytes\); not read$/);
    expect(names(await strict.client('Upstream').list(ALL_NAMESPACES))).toEqual(['default/cart']);
    expect((await strict.client('Upstream').read('default', 'cart')).source?.file).toBe('shop-copy.yaml');
  });

  it('a file that turns bad keeps its last good objects until it is fixed, and its problem says so', async () => {
    const dir = copyFixture('bad-input');
    const s = await openFolder(dir);
    const rec = new ListRecorder<'Upstream'>();
    s.client('Upstream').watch(ALL_NAMESPACES, rec.onList);
    const changes: (readonly FileProblem[])[] = [];
    s.watchProblems((p) => changes.push(p));
    const file = join(dir, 'good/upstreams.yaml');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('metadata:\n  name: shop', 'metadata:\n  name: [shop'));
    await waitUntil(() => s.problems().some((p) => p.file === 'good/upstreams.yaml'), 3000, 'the problem');
    const problem = s.problems().find((p) => p.file === 'good/upstreams.yaml')!;
    expect(problem.message).toMatch(/^YAML syntax error: .*; keeping the 1 object last read from this file$/);
    expect(names(await s.client('Upstream').list(ALL_NAMESPACES))).toEqual(['default/cart', 'default/shop']);
    await expect(s.client('Upstream').write({ ...(await s.client('Upstream').read('default', 'shop')), spec: {} }, { overwrite: true }))
      .rejects.toThrow(StorageError);
    for (const bytes of [Buffer.from([0x00, 0x01, 0x02]), Buffer.from('metadata:\n  name: caf\xe9\n', 'latin1')]) {
      writeFileSync(file, bytes);
      await waitUntil(() => s.problems().find((p) => p.file === 'good/upstreams.yaml')?.message.match(/binary|UTF-8/) !== null, 3000);
      expect(s.problems().find((p) => p.file === 'good/upstreams.yaml')?.message).toMatch(/keeping the 2 objects last read from this file$/);
      expect(names(rec.last)).toEqual(['default/cart', 'default/shop']);
    }
    writeFileSync(file, good.replace('port: 8080', 'port: 8090'));
    await waitUntil(() => !s.problems().some((p) => p.file === 'good/upstreams.yaml'), 3000, 'the fix');
    await rec.waitFor((l) => l.find((r) => r.metadata.name === 'shop')?.spec.static?.hosts?.[0].port === 8090);
    expect(changes.length).toBeGreaterThanOrEqual(2);
    expect(changes[changes.length - 1].some((p) => p.file === 'good/upstreams.yaml')).toBe(false);
  });

  it('one bad document keeps only the objects it held; the file\'s other documents stay live', async () => {
    const dir = copyFixture('bad-input');
    const s = await openFolder(dir);
    const file = join(dir, 'good/upstreams.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('port: 8080', 'port: 8070').replace('port: 8081', 'port: "x"'));
    await waitUntil(() => s.problems().some((p) => p.file === 'good/upstreams.yaml'), 3000);
    expect(s.problems().find((p) => p.file === 'good/upstreams.yaml')).toMatchObject({
      line: 20, column: 9, path: '/spec/static/hosts/0/port', message: 'spec.static.hosts.0.port: must be integer; keeping the 1 object last read from this file',
    });
    expect((await s.client('Upstream').read('default', 'shop')).spec.static?.hosts?.[0].port).toBe(8070);
    expect((await s.client('Upstream').read('default', 'cart')).spec.static?.hosts?.[0].port).toBe(8081);
  });

  it('deleting the file that wins a duplicate hands the object to the other file and clears the problem', async () => {
    const dir = copyFixture('bad-input');
    const s = await openFolder(dir);
    unlinkSync(join(dir, 'good/upstreams.yaml'));
    await waitUntil(() => !s.problems().some((p) => p.file === 'shop-copy.yaml'), 3000);
    expect((await s.client('Upstream').read('default', 'cart')).source?.file).toBe('shop-copy.yaml');
  });

  it('a folder full of bad files still takes writes and reports new problems as they come', async () => {
    const dir = copyFixture('bad-input');
    const s = await openFolder(dir);
    await s.client('Upstream').write(upstream('fresh'));
    expect((await s.client('Upstream').read('default', 'fresh')).source?.file).toBe('good/upstream-fresh.yaml');
    const before = s.problems().length;
    writeFileSync(join(dir, 'later.yaml'), 'kind: Upstream\napiVersion: gloo.solo.io/v1\nmetadata: {name: later}\nspec: {static: {hosts: [{port: -1}]}}\n');
    await waitUntil(() => s.problems().length === before + 1, 3000);
    await sleep(20);
    expect(s.problems().find((p) => p.file === 'later.yaml')).toMatchObject({ line: 4, column: 26, path: '/spec/static/hosts/0/port' });
  });
});
