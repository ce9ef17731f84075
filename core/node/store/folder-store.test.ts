// The folder store: both layouts, multi-document files, write-back into the user's files, atomic writes, statuses, lock.
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ConflictError, InvalidObjectError, StorageError } from '../../common/model/errors';
import type { Resource } from '../../common/model/resource';
import { ALL_NAMESPACES, type ResourceStore } from '../../common/store/resource-client';
import { writeFileAtomic } from './atomic-write';
import { openFolderStore, type FolderStore } from './folder-store';
import { copyFixture, makeTempDir, removeTempDirs, upstream, waitUntil } from './store-test-helpers';

const open: ResourceStore[] = [];
async function openFolder(dir: string, opts = {}): Promise<FolderStore> {
  const s = await openFolderStore(dir, opts);
  open.push(s);
  return s;
}
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});
afterAll(removeTempDirs);

const names = (list: { metadata: { namespace: string; name: string } }[]) => list.map((r) => `${r.metadata.namespace}/${r.metadata.name}`);

describe('folder store layouts', () => {
  it('reads Kubernetes manifests anywhere under the folder, several per file, each with its file:line:column', async () => {
    const s = await openFolder(copyFixture('layouts/k8s-manifests'));
    expect(names(await s.client('Upstream').list(ALL_NAMESPACES))).toEqual(['default/cart', 'shop/shop']);
    const cart = await s.client('Upstream').read('default', 'cart');
    expect(cart.source).toEqual({ file: 'shop/upstreams.yaml', line: 17, column: 1 });
    expect((await s.client('RouteTable').read('shop', 'shop-api')).source).toEqual({ file: 'shop/virtual-service.yaml', line: 20, column: 1 });
    expect((await s.client('Secret').read('shop', 'shop-tls')).spec.tls?.certChain).toContain('BEGIN CERTIFICATE');
    expect(s.problems()).toEqual([]);
  });

  it('reads the Solo Kit layout with the kind from the plural folder and the namespace from the folder below it', async () => {
    const s = await openFolder(copyFixture('layouts/solo-kit'));
    expect(names(await s.client('Upstream').list(ALL_NAMESPACES))).toEqual(['default/shop', 'team-a/cart']);
    expect((await s.client('Upstream').read('team-a', 'cart')).spec.static?.hosts?.[0].port).toBe(8081);
    expect(names(await s.client('Gateway').list(ALL_NAMESPACES))).toEqual(['gloo-system/http']);
    expect((await s.client('VirtualService').read('default', 'shop')).source?.file).toBe('virtualservices/default/shop.yaml');
    expect(s.problems()).toEqual([]);
  });

  it('reading a folder leaves nothing behind in it', async () => {
    const dir = copyFixture('layouts/k8s-manifests');
    const s = await openFolder(dir, { watch: false });
    await s.client('Upstream').list(ALL_NAMESPACES);
    await s.close();
    expect(existsSync(join(dir, '.xds-sandbox'))).toBe(false);
  });
});

describe('folder store writes', () => {
  it('a save checked against the version last read replaces a document that fails to load, keeping the file\'s other documents; a stale save conflicts', async () => {
    const dir = makeTempDir();
    const file = join(dir, 'upstreams.yaml');
    const doc = (name: string, field: string) => `apiVersion: gloo.solo.io/v1\nkind: Upstream\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  ${field}:\n    hosts:\n    - addr: 10.0.0.1\n      port: 8080\n`;
    writeFileSync(file, `# team backends\n${doc('web', 'static')}---\n${doc('api', 'static')}`);
    const s = await openFolder(dir);
    const c = s.client('Upstream');
    const lastRead = await c.read('default', 'web');
    writeFileSync(file, `# team backends\n${doc('web', 'statik')}---\n${doc('api', 'static')}`);
    await waitUntil(() => s.problems().length > 0, 3000, 'the typo is noticed');
    await expect(c.write({ ...lastRead, metadata: { ...lastRead.metadata, resourceVersion: 'stale' } }, { overwrite: true })).rejects.toBeInstanceOf(ConflictError);
    const fixed = { ...lastRead, spec: { static: { hosts: [{ addr: '10.0.0.2', port: 8080 }] } } };
    await c.write(fixed, { overwrite: true });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('statik');
    expect(text).toContain('addr: 10.0.0.2');
    expect(text.endsWith(doc('api', 'static'))).toBe(true);
    await waitUntil(() => s.problems().length === 0, 3000, 'the file reads again');
    expect((await c.read('default', 'web')).spec.static?.hosts?.[0].addr).toBe('10.0.0.2');
  });

  it('an update rewrites only its document, keeping comments, key order and the other documents byte for byte', async () => {
    const dir = copyFixture('layouts/k8s-manifests');
    const file = join(dir, 'shop/upstreams.yaml');
    const before = readFileSync(file, 'utf8');
    const [firstDoc, secondDoc] = before.split(/(?=^---$)/m);
    const s = await openFolder(dir);
    const c = s.client('Upstream');
    const shop = await c.read('shop', 'shop');
    await c.write({ ...shop, metadata: { ...shop.metadata, labels: { team: 'shop', tier: 'web' } }, spec: { ...shop.spec, connectionConfig: { connectTimeout: '5s' } } }, { overwrite: true });
    const after = readFileSync(file, 'utf8');
    expect(after.endsWith(secondDoc)).toBe(true);
    expect(after).toContain('# Backends of the shop team.');
    expect(after).toContain('team: shop # used by dashboards');
    expect(after).toContain('tier: web');
    expect(after).toContain('connectTimeout: 5s');
    expect([...after.matchAll(/^(\w+):/gm)].slice(0, 4).map((m) => m[1])).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(after.indexOf('static:')).toBeLessThan(after.indexOf('connectTimeout:'));
    const cart = await c.read('default', 'cart');
    await c.write({ ...cart, spec: { static: { hosts: [{ addr: '10.0.0.12', port: 9000 }] } } }, { overwrite: true });
    const final = readFileSync(file, 'utf8');
    expect(final.startsWith(after.split(/(?=^---$)/m)[0])).toBe(true);
    expect(final).toContain('# The cart service; no namespace given, so it lands in `default`.');
    expect(final).not.toMatch(/namespace: default/);
    expect(firstDoc).toContain('name: shop');
  });

  it('a flat Solo Kit object is updated in its own form', async () => {
    const dir = copyFixture('layouts/solo-kit');
    const s = await openFolder(dir);
    const c = s.client('Upstream');
    const shop = await c.read('default', 'shop');
    await c.write({ ...shop, spec: { ...shop.spec, connectionConfig: { connectTimeout: '3s' } } }, { overwrite: true });
    const text = readFileSync(join(dir, 'upstreams/default/shop.yaml'), 'utf8');
    expect(text).toBe(readFileSync(join(copyFixture('layouts/solo-kit'), 'upstreams/default/shop.yaml'), 'utf8').replace('connectTimeout: 2s', 'connectTimeout: 3s'));
  });

  it('a new object goes beside the objects of its kind and namespace, in a file of its own, in a folder of manifests', async () => {
    const dir = copyFixture('layouts/k8s-manifests');
    const s = await openFolder(dir);
    await s.client('Upstream').write(upstream('payments', 'shop'));
    expect((await s.client('Upstream').read('shop', 'payments')).source?.file).toBe('shop/upstream-payments.yaml');
    await s.client('RouteTable').write({ kind: 'RouteTable', metadata: { name: 'extra', namespace: 'shop' }, spec: { routes: [] } } as Resource<'RouteTable'>);
    expect((await s.client('RouteTable').read('shop', 'extra')).source?.file).toBe('shop/routetable-extra.yaml');
  });

  it('a new object of a namespace the folder does not hold goes to <namespace>/<kind>-<name>.yaml in a folder of manifests', async () => {
    const dir = copyFixture('layouts/k8s-manifests');
    const s = await openFolder(dir);
    await s.client('Upstream').write(upstream('billing', 'finance'));
    const text = readFileSync(join(dir, 'finance/upstream-billing.yaml'), 'utf8');
    expect(text).toMatch(/^apiVersion: gloo.solo.io\/v1\nkind: Upstream\nmetadata:\n  name: billing\n  namespace: finance\nspec:\n/);
    expect((await s.client('Upstream').read('finance', 'billing')).source?.file).toBe('finance/upstream-billing.yaml');
  });

  it('a new object goes to <plural>/<namespace>/<name>.yaml in a Solo Kit folder', async () => {
    const dir = copyFixture('layouts/solo-kit');
    const s = await openFolder(dir);
    await s.client('Upstream').write(upstream('billing', 'finance'));
    const text = readFileSync(join(dir, 'upstreams/finance/billing.yaml'), 'utf8');
    expect(text).toMatch(/^metadata:\n  name: billing\n  namespace: finance\nstatic:\n/);
  });

  it('delete removes the document and keeps the others; deleting the last document removes the file', async () => {
    const dir = copyFixture('layouts/k8s-manifests');
    const s = await openFolder(dir);
    await s.client('Upstream').delete('shop', 'shop');
    const text = readFileSync(join(dir, 'shop/upstreams.yaml'), 'utf8');
    expect(text.startsWith('# The cart service')).toBe(true);
    expect(names(await s.client('Upstream').list(ALL_NAMESPACES))).toEqual(['default/cart']);
    await s.client('Upstream').delete('default', 'cart');
    expect(existsSync(join(dir, 'shop/upstreams.yaml'))).toBe(false);
    expect(existsSync(join(dir, 'shop/virtual-service.yaml'))).toBe(true);
  });

  it('writes leave no temp files and a reader never sees partial content', async () => {
    const dir = makeTempDir();
    const file = join(dir, 'big.yaml');
    const versions = ['a', 'b'].map((ch) => `# ${ch}\n` + `x: "${ch.repeat(2_000_000)}"\n`);
    writeFileSync(file, versions[0]);
    let done = false;
    let reads = 0;
    const reader = (async () => {
      while (!done) {
        const text = await readFile(file, 'utf8');
        expect(versions).toContain(text);
        reads++;
      }
    })();
    for (let i = 1; i <= 20; i++) await writeFileAtomic(file, versions[i % 2]);
    done = true;
    await reader;
    expect(reads).toBeGreaterThan(0);
    const s = await openFolder(dir);
    for (let i = 0; i < 5; i++) await s.client('Upstream').write(upstream(`u${i}`));
    expect(readdirSync(dir, { recursive: true }).filter((n) => String(n).includes('.tmp'))).toEqual([]);
  });

  it('a write based on a resourceVersion the file no longer holds fails with ConflictError, even before the watcher sees the edit', async () => {
    const dir = copyFixture('layouts/solo-kit');
    const s = await openFolder(dir);
    const c = s.client('Upstream');
    const cart = await c.read('team-a', 'cart');
    const file = join(dir, 'upstreams/team-a/cart.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('8081', '8082'));
    await expect(c.write({ ...cart, spec: { static: { hosts: [{ addr: 'x', port: 1 }] } } }, { overwrite: true })).rejects.toBeInstanceOf(ConflictError);
    expect((await c.read('team-a', 'cart')).spec.static?.hosts?.[0].port).toBe(8082);
  });

  it('statuses go to .xds-sandbox/state.db, never into the YAML, and survive reopening', async () => {
    const dir = copyFixture('layouts/solo-kit');
    const file = join(dir, 'upstreams/default/shop.yaml');
    const before = readFileSync(file, 'utf8');
    let s = await openFolder(dir);
    await s.client('Upstream').writeStatus({ namespace: 'default', name: 'shop' }, { state: 'Accepted', reportedBy: 'gloo' });
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(existsSync(join(dir, '.xds-sandbox/state.db'))).toBe(true);
    await s.close();
    s = await openFolder(dir);
    expect((await s.client('Upstream').read('default', 'shop')).status?.state).toBe('Accepted');
  });

  it('a v1 Secret is written back as a v1 Secret', async () => {
    const dir = copyFixture('layouts/k8s-manifests');
    const s = await openFolder(dir);
    const c = s.client('Secret');
    const secret = await c.read('shop', 'shop-tls');
    await c.write({ ...secret, spec: { tls: { certChain: 'new cert\n', privateKey: 'new key\n' } } }, { overwrite: true });
    const text = readFileSync(join(dir, 'secrets/tls.yaml'), 'utf8');
    expect(text).toMatch(/^# A Kubernetes v1 Secret/);
    expect(text).toMatch(/apiVersion: v1\nkind: Secret\ntype: kubernetes.io\/tls\n/);
    expect(text).toContain('tls.crt: |\n    new cert\n');
    expect((await c.read('shop', 'shop-tls')).spec.tls?.privateKey).toBe('new key\n');
  });

  it('a read-only store refuses object writes with StorageError', async () => {
    const s = await openFolder(copyFixture('layouts/solo-kit'), { readOnly: true });
    await expect(s.client('Upstream').write(upstream('x'))).rejects.toBeInstanceOf(StorageError);
    await expect(s.client('Upstream').delete('default', 'shop')).rejects.toBeInstanceOf(StorageError);
  });

  it('the folder lock is refused while a live process holds it, and taken over from a dead one', async () => {
    const dir = copyFixture('layouts/solo-kit');
    const first = await openFolder(dir);
    const second = await openFolder(dir);
    const lock = first.acquireLock();
    expect(lock.acquired).toBe(true);
    const refused = second.acquireLock();
    expect(refused.acquired).toBe(false);
    expect(refused.holder.pid).toBe(process.pid);
    lock.release();
    expect(second.acquireLock().acquired).toBe(true);
    await second.close();
    writeFileSync(join(dir, '.xds-sandbox/lock'), JSON.stringify({ pid: 2 ** 22 + 12345, hostname: (await import('node:os')).hostname(), since: '' }));
    expect(first.acquireLock().acquired).toBe(true);
  });

  it('temp files and lock files that killed writers left are removed when a watching store starts; a live writer\'s are kept', async () => {
    const dir = copyFixture('layouts/solo-kit');
    const at = (name: string) => join(dir, 'upstreams/default', name);
    const dead = 2 ** 22 + 12345;
    writeFileSync(at(`.shop.yaml.${dead}-0badf00d.tmp`), 'half a write');
    writeFileSync(at(`.shop.yaml.${process.pid}-0badf00d.tmp`), 'a write in progress');
    writeFileSync(at('.shop.yaml.lock'), JSON.stringify({ pid: dead, hostname: hostname(), token: 'x' }));
    const old = new Date(Date.now() - 60_000);
    for (const f of readdirSync(join(dir, 'upstreams/default'))) utimesSync(at(f), old, old);
    await openFolder(dir);
    await waitUntil(() => !existsSync(at(`.shop.yaml.${dead}-0badf00d.tmp`)) && !existsSync(at('.shop.yaml.lock')), 3000, 'the leftovers to go');
    expect(existsSync(at(`.shop.yaml.${process.pid}-0badf00d.tmp`))).toBe(true);
  });

  it('a name too long for a file of the folder is an InvalidObjectError at /metadata/name; the longest that fits is written', async () => {
    const s = await openFolder(makeTempDir());
    const longest = 'n'.repeat(233 - 'upstream-.yaml'.length);
    await s.client('Upstream').write(upstream(longest));
    expect((await s.client('Upstream').read('default', longest)).source?.file).toBe(`default/upstream-${longest}.yaml`);
    for (const name of [longest + 'n', 'n'.repeat(253)]) {
      const err = await s.client('Upstream').write(upstream(name)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidObjectError);
      expect(err).toMatchObject({ path: '/metadata/name', message: expect.stringMatching(/too long for a folder store.*at most 219 characters/) });
    }
    await expect(s.client('Upstream').write(upstream('n'.repeat(254)))).rejects.toBeInstanceOf(InvalidObjectError);
  });

  it('a refused create leaves no folder and no lock file behind', async () => {
    const dir = makeTempDir();
    const s = await openFolder(dir);
    await expect(s.client('Upstream').write(upstream('x', 'new-ns'), { expectedResourceVersion: 'abc' })).rejects.toBeInstanceOf(ConflictError);
    expect(readdirSync(dir)).toEqual([]);
  });
});
