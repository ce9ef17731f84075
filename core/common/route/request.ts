// A simulated HTTP request and the header view Envoy's router sees for it (HTTP/2 pseudo-headers included).

/** A request to simulate. `path` may carry a query string; `query` entries are appended to it. */
export interface SimulatedRequest {
  /** The Host / :authority header, possibly with a port. Taken from `headers.host` when absent. */
  readonly host?: string;
  readonly path: string;
  /** Defaults to GET. */
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  /** Listener port; defaults to 8080. */
  readonly port?: number;
  /** Whether the client speaks TLS (SNI = host); defaults to true when the listener terminates TLS. */
  readonly tls?: boolean;
}

/** Listener port used when a request names none. */
export const DEFAULT_PORT = 8080;

/** The request as Envoy's route table sees it. */
export interface RequestView {
  /** :authority as sent (port kept). */
  readonly host: string;
  /** :path with the query string. */
  readonly pathWithQuery: string;
  /** :path without query string and fragment: what path matchers compare. */
  readonly path: string;
  /** First value of each query parameter, percent-decoded. */
  readonly query: ReadonlyMap<string, string>;
  /** Header values by lower-case name, pseudo-headers (:authority, :path, :method, :scheme) included. */
  readonly headers: ReadonlyMap<string, string>;
  readonly method: string;
  readonly scheme: 'http' | 'https';
  /** x-forwarded-proto as Envoy sets it (the connection's scheme unless the request carries one). */
  readonly forwardedProto: string;
}

/** Builds the router's view of a request; `tls` is whether the connection is TLS. */
export function requestView(req: SimulatedRequest, tls: boolean): RequestView {
  const given = new Map<string, string>();
  for (const [k, v] of Object.entries(req.headers ?? {})) given.set(k.toLowerCase(), String(v));
  const host = req.host ?? given.get(':authority') ?? given.get('host') ?? '';
  const pathWithQuery = withQuery(req.path, req.query);
  const path = pathOnly(pathWithQuery);
  const method = (req.method ?? given.get(':method') ?? 'GET').toUpperCase();
  const scheme = tls ? 'https' : 'http';
  const headers = new Map(given);
  headers.set(':authority', host);
  headers.set('host', host);
  headers.set(':path', pathWithQuery);
  headers.set(':method', method);
  headers.set(':scheme', scheme);
  const forwardedProto = given.get('x-forwarded-proto') ?? scheme;
  return { host, pathWithQuery, path, query: parseQuery(pathWithQuery), headers, method, scheme, forwardedProto };
}

/** The path with the query and fragment removed (Envoy's PathUtil::removeQueryAndFragment). */
export function pathOnly(pathWithQuery: string): string {
  const end = pathWithQuery.search(/[?#]/);
  return end < 0 ? pathWithQuery : pathWithQuery.slice(0, end);
}

function withQuery(path: string, query: Readonly<Record<string, string>> | undefined): string {
  const extra = Object.entries(query ?? {}).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  if (extra.length === 0) return path;
  const hash = path.indexOf('#');
  const base = hash < 0 ? path : path.slice(0, hash);
  const sep = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return base + sep + extra.join('&');
}

function parseQuery(pathWithQuery: string): Map<string, string> {
  const out = new Map<string, string>();
  const q = pathWithQuery.indexOf('?');
  if (q < 0) return out;
  const hash = pathWithQuery.indexOf('#', q);
  const text = pathWithQuery.slice(q + 1, hash < 0 ? undefined : hash);
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    if (!out.has(name)) out.set(name, eq < 0 ? '' : decode(part.slice(eq + 1)));
  }
  return out;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
