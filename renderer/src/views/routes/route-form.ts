// The route tester's form: parsing what the user typed into a RouteRequest, and reading the simulator's answer.
import type { RouteRequest } from '../../../../core/common/api/contract';
import type { RouteDecision } from '../../../../core/common/route/decision';

/** The form fields as typed. */
export interface RouteForm {
  readonly host: string;
  readonly method: string;
  readonly path: string;
  /** One `Name: value` per line. */
  readonly headers: string;
  readonly proxy: string;
}

/** An empty form for GET /. */
export const EMPTY_FORM: RouteForm = { host: '', method: 'GET', path: '/', headers: '', proxy: '' };

/** `Name: value` lines as a header map (names lower-cased; blank and malformed lines skipped). */
export function parseHeaderLines(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    if (name) headers[name] = line.slice(i + 1).trim();
  }
  return headers;
}

/** The request for a form: the path's query string moves into `query`; an empty host or proxy is left out. */
export function requestOfForm(form: RouteForm): RouteRequest {
  const raw = form.path.trim() || '/';
  const full = raw.startsWith('/') ? raw : `/${raw}`;
  const q = full.indexOf('?');
  const path = q >= 0 ? full.slice(0, q) : full;
  const query: Record<string, string> = {};
  if (q >= 0) new URLSearchParams(full.slice(q + 1)).forEach((v, k) => { query[k] = v; });
  const headers = parseHeaderLines(form.headers);
  return {
    path, method: form.method || 'GET',
    ...(form.host.trim() ? { host: form.host.trim() } : {}),
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(Object.keys(query).length ? { query } : {}),
    ...(form.proxy ? { proxy: form.proxy } : {}),
  };
}

/** The answer as a RouteDecision when it has that shape, else undefined (the raw JSON is shown then). */
export function asDecision(value: unknown): RouteDecision | undefined {
  const v = value as { matched?: unknown; proxy?: unknown } | null;
  return v && typeof v.matched === 'boolean' ? (value as RouteDecision) : undefined;
}
