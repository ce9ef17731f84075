import { describe, expect, it } from 'vitest';
import type { Resource } from '../model/resource';
import { discoveryConfig, parseSourcesFlag, parseStaticTarget } from './discovery-config';
import { fdsChoice } from './fds-selection';
import { kubeUpstreamName, localUpstreamName, sanitizeName } from './names';
import { dialAddress, parseProcNetTcp, parseSsListeners } from './proc-net';

describe('discovery settings', () => {
  it('the flag wins over Settings; without it Settings sources run unless udsOptions.enabled is false', () => {
    const settings = { discovery: { sources: ['local', 'static'], udsOptions: { enabled: true } } };
    expect(discoveryConfig(settings).sources).toEqual(['local', 'static']);
    expect(discoveryConfig(settings, ['kubernetes']).sources).toEqual(['kubernetes']);
    expect(discoveryConfig(settings, 'off').sources).toEqual([]);
    expect(discoveryConfig({ discovery: { sources: ['local'], udsOptions: { enabled: false } } }).sources).toEqual([]);
    expect(discoveryConfig(undefined).sources).toEqual([]);
  });

  it('Gloo defaults: BLACKLIST function discovery, gloo-system as the write namespace; sandbox defaults for timings', () => {
    const c = discoveryConfig(undefined);
    expect(c).toMatchObject({ fdsMode: 'BLACKLIST', writeNamespace: 'gloo-system', scanIntervalMs: 1000, gracePeriodMs: 10_000, probeTimeoutMs: 2000, probeConcurrency: 16 });
    expect(discoveryConfig({ discoveryNamespace: 'disc', discovery: { fdsMode: 'DISABLED', gracePeriod: '1.5s', scanInterval: '250ms' } })).toMatchObject({ fdsMode: 'DISABLED', writeNamespace: 'disc', gracePeriodMs: 1500, scanIntervalMs: 250 });
  });

  it('bad values are problems that say what to write, and the defaults stand in', () => {
    const c = discoveryConfig({ discovery: { sources: ['docker'], staticTargets: ['host'], gracePeriod: 'soon' } });
    expect(c.problems).toEqual([
      'Settings discovery.sources: unknown source "docker" (known: local, kubernetes, static)',
      'Settings discovery.staticTargets: static target "host" is not HOST:PORT or HOST:FIRST-LAST (e.g. 10.0.0.5:8000-8010)',
      'Settings discovery.gracePeriod: "soon" is not a positive duration such as 1s or 500ms; using 10000 ms',
    ]);
  });

  it('the flag and static targets parse, with a clear error otherwise', () => {
    expect(parseSourcesFlag('local,static')).toEqual(['local', 'static']);
    expect(parseSourcesFlag('off')).toBe('off');
    expect(parseSourcesFlag('consul')).toEqual({ error: '--discovery takes off or a comma-separated list of local, kubernetes, static; not "consul"' });
    expect(parseStaticTarget('10.0.0.5:8000-8010')).toEqual({ host: '10.0.0.5', firstPort: 8000, lastPort: 8010 });
    expect(parseStaticTarget('[::1]:9000')).toEqual({ host: '::1', firstPort: 9000, lastPort: 9000 });
    expect(parseStaticTarget('h:9-1')).toHaveProperty('error');
  });
});

describe('discovered names', () => {
  it('names read like the service: process and port, or Gloo\'s namespace-service-port', () => {
    expect(localUpstreamName('node', 3000)).toBe('node-3000');
    expect(localUpstreamName('Python3.11', 8000)).toBe('python3-11-8000');
    expect(localUpstreamName(undefined, 8000)).toBe('port-8000');
    expect(kubeUpstreamName('default', 'pet_store', 80)).toBe('default-pet-store-80');
  });

  it('a name longer than 63 characters is cut and ends with a hash of the whole', () => {
    const long = sanitizeName('x'.repeat(100));
    expect(long).toHaveLength(63);
    expect(long).not.toBe(sanitizeName('x'.repeat(101)));
  });
});

describe('/proc/net/tcp', () => {
  it('only listening sockets are read, with IPv4, IPv6 and v4-mapped addresses', () => {
    const tcp = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 12345 1 0000000000000000 100 0 0 10 0',
      '   1: 0100007F:0BB8 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 12346 1 0000000000000000 20 4 30 10 -1',
    ].join('\n');
    expect(parseProcNetTcp(tcp)).toEqual([{ address: '127.0.0.1', port: 3000, uid: 1000, inode: '12345' }]);
    const tcp6 = [
      '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 222 1 0 100 0 0 10 0',
      '   1: 00000000000000000000000001000000:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 223 1 0 100 0 0 10 0',
      '   2: 0000000000000000FFFF00000100007F:1F92 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 224 1 0 100 0 0 10 0',
    ].join('\n');
    expect(parseProcNetTcp(tcp6).map((s) => `${s.address} ${s.port}`)).toEqual([':: 8080', '::1 8081', '127.0.0.1 8082']);
    expect(dialAddress('::')).toBe('127.0.0.1');
  });

  it('`ss -Hltne` lines give the same sockets: brackets, interface suffixes, wildcards and v4-mapped addresses', () => {
    const ss = [
      'LISTEN 0      511        127.0.0.1:3000       0.0.0.0:* uid:1000 ino:12345 sk:1 cgroup:/ <->',
      'LISTEN 0      4096   127.0.0.53%lo:53         0.0.0.0:* uid:101 ino:222 sk:2 <->',
      'LISTEN 0      511             [::]:8080          [::]:* ino:223 sk:3 v6only:0 <->',
      'LISTEN 0      511                *:9000             *:* ino:224 sk:4 <->',
      'LISTEN 0      511   [::ffff:127.0.0.1]:9001         *:* ino:225 sk:5 <->',
    ].join('\n');
    expect(parseSsListeners(ss)).toEqual([
      { address: '127.0.0.1', port: 3000, uid: 1000, inode: '12345' }, { address: '127.0.0.53', port: 53, uid: 101, inode: '222' },
      { address: '::', port: 8080, uid: 0, inode: '223' }, { address: '0.0.0.0', port: 9000, uid: 0, inode: '224' }, { address: '127.0.0.1', port: 9001, uid: 0, inode: '225' },
    ]);
  });
});

describe('which Upstreams function discovery probes', () => {
  const us = (labels?: Record<string, string>, namespace = 'gloo-system'): Resource<'Upstream'> => ({ kind: 'Upstream', metadata: { name: 'u', namespace, ...(labels ? { labels } : {}) }, spec: { static: { hosts: [{ addr: '127.0.0.1', port: 1 }] } } });
  const label = 'discovery.solo.io/function_discovery';

  it('follows Gloo: BLACKLIST probes all but disabled ones and kube-system, WHITELIST only enabled ones, DISABLED none', () => {
    expect(fdsChoice(us(), 'BLACKLIST').probe).toBe(true);
    expect(fdsChoice(us({ [label]: 'disabled' }), 'BLACKLIST').probe).toBe(false);
    expect(fdsChoice(us(undefined, 'kube-system'), 'BLACKLIST').probe).toBe(false);
    expect(fdsChoice(us({ [label]: 'enabled' }, 'kube-system'), 'BLACKLIST').probe).toBe(true);
    expect(fdsChoice(us(), 'WHITELIST').probe).toBe(false);
    expect(fdsChoice(us({ [label]: 'enabled' }), 'WHITELIST').probe).toBe(true);
    expect(fdsChoice(us({ [label]: 'enabled' }), 'DISABLED')).toEqual({ probe: false, why: 'function discovery is DISABLED in Settings' });
  });
});
