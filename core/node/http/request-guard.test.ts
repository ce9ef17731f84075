import { describe, expect, it } from 'vitest';
import { allowedHosts, checkHostAndOrigin, cookieName, hasToken, newToken, readCookie, sameSecret, tokenCookie } from './request-guard';

describe('request guard', () => {
  it('makes 32-byte random tokens', () => {
    const a = newToken();
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(newToken()).not.toBe(a);
  });

  it('reads the token from the per-port cookie or a bearer header', () => {
    expect(readCookie('a=1; xds-sandbox-80=tok; b=2', cookieName(80))).toBe('tok');
    expect(readCookie('xds-sandbox-81=tok', cookieName(80))).toBeUndefined();
    expect(hasToken({ cookie: 'xds-sandbox-80=tok' }, 80, 'tok')).toBe(true);
    expect(hasToken({ authorization: 'Bearer tok' }, 80, 'tok')).toBe(true);
    expect(hasToken({ authorization: 'Basic tok' }, 80, 'tok')).toBe(false);
    expect(hasToken({}, 80, 'tok')).toBe(false);
    expect(sameSecret('tok', 'tok2')).toBe(false);
    expect(tokenCookie(80, 't')).toBe('xds-sandbox-80=t; HttpOnly; SameSite=Strict; Path=/');
  });

  it('accepts loopback Host headers on our port only, and same-origin Origins', () => {
    const hosts = allowedHosts('127.0.0.1', 4000);
    expect(checkHostAndOrigin({ host: '127.0.0.1:4000' }, hosts)).toBeUndefined();
    expect(checkHostAndOrigin({ host: 'localhost:4000', origin: 'http://localhost:4000' }, hosts)).toBeUndefined();
    expect(checkHostAndOrigin({ host: 'attacker.example:4000' }, hosts)?.status).toBe(403);
    expect(checkHostAndOrigin({ host: '127.0.0.1:4001' }, hosts)?.status).toBe(403);
    expect(checkHostAndOrigin({}, hosts)?.status).toBe(403);
    expect(checkHostAndOrigin({ host: '127.0.0.1:4000', origin: 'http://localhost:4000' }, hosts)?.status).toBe(403);
    expect(checkHostAndOrigin({ host: '127.0.0.1:4000', origin: 'null' }, hosts)?.status).toBe(403);
    expect(allowedHosts('::1', 5).has('[::1]:5')).toBe(true);
  });
});
