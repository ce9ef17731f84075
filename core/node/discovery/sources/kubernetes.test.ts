// The kubernetes source against a real HTTP server on loopback answering the Kubernetes API's Service list.
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubernetesSource, readKubeconfig } from './kubernetes';

describe('the kubernetes source', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xds-kube-'));
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.url} ${req.headers.authorization ?? ''}`);
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ items: [
      { metadata: { name: 'petstore', namespace: 'shop', labels: { app: 'petstore' } }, spec: { selector: { app: 'petstore' }, ports: [{ port: 8080 }, { port: 9090, name: 'grpc' }] } },
    ] }));
  });
  let kubeconfig: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    kubeconfig = join(dir, 'config');
    writeFileSync(kubeconfig, `apiVersion: v1
kind: Config
current-context: dev
contexts: [{name: dev, context: {cluster: local, user: me}}]
clusters: [{name: local, cluster: {server: 'http://127.0.0.1:${(server.address() as { port: number }).port}'}}]
users: [{name: me, user: {token: secret-token}}]
`);
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every port of every Service becomes a kube Upstream with Gloo\'s name, selector and labels', async () => {
    const scan = await kubernetesSource({ kubeconfig, writeNamespace: 'gloo-system', watchLabels: { app: 'petstore' }, timeoutMs: 2000 }).scan();
    if (!scan.ok) throw new Error(scan.message);
    expect(scan.upstreams.map((d) => d.upstream.metadata.name)).toEqual(['shop-petstore-8080', 'shop-petstore-9090']);
    expect(scan.upstreams[0].upstream.spec).toEqual({ kube: { serviceName: 'petstore', serviceNamespace: 'shop', servicePort: 8080, selector: { app: 'petstore' } }, discoveryMetadata: { labels: { app: 'petstore' } } });
    expect(scan.upstreams[0].source).toBe('kubernetesplugin');
    expect(seen.at(-1)).toBe('/api/v1/services?labelSelector=app%3Dpetstore Bearer secret-token');
  });

  it('a missing kubeconfig or context is a scan failure that says what is missing', async () => {
    const scan = await kubernetesSource({ kubeconfig: join(dir, 'nope'), writeNamespace: 'gloo-system', watchLabels: {}, timeoutMs: 2000 }).scan();
    expect(scan).toMatchObject({ ok: false, message: expect.stringMatching(/^cannot read kubeconfig .*nope/) });
    writeFileSync(join(dir, 'empty'), 'apiVersion: v1\nkind: Config\n');
    expect(readKubeconfig(join(dir, 'empty'))).toEqual({ error: `kubeconfig ${join(dir, 'empty')} has no current-context` });
  });
});
