import { describe, expect, it } from 'vitest';
import { domainKind, portStart, selectVirtualHost, stripPort } from './domain-matcher';

const vh = (name: string, ...domains: string[]) => ({ name, domains, routes: [] });
const pick = (vhs: ReturnType<typeof vh>[], host: string, ignorePort = false) => selectVirtualHost(vhs, host, { ignorePort })?.virtualHost.name;

describe('virtual host selection order', () => {
  const all = [vh('any', '*'), vh('prefix', 'api.*'), vh('suffix', '*.example.com'), vh('exact', 'api.example.com')];

  it('prefers an exact domain over every wildcard', () => {
    expect(pick(all, 'api.example.com')).toBe('exact');
  });

  it('prefers a suffix wildcard over a prefix wildcard', () => {
    expect(pick(all, 'api.example.com.evil')).toBe('prefix');
    expect(pick(all, 'www.example.com')).toBe('suffix');
    expect(pick([vh('prefix', 'www.*'), vh('suffix', '*.com')], 'www.example.com')).toBe('suffix');
  });

  it('falls back to * only when nothing else matches', () => {
    expect(pick(all, 'other.org')).toBe('any');
    expect(pick(all.slice(1), 'other.org')).toBeUndefined();
  });

  it('picks the longest suffix wildcard, whatever the order of virtual hosts', () => {
    const vhs = [vh('short', '*.com'), vh('long', '*.example.com'), vh('mid', '*ample.com')];
    expect(pick(vhs, 'a.example.com')).toBe('long');
    expect(pick([...vhs].reverse(), 'a.example.com')).toBe('long');
  });

  it('picks the longest prefix wildcard', () => {
    const vhs = [vh('short', 'api.*'), vh('long', 'api.example.*')];
    expect(pick(vhs, 'api.example.org')).toBe('long');
    expect(pick(vhs, 'api.other.org')).toBe('short');
  });

  it('never lets a wildcard match the empty string', () => {
    expect(pick([vh('s', '*-bar.foo.com')], 'baz-bar.foo.com')).toBe('s');
    expect(pick([vh('s', '*-bar.foo.com')], '-bar.foo.com')).toBeUndefined();
    expect(pick([vh('p', 'foo.*')], 'foo.')).toBeUndefined();
  });

  it('compares hosts and domains case-insensitively', () => {
    expect(pick([vh('e', 'Api.Example.COM')], 'API.example.com')).toBe('e');
    expect(pick([vh('s', '*.EXAMPLE.com')], 'WWW.example.COM')).toBe('s');
  });

  it('matches a host with a port only against a domain with that port, as Envoy does without ignore_port_in_host_matching', () => {
    const vhs = [vh('plain', 'a.com'), vh('ported', 'a.com:8080')];
    expect(pick(vhs, 'a.com:8080')).toBe('ported');
    expect(pick(vhs, 'a.com:9090')).toBeUndefined();
    expect(pick([vh('s', '*.a.com')], 'x.a.com:8080')).toBeUndefined();
  });

  it('prefers an exact domain to a wildcard one', () => {
    expect(pick([vh('wild', '*.com'), vh('exact', 'a.com')], 'a.com')).toBe('exact');
  });

  it('ignores the port entirely when ignore_port_in_host_matching is set', () => {
    expect(pick([vh('ported', 'a.com:8080'), vh('any', '*')], 'a.com:8080', true)).toBe('any');
  });

  it('reports the domain that matched and the virtual host index', () => {
    const sel = selectVirtualHost([vh('a', 'x.com'), vh('b', 'y.com', '*.y.com')], 'w.y.com');
    expect(sel).toMatchObject({ index: 1, domain: '*.y.com', host: 'w.y.com' });
  });
});

describe('domain helpers', () => {
  it('classify domains the way Envoy does, a leading * winning over a trailing one', () => {
    expect(domainKind('*')).toBe('any');
    expect(domainKind('*.a.com')).toBe('suffix');
    expect(domainKind('*.a.*')).toBe('suffix');
    expect(domainKind('a.*')).toBe('prefix');
    expect(domainKind('a.com')).toBe('exact');
  });

  it('find the port of IPv4, name and bracketed IPv6 hosts only', () => {
    expect(portStart('a.com:80')).toBe(5);
    expect(portStart('a.com')).toBe(-1);
    expect(portStart('[::1]:8080')).toBe(5);
    expect(portStart('[::1]')).toBe(-1);
    expect(stripPort('[::1]:8080')).toBe('[::1]');
  });
});
