// OpenAPI (Swagger 2.0 and OpenAPI 3.x) documents → REST functions, and the REST ServiceSpec Gloo's
// swagger discovery writes for them (projects/discovery/pkg/fds/discoveries/swagger/swagutil.go:
// createFunctionForOperation): one transformation per operation, whose `:method` and `:path` headers
// hold the operation's method and path template.
import { parse as parseYaml } from 'yaml';
import type { ServiceSpecJson as RestServiceSpecJson } from '../gen/gloo/api/v1/options/rest/rest_pb';

/** Where an operation parameter goes. */
export type ParameterPlace = 'path' | 'query' | 'header' | 'body' | 'formData' | 'cookie';

/** One operation of a REST service. */
export interface RestFunction {
  readonly name: string;
  readonly method: string;
  /** The path template, `{name}` for path parameters. */
  readonly path: string;
  readonly parameters: readonly { readonly name: string; readonly in: ParameterPlace }[];
}

/** A parsed document: its version and functions, or why it is not an OpenAPI document. */
export type OpenApiResult =
  | { readonly ok: true; readonly version: string; readonly functions: readonly RestFunction[] }
  | { readonly ok: false; readonly reason: string };

/** HTTP methods in the order Gloo creates functions for them. */
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

type Json = Record<string, unknown>;

/** Reads an OpenAPI v2 or v3 document from JSON or YAML text. */
export function parseOpenApi(text: string): OpenApiResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    try {
      doc = parseYaml(text, { maxAliasCount: 100 });
    } catch {
      return { ok: false, reason: 'neither JSON nor YAML' };
    }
  }
  if (!isObject(doc)) return { ok: false, reason: 'not an object' };
  const version = typeof doc.swagger === 'string' ? doc.swagger : typeof doc.openapi === 'string' ? doc.openapi : undefined;
  if (!version || !/^(2\.|3\.)/.test(version)) return { ok: false, reason: 'no `swagger: 2.0` or `openapi: 3.x` field' };
  if (!isObject(doc.paths)) return { ok: false, reason: 'no paths' };
  const base = version.startsWith('2.') ? stringOr(doc.basePath, '') : serverPath(doc.servers);
  const functions: RestFunction[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!isObject(item)) continue;
    const shared = parametersOf(item.parameters);
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const own = parametersOf(op.parameters);
      const names = new Set(own.map((p) => `${p.in}:${p.name}`));
      const parameters = [...shared.filter((p) => !names.has(`${p.in}:${p.name}`)), ...own];
      if (isObject(op.requestBody)) parameters.push({ name: 'body', in: 'body' });
      functions.push({ name: functionName(method, path, op.operationId), method: method.toUpperCase(), path: joinPath(base, path), parameters });
    }
  }
  return { ok: true, version, functions };
}

/** Gloo's function name: the operationId, else `<method><path with / as .>` (`get.pets.{id}`). */
function functionName(method: string, path: string, operationId: unknown): string {
  return typeof operationId === 'string' && operationId ? operationId : method + path.replace(/\//g, '.');
}

function parametersOf(list: unknown): { name: string; in: ParameterPlace }[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isObject).filter((p) => typeof p.name === 'string' && typeof p.in === 'string').map((p) => ({ name: p.name as string, in: p.in as ParameterPlace }));
}

/** The path part of the first server URL of a v3 document (`https://x/v1` → `/v1`). */
function serverPath(servers: unknown): string {
  const url = Array.isArray(servers) && isObject(servers[0]) ? stringOr(servers[0].url, '') : '';
  const path = url.replace(/^[a-z]+:\/\/[^/]*/i, '');
  return path === '/' ? '' : path;
}

function joinPath(base: string, path: string): string {
  return (base.replace(/\/$/, '') + (path.startsWith('/') ? path : `/${path}`)) || '/';
}

/** The REST ServiceSpec Gloo's swagger discovery writes: the document's URL and one transformation per function. */
export function restServiceSpec(url: string, functions: readonly RestFunction[]): RestServiceSpecJson {
  const transformations: NonNullable<RestServiceSpecJson['transformations']> = {};
  for (const f of functions) {
    const query = f.parameters.filter((p) => p.in === 'query').map((p) => `${p.name}={{ default(${p.name}, "") }}`);
    const headers: Record<string, { text: string }> = {
      ':method': { text: f.method },
      ':path': { text: jinjaPath(f.path) + (query.length ? `?${query.join('&')}` : '') },
    };
    for (const p of f.parameters) if (p.in === 'header') headers[p.name.toLowerCase()] = { text: `{{ default(${p.name}, "") }}` };
    if (f.method === 'GET' || f.method === 'HEAD') {
      Object.assign(headers, { 'content-type': { text: '' }, 'content-length': { text: '0' }, 'transfer-encoding': { text: '' } });
      transformations[f.name] = { headers, body: { text: '' } };
    } else {
      headers['content-type'] = { text: 'application/json' };
      transformations[f.name] = { headers, ...(['POST', 'PUT', 'PATCH'].includes(f.method) ? { passthrough: {} } : {}) };
    }
  }
  return { swaggerInfo: { url }, transformations };
}

/** `{id}` → Gloo's Inja template `{{ default(id, "") }}`. */
function jinjaPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, (_m, name: string) => `{{ default(${name}, "") }}`);
}

/** The functions a REST ServiceSpec holds, read back from its transformations' `:method` and `:path` headers, sorted by name. */
export function restFunctionsOf(spec: RestServiceSpecJson | undefined): RestFunction[] {
  const out: RestFunction[] = [];
  for (const [name, t] of Object.entries(spec?.transformations ?? {})) {
    const headers = t.headers ?? {};
    const method = headers[':method']?.text || 'GET';
    const [pathPart, queryPart] = (headers[':path']?.text ?? '/').split('?');
    const path = pathPart.replace(/\{\{\s*default\(\s*([^,\s)]+)\s*,[^}]*\}\}/g, '{$1}');
    const parameters: { name: string; in: ParameterPlace }[] = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => ({ name: m[1], in: 'path' }));
    for (const q of (queryPart ?? '').split('&').filter(Boolean)) parameters.push({ name: q.split('=')[0], in: 'query' });
    for (const [h, v] of Object.entries(headers)) if (!h.startsWith(':') && v.text?.includes('default(')) parameters.push({ name: h, in: 'header' });
    out.push({ name, method, path, parameters });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringOr(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v : fallback;
}
