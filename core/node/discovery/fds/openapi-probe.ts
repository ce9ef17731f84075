// OpenAPI probing, after Gloo's swagger discovery (projects/discovery/pkg/fds/discoveries/swagger/swagger.go:
// detectUpstreamTypeOnce): GET each well-known path in order, the Upstream's own swaggerInfo.url first,
// until one answers 200 with an OpenAPI document. An HTML page, a 404, or a path that does not answer
// in time is "not found" there, never an error; a refused connection or a server that does not speak
// HTTP/1.1 ends the probe early, as does a hang (the other paths would hang too).
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { parseOpenApi, type RestFunction } from '../../../common/discovery/openapi';
import type { ProbeStepView } from '../../../common/discovery/discovery-view';

/** Gloo's default paths, with `/openapi.json` first. */
export const OPENAPI_PATHS = ['/openapi.json', '/swagger.json', '/swagger/docs/v1', '/swagger/docs/v2', '/v1/swagger', '/v2/swagger'] as const;

/** Largest document read (bigger answers are cut off as not found). */
const MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;

/** Where and how long to probe. */
export interface OpenApiProbeTarget {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  /** A document URL or path set on the Upstream (swaggerInfo.url), tried first. */
  readonly extraUrl?: string;
  readonly timeoutMs: number;
}

/** What the probe found. */
export interface OpenApiProbeResult {
  readonly found?: { readonly url: string; readonly version: string; readonly functions: readonly RestFunction[] };
  readonly steps: readonly ProbeStepView[];
  /** Why the probe stopped before the last path: `refused`, `hang` or `not-http`. */
  readonly stopped?: 'refused' | 'hang' | 'not-http';
  /** Whether the server answered an HTTP/1.1 request at all. */
  readonly http1: boolean;
}

type Fetched = { kind: 'answer'; status: number; type: string; body: string } | { kind: 'refused' | 'hang' | 'not-http' | 'closed'; message: string };

/** Probes the paths in order and stops at the first OpenAPI document. */
export async function probeOpenApi(t: OpenApiProbeTarget): Promise<OpenApiProbeResult> {
  const base = `${t.tls ? 'https' : 'http'}://${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;
  const urls = [...(t.extraUrl ? [new URL(t.extraUrl, base).toString()] : []), ...OPENAPI_PATHS.map((p) => base + p)];
  const steps: ProbeStepView[] = [];
  // One kept-alive connection for all the paths of one probe.
  const agent = t.tls ? new HttpsAgent({ keepAlive: true, maxSockets: 1, rejectUnauthorized: false }) : new HttpAgent({ keepAlive: true, maxSockets: 1 });
  try {
    return await probePaths([...new Set(urls)], base, t.timeoutMs, agent, steps);
  } finally {
    agent.destroy();
  }
}

async function probePaths(urls: readonly string[], base: string, timeoutMs: number, agent: HttpAgent, steps: ProbeStepView[]): Promise<OpenApiProbeResult> {
  let http1 = false;
  for (const url of urls) {
    const what = `GET ${url.startsWith(base) ? url.slice(base.length) : url}`;
    const got = await fetchText(url, timeoutMs, agent);
    if (got.kind !== 'answer') {
      steps.push({ what, outcome: got.message });
      if (got.kind !== 'closed') return { steps, stopped: got.kind, http1 };
      continue;
    }
    http1 = true;
    if (got.status !== 200) {
      steps.push({ what, outcome: `HTTP ${got.status}` });
      continue;
    }
    if (/html/i.test(got.type) || /^\s*</.test(got.body)) {
      steps.push({ what, outcome: 'an HTML page' });
      continue;
    }
    const doc = parseOpenApi(got.body);
    if (!doc.ok) {
      steps.push({ what, outcome: `not an OpenAPI document (${doc.reason})` });
      continue;
    }
    steps.push({ what, outcome: `OpenAPI ${doc.version}: ${doc.functions.length} operations` });
    return { found: { url, version: doc.version, functions: doc.functions }, steps, http1 };
  }
  return { steps, http1 };
}

function fetchText(url: string, timeoutMs: number, agent: HttpAgent): Promise<Fetched> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const done = (f: Fetched) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (f.kind !== 'answer') req.destroy(); // an answered request leaves its connection to the next path
      resolve(f);
    };
    const timer = setTimeout(() => done({ kind: 'hang', message: `timed out after ${seconds(timeoutMs)}` }), timeoutMs);
    const req = request(url, {
      agent, rejectUnauthorized: false,
      headers: { Accept: 'application/json, application/yaml;q=0.9, */*;q=0.1', 'X-Gloo-Discovery': 'Swagger-Discovery' },
    }, (res) => readBody(res, (body) => done({ kind: 'answer', status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }), (message) => done({ kind: 'closed', message })));
    req.on('error', (err: NodeJS.ErrnoException) => done(errorOf(err)));
    req.end();
  });
}

function readBody(res: IncomingMessage, ok: (body: string) => void, fail: (message: string) => void): void {
  if (res.statusCode !== 200) {
    res.resume();
    ok('');
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  res.on('data', (c: Buffer) => {
    size += c.length;
    if (size > MAX_DOCUMENT_BYTES) res.destroy(new Error(`the answer is larger than ${MAX_DOCUMENT_BYTES} bytes`));
    else chunks.push(c);
  });
  res.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
  res.on('error', (err) => fail(`the connection closed while reading: ${err.message}`));
}

function errorOf(err: NodeJS.ErrnoException): Fetched {
  if (err.code === 'ECONNREFUSED') return { kind: 'refused', message: 'connection refused' };
  if (err.code === 'HPE_INVALID_CONSTANT' || err.code?.startsWith('HPE_')) return { kind: 'not-http', message: 'the server does not speak HTTP/1.1' };
  if (err.code === 'ECONNRESET' || err.message === 'socket hang up') return { kind: 'closed', message: 'the connection closed without an answer' };
  return { kind: 'closed', message: err.message };
}

/** `2 s`, `0.5 s`. */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
