// change_to_ack: end to end, from writing a change (YAML file or SQLite row) until a proxyless @grpc/grpc-js-xds client
// has ACKed the RouteConfiguration that carries it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Resource } from '../../core/common/model/resource';
import { DEFAULT_PROXY_KEY } from '../../core/common/xds/proxy-keys';
import { startEngine } from '../../core/node/engine/engine';
import { generateConfig, type ConfigSize } from '../../fixtures/gen/config-generator';
import { writeStore, writeYamlFolder } from '../../fixtures/gen/write-config';
import { spawnChild, type Child } from '../children/spawn';
import { editedVirtualService, label, replaced, sizeOf, virtualServiceFile } from '../config';
import type { Scenario, ScenarioContext } from '../scenario';
import { carriesEdit, nextRouteAck } from '../route-ack';
import { summarize } from '../stats';

const TARGET_P99_MS = 100;
const FIRST_ACK_TIMEOUT_MS = 900_000;
/** The SQLite store's default poll interval. */
const POLL_MS = 100;
/** chokidar drops a second `change` of one file within 50 ms of the first, so one file is never edited again sooner than this. */
const SAME_FILE_GAP_MS = 60;

interface Case {
  size: ConfigSize;
  label: string;
  store: 'yaml' | 'sqlite';
  edits: number;
}

const TEN: ConfigSize = { virtualServices: 5, routesPerVs: 10, upstreams: 5, delegateEvery: 0 };

function cases(quick: boolean): Case[] {
  if (quick) {
    return [
      { size: TEN, label: '10', store: 'yaml', edits: 20 },
      { size: sizeOf(100), label: '100', store: 'yaml', edits: 20 },
      { size: TEN, label: '10-sqlite', store: 'sqlite', edits: 20 },
    ];
  }
  return [
    { size: TEN, label: '10', store: 'yaml', edits: 120 },
    { size: sizeOf(1000), label: label(1000), store: 'yaml', edits: 120 },
    { size: TEN, label: '10-sqlite', store: 'sqlite', edits: 120 },
    { size: sizeOf(1000), label: `${label(1000)}-sqlite`, store: 'sqlite', edits: 120 },
  ];
}

/** A small deterministic generator of numbers in [0, 1). */
function lcg(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

async function runCase(ctx: ScenarioContext, c: Case, nodeId: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'xds-bench-ack-'));
  const folder = join(dir, 'config');
  const spec = c.store === 'yaml' ? folder : `sqlite:${join(dir, 'config.db')}`;
  let objects = generateConfig(c.size);
  if (c.store === 'yaml') writeYamlFolder(folder, c.size);
  else await writeStore(spec, c.size);
  let writer: Child | undefined;
  const started = performance.now();
  const engine = await startEngine({ store: spec, host: '127.0.0.1', xdsPort: 0, envoy: 'off' });
  const client = spawnChild('proxyless-client.ts', [String(engine.xds.port), nodeId, DEFAULT_PROXY_KEY, 'host-0.example.com']);
  try {
    const firstAckMs = (await nextRouteAck(engine, nodeId, () => true, FIRST_ACK_TIMEOUT_MS)) - started;
    await engine.loop.idle();
    const readyMs = performance.now() - started;
    if (c.store === 'sqlite') {
      writer = spawnChild('sqlite-writer.ts', [spec]);
      await writer.line((l) => l === 'ready', 30_000);
    }
    const write = async (obj: Resource) => {
      if (writer) {
        writer.send(JSON.stringify(obj));
        const answer = await writer.line(() => true, 10_000);
        if (answer !== 'ok') throw new Error(`sqlite writer: ${answer}`);
      } else {
        writeFileSync(join(folder, `${obj.metadata.name}.yaml`), virtualServiceFile(objects, obj));
      }
    };
    const lastWrite = new Map<string, number>();
    const random = lcg(c.edits);
    const warmups = 3;
    const samples: number[] = [];
    const parts = { detect: [] as number[], pass: [] as number[], deliver: [] as number[] };
    let stageAt: Partial<Record<string, number>> = {};
    const offStage = engine.onEvent((e) => {
      if (e.type === 'stage' && (e.stage === 'snapshot' || e.stage === 'xds')) stageAt[e.stage] = performance.now();
    });
    for (let i = 1; i <= warmups + c.edits; i++) {
      await engine.loop.idle();
      // SQLite changes are found by polling: a random pause keeps edits from falling at the same point of the poll cycle.
      await new Promise((r) => setTimeout(r, c.store === 'sqlite' ? random() * POLL_MS : 5));
      const edited = editedVirtualService(objects, (i * 31) % c.size.virtualServices, i);
      const since = performance.now() - (lastWrite.get(edited.metadata.name) ?? -Infinity);
      if (since < SAME_FILE_GAP_MS) await new Promise((r) => setTimeout(r, SAME_FILE_GAP_MS - since));
      lastWrite.set(edited.metadata.name, performance.now());
      objects = replaced(objects, edited);
      const t0 = performance.now();
      stageAt = {};
      const acked = nextRouteAck(engine, nodeId, (v) => carriesEdit(engine, edited, v));
      await write(edited);
      const t1 = await acked;
      if (i <= warmups) continue;
      samples.push(t1 - t0);
      const { snapshot: passAt = NaN, xds: publishedAt = NaN } = stageAt;
      parts.detect.push(passAt - t0);
      parts.pass.push(publishedAt - passAt);
      parts.deliver.push(t1 - publishedAt);
    }
    offStage();
    const s = summarize(samples);
    const med = (xs: number[]) => summarize(xs.filter(Number.isFinite)).median_ms;
    ctx.emit({
      name: 'change_to_ack', size: c.label, ...s, detect_ms: med(parts.detect), pass_ms: med(parts.pass), deliver_ms: med(parts.deliver), first_ack_ms: Math.round(firstAckMs), ready_ms: Math.round(readyMs),
      target: `p99 ≤ ${TARGET_P99_MS} ms`, met: s.p99_ms <= TARGET_P99_MS,
    });
  } finally {
    await client.stop();
    await writer?.stop();
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The change_to_ack scenario. */
export const changeToAck: Scenario = {
  name: 'change_to_ack',
  method: 'The engine runs in this process (`startEngine({ store, xdsPort: 0, envoy: \'off\' })`: the same store watch → snapshot → ' +
    'pipeline → snapshot cache → xDS server loop that `serve` runs), on a generated YAML folder or a `sqlite:` store. A real ' +
    '`@grpc/grpc-js-xds` channel on `xds:///host-0.example.com`, in its own process (bench/children/proxyless-client.ts, as a ' +
    'proxyless application would be), connects over loopback and subscribes (LDS → API listener → RDS → CDS → EDS). Each edit ' +
    'changes the first route\'s prefix of one VirtualService and the sample ends when the server sees that client ACK ' +
    'the RouteConfiguration version that carries the edit (`feedback.onAck` for the route type, checked against the pass that read the ' +
    'edit). YAML: the edited `vs-N.yaml` is rewritten in place (writeFileSync; one file is not rewritten within 60 ms of its last ' +
    'edit, since chokidar drops a second change event for a path within 50 ms). SQLite ' +
    '(sizes `*-sqlite`): a separate writer process writes the object through the store client, as another tool on the same database ' +
    'would; the engine notices it by polling (every 100 ms by default), so edits start after a random 0–100 ms pause (else they ' +
    'would all land at the same point of the poll cycle) and about half the interval is expected in every sample. Sizes: ' +
    '`10` = 5 Upstreams + 5 VirtualServices × 10 routes; `100`/`1k` as in translate_full. Edits run one at a time with the loop idle in ' +
    'between; 3 unmeasured warm-up edits first. Each sample is split at the engine\'s stage events (medians): `detect_ms` from the ' +
    'write to the start of the pass (file or poll notice, store read, ApiSnapshot build), `pass_ms` from there to publication ' +
    '(pipeline and setSnapshot, which encodes), `deliver_ms` from publication to the ACK (push, client parsing, ACK). `first_ack_ms` is the time from starting the engine to the client\'s first route ' +
    'ACK, `ready_ms` until the first pass also finished writing statuses (edits start after it). The target (p99 ≤ 100 ms, stated for 1k) is applied to every size.',
  async run(ctx: ScenarioContext): Promise<void> {
    let n = 0;
    for (const c of cases(ctx.quick)) {
      ctx.log(`change_to_ack ${c.label}`);
      await runCase(ctx, c, `bench-proxyless-${++n}`);
    }
  },
};
