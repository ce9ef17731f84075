// Serves the built renderer on the privileged app:// scheme with the strict CSP (never file://, so the
// page has a real origin and IPC senders can be checked against it).
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { ELECTRON_CSP } from '../shared/security';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.ico': 'image/x-icon',
};

/** The file under root an app:// URL names, or undefined when the path leaves root. */
export function fileOfAppUrl(root: string, url: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0')) return undefined;
  const relative = path === '/' || path === '' ? 'index.html' : path.replace(/^\/+/, '');
  const full = normalize(join(root, relative));
  return full.startsWith(normalize(root.endsWith(sep) ? root : root + sep)) ? full : undefined;
}

/** A protocol.handle handler serving files of root with the CSP and no-sniff headers; 404 for anything else. */
export function createAppProtocolHandler(root: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const headers = { 'Content-Security-Policy': ELECTRON_CSP, 'X-Content-Type-Options': 'nosniff' };
    const file = request.method === 'GET' ? fileOfAppUrl(root, request.url) : undefined;
    const body = file ? await readFile(file).catch(() => undefined) : undefined;
    if (!file || !body) return new Response('Not found', { status: 404, headers });
    return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' } });
  };
}
