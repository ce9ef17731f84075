// The xDS a serve last published, kept in its state folder (`served.json`), so the next serve of the same store can
// answer clients at once with it (marked stale) while its first pass reads and translates the config. Each resource
// is kept with its protobuf bytes too, so serving it again needs no encoding.
import { readFileSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { XDS_TYPES, type XdsResource, type XdsSnapshot, type XdsType } from '../../common/xds/xds-snapshot';

/** The file name inside the state folder. */
export const SERVED_FILE = 'served.json';
/** Bumped when the file's shape changes; a file of another format is ignored. */
const FORMAT = 2;

/** A resource as stored: its JSON and its encoding (base64). */
interface StoredResource extends XdsResource {
  readonly bytes: string;
}

/** The file's shape, as saveServedSnapshots writes it piece by piece. */
interface StoredSnapshot {
  node: string;
  version: string;
  resources: Record<XdsType, { version: string; items: StoredResource[] }>;
}

/** The protobuf bytes of a resource (the snapshot cache's encoder, which has them already). */
export type EncodeResource = (type: XdsType, resource: XdsResource) => Uint8Array;

interface StoredFile {
  format: number;
  snapshots: StoredSnapshot[];
}

/** How long one slice of the save may hold the event loop before it yields (delivery and passes go on in between). */
const SLICE_MS = 8;

/**
 * Writes the snapshots to `dir/served.json` a slice at a time, yielding to the event loop between slices so a large
 * config never holds up delivery, through a temporary file and a rename (a reader never sees half). Resolves false,
 * replacing nothing, when `superseded()` turns true midway (a newer publication will be saved instead).
 */
export async function saveServedSnapshots(dir: string, snapshots: ReadonlyMap<string, XdsSnapshot>, encode: EncodeResource, superseded: () => boolean = () => false): Promise<boolean> {
  const list = [...snapshots.values()];
  const file = join(dir, SERVED_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  const out = await open(tmp, 'w');
  let kept = false;
  try {
    const parts: string[] = [`{"format":${FORMAT},"snapshots":[`];
    let sliceStart = performance.now();
    const yieldIfDue = async (): Promise<boolean> => {
      if (performance.now() - sliceStart < SLICE_MS) return true;
      await out.write(parts.splice(0).join(''));
      await new Promise((r) => setImmediate(r));
      sliceStart = performance.now();
      return !superseded();
    };
    for (const [i, s] of list.entries()) {
      parts.push(`${i ? ',' : ''}{"node":${JSON.stringify(s.node)},"version":${JSON.stringify(s.version)},"resources":{`);
      for (const [k, t] of XDS_TYPES.entries()) {
        parts.push(`${k ? ',' : ''}${JSON.stringify(t)}:{"version":${JSON.stringify(s.resources[t].version)},"items":[`);
        let first = true;
        for (const r of s.resources[t].items.values()) {
          // The fields of a StoredResource, in its order; the JSON in pieces, so a large resource yields midway too.
          parts.push(`${first ? '' : ','}{"name":${JSON.stringify(r.name)},"version":${JSON.stringify(r.version)},"json":`);
          for (const piece of jsonPieces(r.json)) {
            parts.push(piece);
            if (!(await yieldIfDue())) return false;
          }
          parts.push(`,"bytes":"${Buffer.from(encode(t, r)).toString('base64')}"}`);
          first = false;
        }
        parts.push(']}');
      }
      parts.push('}}');
    }
    parts.push(']}');
    await out.write(parts.join(''));
    await out.close();
    await rename(tmp, file);
    kept = true;
    return true;
  } finally {
    if (!kept) {
      await out.close().catch(() => undefined);
      await rm(tmp, { force: true });
    }
  }
}

/** Arrays longer than this, at the top two levels of a resource's JSON, are written an element at a time. */
const SPLIT_LENGTH = 16;

/**
 * JSON.stringify(json) in pieces that concatenate to it: the object's fields one at a time, and a long array among them
 * (a route configuration's virtual hosts) an element at a time, so no single piece takes long to encode.
 */
export function* jsonPieces(json: Readonly<Record<string, unknown>>): Generator<string> {
  if (typeof json.toJSON === 'function') {
    yield JSON.stringify(json);
    return;
  }
  yield '{';
  let first = true;
  for (const [key, value] of Object.entries(json)) {
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue; // JSON.stringify leaves these out
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (!Array.isArray(value) || value.length <= SPLIT_LENGTH) {
      yield JSON.stringify(value);
      continue;
    }
    yield '[';
    for (const [i, item] of value.entries()) yield `${i ? ',' : ''}${JSON.stringify(item) ?? 'null'}`; // as JSON.stringify writes an array's undefined
    yield ']';
  }
  yield '}';
}

/** A loaded resource's encoding. */
export interface StoredEncoding {
  readonly type: XdsType;
  readonly resource: XdsResource;
  readonly bytes: Uint8Array;
}

/** What loading found: the snapshots by proxy key with every resource's encoding, none (no file), or why the file was not used. */
export type LoadedServed = { snapshots: Map<string, XdsSnapshot>; encodings: StoredEncoding[] } | { missing: true } | { error: string };

/** Reads `dir/served.json`; a missing file is `missing`, an unreadable or foreign one an `error` naming the file. */
export function loadServedSnapshots(dir: string): LoadedServed {
  const file = join(dir, SERVED_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { missing: true };
    return { error: `${file}: ${(err as Error).message}` };
  }
  try {
    const stored = JSON.parse(text) as StoredFile;
    if (stored.format !== FORMAT || !Array.isArray(stored.snapshots)) return { error: `${file}: not a served-snapshot file of format ${FORMAT}` };
    const snapshots = new Map<string, XdsSnapshot>();
    const encodings: StoredEncoding[] = [];
    for (const s of stored.snapshots) {
      const resources = Object.fromEntries(XDS_TYPES.map((t) => {
        const set = s.resources[t];
        const items = new Map<string, XdsResource>();
        for (const { bytes, ...resource } of set.items) {
          items.set(resource.name, resource);
          encodings.push({ type: t, resource, bytes: Buffer.from(bytes, 'base64') });
        }
        return [t, { version: set.version, items }];
      })) as unknown as XdsSnapshot['resources'];
      snapshots.set(s.node, { node: s.node, version: s.version, resources });
    }
    return { snapshots, encodings };
  } catch (err) {
    return { error: `${file}: ${(err as Error).message}` };
  }
}
