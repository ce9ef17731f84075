import { describe, expect, it } from 'vitest';
import { closestName, editDistance, unknownFieldMessage } from './did-you-mean';

describe('did you mean', () => {
  it('edit distance counts a swap of neighbours as one edit', () => {
    expect(editDistance('virtualHost', 'virtualHost')).toBe(0);
    expect(editDistance('virtualHoost', 'virtualHost')).toBe(1);
    expect(editDistance('vritualHost', 'virtualHost')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests a close sibling, ignoring case and underscores, and nothing far away', () => {
    const siblings = ['virtualHost', 'sslConfig', 'displayName'];
    expect(closestName('virtualHoost', siblings)).toBe('virtualHost');
    expect(closestName('virtual_host', siblings)).toBe('virtualHost');
    expect(closestName('SSLConfig', siblings)).toBe('sslConfig');
    expect(closestName('routes', siblings)).toBeUndefined();
    expect(closestName('prot', ['addr', 'port'])).toBe('port');
  });

  it('words the message as the loader reports it', () => {
    expect(unknownFieldMessage('virtualHoost', ['virtualHost'])).toBe('unknown field `virtualHoost`; did you mean `virtualHost`?');
    expect(unknownFieldMessage('zzz', ['virtualHost'])).toBe('unknown field `zzz`');
    expect(unknownFieldMessage('domains', ['virtualHost'], new Map([['virtualHost', ['domains', 'routes']]]))).toBe('unknown field `domains`; it belongs inside `virtualHost` (`virtualHost.domains`)');
  });
});
