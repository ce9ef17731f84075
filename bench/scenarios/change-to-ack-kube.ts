// change_to_ack_kube: end to end through a kube: store on a real kube-apiserver, from writing a changed VirtualService
// with a store client until a proxyless @grpc/grpc-js-xds client has ACKed the RouteConfiguration that carries it.
import { DEFAULT_PROXY_KEY } from '../../core/common/xds/proxy-keys';
import { stableStringify } from '../../core/common/model/hash';
import { startEngine } from '../../core/node/engine/engine';
import { crdsYaml } from '../../core/node/store/kube-crds';
import { openStore } from '../../core/node/store/open-store';
import { kubeSkipReason, startKubeApiserver, type KubeApiserver } from '../../core/node/testing/kube-apiserver';
import { generateConfig } from '../../fixtures/gen/config-generator';
import { writeStore } from '../../fixtures/gen/write-config';
import { spawnChild } from '../children/spawn';
import { editedVirtualService, label, replaced, sizeOf } from '../config';
import type { Scenario, ScenarioContext } from '../scenario';
import { carriesEdit, nextRouteAck } from '../route-ack';
import { summarize } from '../stats';

const TARGET_P99_MS = 100;

async function runCase(ctx: ScenarioContext, cluster: KubeApiserver, virtualServices: number, edits: number): Promise<void> {
  const size = sizeOf(virtualServices);
  const t0 = performance.now();
  const count = await writeStore('kube:', size);
  ctx.log(`change_to_ack_kube: wrote ${count} objects in ${Math.round(performance.now() - t0)} ms`);
  let objects = generateConfig(size);
  const nodeId = `bench-kube-${virtualServices}`;
  const started = performance.now();
  const engine = await startEngine({ store: 'kube:', host: '127.0.0.1', xdsPort: 0, envoy: 'off' });
  const client = spawnChild('proxyless-client.ts', [String(engine.xds.port), nodeId, DEFAULT_PROXY_KEY, 'host-0.example.com']);
  const writer = await openStore('kube:');
  try {
    const firstAckMs = (await nextRouteAck(engine, nodeId, () => true, 900_000)) - started;
    await engine.loop.idle();
    const samples: number[] = [];
    for (let i = 1; i <= 3 + edits; i++) {
      await engine.loop.idle();
      const edited = editedVirtualService(objects, (i * 31) % size.virtualServices, i);
      objects = replaced(objects, edited);
      const acked = nextRouteAck(engine, nodeId, (v) => carriesEdit(engine, edited, v, stableStringify)); // the API server sorts keys
      const before = performance.now();
      await writer.client(edited.kind).write(edited, { overwrite: true });
      const after = await acked;
      if (i > 3) samples.push(after - before);
    }
    const s = summarize(samples);
    ctx.emit({ name: 'change_to_ack_kube', size: label(virtualServices), ...s, first_ack_ms: Math.round(firstAckMs), target: `p99 ≤ ${TARGET_P99_MS} ms`, met: s.p99_ms <= TARGET_P99_MS });
  } finally {
    await writer.close();
    await client.stop();
    await engine.close();
    await cluster.kubectlRun(['delete', 'virtualservices,upstreams,routetables,proxies', '--all', '-A', '--wait=false']);
  }
}

/** The change_to_ack_kube scenario. */
export const changeToAckKube: Scenario = {
  name: 'change_to_ack_kube',
  method: 'As change_to_ack, with the engine on a `kube:` store: a real kube-apiserver (built by scripts/test-cluster/build-kube.sh, ' +
    'on a real etcd, run as the tests run it) with the CRDs of `xds-sandbox crds` applied by kubectl. The generated config (`1k` = ' +
    '1,000 VirtualServices × 10 routes, 1,000 Upstreams, 100 RouteTables) is written through the store first; each edit is a write ' +
    'of one changed VirtualService through a second `kube:` store in the same process (a PUT guarded by the resourceVersion), which ' +
    'the engine sees through its watch. The sample ends when the proxyless client ACKs the RouteConfiguration that carries the ' +
    'edit. 3 unmeasured warm-up edits first. Skipped with the reason where Go is missing.',
  async run(ctx: ScenarioContext): Promise<void> {
    const skip = kubeSkipReason();
    if (skip) return ctx.log(`change_to_ack_kube skipped: ${skip}`);
    const cluster = await startKubeApiserver();
    const kubeconfig = process.env.KUBECONFIG;
    process.env.KUBECONFIG = cluster.kubeconfig;
    try {
      await cluster.kubectlRun(['create', 'namespace', 'gloo-system']);
      await cluster.kubectlRun(['apply', '-f', '-'], crdsYaml());
      await cluster.kubectlRun(['wait', '--for=condition=Established', '--timeout=120s', 'crd', '-l', 'xds-sandbox.io/crd=true']);
      for (const vs of ctx.quick ? [10] : [10, 1000]) await runCase(ctx, cluster, vs, ctx.quick ? 20 : 100);
    } finally {
      if (kubeconfig === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = kubeconfig;
      await cluster.stop();
    }
  },
};
