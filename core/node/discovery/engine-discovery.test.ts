// Discovery beside the gateway loop in a real engine: a new listener on this machine becomes an Upstream
// the gateway loop serves, the timeline names the discovery pass as the cause, and a route to a
// discovered gRPC function works end to end through @grpc/grpc-js-xds.
import { spawn, type ChildProcess } from 'node:child_process';
import * as grpc from '@grpc/grpc-js';
import { register } from '@grpc/grpc-js-xds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resource } from '../../common/model/resource';
import { startEngine, type Engine } from '../engine/engine';
import { greeterPackage, greeterServer, type TestServer } from './test-support/servers';
import { waitFor } from './test-support/wait';

const BOOTSTRAP_KEY = 'grpc.TEST_ONLY_DO_NOT_USE_IN_PROD.xds_bootstrap_config';

/** An HTTP server in a child process (the engine skips its own process's sockets), and its port. */
async function childServer(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['-e', "require('http').createServer((q, s) => s.end('hi')).listen(0, '127.0.0.1', function () { console.log(this.address().port); })"], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  return { child, port };
}

function settings(discovery: Record<string, unknown>): Resource<'Settings'> {
  return { kind: 'Settings', metadata: { name: 'default', namespace: 'gloo-system' }, spec: { discovery } } as Resource<'Settings'>;
}

describe('discovery in the engine', () => {
  let engine: Engine;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    register();
    engine = await startEngine({ store: 'memory:', xdsPort: 0, envoy: 'off', discovery: ['local'] });
    // WHITELIST: no listener of this machine is probed for functions (none is labelled).
    await engine.store.client('Settings').write(settings({ fdsMode: 'WHITELIST', scanInterval: '0.2s', gracePeriod: '0.5s' }));
  });

  afterAll(async () => {
    for (const c of children) c.kill();
    await engine?.close();
  });

  it('a new local listener appears as an Upstream, the gateway loop serves it, and its pass names the discovery pass as the cause', async () => {
    const { child, port } = await childServer();
    children.push(child);
    const name = `node-${port}`;
    const upstream = await waitFor(`Upstream ${name}`, () => engine.store.client('Upstream').read('gloo-system', name).catch(() => undefined));
    expect(upstream.metadata.labels).toEqual({ discovered_by: 'local' });
    expect(upstream.spec.static?.hosts).toEqual([{ addr: '127.0.0.1', port }]);
    await waitFor('its cluster in the served xDS', () => engine.loop.latest?.result.xds.get('gloo-system~gateway-proxy')?.resources.cluster.items.has(`${name}_gloo-system`));
    // The discovery pass that created it (other listeners of this machine may be created in the same pass) names the gateway pass it caused.
    const key = `Upstream.gloo-system.${name}`;
    const discoveryPass = await waitFor('the discovery pass linked to its gateway pass', async () =>
      (await engine.api.discovery()).passes.find((p) => p.writes.some((w) => w.key === key && w.op === 'create') && p.gatewayPass !== undefined));
    const cause = (await engine.api.listPasses(50)).find((p) => p.id === discoveryPass.gatewayPass);
    expect(cause?.trigger).toMatch(new RegExp(`^discovery pass ${discoveryPass.id}: created Upstream gloo-system`));
    child.kill();
    await waitFor(`Upstream ${name} deleted after the grace period`, async () => !(await engine.store.client('Upstream').list({ all: true })).some((u) => u.metadata.name === name));
  });

});

describe('a discovered gRPC function in the engine', () => {
  let engine: Engine;
  let grpcServer: TestServer;

  beforeAll(async () => {
    register();
    grpcServer = await greeterServer({ reflection: true, tag: 'discovered' });
    engine = await startEngine({ store: 'memory:', xdsPort: 0, envoy: 'off', discovery: ['static'] });
    await engine.store.client('Settings').write(settings({ scanInterval: '0.2s', staticTargets: [`127.0.0.1:${grpcServer.port}`] }));
  });

  afterAll(async () => {
    await engine?.close();
    await grpcServer?.close();
  });

  it('a route to a discovered gRPC function works end to end through @grpc/grpc-js-xds', async () => {
    const name = `127-0-0-1-${grpcServer.port}`;
    const found = await waitFor('its descriptors written into it', async () => (await engine.store.client('Upstream').read('gloo-system', name).catch(() => undefined))?.spec.static?.serviceSpec?.grpcJsonTranscoder);
    expect(found.services).toEqual(['hello.v1.Greeter']);
    await engine.store.client('VirtualService').write({
      kind: 'VirtualService', metadata: { name: 'greeter', namespace: 'gloo-system' },
      spec: { virtualHost: { domains: ['greeter.local'], routes: [{ matchers: [{ prefix: '/hello.v1.Greeter/' }], routeAction: { single: { upstream: { name, namespace: 'gloo-system' }, destinationSpec: { grpc: { package: 'hello.v1', service: 'Greeter', function: 'SayHello' } } } } }] } },
    } as Resource<'VirtualService'>);
    const bootstrap = {
      xds_servers: [{ server_uri: `127.0.0.1:${engine.xds.port}`, channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }],
      node: { id: 'discovery-grpc-test', locality: {}, metadata: { role: 'gloo-system~gateway-proxy' } },
    };
    const proto = grpc.loadPackageDefinition(greeterPackage()) as unknown as { hello: { v1: { Greeter: grpc.ServiceClientConstructor } } };
    const client = new proto.hello.v1.Greeter('xds:///greeter.local', grpc.credentials.createInsecure(), { [BOOTSTRAP_KEY]: JSON.stringify(bootstrap) });
    try {
      const reply = await waitFor('a reply through xDS', () => new Promise<{ message: string } | undefined>((resolve) => {
        (client as unknown as { SayHello: (r: object, o: object, cb: (e: unknown, r?: { message: string }) => void) => void })
          .SayHello({ name: 'xds' }, { deadline: Date.now() + 2000 }, (err, r) => resolve(err ? undefined : r));
      }), 20_000);
      expect(reply.message).toBe('hello xds from discovered');
      const [node] = engine.xds.listNodes().filter((n) => n.id === 'discovery-grpc-test');
      expect(Object.values(node.types).every((t) => !t?.lastNack)).toBe(true);
    } finally {
      client.close();
    }
  }, 40_000);
});
