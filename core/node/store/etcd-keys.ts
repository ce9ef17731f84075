// Where the etcd store keeps things under its prefix, and how a stored value becomes an object or a problem:
//   PREFIX/objects/KIND/NAMESPACE/NAME   an object as JSON ({kind, metadata, spec}); its mod revision is its resourceVersion
//                                        (gzip'd above 256 KiB: a generated Proxy of 1,000 VirtualServices is ~4 MB of JSON,
//                                        past etcd's default request limit of 1.5 MiB)
//   PREFIX/statuses/KIND/NAMESPACE/NAME  its status as JSON, apart, so writing one changes neither content nor version
//   PREFIX/election/LEASE                the leader election of the instances serving this store
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';
import { InvalidObjectError, type FileProblem } from '../../common/model/errors';
import { KIND_NAMES, type KindName } from '../../common/model/kinds';
import type { Resource, Status } from '../../common/model/resource';
import { deepFreeze, normalizeForWrite } from '../../common/store/store-backend';

/** What a key under the prefix holds. */
export interface ParsedKey {
  readonly section: 'objects' | 'statuses';
  readonly kind: KindName;
  readonly namespace: string;
  readonly name: string;
}

/** The key layout under one prefix. */
export class EtcdKeys {
  constructor(readonly prefix: string) {}

  /** The key of an object. */
  object(kind: KindName, namespace: string, name: string): string {
    return `${this.prefix}/objects/${kind}/${namespace}/${name}`;
  }

  /** The key of an object's status. */
  status(kind: KindName, namespace: string, name: string): string {
    return `${this.prefix}/statuses/${kind}/${namespace}/${name}`;
  }

  /** The prefix of the leader election's keys. */
  election(): string {
    return `${this.prefix}/election/`;
  }

  /** What a key holds; undefined for keys of nothing the store reads (the leader election's, unknown sections). */
  parse(key: string): ParsedKey | { readonly problem: string } | undefined {
    if (!key.startsWith(this.prefix + '/')) return undefined;
    const parts = key.slice(this.prefix.length + 1).split('/');
    const section = parts[0];
    if (section !== 'objects' && section !== 'statuses') return undefined;
    const [, kind, namespace, name] = parts;
    if (parts.length !== 4 || !namespace || !name) return { problem: `a key under ${this.prefix}/${section}/ must be ${section}/KIND/NAMESPACE/NAME` };
    if (!KIND_NAMES.includes(kind as KindName)) return { problem: `unknown kind "${kind}" in the key; known kinds: ${KIND_NAMES.join(', ')}` };
    return { section, kind: kind as KindName, namespace, name };
  }
}

/** Values larger than this are stored gzip'd. */
const COMPRESS_ABOVE_BYTES = 256 * 1024;

const gzipAsync = promisify(gzip);

/** The bytes a JSON text is stored as: itself, or gzip'd when large (on libuv's thread pool, not the event loop). */
export async function encodeValue(json: string): Promise<Buffer> {
  const raw = Buffer.from(json, 'utf8');
  return raw.length > COMPRESS_ABOVE_BYTES ? gzipAsync(raw) : raw;
}

/** The JSON text of a stored value (gzip'd values start with 0x1f 0x8b, which no JSON text does). */
export function valueText(value: Buffer): string {
  return value[0] === 0x1f && value[1] === 0x8b ? gunzipSync(value).toString('utf8') : value.toString('utf8');
}

/** A problem at a key: the key stands where a folder store names a file. */
export function keyProblem(key: string, message: string, path?: string, kind?: string): FileProblem {
  return { file: key, line: 1, column: 1, message, ...(path ? { path } : {}), ...(kind ? { kind } : {}) };
}

/**
 * The object a value holds, checked against its key and its kind's schema; a problem when it is not one. `checked`: the
 * value is one this process just wrote after checking it, so the schema is not checked again (a 4 MB Proxy takes long).
 */
export function decodeObject(key: string, at: ParsedKey, value: Buffer, modRevision: number, checked = false): Resource | FileProblem {
  let doc: Resource;
  try {
    doc = JSON.parse(valueText(value)) as Resource;
  } catch (err) {
    return keyProblem(key, `not JSON: ${(err as Error).message}; write objects through xds-sandbox (apply, sync) rather than etcdctl`, undefined, at.kind);
  }
  if (checked) return deepFreeze({ ...doc, metadata: { ...doc.metadata, resourceVersion: String(modRevision) } });
  try {
    const normalized = normalizeForWrite(at.kind, doc);
    const { namespace, name } = normalized.metadata;
    if (namespace !== at.namespace || name !== at.name) {
      return keyProblem(key, `the object is ${namespace}/${name} but its key says ${at.namespace}/${at.name}`, '/metadata', at.kind);
    }
    return deepFreeze({ ...normalized, metadata: { ...normalized.metadata, resourceVersion: String(modRevision) } });
  } catch (err) {
    if (err instanceof InvalidObjectError) return keyProblem(key, err.message, err.path, at.kind);
    throw err;
  }
}

/** The status a value holds; a problem when it is not a JSON object. */
export function decodeStatus(key: string, value: Buffer): Status | FileProblem {
  try {
    const status = JSON.parse(valueText(value)) as unknown;
    if (status && typeof status === 'object' && !Array.isArray(status)) return deepFreeze(status as Status);
    return keyProblem(key, 'a status must be a JSON object');
  } catch (err) {
    return keyProblem(key, `status is not JSON: ${(err as Error).message}`);
  }
}

/** Whether a decoded value is a problem rather than an object or status. */
export function isProblem(v: Resource | Status | FileProblem): v is FileProblem {
  return typeof (v as FileProblem).file === 'string' && typeof (v as FileProblem).line === 'number';
}
