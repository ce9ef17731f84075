// The `local` source: TCP sockets listening on this machine, one Upstream per (process, port), named
// `<process>-<port>`. On Linux it asks `ss` (netlink) for listening sockets, or reads /proc/net/tcp and
// tcp6 where ss is missing, and finds the owning process in /proc; on macOS it asks `lsof`; elsewhere
// it says the platform is not supported. The sandbox's own ports and process, and
// the ignored ports and process names, are skipped.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { localUpstreamName } from '../../../common/discovery/names';
import { dialAddress, parseProcNetTcp, parseSsListeners, type ListeningSocket } from '../../../common/discovery/proc-net';
import type { DesiredUpstream } from '../../../common/discovery/reconcile-plan';
import { ProcessTable, type ProcessInfo } from './process-table';
import type { SourceScan, UpstreamSource } from './source';

/** What the local source skips and where it writes. */
export interface LocalSourceOptions {
  readonly writeNamespace: string;
  readonly ignoredPorts: readonly number[];
  readonly ignoredProcesses: readonly string[];
  /** Ports the sandbox itself listens on now (xDS, UI, Envoy); read on every scan. */
  readonly ownPorts?: () => readonly number[];
  /** The sandbox's own process: every socket it listens on is skipped. */
  readonly ownPid?: number;
  /** The platform (default process.platform), for tests of the unsupported case. */
  readonly platform?: NodeJS.Platform;
}

/** One listening socket with its owner, when known. */
export interface Listener {
  readonly address: string;
  readonly port: number;
  readonly process?: ProcessInfo;
}

/** The local-listeners source. */
export function localListenersSource(o: LocalSourceOptions): UpstreamSource {
  const table = new ProcessTable();
  const platform = o.platform ?? process.platform;
  // The same listeners as last time give the same result object, so an idle scan costs a file read and a compare.
  let last: { key: string; scan: SourceScan } | undefined;
  let lastCounts: string | undefined;
  let lastFullScan = 0;
  const result = (listeners: readonly Listener[]): SourceScan => {
    const key = listeners.map((l) => `${l.address}|${l.port}|${l.process?.pid ?? ''}|${l.process?.name ?? ''}`).join(',') + `#${o.ownPorts?.().join(',') ?? ''}`;
    if (last?.key !== key) last = { key, scan: { ok: true, upstreams: toUpstreams(listeners, o) } };
    return last.scan;
  };
  return {
    kind: 'local',
    label: 'local',
    async scan(): Promise<SourceScan> {
      try {
        if (platform === 'linux') {
          // The kernel's count of TCP sockets in use moves when a socket starts or stops listening: while it
          // stays put the listeners are those of the last scan, re-read in full every FULL_SCAN_MS all the same.
          const counts = await tcpSocketsInUse();
          const now = Date.now();
          if (last && counts !== undefined && counts === lastCounts && now - lastFullScan < FULL_SCAN_MS) return last.scan;
          const scan = result(await linuxListeners(table));
          lastCounts = counts;
          lastFullScan = now;
          return scan;
        }
        if (platform === 'darwin') return result(await lsofListeners());
        return { ok: false, unsupported: true, message: `local listeners are read from /proc on Linux and with lsof on macOS; ${platform} is not supported (list your services as static targets in Settings instead)` };
      } catch (err) {
        return { ok: false, message: `cannot list local listeners: ${(err as Error).message}` };
      }
    },
  };
}

/** A full scan runs at least this often, for a socket closed and another opened within one scan interval (the count stays the same). */
const FULL_SCAN_MS = 10_000;

/**
 * The `inuse` counts of TCP and TCP6 in /proc/net/sockstat and sockstat6 (sockets in the kernel's hash
 * tables: listening and connected, not TIME_WAIT), as one string; undefined where they cannot be read.
 * Reading them costs microseconds, where listing the sockets costs milliseconds.
 */
async function tcpSocketsInUse(): Promise<string | undefined> {
  try {
    const [v4, v6] = await Promise.all([readFile('/proc/net/sockstat', 'utf8'), readFile('/proc/net/sockstat6', 'utf8').catch(() => '')]);
    const tcp = /^TCP: inuse (\d+)/m.exec(v4)?.[1];
    return tcp === undefined ? undefined : `${tcp}/${/^TCP6: inuse (\d+)/m.exec(v6)?.[1] ?? '-'}`;
  } catch {
    return undefined;
  }
}

/** Whether `ss` answered before; false after it could not be run, so /proc is read from then on. */
let ssWorks = true;

async function linuxListeners(table: ProcessTable): Promise<Listener[]> {
  const sockets = (ssWorks && (await ssSockets())) || (await procSockets());
  const owners = table.ownersOf(sockets.map((s) => s.inode));
  return sockets.map((s) => ({ address: s.address, port: s.port, ...(owners.get(s.inode) ? { process: owners.get(s.inode)! } : {}) }));
}

/** Listening sockets from `ss -Hltne` (netlink, the kernel filters by state), or undefined when ss cannot be run. */
function ssSockets(): Promise<ListeningSocket[] | undefined> {
  return new Promise((resolve) => {
    execFile('ss', ['-Hltne'], { timeout: 5000 }, (err, stdout) => {
      if (err) {
        ssWorks = false;
        resolve(undefined);
      } else resolve(parseSsListeners(stdout));
    });
  });
}

async function procSockets(): Promise<ListeningSocket[]> {
  const sockets: ListeningSocket[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      sockets.push(...parseProcNetTcp(await readFile(file, 'utf8')));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err; // no IPv6 on this machine
    }
  }
  return sockets;
}

/** `lsof -nP -iTCP -sTCP:LISTEN -F pcn`: lines `p<pid>`, `c<command>`, `n<address>:<port>`. */
async function lsofListeners(): Promise<Listener[]> {
  const out = await new Promise<string>((resolve, reject) => {
    execFile('lsof', ['-nP', '-iTCP', '-sTCP:LISTEN', '-F', 'pcn'], { timeout: 5000 }, (err, stdout) => (err && !stdout ? reject(err) : resolve(stdout)));
  });
  const listeners: Listener[] = [];
  let proc: ProcessInfo | undefined;
  for (const line of out.split('\n')) {
    if (line.startsWith('p')) proc = { pid: Number(line.slice(1)), name: '', commandLine: '' };
    else if (line.startsWith('c') && proc) proc = { ...proc, name: line.slice(1), commandLine: line.slice(1) };
    else if (line.startsWith('n')) {
      const m = /^n\[?(.*?)\]?:(\d+)$/.exec(line);
      if (m) listeners.push({ address: m[1] === '*' ? '0.0.0.0' : m[1], port: Number(m[2]), ...(proc ? { process: proc } : {}) });
    }
  }
  return listeners;
}

/** Upstreams of listeners: one per (process, port); own, ignored and duplicate (v4 and v6) sockets left out. */
export function toUpstreams(listeners: readonly Listener[], o: LocalSourceOptions): DesiredUpstream[] {
  const skipPorts = new Set([...o.ignoredPorts, ...(o.ownPorts?.() ?? [])]);
  const skipNames = new Set(o.ignoredProcesses);
  const seen = new Set<string>();
  const out: DesiredUpstream[] = [];
  for (const l of [...listeners].sort((a, b) => a.port - b.port || a.address.localeCompare(b.address))) {
    if (skipPorts.has(l.port) || (o.ownPid !== undefined && l.process?.pid === o.ownPid) || (l.process && skipNames.has(l.process.name))) continue;
    const id = `${l.process?.pid ?? '?'}:${l.port}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const name = localUpstreamName(l.process?.name, l.port);
    const who = l.process ? `${l.process.name} (pid ${l.process.pid})` : 'a process of another user';
    out.push({
      source: 'local',
      found: `${who} listening on ${l.address.includes(':') ? `[${l.address}]` : l.address}:${l.port}${l.process?.commandLine ? `: ${l.process.commandLine.slice(0, 120)}` : ''}`,
      upstream: { kind: 'Upstream', metadata: { name, namespace: o.writeNamespace }, spec: { static: { hosts: [{ addr: dialAddress(l.address), port: l.port }] } } },
    });
  }
  return out;
}
