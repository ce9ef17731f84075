// Teaching mode through the real engine: a paused loop shows the pending change, steps one stage at a time
// (nothing is published before the xDS stage), and the built-in proxyless client closes the ACK stage.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent, TeachingView } from '../../common/api/contract';
import { waitFor } from '../xds/test-support/harness';
import { BUILTIN_NODE_ID } from './builtin-client';
import { startEngine, type Engine } from './engine';

const PROXY = 'gloo-system~gateway-proxy';
let dir: string;
let engine: Engine;
const events: EngineEvent[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xds-sandbox-teaching-'));
  cpSync(new URL('../../../fixtures/demo', import.meta.url).pathname, dir, { recursive: true });
  engine = await startEngine({ store: dir, xdsPort: 0, envoy: 'off' });
  engine.onEvent((e) => events.push(e));
  await waitFor(async () => engine.cache.getSnapshot(PROXY) !== undefined, 30_000, 'a published snapshot');
});

afterAll(async () => {
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('teaching mode', () => {
  it('shows the change a paused loop has not run yet, by file', async () => {
    await engine.api.setPaused(true);
    const file = join(dir, 'petstore-vs.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('weight: 90', 'weight: 80'));
    await waitFor(async () => (await engine.api.teaching()).pending !== undefined, 10_000, 'a pending change');
    const view = await engine.api.teaching();
    expect(view.pending?.files).toEqual(['petstore-vs.yaml']);
    expect(view.pending?.objects).toEqual([{ kind: 'VirtualService', namespace: 'gloo-system', name: 'petstore', change: 'changed', file: 'petstore-vs.yaml' }]);
    await waitFor(async () => events.some((e) => e.type === 'teaching' && e.teaching.pending !== undefined), 5000, 'a teaching event');
  });

  it('steps snapshot → proxies → xDS → ACK, publishing only at the xDS stage', async () => {
    const servedBefore = engine.cache.getSnapshot(PROXY)!.version;
    let view: TeachingView = await engine.api.stepStage();
    expect(view.staged?.reached).toEqual(['snapshot']);
    expect(view.staged?.snapshotDiff?.changed.map((c) => c.refKey)).toEqual(['VirtualService.gloo-system.petstore']);
    expect(view.pending).toBeUndefined();

    view = await engine.api.stepStage();
    expect(view.staged?.reached).toEqual(['snapshot', 'proxies']);
    const proxyFields = view.staged?.proxyDiff?.changed.flatMap((c) => c.fields.map((f) => f.path)) ?? [];
    expect(proxyFields.some((p) => p.includes('weight'))).toBe(true);
    expect(engine.cache.getSnapshot(PROXY)!.version).toBe(servedBefore);

    view = await engine.api.stepStage();
    expect(view.staged?.reached).toEqual(['snapshot', 'proxies', 'xds']);
    expect(view.staged?.published?.[PROXY]).toBe(engine.cache.getSnapshot(PROXY)!.version);
    expect(engine.cache.getSnapshot(PROXY)!.version).not.toBe(servedBefore);
    expect(view.staged?.xdsDiff?.equal).toBe(false);

    view = await engine.api.stepStage();
    expect(view.staged?.reached).toEqual(['snapshot', 'proxies', 'xds', 'ack']);
    expect(view.staged?.acks).toEqual([]);
    const passes = await engine.api.listPasses(1);
    expect(passes[0]).toMatchObject({ id: view.staged?.passId, trigger: 'step by stage' });
    const recorded = await engine.api.getPass(view.staged!.passId);
    expect(recorded.proxyDiff?.changed.map((c) => c.refKey)).toEqual(['Proxy.gloo-system.gateway-proxy']);
    expect(passes[0]).not.toHaveProperty('proxyDiff');
  });

  it('closes the ACK stage with the built-in proxyless client, which answers per resource type', async () => {
    const client = await engine.api.startBuiltinClient();
    expect(client).toEqual({ nodeId: BUILTIN_NODE_ID, host: 'petstore.example.com', proxy: PROXY });
    const answered = async () => {
      const ack = (await engine.api.teaching()).staged?.acks?.[0];
      const route = ack?.types.find((t) => t.type === 'route');
      return ack && route && route.state !== 'waiting' && ack.types.every((t) => t.state !== 'waiting') ? ack : undefined;
    };
    await waitFor(answered, 15_000, 'answers from the built-in client');
    const ack = (await answered())!;
    expect(ack.node).toBe(BUILTIN_NODE_ID);
    expect(ack.types.find((t) => t.type === 'listener')?.state).toBe('acked');
    // gRPC clients support only forwarding routes: the demo's redirect and direct response make grpc-js NACK the routes.
    expect(ack).toMatchObject({ state: 'nacked', error: expect.stringContaining('unsupported action: redirect') });
    await engine.api.stopBuiltinClient();
    expect((await engine.api.teaching()).builtinClient).toBeUndefined();
  });

  it('a whole-pass step finishes a pass stopped between stages, and resuming runs what is pending', async () => {
    const file = join(dir, 'petstore-vs.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('weight: 80', 'weight: 70'));
    await waitFor(async () => (await engine.api.teaching()).pending !== undefined, 10_000, 'a pending change');
    const view = await engine.api.stepStage();
    expect(view.staged?.reached).toEqual(['snapshot']);
    await engine.api.step();
    expect((await engine.api.teaching()).staged?.reached).toEqual(['snapshot', 'proxies', 'xds']);
    writeFileSync(file, readFileSync(file, 'utf8').replace('weight: 70', 'weight: 60'));
    await waitFor(async () => (await engine.api.teaching()).pending !== undefined, 10_000, 'a pending change');
    await engine.api.setPaused(false);
    await waitFor(async () => (await engine.api.listPasses(1))[0].trigger === 'store change', 10_000, 'the pending pass');
    expect((await engine.api.teaching()).pending).toBeUndefined();
    await expect(engine.api.stepStage()).rejects.toThrow('pause the loop first');
  });
});
