// The kube: store against a real kube-apiserver: the conformance suite every backend passes, then what only a cluster
// has: CRDs installed by kubectl, objects written by kubectl, statuses in the status subresource, Gloo's compressed
// Proxies, a cluster without the CRDs, and the connection going down and coming back.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { KINDS } from '../../common/model/kinds';
import { ConflictError, StorageError } from '../../common/model/errors';
import { ALL_NAMESPACES, type ResourceStore } from '../../common/store/resource-client';
import { describeStoreConformance } from './store-conformance';
import { ListRecorder, upstream, waitUntil } from './store-test-helpers';
import { openStore } from './open-store';
import { openKubeStore, parseKubeSpec } from './kube-store';
import { emptyCluster, kubeSkip, useKubeCluster } from './kube-test-cluster';
import { COMPRESS_ANNOTATION, STATUS_KEY } from './kube-objects';
import { GENERATED_LABEL } from '../../common/model/generated';

const BIN = fileURLToPath(new URL('../../../bin/xds-sandbox.js', import.meta.url));
const cluster = useKubeCluster();

describe('kube: spec', () => {
  it('names the current context, a context, and a context with a namespace', () => {
    expect(parseKubeSpec('')).toEqual({});
    expect(parseKubeSpec('prod')).toEqual({ context: 'prod' });
    expect(parseKubeSpec('prod/team-a')).toEqual({ context: 'prod', namespace: 'team-a' });
    expect(parseKubeSpec('/team-a')).toEqual({ namespace: 'team-a' });
    expect(() => parseKubeSpec('prod/')).toThrow(/namespace after "\/" is empty/);
  });
});

describe.skipIf(kubeSkip)(kubeSkip ? `kube store (skipped: ${kubeSkip})` : 'kube store', () => {
  const open = async (rest = '') => {
    const s = await openKubeStore(rest, { kubeconfig: cluster.get().kubeconfig });
    opened.push(s);
    return s;
  };
  const opened: ResourceStore[] = [];
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });

  describeStoreConformance('kube', async () => {
    await emptyCluster(cluster.get());
    return openKubeStore('', { kubeconfig: cluster.get().kubeconfig });
  });

  it('`xds-sandbox crds | kubectl apply -f -` names every CRD as already there (the setup installed the same ones) and all are established', async () => {
    const printed = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [BIN, 'crds'], { maxBuffer: 64 << 20, timeout: 120_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
    });
    const { stdout } = await cluster.get().kubectlRun(['apply', '-f', '-'], printed);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(KINDS.length);
    expect(lines.filter((l) => !/^customresourcedefinition\.apiextensions\.k8s\.io\/[a-z]+\.[a-z.-]+ (unchanged|configured)$/.test(l))).toEqual([]);
    const established = await cluster.get().kubectlRun(['get', 'crd', '-l', 'xds-sandbox.io/crd=true', '-o', 'jsonpath={range .items[*]}{.status.conditions[?(@.type=="Established")].status}{"\\n"}{end}']);
    expect(established.stdout.trim().split('\n')).toEqual(KINDS.map(() => 'True'));
  }, 180_000);

  it('openStore opens kube: specs through the backend table, with the context named', async () => {
    await emptyCluster(cluster.get());
    const s = await openStore('kube:sandbox-test', { kubeconfig: cluster.get().kubeconfig });
    opened.push(s);
    expect(s.url).toBe('kube:sandbox-test');
    await s.client('Upstream').write(upstream('a'));
    expect((await s.client('Upstream').list(ALL_NAMESPACES)).map((r) => r.metadata.name)).toEqual(['a']);
  });

  it('an unknown context is refused with the contexts the kubeconfig has', async () => {
    await expect(openKubeStore('nope', { kubeconfig: cluster.get().kubeconfig })).rejects.toThrow(/no context "nope" in the kubeconfig \(contexts: sandbox-test\)/);
  });

  it('kube:CONTEXT/NAMESPACE sees and writes only its namespace', async () => {
    await emptyCluster(cluster.get());
    const all = (await open()).client('Upstream');
    await all.write(upstream('x', 'team-a'));
    await all.write(upstream('y', 'team-b'));
    const teamA = (await open('sandbox-test/team-a')).client('Upstream');
    expect((await teamA.list(ALL_NAMESPACES)).map((r) => `${r.metadata.namespace}/${r.metadata.name}`)).toEqual(['team-a/x']);
    await expect(teamA.write(upstream('z', 'team-b'))).rejects.toThrow(/holds only namespace "team-a"/);
  });

  it('objects kubectl writes are seen by the watch, and a stale write after a kubectl edit is refused', async () => {
    await emptyCluster(cluster.get());
    const c = (await open()).client('Upstream');
    const rec = new ListRecorder<'Upstream'>();
    c.watch(ALL_NAMESPACES, rec.onList);
    await cluster.get().kubectlRun(['apply', '-f', '-'], 'apiVersion: gloo.solo.io/v1\nkind: Upstream\nmetadata: {name: k, namespace: default}\nspec: {static: {hosts: [{addr: 10.0.0.1, port: 80}]}}\n');
    await rec.waitFor((l) => l.length === 1 && l[0].metadata.name === 'k', 10_000);
    const seen = await c.read('default', 'k');
    await cluster.get().kubectlRun(['label', 'upstream', 'k', 'edited=yes']);
    await rec.waitFor((l) => l[0]?.metadata.labels?.edited === 'yes', 10_000);
    await expect(c.write({ ...seen, metadata: { ...seen.metadata, labels: { mine: 'yes' } } }, { overwrite: true })).rejects.toBeInstanceOf(ConflictError);
  });

  it('statuses go to the status subresource under the sandbox\'s key and leave other writers\' statuses alone', async () => {
    await emptyCluster(cluster.get());
    const c = (await open()).client('Upstream');
    await c.write(upstream('s'));
    await cluster.get().kubectlRun(['patch', 'upstream', 's', '--subresource=status', '--type=merge', '-p', '{"status":{"statuses":{"gloo-system":{"state":"Accepted","reportedBy":"gloo"}}}}']);
    expect((await c.read('default', 's')).status).toMatchObject({ state: 'Accepted', reportedBy: 'gloo' });
    await c.writeStatus({ namespace: 'default', name: 's' }, { state: 'Rejected', reason: 'bad', reportedBy: 'gloo' });
    const { stdout } = await cluster.get().kubectlRun(['get', 'upstream', 's', '-o', 'json']);
    const statuses = (JSON.parse(stdout) as { status: { statuses: Record<string, { state: string }> } }).status.statuses;
    expect(statuses[STATUS_KEY].state).toBe('Rejected');
    expect(statuses['gloo-system'].state).toBe('Accepted');
  });

  it('a Proxy annotated gloo.solo.io/compress is stored compressed as Gloo stores it and reads back whole', async () => {
    await emptyCluster(cluster.get());
    const c = (await open()).client('Proxy');
    const spec = { listeners: [{ name: 'l', bindAddress: '::', bindPort: 8080, httpListener: { virtualHosts: [{ name: 'vh', domains: ['*'] }] } }] };
    await c.write({ kind: 'Proxy', metadata: { name: 'p', namespace: 'gloo-system', annotations: { [COMPRESS_ANNOTATION]: 'true' } }, spec } as never);
    const { stdout } = await cluster.get().kubectlRun(['get', 'proxy', 'p', '-n', 'gloo-system', '-o', 'json']);
    expect(Object.keys((JSON.parse(stdout) as { spec: object }).spec)).toEqual(['compressedSpec']);
    expect((await c.read('gloo-system', 'p')).spec).toEqual(spec);
  });

  it('a generated Proxy is compressed as Gloo compresses it when the Settings ask for compressedProxySpec', async () => {
    await emptyCluster(cluster.get());
    const s = await open();
    const spec = { listeners: [{ name: 'l', bindAddress: '::', bindPort: 8080 }] };
    const generated = { kind: 'Proxy', metadata: { name: 'gen', namespace: 'gloo-system', labels: { [GENERATED_LABEL]: 'true', created_by: 'gloo-gateway' } }, spec } as never;
    const storedSpec = async () => Object.keys((JSON.parse((await cluster.get().kubectlRun(['get', 'proxy', 'gen', '-n', 'gloo-system', '-o', 'json'])).stdout) as { spec: object }).spec);
    await s.client('Proxy').write(generated);
    expect(await storedSpec()).toEqual(['listeners']);
    await s.client('Settings').write({ kind: 'Settings', metadata: { name: 'default', namespace: 'gloo-system' }, spec: { gateway: { compressedProxySpec: true } } } as never);
    await s.client('Proxy').write(generated, { overwrite: true });
    expect(await storedSpec()).toEqual(['compressedSpec']);
    expect((await s.client('Proxy').read('gloo-system', 'gen')).spec).toEqual(spec);
  });
});

describe.skipIf(kubeSkip)(kubeSkip ? `kube store without CRDs (skipped: ${kubeSkip})` : 'kube store without CRDs', () => {
  it('a cluster without the CRDs is refused with how to install them', async () => {
    const { startKubeApiserver } = await import('../testing/kube-apiserver');
    const bare = await startKubeApiserver();
    try {
      const err = await openKubeStore('', { kubeconfig: bare.kubeconfig }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect((err as Error).message).toMatch(/has none of the sandbox's CustomResourceDefinitions; install them with `xds-sandbox crds \| kubectl apply -f -`/);
    } finally {
      await bare.stop();
    }
  }, 300_000);

  it('while the cluster cannot be reached the last snapshot is served and a problem says so; the watch comes back with it', async () => {
    await emptyCluster(cluster.get());
    const s = await openKubeStore('', { kubeconfig: cluster.get().kubeconfig });
    try {
      const c = s.client('Upstream');
      await c.write(upstream('kept'));
      const rec = new ListRecorder<'Upstream'>();
      c.watch(ALL_NAMESPACES, rec.onList);
      await rec.waitFor((l) => l.length === 1);
      for (let round = 1; round <= 2; round++) {
        await cluster.get().pause();
        await waitUntil(() => s.problems().some((p) => /connection to the cluster is down/.test(p.message)), 20_000, 'the down problem');
        expect((await c.list(ALL_NAMESPACES)).length).toBe(round);
        await cluster.get().restart();
        await waitUntil(() => s.problems().length === 0, 60_000, 'the watch to come back');
        await c.write(upstream(`after-${round}`));
        await rec.waitFor((l) => l.length === round + 1, 10_000);
      }
    } finally {
      await s.close();
    }
  }, 300_000);
});
