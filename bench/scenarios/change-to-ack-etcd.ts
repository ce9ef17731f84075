// change_to_ack_etcd: end to end through an etcd: store on a real etcd, from writing a changed VirtualService with a store
// client until a proxyless @grpc/grpc-js-xds client has ACKed the RouteConfiguration that carries it.
import { DEFAULT_PROXY_KEY } from '../../core/common/xds/proxy-keys';
import type { Resource } from '../../core/common/model/resource';
import { startEngine } from '../../core/node/engine/engine';
import { openStore } from '../../core/node/store/open-store';
import { etcdSkipReason, startEtcd, type EtcdServer } from '../../core/node/testing/etcd-server';
import { generateConfig } from '../../fixtures/gen/config-generator';
import { writeStore } from '../../fixtures/gen/write-config';
import { spawnChild } from '../children/spawn';
import { editedVirtualService, label, replaced, sizeOf } from '../config';
import type { Scenario, ScenarioContext } from '../scenario';
import { carriesEdit, nextRouteAck } from '../route-ack';
import { summarize } from '../stats';

const TARGET_P99_MS = 100;

async function runCase(ctx: ScenarioContext, etcd: EtcdServer, virtualServices: number, edits: number): Promise<void> {
  const size = sizeOf(virtualServices);
  const spec = `etcd:${etcd.endpoint}/bench-${virtualServices}`;
  const t0 = performance.now();
  const count = await writeStore(spec, size);
  ctx.log(`change_to_ack_etcd: wrote ${count} objects in ${Math.round(performance.now() - t0)} ms`);
  let objects = generateConfig(size);
  const nodeId = `bench-etcd-${virtualServices}`;
  const started = performance.now();
  const engine = await startEngine({ store: spec, host: '127.0.0.1', xdsPort: 0, envoy: 'off', discovery: 'off' });
  const client = spawnChild('proxyless-client.ts', [String(engine.xds.port), nodeId, DEFAULT_PROXY_KEY, 'host-0.example.com']);
  const writer = await openStore(spec);
  try {
    const firstAckMs = (await nextRouteAck(engine, nodeId, () => true, 900_000)) - started;
    await engine.loop.idle();
    const samples: number[] = [];
    for (let i = 1; i <= 3 + edits; i++) {
      await engine.loop.idle();
      const edited = editedVirtualService(objects, (i * 31) % size.virtualServices, i);
      objects = replaced(objects, edited);
      const acked = nextRouteAck(engine, nodeId, (v) => carriesEdit(engine, edited, v));
      const before = performance.now();
      await writer.client('VirtualService').write(edited as Resource<'VirtualService'>, { overwrite: true });
      const after = await acked;
      if (i > 3) samples.push(after - before);
    }
    const s = summarize(samples);
    ctx.emit({ name: 'change_to_ack_etcd', size: label(virtualServices), ...s, first_ack_ms: Math.round(firstAckMs), target: `p99 ≤ ${TARGET_P99_MS} ms`, met: s.p99_ms <= TARGET_P99_MS });
  } finally {
    await writer.close();
    await client.stop();
    await engine.close();
  }
}

/** The change_to_ack_etcd scenario. */
export const changeToAckEtcd: Scenario = {
  name: 'change_to_ack_etcd',
  method: 'As change_to_ack, with the engine on an `etcd:` store: a real single-member etcd (built by ' +
    'scripts/test-cluster/build-etcd.sh, on loopback, data on the temp folder), a key prefix per size. The generated config ' +
    '(`1k` = 1,000 VirtualServices × 10 routes, 1,000 Upstreams, 100 RouteTables) is written through the store first; each edit ' +
    'is a write of one changed VirtualService through a second `etcd:` store in the same process (a transaction comparing the ' +
    'mod revision), which the engine sees through its watch. The sample ends when the proxyless client ACKs the ' +
    'RouteConfiguration that carries the edit. 3 unmeasured warm-up edits first. Skipped with the reason where Go is missing.',
  async run(ctx: ScenarioContext): Promise<void> {
    const skip = etcdSkipReason();
    if (skip) return ctx.log(`change_to_ack_etcd skipped: ${skip}`);
    const etcd = await startEtcd();
    try {
      for (const vs of ctx.quick ? [10] : [10, 1000]) await runCase(ctx, etcd, vs, ctx.quick ? 20 : 100);
    } finally {
      await etcd.stop();
    }
  },
};
