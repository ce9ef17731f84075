// Who may talk to the UI server: a per-run token (cookie or bearer), a loopback Host (DNS rebinding)
// and a same-origin Origin (CSRF). Pure functions over request headers, so they test without sockets.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** A fresh random token for one server run: 32 random bytes, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The cookie that carries the token; the port is in its name because cookies are shared across ports of one host. */
export function cookieName(port: number): string {
  return `xds-sandbox-${port}`;
}

/** The Set-Cookie value given after a page load with the right token: HttpOnly, SameSite=Strict, whole site. */
export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** Whether two secrets are equal, in time independent of where they differ. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The value of one cookie in a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The token a request carries in its cookie or its `Authorization: Bearer` header, or undefined. */
export function presentedToken(headers: IncomingHttpHeaders, port: number): string | undefined {
  const auth = headers.authorization;
  if (auth && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '').trim();
  return readCookie(headers.cookie, cookieName(port));
}

/** The Host header values a request may carry: loopback names on our port, plus the bound host name. */
export function allowedHosts(boundHost: string, port: number): Set<string> {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  if (boundHost && boundHost !== '0.0.0.0' && boundHost !== '::') hosts.add(`${boundHost.includes(':') ? `[${boundHost}]` : boundHost}:${port}`);
  return hosts;
}

/** Why a request is refused (status and a one-line reason), or undefined when its Host and Origin are acceptable. */
export function checkHostAndOrigin(headers: IncomingHttpHeaders, hosts: ReadonlySet<string>): { status: number; reason: string } | undefined {
  const host = (headers.host ?? '').toLowerCase();
  if (!hosts.has(host)) return { status: 403, reason: `Host "${headers.host ?? ''}" is not this server (DNS rebinding protection)` };
  const origin = headers.origin;
  if (origin !== undefined && origin.toLowerCase() !== `http://${host}`) {
    return { status: 403, reason: `Origin "${origin}" is not this server (cross-site requests are refused)` };
  }
  return undefined;
}

/** Whether a request carries the run's token. */
export function hasToken(headers: IncomingHttpHeaders, port: number, token: string): boolean {
  const given = presentedToken(headers, port);
  return given !== undefined && sameSecret(given, token);
}
