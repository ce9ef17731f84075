// `POST /api/<method>`: one EngineApi call per request, arguments as a JSON array, result as `{"result": …}`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ENGINE_METHODS, type EngineApi } from '../../common/api/contract';
import { checkArguments, type EngineMethod } from './api-arguments';

/** Largest request body accepted (a whole YAML file fits easily). */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** The wire form of a failed call: what the shell rethrows. */
export interface ApiErrorBody {
  readonly error: { readonly name: string; readonly message: string; readonly code?: string };
}

const METHOD_NAMES: ReadonlySet<string> = new Set(ENGINE_METHODS);

/** The EngineApi method a URL path names, or undefined when it names none (`/api/listResources` → `listResources`). */
export function apiMethodOf(path: string): EngineMethod | undefined {
  const match = /^\/api\/([A-Za-z]+)$/.exec(path);
  const name = match?.[1];
  return name !== undefined && METHOD_NAMES.has(name) ? (name as EngineMethod) : undefined;
}

/**
 * HTTP status for an error the engine threw: store error codes map to 4xx, anything else is 500. A name too
 * long for the file system (ENAMETOOLONG) is the caller's input, so it is a 400 as well.
 */
export function statusOfError(err: unknown): number {
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'NotFound': return 404;
    case 'Conflict': case 'AlreadyExists': return 409;
    case 'Invalid': case 'ENAMETOOLONG': return 400;
    default: return 500;
  }
}

/** Handles one authenticated API request (the caller checked token, Host and Origin). */
export async function handleApiCall(req: IncomingMessage, res: ServerResponse, api: EngineApi, path: string): Promise<void> {
  const method = apiMethodOf(path);
  if (!method) return sendJson(res, 404, errorBody('NotFound', `no API method at ${path}`));
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return sendJson(res, 405, errorBody('MethodNotAllowed', 'API calls use POST'));
  }
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    return sendJson(res, 415, errorBody('UnsupportedMediaType', 'send the arguments as application/json'));
  }
  const body = await readJsonArray(req).catch((err: Error) => err);
  if (body instanceof Error) return sendJson(res, 400, errorBody('BadRequest', body.message));
  const checked = checkArguments(method, body);
  if ('problem' in checked) return sendJson(res, 400, { error: { name: 'InvalidArguments', message: checked.problem, code: 'Invalid' } });
  try {
    const call = api[method] as (...a: unknown[]) => Promise<unknown>;
    const result = await call.apply(api, checked.args);
    sendJson(res, 200, result === undefined ? {} : { result });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    const code = (err as { code?: unknown }).code;
    sendJson(res, statusOfError(err), { error: { name: e.name, message: e.message, ...(typeof code === 'string' ? { code } : {}) } });
  }
}

async function readJsonArray(req: IncomingMessage): Promise<unknown[]> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let value: unknown;
  try {
    value = text.trim() === '' ? [] : JSON.parse(text);
  } catch {
    throw new Error('request body is not valid JSON');
  }
  if (!Array.isArray(value)) throw new Error('request body must be a JSON array of arguments');
  return value;
}

function errorBody(name: string, message: string): ApiErrorBody {
  return { error: { name, message } };
}

/** Ends a response with a JSON body. */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length, 'Cache-Control': 'no-store' });
  res.end(body);
}
