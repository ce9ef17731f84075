import { describe, expect, it } from 'vitest';
import { localListenersSource, toUpstreams } from './local-listeners';

const opts = { writeNamespace: 'gloo-system', ignoredPorts: [22], ignoredProcesses: ['envoy'], ownPorts: () => [18000], ownPid: 1 };
const node = { pid: 42, name: 'node', commandLine: 'node server.js' };

describe('the local source', () => {
  it('one Upstream per process and port: v4 and v6 sockets of one process are one, own, ignored and envoy\'s sockets are skipped', () => {
    const ups = toUpstreams([
      { address: '0.0.0.0', port: 3000, process: node }, { address: '::', port: 3000, process: node },
      { address: '127.0.0.1', port: 22, process: { pid: 7, name: 'sshd', commandLine: '' } },
      { address: '127.0.0.1', port: 18000, process: node }, { address: '127.0.0.1', port: 5000, process: { pid: 1, name: 'node', commandLine: '' } },
      { address: '127.0.0.1', port: 19000, process: { pid: 9, name: 'envoy', commandLine: '' } },
      { address: '::1', port: 8080 },
    ], opts);
    expect(ups.map((u) => `${u.upstream.metadata.name} ${JSON.stringify(u.upstream.spec.static?.hosts)}`)).toEqual([
      'node-3000 [{"addr":"127.0.0.1","port":3000}]', 'port-8080 [{"addr":"::1","port":8080}]',
    ]);
    expect(ups[0].found).toBe('node (pid 42) listening on [::]:3000: node server.js');
    expect(ups[1].found).toBe('a process of another user listening on [::1]:8080');
  });

  it('on a platform without /proc or lsof it says the platform is not supported and what to do instead', async () => {
    const scan = await localListenersSource({ ...opts, platform: 'win32' }).scan();
    expect(scan).toEqual({ ok: false, unsupported: true, message: 'local listeners are read from /proc on Linux and with lsof on macOS; win32 is not supported (list your services as static targets in Settings instead)' });
  });
});
