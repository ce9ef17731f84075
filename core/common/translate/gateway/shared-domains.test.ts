import { describe, expect, it } from 'vitest';
import { SharedDomains } from './shared-domains';
import { duplicateDomains, type ListenerMember } from './virtual-service-validator';

const member = (key: string, ...domainKeys: string[]): ListenerMember => ({ key, domainKeys });

describe('domain conflicts kept across passes', () => {
  it('finds a conflict an edit creates and forgets it when the edit is undone, as duplicateDomains does', () => {
    const domains = new SharedDomains();
    const a = member('VirtualService.ns.a', 'a.example.com');
    const b = member('VirtualService.ns.b', 'b.example.com');
    const passes = [[a, b], [a, member('VirtualService.ns.b', 'a.example.com')], [a, member('VirtualService.ns.b', 'b.example.com')], [a, b, member('VirtualService.ns.c', 'b.example.com')]];
    for (const members of passes) {
      expect(domains.of('listener', members)).toEqual(duplicateDomains(members));
      domains.endPass();
    }
  });

  it('reuses the answer when only members with the same domains changed', () => {
    const domains = new SharedDomains();
    const first = domains.of('listener', [member('VirtualService.ns.a', 'x'), member('VirtualService.ns.b', 'x')]);
    domains.endPass();
    expect(domains.of('listener', [member('VirtualService.ns.a', 'x'), member('VirtualService.ns.b', 'x')])).toBe(first);
  });
});
