import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { discoveryConfig } from '../../common/discovery/discovery-config';
import { DISCOVERED_BY_LABEL } from '../../common/discovery/labels';
import { createMemoryStore } from '../../common/store/memory-store';
import type { Resource } from '../../common/model/resource';
import { DiscoveryLoop } from './discovery-loop';
import { discoveryView } from './discovery-report';
import { localListenersSource } from './sources/local-listeners';
import type { UpstreamSource } from './sources/source';
import { greeterServer, httpServer, type TestServer } from './test-support/servers';
import { waitFor } from './test-support/wait';

const petstore = readFileSync(new URL('../../common/discovery/fixtures/petstore-v2.json', import.meta.url), 'utf8');

/** The real local source, limited to the ports a test owns (other processes on this machine listen too). */
function localOnly(ports: () => readonly number[]): UpstreamSource {
  const real = localListenersSource({ writeNamespace: 'gloo-system', ignoredPorts: [], ignoredProcesses: [] });
  return { ...real, scan: async () => {
    const scan = await real.scan();
    return scan.ok ? { ok: true, upstreams: scan.upstreams.filter((d) => ports().includes(d.upstream.spec.static?.hosts?.[0]?.port ?? 0)) } : scan;
  } };
}

const config = discoveryConfig({ discovery: { sources: ['local'], scanInterval: '0.1s', gracePeriod: '0.4s', probeTimeout: '0.5s' } });

describe('the discovery loop over a real store and real listeners', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => { for (const c of cleanup.splice(0).reverse()) await c(); });

  async function start(ports: () => readonly number[]) {
    const store = createMemoryStore();
    const loop = new DiscoveryLoop({ store, config, sources: [localOnly(ports)] });
    loop.start();
    cleanup.push(() => loop.close(), () => store.close());
    return { store, loop, client: store.client('Upstream') };
  }

  async function serve(s: Promise<TestServer>): Promise<TestServer> {
    const server = await s;
    cleanup.push(() => server.close());
    return server;
  }

  it('a new listener becomes a labelled Upstream, and the functions of its OpenAPI document are written into it', async () => {
    const ports: number[] = [];
    const { client, loop } = await start(() => ports);
    const api = await serve(httpServer({ '/swagger.json': ['application/json', petstore] }));
    ports.push(api.port);
    const written = await waitFor('the Upstream with functions', async () => (await client.list({ all: true })).find((u) => u.spec.static?.serviceSpec?.rest));
    expect(written.metadata.labels?.[DISCOVERED_BY_LABEL]).toBe('local');
    expect(written.metadata.name).toMatch(new RegExp(`-${api.port}$`));
    expect(Object.keys(written.spec.static?.serviceSpec?.rest?.transformations ?? {}).sort()).toEqual(['addPet', 'delete.pets.{petId}', 'getPet', 'listPets']);
    const view = discoveryView(loop);
    expect(view.upstreams[0].fds).toMatchObject({ state: 'found', written: true, summary: 'found 4 functions (OpenAPI 2.0 at /swagger.json)' });
    expect(view.passes.map((p) => p.writes.map((w) => w.op).join())).toEqual(['update', 'create']);
  });

  it('a gRPC server with reflection gets a grpcJsonTranscoder ServiceSpec with its descriptors', async () => {
    const ports: number[] = [];
    const { client } = await start(() => ports);
    const grpc = await serve(greeterServer({ reflection: true }));
    ports.push(grpc.port);
    const u = await waitFor('the gRPC Upstream', async () => (await client.list({ all: true })).find((x) => x.spec.static?.serviceSpec?.grpcJsonTranscoder));
    expect(u.spec.static?.serviceSpec?.grpcJsonTranscoder).toMatchObject({ services: ['hello.v1.Greeter'], matchIncomingRequestRoute: true, autoMapping: true });
  });

  it('an Upstream the user wrote is never touched: not overwritten by a listener of that name, not given functions, not deleted', async () => {
    const ports: number[] = [];
    const { client, loop } = await start(() => ports);
    const api = await serve(httpServer({ '/swagger.json': ['application/json', petstore] }));
    const discoveredName = (await waitFor('a first scan', async () => { ports.push(api.port); await loop.idle(); return (await client.list({ all: true }))[0]; })).metadata.name;
    await client.delete('gloo-system', discoveredName);
    const mine: Resource<'Upstream'> = { kind: 'Upstream', metadata: { name: discoveredName, namespace: 'gloo-system' }, spec: { static: { hosts: [{ addr: '127.0.0.1', port: api.port }] } } };
    const stored = await client.write(mine);
    await waitFor('its probe', () => loop.fds.record(`Upstream.gloo-system.${discoveredName}`)?.state === 'found');
    await loop.scanAll();
    await loop.idle();
    ports.length = 0;
    await loop.scanAll();
    await loop.idle();
    const after = await client.read('gloo-system', discoveredName);
    expect(after.metadata.resourceVersion).toBe(stored.metadata.resourceVersion);
    expect(after.spec).toEqual(mine.spec);
    expect(discoveryView(loop).upstreams[0]).toMatchObject({ owner: 'user', fds: { state: 'found', written: false } });
  });

  it('a stopped service\'s Upstream waits out the grace period with a status saying so, then is deleted', async () => {
    const ports: number[] = [];
    const { client, loop } = await start(() => ports);
    const api = await serve(httpServer({ '/': ['text/plain', 'hi'] }));
    ports.push(api.port);
    const u = await waitFor('the Upstream', async () => (await client.list({ all: true }))[0]);
    ports.length = 0; // the service stops
    const waiting = await waitFor('the grace status', async () => (await client.read('gloo-system', u.metadata.name)).status?.reason);
    expect(waiting).toMatch(/its service is gone; deleted after the 0\.4 s grace period/);
    await waitFor('the deletion', async () => (await client.list({ all: true })).length === 0);
    // The loop hears of the deletion through its watch, a moment after the store made it.
    const view = await waitFor('the view to show the deletion', () => { const v = discoveryView(loop); return v.upstreams[0]?.deleted ? v : undefined; });
    expect(view.passes[0].writes).toEqual([{ op: 'delete', key: `Upstream.gloo-system.${u.metadata.name}`, reason: 'its service was gone for the 0.4 s grace period' }]);
    expect(view.upstreams[0].deleted).toMatch(/^discovery deleted it/);
  });

  it('an edited or adopted Upstream is the user\'s: discovery stops managing it and never deletes it', async () => {
    const ports: number[] = [];
    const { client, loop } = await start(() => ports);
    const [a, b] = await Promise.all([serve(httpServer({ '/': ['text/plain', 'a'] })), serve(httpServer({ '/': ['text/plain', 'b'] }))]);
    ports.push(a.port, b.port);
    const [ua, ub] = await waitFor('both Upstreams', async () => { const l = await client.list({ all: true }); return l.length === 2 ? l : undefined; });
    await client.write({ ...ua, spec: { ...ua.spec, connectionConfig: { maxRequestsPerConnection: 5 } } }, { overwrite: true });
    await loop.adopt('gloo-system', ub.metadata.name);
    expect((await client.read('gloo-system', ub.metadata.name)).metadata.labels?.[DISCOVERED_BY_LABEL]).toBeUndefined();
    await expect(loop.adopt('gloo-system', ub.metadata.name)).rejects.toThrow(/it is yours already/);
    ports.length = 0;
    await loop.scanAll();
    await loop.idle();
    await new Promise((r) => setTimeout(r, 500)); // longer than the grace period: nothing may be deleted
    await loop.idle();
    expect((await client.list({ all: true })).map((u) => u.metadata.name).sort()).toEqual([ua.metadata.name, ub.metadata.name].sort());
    expect(discoveryView(loop).upstreams.find((u) => u.name === ua.metadata.name)?.note).toBe('edited since discovery wrote it, so it is yours now');
  });

  it('a service found again under another process is probed again at once; probes that find nothing again start no pass', async () => {
    const routes: Record<string, readonly [string, string]> = {};
    const server = await serve(httpServer(routes));
    let found = 'node (pid 1) listening on 127.0.0.1';
    const source: UpstreamSource = { kind: 'local', label: 'local', scan: async () => ({ ok: true, upstreams: [{ source: 'local', found,
      upstream: { kind: 'Upstream', metadata: { name: `node-${server.port}`, namespace: 'gloo-system' }, spec: { static: { hosts: [{ addr: '127.0.0.1', port: server.port }] } } } }] }) };
    const store = createMemoryStore();
    const loop = new DiscoveryLoop({ store, config, sources: [source] });
    const kicks: string[] = [];
    const kick = loop.kick.bind(loop);
    loop.kick = (trigger) => { kicks.push(trigger); kick(trigger); };
    loop.start();
    cleanup.push(() => loop.close(), () => store.close());
    const key = `Upstream.gloo-system.node-${server.port}`;
    // The first probe and its retry (3 s later) find nothing: the slow interval follows.
    await waitFor('the retry', () => (loop.fds.record(key)?.failures === 2 ? true : undefined), 10_000);
    expect(kicks.filter((k) => k.startsWith('functions probed'))).toEqual([]);
    routes['/swagger.json'] = ['application/json', petstore];
    found = 'node (pid 2) listening on 127.0.0.1';
    await loop.scanAll();
    const written = await waitFor('functions after the restart', async () => (await store.client('Upstream').list({ all: true }))[0]?.spec.static?.serviceSpec?.rest, 3000);
    expect(Object.keys(written.transformations ?? {})).toContain('getPet');
    expect(kicks.filter((k) => k.startsWith('functions probed'))).toEqual([`functions probed on ${key}`]);
  });
});
