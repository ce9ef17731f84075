// discovery_*: the discovery loop beside the gateway loop. How soon a new local listener is an Upstream in
// the store and served (with the default scan interval, and right after one round as `discover --once`
// runs it); discovery's idle CPU with 200 listening sockets; function discovery of 50 Upstreams, some
// hanging, under the concurrency cap.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { discoveryConfig } from '../../core/common/discovery/discovery-config';
import type { Resource } from '../../core/common/model/resource';
import { createMemoryStore } from '../../core/common/store/memory-store';
import { DEFAULT_PROXY_KEY } from '../../core/common/xds/proxy-keys';
import { discoverOnce } from '../../core/node/discovery/discover-once';
import { DiscoveryLoop } from '../../core/node/discovery/discovery-loop';
import { greeterServer, hangingServer, httpServer, type TestServer } from '../../core/node/discovery/test-support/servers';
import { startEngine, type Engine } from '../../core/node/engine/engine';
import { REPO_ROOT } from '../children/spawn';
import type { Scenario, ScenarioContext } from '../scenario';
import { round, summarize } from '../stats';

const SERVER = "const h = require('http'); const n = Number(process.argv[1]); const ports = []; let left = n; " +
  "for (let i = 0; i < n; i++) h.createServer((q, s) => { s.statusCode = 404; s.end(); }).listen(0, '127.0.0.1', function () { ports.push(this.address().port); if (--left === 0) console.log(ports.join(',')); });";

/** A child process listening on `n` ports (HTTP, 404 everywhere); resolves with the ports. */
async function listeners(n: number): Promise<{ child: ChildProcess; ports: number[] }> {
  const child = spawn(process.execPath, ['-e', SERVER, String(n)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));
  return { child, ports: line.split(',').map(Number) };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function served(engine: Engine, name: string): boolean {
  return engine.cache.getSnapshot(DEFAULT_PROXY_KEY)?.resources.cluster.items.has(`${name}_gloo-system`) ?? false;
}

/** discovery_listener_to_served: spawn a listener, time until its Upstream is in the store and its cluster is served. */
export const discoveryListener: Scenario = {
  name: 'discovery_listener_to_served',
  method: 'A real engine (memory store, no Envoy) runs discovery with the `local` source and the default 1 s scan interval (fdsMode ' +
    'WHITELIST, so no listener is probed for functions). For each sample a child process starts listening on a new loopback port; the ' +
    'clock runs from its "listening" line until the Upstream `node-PORT` is in the store (`store_*`) and until the served xDS snapshot ' +
    'has its cluster (`served_*`). The `once` size instead runs one discovery round as `discover --once --write` does (scan, plan, write) ' +
    'right after the listener is up. Target: served within 2 s with the default interval; right away after one round (≤ 500 ms: the work of one round, no interval to wait for).',
  async run(ctx: ScenarioContext): Promise<void> {
    const samples = ctx.quick ? 3 : 10;
    const engine = await startEngine({ store: 'memory:', xdsPort: 0, envoy: 'off', discovery: ['local'] });
    const children: ChildProcess[] = [];
    try {
      await engine.store.client('Settings').write({ kind: 'Settings', metadata: { name: 'default', namespace: 'gloo-system' }, spec: { discovery: { fdsMode: 'WHITELIST' } } } as Resource<'Settings'>);
      for (const mode of ['interval', 'once'] as const) {
        const store: number[] = [];
        const serve: number[] = [];
        for (let i = 0; i < samples; i++) {
          const { child, ports: [port] } = await listeners(1);
          children.push(child);
          const t0 = performance.now();
          if (mode === 'once') {
            const loop = new DiscoveryLoop({ store: engine.store, config: discoveryConfig(undefined, ['local']), sourceContext: { ownPid: process.pid } });
            const round = await discoverOnce(loop, engine.store);
            await loop.applySteps(round.steps.filter((s) => s.key.endsWith(`-${port}`)), 'discover --once --write');
            loop.close();
          }
          await until(async () => !!(await engine.store.client('Upstream').read('gloo-system', `node-${port}`).catch(() => undefined)), 10_000, 'the Upstream');
          store.push(performance.now() - t0);
          await until(() => served(engine, `node-${port}`), 10_000, 'its cluster served');
          serve.push(performance.now() - t0);
        }
        const s = summarize(serve);
        const st = summarize(store);
        const target = mode === 'interval' ? 2000 : 500;
        ctx.emit({ name: 'discovery_listener_to_served', size: mode, ...s, store_median_ms: st.median_ms, store_max_ms: st.max_ms, target: `served ≤ ${target} ms`, met: s.max_ms <= target });
      }
    } finally {
      for (const c of children) c.kill();
      await engine.close();
    }
  },
};

/** CPU time (ms) of this process's finished children (`ss` runs), from /proc/self/stat cutime + cstime. */
function childrenCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/** TCP sockets of every state on this machine (what reading /proc/net/tcp would cost). */
function socketCount(): number {
  return ['/proc/net/tcp', '/proc/net/tcp6'].reduce((n, f) => n + readFileSync(f, 'utf8').split('\n').length - 2, 0);
}

/** discovery_idle_cpu: the discovery loop alone over 200 listening sockets, its CPU over a quiet window. */
export const discoveryIdle: Scenario = {
  name: 'discovery_idle_cpu',
  method: 'A child process listens on 200 loopback ports (HTTP, 404 everywhere). The discovery loop alone (memory store, `local` source, ' +
    'default settings: 1 s scan interval, function discovery BLACKLIST with its backoff) runs in this process; after it wrote the 200 ' +
    'Upstreams and a settle time (10 s; quick: 5 s) its CPU time (user + system of this process and of the `ss` runs it waited for) is read over a window of 30 s (quick: 10 s). ' +
    '`scan_only` repeats it with fdsMode DISABLED, which leaves the /proc scan alone. Target: under 1% of one core.',
  async run(ctx: ScenarioContext): Promise<void> {
    const { child, ports } = await listeners(200);
    try {
      for (const mode of ['default', 'scan_only'] as const) {
        const store = createMemoryStore();
        const settings = mode === 'scan_only' ? { discovery: { fdsMode: 'DISABLED' as const } } : undefined;
        const loop = new DiscoveryLoop({ store, config: discoveryConfig(settings, ['local']), sourceContext: { ownPid: process.pid } });
        loop.start();
        await until(async () => (await store.client('Upstream').list({ all: true })).filter((u) => ports.includes(u.spec.static?.hosts?.[0]?.port ?? 0)).length === 200, 60_000, '200 Upstreams');
        await new Promise((r) => setTimeout(r, ctx.quick ? 5000 : 10_000));
        const a = process.cpuUsage();
        const childrenBefore = childrenCpuMs();
        const t0 = performance.now();
        await new Promise((r) => setTimeout(r, ctx.quick ? 10_000 : 30_000));
        const used = process.cpuUsage(a);
        const elapsed = performance.now() - t0;
        const childMs = childrenCpuMs() - childrenBefore;
        const cpuMs = (used.user + used.system) / 1000 + childMs;
        const cpuPct = (cpuMs / elapsed) * 100;
        loop.close();
        await store.close();
        ctx.emit({ name: 'discovery_idle_cpu', size: mode, cpu_ms: round(cpuMs), child_cpu_ms: round(childMs), cpu_pct: round(cpuPct), window_ms: Math.round(elapsed), sockets: 200, tcp_sockets_on_machine: socketCount(), target: 'cpu < 1% of one core', met: cpuPct < 1 });
      }
    } finally {
      child.kill();
    }
  },
};

/** discovery_fds_50: function discovery of 50 Upstreams, 5 of them hanging, with the concurrency cap. */
export const discoveryFds: Scenario = {
  name: 'discovery_fds_50',
  method: '50 static Upstreams on loopback: 30 serve OpenAPI documents (Swagger 2.0 and OpenAPI 3, at different default paths), 10 are ' +
    'gRPC Greeters with reflection, 5 answer 404 everywhere and 5 accept connections and never answer. Function discovery probes them ' +
    'all once (probe timeout 2 s, concurrency cap 16, the defaults); the time is from the first probe until every Upstream has an outcome. ' +
    'Target: under 5 s.',
  async run(ctx: ScenarioContext): Promise<void> {
    const v2 = readFileSync(join(REPO_ROOT, 'core/common/discovery/fixtures/petstore-v2.json'), 'utf8');
    const v3 = readFileSync(join(REPO_ROOT, 'core/common/discovery/fixtures/bookstore-v3.yaml'), 'utf8');
    const paths = ['/openapi.json', '/swagger.json', '/swagger/docs/v1', '/swagger/docs/v2', '/v1/swagger', '/v2/swagger'];
    const servers: TestServer[] = [];
    try {
      for (let i = 0; i < 30; i++) servers.push(await httpServer({ [paths[i % paths.length]]: ['application/json', i % 2 ? v2 : v3] }));
      for (let i = 0; i < 10; i++) servers.push(await greeterServer({ reflection: true }));
      for (let i = 0; i < 5; i++) servers.push(await httpServer({}));
      for (let i = 0; i < 5; i++) servers.push(await hangingServer());
      const store = createMemoryStore();
      const loop = new DiscoveryLoop({ store, config: discoveryConfig({ discovery: { sources: ['static'] } }), sources: [] });
      const upstreams: Resource<'Upstream'>[] = servers.map((s, i) => ({ kind: 'Upstream', metadata: { name: `u${i}`, namespace: 'gloo-system' }, spec: { static: { hosts: [{ addr: '127.0.0.1', port: s.port }] } } }));
      const t0 = performance.now();
      loop.fds.update(upstreams);
      await loop.fds.probeAll();
      const ms = performance.now() - t0;
      const states = upstreams.map((u) => loop.fds.record(`Upstream.gloo-system.${u.metadata.name}`)?.state);
      loop.close();
      ctx.emit({
        name: 'discovery_fds_50', size: '50', median_ms: round(ms), max_ms: round(ms), samples: 1, found: states.filter((s) => s === 'found').length,
        not_found: states.filter((s) => s === 'not found').length, concurrency: 16, target: 'all 50 probed < 5000 ms', met: ms < 5000 && states.filter((s) => s === 'found').length === 40,
      });
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }
  },
};
