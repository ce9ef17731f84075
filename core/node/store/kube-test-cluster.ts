// Test support for the kube: store: one real kube-apiserver per test file with the sandbox's CRDs installed through
// the real kubectl, the namespaces the tests write to, and a way to empty it between tests.
import { afterAll, beforeAll } from 'vitest';
import { KINDS } from '../../common/model/kinds';
import { kubeSkipReason, startKubeApiserver, type KubeApiserver } from '../testing/kube-apiserver';
import { crdsYaml } from './kube-crds';
import { KubeHttp } from './kube-http';
import { collectionPath, objectPath, type KubeList } from './kube-objects';

/** Namespaces the tests write to, created with the cluster. */
export const TEST_NAMESPACES = ['a', 'b', 'team-a', 'team-b', 'gloo-system'];

/** Why the kube tests are skipped here, or undefined when they run. */
export const kubeSkip = kubeSkipReason();

/** Registers beforeAll/afterAll hooks starting one cluster for the file (with CRDs and namespaces); call get() in tests. */
export function useKubeCluster(opts: { installCrds?: boolean } = {}): { get(): KubeApiserver } {
  let cluster: KubeApiserver | undefined;
  beforeAll(async () => {
    if (kubeSkip) return;
    cluster = await startKubeApiserver();
    if (opts.installCrds !== false) await installCrds(cluster);
    for (const ns of TEST_NAMESPACES) await cluster.kubectlRun(['create', 'namespace', ns]);
  }, 30 * 60_000);
  afterAll(async () => cluster?.stop(), 60_000);
  return {
    get() {
      if (!cluster) throw new Error('the test cluster did not start');
      return cluster;
    },
  };
}

/** `xds-sandbox crds | kubectl apply -f -`, then waits until every CRD is established. */
export async function installCrds(cluster: KubeApiserver): Promise<string> {
  const { stdout } = await cluster.kubectlRun(['apply', '-f', '-'], crdsYaml());
  await cluster.kubectlRun(['wait', '--for=condition=Established', '--timeout=120s', 'crd', '-l', 'xds-sandbox.io/crd=true']);
  return stdout;
}

/** Deletes every object of every kind in the cluster. */
export async function emptyCluster(cluster: KubeApiserver): Promise<void> {
  const http = await KubeHttp.connect({ kubeconfig: cluster.kubeconfig });
  try {
    await Promise.all(KINDS.map(async ({ kind }) => {
      const res = await http.request<KubeList>('GET', collectionPath(kind));
      if (res.status !== 200) return;
      for (const item of res.body.items) await http.request('DELETE', objectPath(kind, item.metadata.namespace, item.metadata.name));
    }));
  } finally {
    http.close();
  }
}
